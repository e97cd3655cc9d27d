// Watch streams: newline-delimited JSON events, from a resourceVersion (history replay, or 410 Expired as
// an ERROR event) or from "now" with the current state as ADDED; selector transitions become ADDED/DELETED;
// bookmarks; timeoutSeconds; objects whole, as Table rows or as PartialObjectMetadata. Output is batched per
// tick and each event's bytes are shared by all watchers.
import { ApiError, badRequest } from '../errors.js';
import { resourceVersionOption, validateListOptions } from './list-options.js';
import { requestInfoOf } from '../faults/http.js';
import { buildFilter } from '../filters.js';
import { apiVersionOf, storageVersion } from '../resources.js';
import { keyOf } from '../service.js';
import { ResourceVersionTooOldError, type StoreEvent, type StoredObject, type WatchEventType } from '../storage/types.js';
import type { ApiContext } from './context.js';
import { metadataApiVersion, metadataJson, objectJson, responseShape } from './encode.js';
import { renderTable, type ResourceRequest } from './read.js';

/**
 * The encoded line of the event being fanned out, per encoding (whole object, or PartialObjectMetadata in a
 * meta.k8s.io version). Delivery to watchers is synchronous, so a one-slot cache per encoding lets every
 * watcher share one string without keeping lines alive after the event.
 */
const lastLines = new Map<string, { rec: StoredObject; type: WatchEventType; line: string }>();

function sharedLine(type: WatchEventType, rec: StoredObject, metadataVersion?: string): string {
  const encoding = metadataVersion ?? '';
  const last = lastLines.get(encoding);
  if (last && last.rec === rec && last.type === type) return last.line;
  const object = metadataVersion ? metadataJson(rec, metadataVersion) : rec.json;
  const line = `{"type":"${type}","object":${object}}\n`;
  lastLines.set(encoding, { rec, type, line });
  return line;
}

export function handleWatch(ctx: ApiContext, r: ResourceRequest): void {
  validateListOptions(r.query, true);
  const filter = buildFilter(r.def, r.query.get('labelSelector'), r.query.get('fieldSelector'));
  const ns = r.def.namespaced ? r.namespace : undefined;
  const name = r.name;
  const rv = resourceVersionOption(r.query.get('resourceVersion'));
  const timeoutText = r.query.get('timeoutSeconds');
  const timeoutSeconds = timeoutText ? Number(timeoutText) : ctx.tuning.watchTimeoutSeconds;
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds < 0) throw badRequest(`invalid timeoutSeconds: ${timeoutText}`);
  const bookmarks = r.query.get('allowWatchBookmarks') === 'true' || r.query.get('allowWatchBookmarks') === '1';
  const shape = responseShape(r.req.headers.accept);
  const table = shape === 'table';
  const metaVersion = shape === 'metadata' ? metadataApiVersion(r.req.headers.accept) : undefined;
  const fastPath = shape === 'object' && r.version === storageVersion(r.def);
  const res = r.res;
  const faults = ctx.faults?.active ? ctx.faults : undefined;
  const faultInfo = faults ? requestInfoOf(r.req, r.req.url ?? '') : undefined;

  const matches = (rec: StoredObject): boolean => {
    const m = rec.obj.metadata!;
    if (ns !== undefined && (m.namespace ?? '') !== ns) return false;
    if (name !== undefined && m.name !== name) return false;
    return !filter || filter(rec.obj);
  };

  let buffer: string[] = [];
  let scheduled = false;
  let closed = false;
  let firstTable = true;

  const encode = (type: WatchEventType, rec: StoredObject): string => {
    if (fastPath) return sharedLine(type, rec);
    if (metaVersion) return sharedLine(type, rec, metaVersion);
    if (table) {
      const t = renderTable(ctx, r, [rec], { resourceVersion: rec.obj.metadata?.resourceVersion }, firstTable);
      firstTable = false;
      return `{"type":"${type}","object":${JSON.stringify(t)}}\n`;
    }
    return `{"type":"${type}","object":${objectJson(rec, r.def, r.version)}}\n`;
  };

  const send = (text: string): void => {
    if (closed && !closing) return;
    if (res.destroyed) return close();
    if (faults?.shouldCutWatch(faultInfo!)) return cut(text);
    res.write(text);
    if (res.writableLength > ctx.tuning.maxWatchBufferBytes) close();
  };

  // With a write-ahead log, watchers see a change only once it is on disk (as etcd's watchers see only
  // committed revisions): a client never acts on a change a crash could take back. Order is kept by
  // chaining each flush's lines behind the previous flush's sync.
  const durability = ctx.durability;
  let durableChain: Promise<void> = Promise.resolve();
  let closing = false;
  const flush = (): void => {
    scheduled = false;
    if (closed || buffer.length === 0) return;
    const text = buffer.length === 1 ? buffer[0]! : buffer.join('');
    buffer = [];
    if (!durability) return send(text);
    durableChain = durableChain.then(() => durability.sync()).then(() => send(text), () => close());
  };

  const push = (line: string): void => {
    if (closed) return;
    buffer.push(line);
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };

  const onEvent = (ev: StoreEvent): void => {
    const now = matches(ev.rec);
    if (ev.type === 'ADDED') {
      if (now) push(encode('ADDED', ev.rec));
    } else if (ev.type === 'DELETED') {
      if (matches(ev.prev ?? ev.rec)) push(encode('DELETED', ev.rec));
    } else {
      const before = ev.prev ? matches(ev.prev) : now;
      if (now && before) push(encode('MODIFIED', ev.rec));
      else if (now) push(encode('ADDED', ev.rec));
      else if (before) push(encode('DELETED', ev.rec));
    }
  };

  res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  res.flushHeaders();

  let storeWatch: { cancel(): void } | undefined;
  const timers: NodeJS.Timeout[] = [];
  const handle = { close };
  function close(): void {
    if (closed) return;
    storeWatch?.cancel();
    for (const t of timers) clearTimeout(t);
    timers.length = 0;
    ctx.watches.delete(handle);
    if (durability) {
      // Lines still waiting for the log go out first, then the stream ends.
      closing = true;
      if (res.writable && !res.destroyed) flush();
      closed = true;
      void durableChain.then(() => {
        closing = false;
        res.end();
      });
      return;
    }
    if (res.writable && !res.destroyed) flush();
    closed = true;
    res.end();
  }
  /** Injected fault: half of the first event line goes out, then the connection is destroyed. */
  function cut(text: string): void {
    closed = true;
    storeWatch?.cancel();
    for (const t of timers) clearTimeout(t);
    timers.length = 0;
    ctx.watches.delete(handle);
    const firstLine = text.indexOf('\n');
    const partial = text.slice(0, Math.max(1, Math.floor((firstLine < 0 ? text.length : firstLine) / 2)));
    res.write(partial, () => res.destroy());
  }
  ctx.watches.add(handle);
  r.req.on('close', close);
  res.on('close', close);
  res.on('error', close);

  const key = keyOf(r.def);
  try {
    if (rv === undefined || rv === 0) {
      const from = ctx.storage.currentRv;
      const initial = name !== undefined
        ? [ctx.storage.get(key, ns ?? '', name)].filter((x): x is StoredObject => x !== undefined)
        : ctx.storage.list(key, ns);
      for (const rec of initial) if (matches(rec)) push(encode('ADDED', rec));
      storeWatch = ctx.storage.watch(key, from, onEvent);
    } else {
      if (faults?.shouldExpireWatch(faultInfo!)) throw new ResourceVersionTooOldError(rv, ctx.storage.currentRv);
      storeWatch = ctx.storage.watch(key, rv, onEvent);
    }
  } catch (err) {
    if (err instanceof ResourceVersionTooOldError) {
      const status = new ApiError(410, 'Expired', `too old resource version: ${err.requested} (${err.oldest})`).toStatus();
      push(`{"type":"ERROR","object":${JSON.stringify(status)}}\n`);
      setImmediate(close);
      return;
    }
    throw err;
  }

  if (timeoutSeconds > 0) timers.push(setTimeout(close, timeoutSeconds * 1000));
  if (bookmarks) {
    const bookmarkLine = (): string =>
      `{"type":"BOOKMARK","object":${JSON.stringify({
        kind: metaVersion ? 'PartialObjectMetadata' : r.def.kind,
        apiVersion: metaVersion ?? apiVersionOf(r.def.group, r.version),
        metadata: { resourceVersion: String(ctx.storage.currentRv) },
      })}}\n`;
    const interval = setInterval(() => push(bookmarkLine()), ctx.tuning.bookmarkIntervalMs);
    timers.push(interval);
  }
}
