// Writes: create (POST), update (PUT), patch (PATCH), delete and deletecollection, on the main resource
// and the status, scale and binding subresources. Bodies arrive already read (size-limited) as text.
// A write that registered admission webhooks apply to is answered asynchronously (webhooks/writes.ts);
// every other write is handled and answered synchronously, as before webhooks existed.
import type { KubeObject } from '../../../api/objects.js';
import { checkWriteOptions, writerContext } from '../apply/index.js';
import { handleApplyPatch, isApplyPatch } from '../apply/http.js';
import { badRequest, methodNotAllowed } from '../errors.js';
import { buildFilter } from '../filters.js';
import { applyPatch, patchTypeOf } from '../patches.js';
import { apiVersionOf } from '../resources.js';
import { keyOf, type DeleteOptions, type DeleteResult } from '../service.js';
import type { StoredObject } from '../storage/types.js';
import { decodeDuplicateFields } from '../openapi/duplicate-fields.js';
import { decodePatchedBuiltin } from '../openapi/patched-fields.js';
import { bindPod, scaleOf, writeScale } from '../subresources.js';
import type { OperationOptions } from '../webhooks/writes.js';
import type { ApiContext } from './context.js';
import { decodeObjectBody } from './decode.js';
import { dryRunOption, fieldValidationOption, type OptionsKind } from './list-options.js';
import { deleteAnswer, validateDeleteOptions } from './delete-answer.js';
import { listJson, objectAt, objectJson } from './encode.js';
import type { ResourceRequest } from './read.js';
import { sendJson } from './respond.js';

/** A create/update body as kube-apiserver decodes it for the request's kind (decode.ts). */
function objectBody(r: ResourceRequest, text: string): KubeObject {
  return decodeObjectBody(text, r.req.headers['content-type'], r.def) as KubeObject;
}

/** A body that is not an object of the resource's kind (Binding, Scale, DeleteOptions). */
export function parseJsonBody(text: string, contentType: string | undefined, kind = 'Object'): unknown {
  return decodeObjectBody(text, contentType, { kind, crd: undefined });
}

export function dryRunOf(r: ResourceRequest, kind: OptionsKind): boolean {
  return dryRunOption(r.query, kind);
}

/** Sends collected warnings as `Warning: 299 - "<text>"` headers (kubectl prints them), each text once. */
export function sendWarnings(r: ResourceRequest, warnings: string[]): void {
  if (warnings.length) r.res.setHeader('Warning', [...new Set(warnings)].map((w) => `299 - ${JSON.stringify(w)}`));
}

/** A built-in kind's body with duplicate fields decoded as kube-apiserver does (400 under Strict, warnings under Warn). */
function withoutDuplicates(r: ResourceRequest, text: string, parsed: KubeObject, opts: { version: string; fieldValidation?: string; warnings: string[] }): KubeObject {
  if (r.def.crd) return parsed;
  return decodeDuplicateFields({ group: r.def.group, version: opts.version, kind: r.def.kind, text, parsed, fieldValidation: opts.fieldValidation, warnings: opts.warnings }) as KubeObject;
}

/** Runs a synchronous write; its warnings go out with its error too (as kube-apiserver sends them). */
function warnOnError<T>(r: ResourceRequest, warnings: string[], write: () => T): T {
  try {
    return write();
  } catch (err) {
    sendWarnings(r, warnings);
    throw err;
  }
}

/** Answers a write admitted by webhooks: the object, or the error (warnings go out either way). */
export function answerLater(r: ResourceRequest, warnings: string[], code: number, write: Promise<StoredObject>): Promise<void> {
  return write.then(
    (rec) => {
      sendWarnings(r, warnings);
      sendJson(r.res, code, objectJson(rec, r.def, r.version));
    },
    (err: unknown) => {
      sendWarnings(r, warnings);
      throw err;
    },
  );
}

/** The CreateOptions or UpdateOptions (meta.k8s.io/v1) a webhook sees in `request.options`. */
export function operationOptions(r: ResourceRequest, kind: 'CreateOptions' | 'UpdateOptions'): OperationOptions {
  const out: OperationOptions = { kind, apiVersion: 'meta.k8s.io/v1' };
  const dryRun = r.query.getAll('dryRun');
  if (dryRun.length) out.dryRun = dryRun;
  const fieldManager = r.query.get('fieldManager');
  if (fieldManager) out.fieldManager = fieldManager;
  const fieldValidation = r.query.get('fieldValidation');
  if (fieldValidation) out.fieldValidation = fieldValidation;
  return out;
}

/** The fieldValidation query parameter; another value is a 422 on the options kind, as kube-apiserver answers. */
export function fieldValidationOf(r: ResourceRequest, kind: OptionsKind): string | undefined {
  return fieldValidationOption(r.query, kind);
}

export function handleCreate(ctx: ApiContext, r: ResourceRequest, body: string): void | Promise<void> {
  const warnings: string[] = [];
  const dryRun = dryRunOf(r, 'CreateOptions');
  const fieldValidation = fieldValidationOf(r, 'CreateOptions');
  checkWriteOptions('CreateOptions', r.query.get('fieldManager'));
  const parsed = objectBody(r, body);
  const fieldManager = { ...writerContext(r.def, r.version, r.query, r.req.headers['user-agent']), requested: parsed?.metadata?.managedFields };
  const opts = { version: r.version, dryRun, fieldValidation, warnings, fieldManager };
  const obj = withoutDuplicates(r, body, parsed, opts);
  const hooks = ctx.webhooks.webhooksFor(r.def, r.version, undefined, 'CREATE');
  if (hooks) return answerLater(r, warnings, 201, ctx.webhooks.create(hooks, r.def, r.namespace ?? '', obj, opts, operationOptions(r, 'CreateOptions')));
  const rec = warnOnError(r, warnings, () => ctx.service.create(r.def, r.namespace ?? '', obj, opts));
  sendWarnings(r, warnings);
  sendJson(r.res, 201, objectJson(rec, r.def, r.version));
}

const BOUND = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };

export function handleBinding(ctx: ApiContext, r: ResourceRequest, body: string): void | Promise<void> {
  const binding = parseJsonBody(body, r.req.headers['content-type'], 'Binding') as KubeObject;
  const hooks = ctx.webhooks.webhooksFor(r.def, r.version, 'binding', 'CREATE');
  if (hooks) {
    return ctx.webhooks.bind(hooks, r.def, r.namespace ?? '', r.name!, binding, ctx.clock.now(), operationOptions(r, 'CreateOptions')).then(() => sendJson(r.res, 201, BOUND));
  }
  bindPod(ctx.service, r.def, r.namespace ?? '', r.name!, binding, ctx.clock.now());
  sendJson(r.res, 201, BOUND);
}

export function handleUpdate(ctx: ApiContext, r: ResourceRequest, subresource: string | undefined, body: string): void | Promise<void> {
  const dryRun = dryRunOf(r, 'UpdateOptions');
  const fieldValidation = fieldValidationOf(r, 'UpdateOptions');
  const obj = subresource === 'scale' ? (parseJsonBody(body, r.req.headers['content-type'], 'Scale') as KubeObject) : objectBody(r, body);
  const ns = r.namespace ?? '';
  const hooks = ctx.webhooks.webhooksFor(r.def, r.version, subresource, 'UPDATE');
  if (subresource === 'scale') {
    if (hooks) return scaleLater(ctx, r, ctx.webhooks.writeScale(hooks, r.def, r.version, ns, r.name!, dryRun, operationOptions(r, 'UpdateOptions'), () => structuredClone(obj)));
    writeScale(ctx.service, r.def, ns, r.name!, obj, dryRun);
    sendJson(r.res, 200, scaleOf(r.def, ctx.service.get(r.def, ns, r.name!)));
    return;
  }
  const warnings: string[] = [];
  checkWriteOptions('UpdateOptions', r.query.get('fieldManager'));
  const fieldManager = { ...writerContext(r.def, r.version, r.query, r.req.headers['user-agent'], subresource), requested: obj?.metadata?.managedFields };
  const opts = { version: r.version, dryRun, subresource: writableSubresource(subresource), fieldValidation, warnings, fieldManager };
  const decoded = withoutDuplicates(r, body, obj, opts);
  if (hooks) return answerLater(r, warnings, 200, ctx.webhooks.update(hooks, r.def, ns, r.name!, decoded, opts, operationOptions(r, 'UpdateOptions')));
  const rec = warnOnError(r, warnings, () => ctx.service.update(r.def, ns, r.name!, decoded, opts));
  sendWarnings(r, warnings);
  sendJson(r.res, 200, objectJson(rec, r.def, r.version));
}

/** The subresources a PUT writes through the object service (status; a namespace's finalize). */
function writableSubresource(sub: string | undefined): 'status' | 'finalize' | undefined {
  return sub === 'status' || sub === 'finalize' ? sub : undefined;
}

function scaleLater(ctx: ApiContext, r: ResourceRequest, write: Promise<unknown>): Promise<void> {
  return write.then(() => sendJson(r.res, 200, scaleOf(r.def, ctx.service.get(r.def, r.namespace ?? '', r.name!))));
}

export function handlePatch(ctx: ApiContext, r: ResourceRequest, subresource: string | undefined, body: string): void | Promise<void> {
  if (isApplyPatch(r.req.headers['content-type'])) return handleApplyPatch(ctx, r, subresource, body);
  const dryRun = dryRunOf(r, 'PatchOptions');
  const fieldValidation = fieldValidationOf(r, 'PatchOptions');
  checkWriteOptions('PatchOptions', r.query.get('fieldManager'), { force: r.query.get('force') });
  const type = patchTypeOf(r.req.headers['content-type'] ?? '', r.def.crd !== undefined && subresource !== 'scale');
  const ns = r.namespace ?? '';
  const hooks = ctx.webhooks.webhooksFor(r.def, r.version, subresource, 'UPDATE');
  if (subresource === 'scale') {
    const scaleCtx = { group: 'autoscaling', version: 'v1', kind: 'Scale', strategicMergePatch: ctx.pure.strategicMergePatch };
    if (hooks) {
      const options = operationOptions(r, 'UpdateOptions');
      return scaleLater(ctx, r, ctx.webhooks.writeScale(hooks, r.def, r.version, ns, r.name!, dryRun, options, (current) => applyPatch(type, current, body, scaleCtx)));
    }
    const current = scaleOf(r.def, ctx.service.get(r.def, ns, r.name!));
    const patched = applyPatch(type, current, body, scaleCtx);
    writeScale(ctx.service, r.def, ns, r.name!, patched, dryRun);
    sendJson(r.res, 200, scaleOf(r.def, ctx.service.get(r.def, ns, r.name!)));
    return;
  }
  const patchCtx = { group: r.def.group, version: r.version, kind: r.def.kind, strategicMergePatch: ctx.pure.strategicMergePatch };
  const warnings: string[] = [];
  const fieldManager = writerContext(r.def, r.version, r.query, r.req.headers['user-agent'], subresource);
  const opts = { version: r.version, dryRun, subresource: subresource === 'status' ? ('status' as const) : undefined, fieldValidation, warnings, fieldManager };
  const mutate = (obj: KubeObject): KubeObject => {
    obj.apiVersion = apiVersionOf(r.def.group, r.version);
    const patched = applyPatch(type, obj, body, patchCtx);
    if (patched === null || typeof patched !== 'object' || Array.isArray(patched)) throw badRequest('the patch produced a value that is not an object');
    fieldManager.requested = patched.metadata?.managedFields;
    if (!r.def.crd) decodePatchedBuiltin({ group: r.def.group, version: r.version, kind: r.def.kind, patchType: type, patch: body, patched, fieldValidation: opts.fieldValidation, warnings });
    return patched;
  };
  if (hooks) return answerLater(r, warnings, 200, ctx.webhooks.modify(hooks, r.def, ns, r.name!, opts, operationOptions(r, 'UpdateOptions'), mutate));
  const rec = warnOnError(r, warnings, () => ctx.service.modify(r.def, ns, r.name!, opts, mutate));
  sendWarnings(r, warnings);
  sendJson(r.res, 200, objectJson(rec, r.def, r.version));
}

function deleteOptionsOf(r: ResourceRequest, body: string): DeleteOptions {
  let opts: DeleteOptions = {};
  if (body.trim() !== '') opts = parseJsonBody(body, r.req.headers['content-type'], 'DeleteOptions') as DeleteOptions;
  const grace = r.query.get('gracePeriodSeconds');
  if (grace !== null) opts.gracePeriodSeconds = Number(grace);
  const policy = r.query.get('propagationPolicy');
  if (policy !== null) opts.propagationPolicy = policy;
  const orphan = r.query.get('orphanDependents');
  if (orphan !== null) opts.orphanDependents = orphan === 'true';
  if (opts.gracePeriodSeconds !== undefined && !Number.isInteger(opts.gracePeriodSeconds)) {
    throw badRequest(`invalid gracePeriodSeconds: ${opts.gracePeriodSeconds}`);
  }
  validateDeleteOptions(opts);
  return opts;
}

/** The DeleteOptions (meta.k8s.io/v1) a webhook sees in `request.options`. */
function deleteReviewOptions(opts: DeleteOptions, dryRun: boolean): OperationOptions {
  return { kind: 'DeleteOptions', apiVersion: 'meta.k8s.io/v1', ...opts, ...(dryRun ? { dryRun: ['All'] } : {}) };
}

export function handleDelete(ctx: ApiContext, r: ResourceRequest, body: string): void | Promise<void> {
  const dryRun = dryRunOf(r, 'DeleteOptions');
  const opts = deleteOptionsOf(r, body);
  const hooks = ctx.webhooks.webhooksFor(r.def, r.version, undefined, 'DELETE');
  if (hooks) {
    const warnings: string[] = [];
    const write = ctx.webhooks.delete(hooks, r.def, r.namespace ?? '', r.name!, opts, { version: r.version, dryRun, warnings }, deleteReviewOptions(opts, dryRun));
    return write.then(
      (result) => {
        sendWarnings(r, warnings);
        sendDeleteAnswer(ctx, r, result, opts);
      },
      (err: unknown) => {
        sendWarnings(r, warnings);
        throw err;
      },
    );
  }
  const result = ctx.service.delete(r.def, r.namespace ?? '', r.name!, opts, dryRun);
  sendDeleteAnswer(ctx, r, result, opts);
}

function sendDeleteAnswer(ctx: ApiContext, r: ResourceRequest, result: DeleteResult, opts: DeleteOptions): void {
  const answer = deleteAnswer(r.def, result, opts, ctx.clock.now());
  const body = answer.isObject ? objectAt(answer.body as KubeObject, r.def, r.version) : answer.body;
  sendJson(r.res, answer.code, answer.isObject && body === result.rec.obj ? objectJson(result.rec, r.def, r.version) : body);
}

export function handleDeleteCollection(ctx: ApiContext, r: ResourceRequest, body: string): void | Promise<void> {
  const dryRun = dryRunOf(r, 'DeleteOptions');
  const opts = deleteOptionsOf(r, body);
  const filter = buildFilter(r.def, r.query.get('labelSelector'), r.query.get('fieldSelector'));
  // kube-apiserver answers the items as it listed them (before deleting), at the list's resourceVersion.
  const listedRv = ctx.storage.currentRv;
  const items = ctx.storage.list(keyOf(r.def), r.def.namespaced ? r.namespace : undefined).filter((rec) => !filter || filter(rec.obj));
  const hooks = ctx.webhooks.webhooksFor(r.def, r.version, undefined, 'DELETE');
  const answer = (): void => sendJson(r.res, 200, listJson(r.def, r.version, items, { resourceVersion: String(listedRv) }));
  if (hooks) return deleteEachAdmitted(ctx, r, hooks, items, opts, dryRun).then(answer);
  for (const rec of items) ctx.service.delete(r.def, rec.obj.metadata?.namespace ?? '', rec.obj.metadata!.name!, { ...opts }, dryRun);
  answer();
}

/** deletecollection under webhooks: each item is admitted as its own DELETE, one after the other. */
async function deleteEachAdmitted(
  ctx: ApiContext, r: ResourceRequest, hooks: NonNullable<ReturnType<ApiContext['webhooks']['webhooksFor']>>,
  items: StoredObject[], opts: DeleteOptions, dryRun: boolean,
): Promise<StoredObject[]> {
  const deleted: StoredObject[] = [];
  for (const rec of items) {
    const meta = rec.obj.metadata!;
    const result = await ctx.webhooks.delete(hooks, r.def, meta.namespace ?? '', meta.name!, { ...opts }, { version: r.version, dryRun }, deleteReviewOptions(opts, dryRun));
    deleted.push(result.rec);
  }
  return deleted;
}

export function rejectMethod(method: string, r: ResourceRequest): never {
  throw methodNotAllowed();
}

