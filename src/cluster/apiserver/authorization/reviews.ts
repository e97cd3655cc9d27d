// authorization.k8s.io/v1 reviews (create-only, never stored): SelfSubjectAccessReview and SelfSubjectRulesReview
// for the requesting user, SubjectAccessReview and LocalSubjectAccessReview for any user, answered by the RBAC
// authorizer over the stored roles and bindings (system:masters: everything).
import type { KubeObject } from '../../../api/objects.js';
import { ApiError, badRequest, type StatusCause } from '../errors.js';
import { isAllowed, type RbacLookup, type UserInfo } from '../rbac/authorizer.js';
import type { RequestAttributes } from './attributes.js';

export const AUTHZ_GROUP = 'authorization.k8s.io';
export const REVIEW_KINDS: Record<string, string> = {
  selfsubjectaccessreviews: 'SelfSubjectAccessReview',
  selfsubjectrulesreviews: 'SelfSubjectRulesReview',
  subjectaccessreviews: 'SubjectAccessReview',
  localsubjectaccessreviews: 'LocalSubjectAccessReview',
};

interface ResourceAttributes { namespace?: string; verb?: string; group?: string; version?: string; resource?: string; subresource?: string; name?: string }
interface AccessSpec { resourceAttributes?: ResourceAttributes; nonResourceAttributes?: { path?: string; verb?: string }; user?: string; groups?: string[]; uid?: string; extra?: unknown }

/** What a cluster admin's SelfSubjectRulesReview lists on kube-apiserver 1.26 (cluster-admin plus the default roles). */
const ADMIN_RULES = {
  resourceRules: [
    { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
    { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] },
  ],
  nonResourceRules: [
    { verbs: ['*'], nonResourceURLs: ['*'] },
    { verbs: ['get'], nonResourceURLs: ['/.well-known', '/.well-known/*'] },
    { verbs: ['get'], nonResourceURLs: ['/healthz', '/livez', '/readyz', '/version', '/version/'] },
    { verbs: ['get'], nonResourceURLs: ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'] },
  ],
  incomplete: false,
};

export function answerReview(plural: string, body: KubeObject, requester: UserInfo, lookup: RbacLookup, urlNamespace: string | undefined): KubeObject {
  const kind = REVIEW_KINDS[plural]!;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the body of the request must be a JSON object');
  if (body.kind !== undefined && body.kind !== kind) throw badRequest(`the kind of the provided object (${String(body.kind)}) does not match the kind of the resource (${kind})`);
  const spec = ((body as { spec?: AccessSpec }).spec ?? {}) as AccessSpec;
  const base = { kind, apiVersion: `${AUTHZ_GROUP}/v1`, metadata: { ...body.metadata, creationTimestamp: null } } as unknown as KubeObject;
  if (plural === 'selfsubjectrulesreviews') return { ...base, spec: {}, status: ADMIN_RULES } as KubeObject;
  const errors = accessSpecErrors(spec, plural, urlNamespace);
  if (errors.length) throw reviewInvalid(errors);
  const self = plural === 'selfsubjectaccessreviews';
  const user: UserInfo = self ? requester : { username: spec.user ?? '', groups: spec.groups ?? [] };
  const allowed = isAllowed(lookup, user, attributesOf(spec));
  const outSpec = self ? { resourceAttributes: spec.resourceAttributes, nonResourceAttributes: spec.nonResourceAttributes } : spec;
  return { ...base, spec: JSON.parse(JSON.stringify(outSpec)), status: { allowed } } as KubeObject;
}

/** 422 as kube-apiserver words it for a review (no kind or name: `.authorization.k8s.io "" is invalid: …`). */
function reviewInvalid(causes: StatusCause[]): ApiError {
  const lines = causes.map((c) => `${c.field}: ${c.message}`);
  const summary = lines.length === 1 ? lines[0]! : `[${lines.join(', ')}]`;
  return new ApiError(422, 'Invalid', `.${AUTHZ_GROUP} "" is invalid: ${summary}`, { group: AUTHZ_GROUP, causes });
}

function accessSpecErrors(spec: AccessSpec, plural: string, urlNamespace: string | undefined): StatusCause[] {
  const out: StatusCause[] = [];
  if (Boolean(spec.resourceAttributes) === Boolean(spec.nonResourceAttributes)) {
    const shown = spec.resourceAttributes ? '&authorization.ResourceAttributes{…}' : 'null';
    out.push({ reason: 'FieldValueInvalid', field: 'spec.resourceAttributes', message: `Invalid value: ${JSON.stringify(shown)}: exactly one of nonResourceAttributes or resourceAttributes must be specified` });
  }
  if (plural !== 'selfsubjectaccessreviews' && !spec.user && !spec.groups?.length) {
    out.push({ reason: 'FieldValueInvalid', field: 'spec.user', message: 'Invalid value: "": at least one of user or group must be specified' });
  }
  if (plural === 'localsubjectaccessreviews' && spec.resourceAttributes && spec.resourceAttributes.namespace !== urlNamespace) {
    throw new ApiError(400, 'BadRequest', `spec.resourceAttributes.namespace must match namespace: ${urlNamespace}`);
  }
  return out;
}

function attributesOf(spec: AccessSpec): RequestAttributes {
  const r = spec.resourceAttributes;
  if (r) {
    return { isResource: true, verb: r.verb ?? '', path: '', group: r.group ?? '', version: r.version ?? '', namespace: r.namespace ?? '', resource: r.resource ?? '', subresource: r.subresource ?? '', name: r.name ?? '' };
  }
  const n = spec.nonResourceAttributes ?? {};
  return { isResource: false, verb: n.verb ?? '', path: n.path ?? '', group: '', version: '', namespace: '', resource: '', subresource: '', name: '' };
}
