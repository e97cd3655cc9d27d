// The AdmissionReview a webhook is sent (admission.k8s.io/v1, or v1beta1 for a webhook that speaks only
// that), and the checks kube-apiserver makes of the answer before using it (request/admissionreview.go).
import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../../../api/objects.js';
import { apiVersionOf } from '../resources.js';
import { WebhookCallError } from './client.js';
import type { AdmissionAttributes, Invocation } from './types.js';

/** The part of a webhook's answer the dispatcher uses. */
export interface AdmissionResult {
  allowed: boolean;
  /** Decoded JSON patch text (mutating webhooks only). */
  patch?: string;
  patchType?: string;
  result?: { code?: number; status?: string; reason?: string; message?: string; details?: Record<string, unknown> };
  warnings: string[];
}

/** The request body and its uid. `object`/`oldObject` are relabelled to the version the webhook is called at. */
export function admissionReview(attrs: AdmissionAttributes, inv: Invocation): { uid: string; body: string } {
  const uid = randomUUID();
  // The resource's own kind follows the version called at; a subresource's kind (autoscaling/v1 Scale) does not.
  const ownKind = attrs.kind.group === attrs.group && attrs.kind.version === attrs.version;
  const gvk = ownKind ? { group: attrs.kind.group, version: inv.version, kind: attrs.kind.kind } : attrs.kind;
  const request: Record<string, unknown> = {
    uid,
    kind: gvk,
    resource: { group: attrs.group, version: inv.version, resource: attrs.resource },
  };
  if (attrs.subresource) request.subResource = attrs.subresource;
  request.requestKind = attrs.kind;
  request.requestResource = { group: attrs.group, version: attrs.version, resource: attrs.resource };
  if (attrs.subresource) request.requestSubResource = attrs.subresource;
  if (attrs.name) request.name = attrs.name;
  if (attrs.namespace) request.namespace = attrs.namespace;
  request.operation = attrs.operation;
  request.userInfo = attrs.userInfo;
  request.object = relabel(attrs.object, gvk);
  request.oldObject = relabel(attrs.oldObject, gvk);
  request.dryRun = attrs.dryRun;
  request.options = attrs.options;
  return { uid, body: JSON.stringify({ kind: 'AdmissionReview', apiVersion: `admission.k8s.io/${inv.hook.reviewVersion}`, request }) };
}

function relabel(obj: Readonly<KubeObject> | null, gvk: { group: string; version: string; kind: string }): Readonly<KubeObject> | null {
  if (obj === null) return null;
  const apiVersion = apiVersionOf(gvk.group, gvk.version);
  return obj.apiVersion === apiVersion ? obj : { ...obj, apiVersion };
}

/** Checks a decoded answer as VerifyAdmissionResponse does; throws a WebhookCallError when it is unusable. */
export function verifyAdmissionResponse(uid: string, mutating: boolean, reviewVersion: 'v1' | 'v1beta1', answer: unknown): AdmissionResult {
  const invalid = (why: string): WebhookCallError => new WebhookCallError(`received invalid webhook response: ${why}`);
  const review = (answer ?? {}) as { apiVersion?: string; kind?: string; response?: Record<string, unknown> | null };
  const wanted = `admission.k8s.io/${reviewVersion}`;
  if (typeof review !== 'object' || review.kind !== 'AdmissionReview' || review.apiVersion !== wanted) {
    const [group, version] = typeof review.apiVersion === 'string' && review.apiVersion.includes('/') ? review.apiVersion.split('/', 2) : ['', review.apiVersion ?? ''];
    throw invalid(`expected webhook response of ${wanted}, Kind=AdmissionReview, got ${group ? `${group}/` : ''}${version}, Kind=${review.kind ?? ''}`);
  }
  const r = review.response;
  if (!r || typeof r !== 'object') throw invalid('webhook response was absent');
  if (reviewVersion === 'v1' && r.uid !== uid) throw invalid(`expected response.uid=${JSON.stringify(uid)}, got ${JSON.stringify(r.uid ?? '')}`);
  const rawPatch = typeof r.patch === 'string' && r.patch !== '' ? r.patch : undefined;
  let patchType = typeof r.patchType === 'string' ? r.patchType : undefined;
  if (mutating && reviewVersion === 'v1') {
    if (rawPatch && r.patchType == null) throw invalid('webhook returned response.patch but not response.patchType');
    if (!rawPatch && r.patchType != null) throw invalid('webhook returned response.patchType but not response.patch');
    if (r.patchType != null && patchType === '') throw invalid(`webhook returned invalid response.patchType of ""`);
  } else if (mutating) {
    patchType = rawPatch ? 'JSONPatch' : undefined;
  } else {
    if (rawPatch) throw invalid('validating webhook may not return response.patch');
    if (r.patchType != null) throw invalid('validating webhook may not return response.patchType');
  }
  return {
    allowed: r.allowed === true,
    patch: mutating && rawPatch ? Buffer.from(rawPatch, 'base64').toString('utf8') : undefined,
    patchType,
    result: r.status && typeof r.status === 'object' ? (r.status as AdmissionResult['result']) : undefined,
    warnings: Array.isArray(r.warnings) ? r.warnings.filter((w): w is string => typeof w === 'string') : [],
  };
}
