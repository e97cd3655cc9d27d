// One AdmissionReview in, one out: decodes an `admission.k8s.io/v1` (or v1beta1) review, runs a route's
// defaulting or validation (the same WorkloadAdmission functions the embedded API server runs in-process),
// and answers as controller-runtime's webhooks do: mutations as a JSONPatch from the object received to the
// defaulted one (none when nothing changed), denials with code 422 and Kruise's message. Pure.
import jsonpatch from 'fast-json-patch';
import { admissionDenialMessage, cloneJson, type KubeObject } from '../api/index.js';
import type { WebhookRoute } from './webhooks.js';

export interface AdmissionRequest {
  uid: string;
  kind?: { group: string; version: string; kind: string };
  resource?: { group: string; version: string; resource: string };
  subResource?: string;
  name?: string;
  namespace?: string;
  operation: string;
  object?: KubeObject | null;
  oldObject?: KubeObject | null;
  dryRun?: boolean;
}

export interface AdmissionStatus {
  code: number;
  message: string;
}

export interface AdmissionResponse {
  uid: string;
  allowed: boolean;
  patchType?: 'JSONPatch';
  /** base64 of the JSON patch. */
  patch?: string;
  status?: AdmissionStatus;
}

export interface AdmissionReview {
  apiVersion: string;
  kind: 'AdmissionReview';
  request?: AdmissionRequest;
  response?: AdmissionResponse;
}

/** A review that cannot be answered (not an AdmissionReview, no request): the server answers 400. */
export class BadReviewError extends Error {}

const VERSIONS = new Set(['admission.k8s.io/v1', 'admission.k8s.io/v1beta1']);

/** Parses and checks a review body. */
export function parseReview(body: string): AdmissionReview & { request: AdmissionRequest } {
  let review: AdmissionReview;
  try {
    review = JSON.parse(body) as AdmissionReview;
  } catch (err) {
    throw new BadReviewError(`request body is not JSON: ${(err as Error).message}`);
  }
  if (!review || typeof review !== 'object' || review.kind !== 'AdmissionReview' || !VERSIONS.has(review.apiVersion)) {
    throw new BadReviewError('request body must be an AdmissionReview of admission.k8s.io/v1 or v1beta1');
  }
  const req = review.request;
  if (!req || typeof req !== 'object' || typeof req.uid !== 'string' || typeof req.operation !== 'string') {
    throw new BadReviewError('AdmissionReview.request with uid and operation is required');
  }
  return review as AdmissionReview & { request: AdmissionRequest };
}

/** The review's answer for one route (same apiVersion as the request, as kube-apiserver requires). */
export function answerReview(route: WebhookRoute, review: AdmissionReview & { request: AdmissionRequest }): AdmissionReview {
  return { apiVersion: review.apiVersion, kind: 'AdmissionReview', response: decide(route, review.request) };
}

export function decide(route: WebhookRoute, req: AdmissionRequest): AdmissionResponse {
  const allowed = { uid: req.uid, allowed: true };
  // Kruise registers the main resource only; anything else (or a DELETE, whose deletion protection is
  // behind the ResourcesDeletionProtection gate, off by default) is allowed unchanged.
  if (req.subResource || req.operation === 'DELETE' || req.operation === 'CONNECT') return allowed;
  const obj = req.object;
  if (!obj || typeof obj !== 'object') return errored(req.uid, 400, 'there is no content to decode');
  const old = req.operation === 'UPDATE' && req.oldObject && typeof req.oldObject === 'object' ? req.oldObject : undefined;
  if (route.type === 'mutating') {
    const defaulted = route.admission.mutate(cloneJson(obj), old);
    const ops = jsonpatch.compare(obj, defaulted);
    if (ops.length === 0) return allowed;
    return { ...allowed, patchType: 'JSONPatch', patch: Buffer.from(JSON.stringify(ops)).toString('base64') };
  }
  const errors = route.admission.validate(obj, old);
  if (errors.length === 0) return allowed;
  return errored(req.uid, 422, admissionDenialMessage(errors));
}

/**
 * A denial as Kruise's webhooks answer: a code and a message, no reason and no causes. kube-apiserver then
 * answers the client `admission webhook "<name>" denied the request: <message>` with that code, which
 * kubectl prints as it is (with reason Invalid and causes it would print "The request is invalid: …" and
 * drop the webhook's name); client-go still reads a 422 without a reason as Invalid.
 */
function errored(uid: string, code: number, message: string): AdmissionResponse {
  return { uid, allowed: false, status: { code, message } };
}
