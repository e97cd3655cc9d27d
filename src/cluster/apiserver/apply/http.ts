// The apply PATCH (`Content-Type: application/apply-patch+yaml`): options checked (fieldManager required,
// 422), the configuration parsed and checked against the URL, then merged into the live object through the
// service's update stages (or created when absent: 201), webhooks awaited as for any patch. `force=true`
// takes conflicting fields. The service stores the managedFields the apply computed.
import type { KubeObject } from '../../../api/objects.js';
import { badRequest, notFound } from '../errors.js';
import type { ApiContext } from '../http/context.js';
import { objectJson } from '../http/encode.js';
import type { ResourceRequest } from '../http/read.js';
import { sendJson } from '../http/respond.js';
import { answerLater, dryRunOf, fieldValidationOf, operationOptions, sendWarnings } from '../http/write.js';
import { nowTimestamp } from '../prepare.js';
import { apiVersionOf } from '../resources.js';
import { keyOf, type WriteOptions } from '../service.js';
import { applyConfiguration, type ApplyInput } from './apply.js';
import { applyTypeOf, ownableFields, writerContext, zeroOf } from './index.js';
import { checkConfiguration, checkWriteOptions, parseApplyBody } from './request.js';

export const APPLY_CONTENT_TYPES = new Set(['application/apply-patch+yaml']);

export function isApplyPatch(contentType: string | undefined): boolean {
  return APPLY_CONTENT_TYPES.has((contentType ?? '').split(';')[0]!.trim().toLowerCase());
}

export function handleApplyPatch(ctx: ApiContext, r: ResourceRequest, subresource: string | undefined, body: string): void | Promise<void> {
  if (subresource !== undefined && subresource !== 'status') throw badRequest(`server-side apply is not supported on the ${subresource} subresource by the kactor API server`);
  const fieldManager = r.query.get('fieldManager');
  checkWriteOptions('PatchOptions', fieldManager, { apply: true });
  const forceParam = r.query.get('force');
  if (forceParam !== null && forceParam !== 'true' && forceParam !== 'false') throw badRequest(`invalid force value ${JSON.stringify(forceParam)}`);
  const config = parseApplyBody(body);
  const ns = r.namespace ?? '';
  const apiVersion = apiVersionOf(r.def.group, r.version);
  checkConfiguration(config, { apiVersion, kind: r.def.kind, name: r.name!, namespace: r.def.namespaced ? ns : undefined });
  const fm = writerContext(r.def, r.version, r.query, r.req.headers['user-agent'], subresource);
  const warnings: string[] = [];
  const opts: WriteOptions = { version: r.version, dryRun: dryRunOf(r, 'PatchOptions'), subresource: fm.subresource === 'status' ? 'status' : undefined, fieldValidation: fieldValidationOf(r, 'PatchOptions'), warnings, fieldManager: fm };
  const input = (live: Readonly<KubeObject> | undefined): ApplyInput => ({
    manager: fm.manager,
    apiVersion,
    subresource: fm.subresource,
    time: nowTimestamp(ctx.clock.now()),
    live: live as Readonly<Record<string, unknown>> | undefined,
    zero: zeroOf(r.def),
    config,
    force: forceParam === 'true',
    type: applyTypeOf(r.def, r.version),
    keep: ownableFields(r.def, fm.subresource),
  });
  const existing = ctx.storage.get(keyOf(r.def), ns, r.name!);
  if (!existing) {
    if (fm.subresource) throw notFound(r.def.group, r.def.plural, r.name!);
    const created = applyConfiguration(input(undefined));
    fm.applied = created.managedFields ?? null;
    const obj = created.object as KubeObject;
    const hooks = ctx.webhooks.webhooksFor(r.def, r.version, undefined, 'CREATE');
    if (hooks) return answerLater(r, warnings, 201, ctx.webhooks.create(hooks, r.def, ns, obj, opts, operationOptions(r, 'CreateOptions')));
    const rec = ctx.service.create(r.def, ns, obj, opts);
    sendWarnings(r, warnings);
    sendJson(r.res, 201, objectJson(rec, r.def, r.version));
    return;
  }
  const mutate = (_copy: KubeObject, current: { obj: Readonly<KubeObject> }): KubeObject => {
    const applied = applyConfiguration(input(current.obj));
    fm.applied = applied.managedFields ?? null;
    return applied.object as KubeObject;
  };
  const hooks = ctx.webhooks.webhooksFor(r.def, r.version, subresource, 'UPDATE');
  if (hooks) return answerLater(r, warnings, 200, ctx.webhooks.modify(hooks, r.def, ns, r.name!, opts, operationOptions(r, 'UpdateOptions'), mutate));
  const rec = ctx.service.modify(r.def, ns, r.name!, opts, mutate);
  sendWarnings(r, warnings);
  sendJson(r.res, 200, objectJson(rec, r.def, r.version));
}
