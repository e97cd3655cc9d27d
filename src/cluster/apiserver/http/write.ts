// Writes: create (POST), update (PUT), patch (PATCH), delete and deletecollection, on the main resource
// and the status, scale and binding subresources. Bodies arrive already read (size-limited) as text.
import type { KubeObject } from '../../../api/objects.js';
import { badRequest, methodNotAllowed, unsupportedMediaType } from '../errors.js';
import { buildFilter } from '../filters.js';
import { applyPatch, patchTypeOf } from '../patches.js';
import { apiVersionOf } from '../resources.js';
import { keyOf, type DeleteOptions } from '../service.js';
import { bindPod, scaleOf, writeScale } from '../subresources.js';
import type { ApiContext } from './context.js';
import { checkJsonDepth } from './json-depth.js';
import { listJson, objectJson } from './encode.js';
import type { ResourceRequest } from './read.js';
import { sendJson } from './respond.js';

export function parseJsonBody(text: string, contentType: string | undefined): unknown {
  const base = (contentType ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  if (base !== 'application/json' && base !== '' && base !== '*/*') throw unsupportedMediaType(base);
  if (text.trim() === '') throw badRequest('the body of the request was empty');
  checkJsonDepth(text);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badRequest(`the body of the request could not be decoded as JSON: ${(err as Error).message}`);
  }
}

function dryRunOf(r: ResourceRequest): boolean {
  const v = r.query.getAll('dryRun');
  if (v.some((x) => x !== 'All')) throw badRequest(`unsupported dryRun value: ${v.join(',')}`);
  return v.length > 0;
}

/** Sends collected warnings as `Warning: 299 - "<text>"` headers (kubectl prints them). */
function sendWarnings(r: ResourceRequest, warnings: string[]): void {
  if (warnings.length) r.res.setHeader('Warning', warnings.map((w) => `299 - ${JSON.stringify(w)}`));
}

function fieldValidationOf(r: ResourceRequest): string | undefined {
  const v = r.query.get('fieldValidation');
  if (v !== null && v !== 'Strict' && v !== 'Warn' && v !== 'Ignore') throw badRequest(`fieldValidation must be one of Ignore, Warn or Strict (got ${JSON.stringify(v)})`);
  return v ?? undefined;
}

export function handleCreate(ctx: ApiContext, r: ResourceRequest, body: string): void {
  const obj = parseJsonBody(body, r.req.headers['content-type']) as KubeObject;
  const warnings: string[] = [];
  const rec = ctx.service.create(r.def, r.namespace ?? '', obj, { version: r.version, dryRun: dryRunOf(r), fieldValidation: fieldValidationOf(r), warnings });
  sendWarnings(r, warnings);
  sendJson(r.res, 201, objectJson(rec, r.def, r.version));
}

export function handleBinding(ctx: ApiContext, r: ResourceRequest, body: string): void {
  const binding = parseJsonBody(body, r.req.headers['content-type']) as KubeObject;
  bindPod(ctx.service, r.def, r.namespace ?? '', r.name!, binding, ctx.clock.now());
  sendJson(r.res, 201, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
}

export function handleUpdate(ctx: ApiContext, r: ResourceRequest, subresource: string | undefined, body: string): void {
  const obj = parseJsonBody(body, r.req.headers['content-type']) as KubeObject;
  const ns = r.namespace ?? '';
  if (subresource === 'scale') {
    writeScale(ctx.service, r.def, ns, r.name!, obj, dryRunOf(r));
    sendJson(r.res, 200, scaleOf(r.def, ctx.service.get(r.def, ns, r.name!)));
    return;
  }
  const warnings: string[] = [];
  const rec = ctx.service.update(r.def, ns, r.name!, obj, {
    version: r.version, dryRun: dryRunOf(r), subresource: subresource === 'status' ? 'status' : undefined, fieldValidation: fieldValidationOf(r), warnings,
  });
  sendWarnings(r, warnings);
  sendJson(r.res, 200, objectJson(rec, r.def, r.version));
}

export function handlePatch(ctx: ApiContext, r: ResourceRequest, subresource: string | undefined, body: string): void {
  const type = patchTypeOf(r.req.headers['content-type'] ?? '', r.def.crd !== undefined && subresource !== 'scale');
  const ns = r.namespace ?? '';
  const dryRun = dryRunOf(r);
  if (subresource === 'scale') {
    const current = scaleOf(r.def, ctx.service.get(r.def, ns, r.name!));
    const patched = applyPatch(type, current, body, { group: 'autoscaling', version: 'v1', kind: 'Scale', strategicMergePatch: ctx.pure.strategicMergePatch });
    writeScale(ctx.service, r.def, ns, r.name!, patched, dryRun);
    sendJson(r.res, 200, scaleOf(r.def, ctx.service.get(r.def, ns, r.name!)));
    return;
  }
  const patchCtx = { group: r.def.group, version: r.version, kind: r.def.kind, strategicMergePatch: ctx.pure.strategicMergePatch };
  const warnings: string[] = [];
  const opts = { version: r.version, dryRun, subresource: subresource === 'status' ? ('status' as const) : undefined, fieldValidation: fieldValidationOf(r), warnings };
  const rec = ctx.service.modify(r.def, ns, r.name!, opts, (obj) => {
    obj.apiVersion = apiVersionOf(r.def.group, r.version);
    const patched = applyPatch(type, obj, body, patchCtx);
    if (patched === null || typeof patched !== 'object' || Array.isArray(patched)) throw badRequest('the patch produced a value that is not an object');
    return patched;
  });
  sendWarnings(r, warnings);
  sendJson(r.res, 200, objectJson(rec, r.def, r.version));
}

function deleteOptionsOf(r: ResourceRequest, body: string): DeleteOptions {
  let opts: DeleteOptions = {};
  if (body.trim() !== '') opts = parseJsonBody(body, r.req.headers['content-type']) as DeleteOptions;
  const grace = r.query.get('gracePeriodSeconds');
  if (grace !== null) opts.gracePeriodSeconds = Number(grace);
  const policy = r.query.get('propagationPolicy');
  if (policy !== null) opts.propagationPolicy = policy;
  const orphan = r.query.get('orphanDependents');
  if (orphan !== null) opts.orphanDependents = orphan === 'true';
  if (opts.gracePeriodSeconds !== undefined && (!Number.isInteger(opts.gracePeriodSeconds) || opts.gracePeriodSeconds < 0)) {
    throw badRequest(`invalid gracePeriodSeconds: ${opts.gracePeriodSeconds}`);
  }
  return opts;
}

export function handleDelete(ctx: ApiContext, r: ResourceRequest, body: string): void {
  const result = ctx.service.delete(r.def, r.namespace ?? '', r.name!, deleteOptionsOf(r, body), dryRunOf(r));
  sendJson(r.res, result.removed ? 200 : 202, objectJson(result.rec, r.def, r.version));
}

export function handleDeleteCollection(ctx: ApiContext, r: ResourceRequest, body: string): void {
  const opts = deleteOptionsOf(r, body);
  const dryRun = dryRunOf(r);
  const filter = buildFilter(r.query.get('labelSelector'), r.query.get('fieldSelector'));
  const items = ctx.storage.list(keyOf(r.def), r.def.namespaced ? r.namespace : undefined).filter((rec) => !filter || filter(rec.obj));
  const deleted = items.map((rec) => ctx.service.delete(r.def, rec.obj.metadata?.namespace ?? '', rec.obj.metadata!.name!, { ...opts }, dryRun).rec);
  sendJson(r.res, 200, listJson(r.def, r.version, deleted, { resourceVersion: String(ctx.storage.currentRv) }));
}

export function rejectMethod(method: string, r: ResourceRequest): never {
  throw methodNotAllowed(method, `${r.def.plural}${r.name ? `/${r.name}` : ''}`);
}

