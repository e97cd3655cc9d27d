// GET of one object and of collections: list with label/field selectors and limit/continue, as JSON,
// a Table or PartialObjectMetadata(List).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, gone } from '../errors.js';
import { buildFilter, type ObjectFilter } from '../filters.js';
import { ResourceVersionTooOldError } from '../storage/types.js';
import { decodeContinue, encodeContinue, limitOption, resourceVersionOption, validateListOptions, type ContinueToken } from './list-options.js';
import type { ResourceDef } from '../resources.js';
import { keyOf } from '../service.js';
import type { StoredObject } from '../storage/types.js';
import type { ApiContext } from './context.js';
import { includeObjectOf, listJson, metadataApiVersion, metadataJson, metadataListJson, objectAt, objectJson, responseShape, tableApiVersion } from './encode.js';
import { sendJson } from './respond.js';

export interface ResourceRequest {
  def: ResourceDef;
  version: string;
  namespace?: string;
  name?: string;
  query: URLSearchParams;
  req: IncomingMessage;
  res: ServerResponse;
}

export function handleGet(ctx: ApiContext, r: ResourceRequest): void {
  resourceVersionOption(r.query.get('resourceVersion'));
  const rec = ctx.service.get(r.def, r.namespace ?? '', r.name!);
  const shape = responseShape(r.req.headers.accept);
  if (shape === 'table') {
    sendJson(r.res, 200, renderTable(ctx, r, [rec], { resourceVersion: rec.obj.metadata?.resourceVersion }));
    return;
  }
  if (shape === 'metadata') return sendJson(r.res, 200, metadataJson(rec, metadataApiVersion(r.req.headers.accept)));
  sendJson(r.res, 200, objectJson(rec, r.def, r.version));
}

/** Index of the first record whose key (`<ns>/<name>`, or `<name>` cluster-scoped) is at or after `start`. */
function startAt(items: StoredObject[], start: string, namespaced: boolean): number {
  const slash = namespaced ? start.indexOf('/') : -1;
  const ns = slash < 0 ? '' : start.slice(0, slash);
  const name = start.slice(slash + 1);
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const m = items[mid]!.obj.metadata!;
    const mns = namespaced ? m.namespace ?? '' : '';
    if (mns < ns || (mns === ns && m.name! < name)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function keyOfRecord(rec: StoredObject, namespaced: boolean): string {
  const m = rec.obj.metadata!;
  return namespaced ? `${m.namespace ?? ''}/${m.name}` : m.name!;
}

const INCONSISTENT_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, ' +
  'or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an ' +
  'inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/**
 * The objects a list reads: the current ones, or those at an exact past resourceVersion (an `Exact` match,
 * or a continue token's snapshot) rebuilt from the event window — 410 once that version left it.
 */
function listedObjects(ctx: ApiContext, r: ResourceRequest, cont: ContinueToken | undefined): { all: StoredObject[]; rv: number } {
  const key = keyOf(r.def);
  const ns = r.def.namespaced ? r.namespace : undefined;
  const current = ctx.storage.currentRv;
  const exact = r.query.get('resourceVersionMatch') === 'Exact' ? resourceVersionOption(r.query.get('resourceVersion')) : undefined;
  const at = cont && cont.rv > 0 ? cont.rv : exact;
  if (at === undefined || at >= current) {
    if (exact !== undefined && exact > current) throw new ApiError(500, '', 'etcdserver: mvcc: required revision is a future revision');
    return { all: ctx.storage.list(key, ns), rv: current };
  }
  try {
    return { all: ctx.storage.listAt(key, at, ns), rv: at };
  } catch (err) {
    if (!(err instanceof ResourceVersionTooOldError)) throw err;
    if (!cont) throw gone('The resourceVersion for the provided list is too old.');
    const e = gone(INCONSISTENT_CONTINUE);
    e.listMeta = { continue: encodeContinue({ rv: -1, start: cont.start }) };
    throw e;
  }
}

export function handleList(ctx: ApiContext, r: ResourceRequest): void {
  validateListOptions(r.query, false);
  const filter = buildFilter(r.def, r.query.get('labelSelector'), r.query.get('fieldSelector'));
  resourceVersionOption(r.query.get('resourceVersion'));
  const limit = limitOption(r.query.get('limit'));
  const token = r.query.get('continue');
  const cont = token ? decodeContinue(token) : undefined;
  const { all, rv } = listedObjects(ctx, r, cont);
  const start = cont ? startAt(all, cont.start, r.def.namespaced) : 0;
  const { items, next } = page(all, start, filter, limit);
  const meta: Record<string, unknown> = { resourceVersion: String(rv) };
  if (next !== undefined) {
    meta.continue = encodeContinue({ rv, start: `${keyOfRecord(items[items.length - 1]!, r.def.namespaced)}\u0000` });
    if (!filter) meta.remainingItemCount = all.length - next;
  }
  const shape = responseShape(r.req.headers.accept);
  if (shape === 'table') {
    sendJson(r.res, 200, renderTable(ctx, r, items, meta));
    return;
  }
  if (shape === 'metadata') return sendJson(r.res, 200, metadataListJson(metadataApiVersion(r.req.headers.accept), items, meta));
  sendJson(r.res, 200, listJson(r.def, r.version, items, meta));
}

function page(all: StoredObject[], start: number, filter: ObjectFilter | undefined, limit: number): { items: StoredObject[]; next?: number } {
  if (!filter && !limit) return { items: start === 0 ? all : all.slice(start) };
  const items: StoredObject[] = [];
  for (let i = start; i < all.length; i++) {
    const rec = all[i]!;
    if (filter && !filter(rec.obj)) continue;
    if (limit && items.length === limit) return { items, next: i };
    items.push(rec);
  }
  return { items };
}

export function renderTable(ctx: ApiContext, r: ResourceRequest, recs: StoredObject[], listMeta: Record<string, unknown>, withColumns = true): Record<string, unknown> {
  const table = ctx.pure.renderTable({
    kind: r.def.kind,
    group: r.def.group,
    version: r.version,
    plural: r.def.plural,
    objects: recs.map((rec) => objectAt(rec.obj, r.def, r.version)),
    includeObject: includeObjectOf(r.query.get('includeObject')),
    nowMs: ctx.clock.now(),
    printerColumns: r.def.crd ? r.def.crd.versions.get(r.version)?.printerColumns ?? [] : undefined,
    listMeta,
  });
  table.apiVersion = tableApiVersion(r.req.headers.accept);
  table.metadata = { ...((table.metadata as object | undefined) ?? {}), ...listMeta };
  if (!withColumns) table.columnDefinitions = [];
  return table;
}
