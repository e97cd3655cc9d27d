// GET of one object and of collections: list with label/field selectors and limit/continue, as JSON,
// a Table or PartialObjectMetadata(List).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest, gone } from '../errors.js';
import { buildFilter, type ObjectFilter } from '../filters.js';
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
  const rec = ctx.service.get(r.def, r.namespace ?? '', r.name!);
  const shape = responseShape(r.req.headers.accept);
  if (shape === 'table') {
    sendJson(r.res, 200, renderTable(ctx, r, [rec], { resourceVersion: rec.obj.metadata?.resourceVersion }));
    return;
  }
  if (shape === 'metadata') return sendJson(r.res, 200, metadataJson(rec, metadataApiVersion(r.req.headers.accept)));
  sendJson(r.res, 200, objectJson(rec, r.def, r.version));
}

interface ContinueToken {
  rv: number;
  ns: string;
  name: string;
}

function decodeContinue(token: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ContinueToken;
    if (typeof t.rv === 'number' && typeof t.ns === 'string' && typeof t.name === 'string') return t;
  } catch {
    /* fall through */
  }
  throw badRequest('continue key is not valid: illegal base64 data or malformed token');
}

function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify(t)).toString('base64url');
}

/** Index of the first record after (ns, name) in a list sorted by namespace then name. */
function startAfter(items: StoredObject[], ns: string, name: string): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const m = items[mid]!.obj.metadata!;
    const mns = m.namespace ?? '';
    const before = mns < ns || (mns === ns && m.name! <= name);
    if (before) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function handleList(ctx: ApiContext, r: ResourceRequest): void {
  const filter = buildFilter(r.query.get('labelSelector'), r.query.get('fieldSelector'));
  const limitText = r.query.get('limit');
  const limit = limitText ? Number(limitText) : 0;
  if (!Number.isInteger(limit) || limit < 0) throw badRequest(`invalid limit: ${limitText}`);
  const token = r.query.get('continue');
  const cont = token ? decodeContinue(token) : undefined;
  if (cont && cont.rv < 0) throw gone('The provided continue parameter is too old');
  const rv = cont?.rv ?? ctx.storage.currentRv;
  const all = ctx.storage.list(keyOf(r.def), r.def.namespaced ? r.namespace : undefined);
  const start = cont ? startAfter(all, cont.ns, cont.name) : 0;
  const { items, next } = page(all, start, filter, limit);
  const meta: Record<string, unknown> = { resourceVersion: String(rv) };
  if (next !== undefined) {
    const last = items[items.length - 1]!.obj.metadata!;
    meta.continue = encodeContinue({ rv, ns: last.namespace ?? '', name: last.name! });
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
