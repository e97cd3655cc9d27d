// Calls the webhooks of one request, as kube-apiserver's dispatchers do: mutating webhooks one after the
// other, each JSONPatch applied before the next is asked (and those with reinvocationPolicy IfNeeded asked
// once more when a later one changed the object); validating webhooks all at once, the first denial in
// registration order answering. A webhook is skipped when its namespaceSelector or objectSelector does
// not select the request; a failed call is ignored under failurePolicy Ignore.
import jsonpatch from 'fast-json-patch';
import type { KubeObject } from '../../../api/objects.js';
import { selectorMatches } from '../../../api/selectors.js';
import { notFound } from '../errors.js';
import { deepEqual } from '../prepare.js';
import type { Storage } from '../storage/types.js';
import { WebhookCallError, type WebhookClient } from './client.js';
import { internalError, webhookCallFailed, webhookDenial } from './errors.js';
import { objectSelected } from './match.js';
import { jsonPatchErrorText } from './patch-errors.js';
import { admissionReview, verifyAdmissionResponse, type AdmissionResult } from './review.js';
import type { AdmissionAttributes, CompiledWebhook, Invocation } from './types.js';

export interface Dispatcher {
  client: WebhookClient;
  storage: Storage;
}

/** Runs the mutating webhooks; `attrs.object` ends as the mutated object (a new value when patched). */
export async function runMutatingWebhooks(d: Dispatcher, invocations: readonly Invocation[], attrs: AdmissionAttributes): Promise<void> {
  let invoked: CompiledWebhook[] = [];
  const reinvoke = new Set<CompiledWebhook>();
  for (const inv of invocations) {
    if (!shouldCall(d, inv.hook, attrs)) continue;
    if (await callMutating(d, inv, attrs)) {
      for (const h of invoked) reinvoke.add(h);
      invoked = [];
    }
    if (inv.hook.reinvokeIfNeeded) invoked.push(inv.hook);
  }
  for (const inv of invocations) {
    if (reinvoke.has(inv.hook) && shouldCall(d, inv.hook, attrs)) await callMutating(d, inv, attrs);
  }
}

/** Runs the validating webhooks concurrently; throws the first failure in registration order. */
export async function runValidatingWebhooks(d: Dispatcher, invocations: readonly Invocation[], attrs: AdmissionAttributes): Promise<void> {
  const calls = invocations.filter((inv) => shouldCall(d, inv.hook, attrs)).map((inv) => callValidating(d, inv, attrs).then(() => undefined, (err: unknown) => err ?? new Error('webhook failed')));
  for (const err of await Promise.all(calls)) if (err) throw err;
}

function shouldCall(d: Dispatcher, hook: CompiledWebhook, attrs: AdmissionAttributes): boolean {
  if (hook.namespaceSelector && !selectorMatches(hook.namespaceSelector, namespaceLabels(d, attrs))) return false;
  return objectSelected(hook.objectSelector, attrs.object, attrs.oldObject);
}

/** The labels a namespaceSelector is tested against: the namespace's own for a namespace write. */
function namespaceLabels(d: Dispatcher, attrs: AdmissionAttributes): Record<string, string> | undefined {
  const isNamespace = attrs.group === '' && attrs.resource === 'namespaces';
  if (!attrs.namespace && !isNamespace) return {};
  if (isNamespace && !attrs.subresource && (attrs.operation === 'CREATE' || attrs.operation === 'UPDATE')) return attrs.object?.metadata?.labels;
  const ns = d.storage.get('/namespaces', '', attrs.namespace);
  if (!ns) throw notFound('', 'namespaces', attrs.namespace);
  return ns.obj.metadata?.labels;
}

async function call(d: Dispatcher, inv: Invocation, attrs: AdmissionAttributes): Promise<AdmissionResult | undefined> {
  const { uid, body } = admissionReview(attrs, inv);
  try {
    const answer = await d.client.post(inv.hook, body);
    const result = verifyAdmissionResponse(uid, inv.hook.type === 'mutating', inv.hook.reviewVersion, answer);
    attrs.warnings?.push(...result.warnings);
    return result;
  } catch (err) {
    if (!(err instanceof WebhookCallError)) throw err;
    if (inv.hook.failurePolicy === 'Ignore') return undefined;
    throw webhookCallFailed(inv.hook.name, err.message);
  }
}

async function callValidating(d: Dispatcher, inv: Invocation, attrs: AdmissionAttributes): Promise<void> {
  const result = await call(d, inv, attrs);
  if (result && !result.allowed) throw webhookDenial(inv.hook.name, result.result);
}

/** Calls one mutating webhook and applies its patch; true when the object changed. */
async function callMutating(d: Dispatcher, inv: Invocation, attrs: AdmissionAttributes): Promise<boolean> {
  const result = await call(d, inv, attrs);
  if (!result) return false;
  if (!result.allowed) throw webhookDenial(inv.hook.name, result.result);
  if (result.patch === undefined) return false;
  let ops: unknown;
  try {
    ops = JSON.parse(result.patch);
  } catch (err) {
    throw internalError((err as Error).message);
  }
  if (!Array.isArray(ops)) throw internalError('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
  if (ops.length === 0) return false;
  if (attrs.object === null) throw internalError(`admission webhook ${JSON.stringify(inv.hook.name)} attempted to modify the object, which is not supported for this operation`);
  if (result.patchType !== 'JSONPatch') {
    if (inv.hook.failurePolicy === 'Ignore') return false;
    throw webhookCallFailed(inv.hook.name, `unsupported patch type ${JSON.stringify(result.patchType)}`);
  }
  const before = attrs.object;
  const after = applyJsonPatch(structuredClone(before), ops as jsonpatch.Operation[]);
  if (after === null || typeof after !== 'object' || Array.isArray(after)) throw internalError('the patched object is not a JSON object');
  attrs.object = after;
  return !deepEqual(before, after);
}

/**
 * Applies the operations one by one as evanphx/json-patch v4 (kube's) does: `replace` of a key an object
 * lacks adds it. A failure is a 500 with the Go library's text.
 */
function applyJsonPatch(doc: KubeObject, ops: jsonpatch.Operation[]): KubeObject {
  let work = doc;
  for (const op of ops) {
    const effective = op.op === 'replace' && isMissingObjectKey(work, op.path) ? { ...op, op: 'add' as const } : op;
    try {
      work = jsonpatch.applyOperation(work, effective, true, true).newDocument;
    } catch (err) {
      throw internalError(jsonPatchErrorText(err, work));
    }
  }
  return work;
}

function isMissingObjectKey(doc: unknown, path: string): boolean {
  const segs = path.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let cur = doc;
  for (const seg of segs.slice(0, -1)) {
    if (cur === null || typeof cur !== 'object') return false;
    cur = (cur as Record<string, unknown>)[seg];
  }
  return cur !== null && typeof cur === 'object' && !Array.isArray(cur) && segs.length > 0 && !Object.prototype.hasOwnProperty.call(cur, segs[segs.length - 1]!);
}
