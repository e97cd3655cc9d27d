// Validation and defaulting of rbac.authorization.k8s.io/v1 objects as kube-apiserver does them (pure): rules
// need verbs and either apiGroups+resources or (cluster-wide only) nonResourceURLs; bindings need a roleRef of
// the right kind (immutable once set) and well-formed subjects. Field errors carry the real messages.
import type { KubeObject } from '../../../api/objects.js';
import type { StatusCause } from '../errors.js';

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

interface Rule { verbs?: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[]; nonResourceURLs?: string[] }
interface Subject { kind?: string; apiGroup?: string; name?: string; namespace?: string }
interface RoleRef { apiGroup?: string; kind?: string; name?: string }

const required = (field: string, message = 'Required value'): StatusCause => ({ reason: 'FieldValueRequired', field, message: message === 'Required value' ? message : `Required value: ${message}` });
const invalidValue = (field: string, value: string, message: string): StatusCause => ({ reason: 'FieldValueInvalid', field, message: `Invalid value: ${value}: ${message}` });
const notSupported = (field: string, value: unknown, supported: string[]): StatusCause => ({
  reason: 'FieldValueNotSupported', field, message: `Unsupported value: ${JSON.stringify(value ?? '')}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
});

/** Go's `%#v` of a []string, as field.Invalid prints it. */
const goStrings = (xs: string[]): string => `[]string{${xs.map((x) => JSON.stringify(x)).join(', ')}}`;

/** v1 defaults: a User or Group subject without apiGroup gets rbac.authorization.k8s.io. */
export function defaultRbacObject(obj: KubeObject): KubeObject {
  for (const s of ((obj as { subjects?: Subject[] }).subjects ?? [])) {
    if (s && !s.apiGroup && (s.kind === 'User' || s.kind === 'Group')) s.apiGroup = RBAC_GROUP;
  }
  return obj;
}

export function policyRuleErrors(rule: Rule, namespaced: boolean, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  if (!rule?.verbs?.length) out.push(required(`${path}.verbs`, 'verbs must contain at least one value'));
  const urls = rule?.nonResourceURLs ?? [];
  if (urls.length) {
    if (namespaced) out.push(invalidValue(`${path}.nonResourceURLs`, goStrings(urls), 'namespaced rules cannot apply to non-resource URLs'));
    if (rule.apiGroups?.length || rule.resources?.length || rule.resourceNames?.length) {
      out.push(invalidValue(`${path}.nonResourceURLs`, goStrings(urls), 'rules cannot apply to both regular resources and non-resource URLs'));
    }
    return out;
  }
  if (!rule?.apiGroups?.length) out.push(required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if (!rule?.resources?.length) out.push(required(`${path}.resources`, 'resource rules must supply at least one resource'));
  return out;
}

export function roleErrors(obj: Readonly<KubeObject>, namespaced: boolean): StatusCause[] {
  const out = ((obj as { rules?: Rule[] }).rules ?? []).flatMap((r, i) => policyRuleErrors(r, namespaced, `rules[${i}]`));
  const agg = (obj as { aggregationRule?: { clusterRoleSelectors?: unknown[] } | null }).aggregationRule;
  if (!namespaced && agg && !agg.clusterRoleSelectors?.length) {
    out.push(required('aggregationRule.clusterRoleSelectors', 'at least one clusterRoleSelector required if aggregationRule is non-nil'));
  }
  return out;
}

export function bindingErrors(obj: Readonly<KubeObject>, old: Readonly<KubeObject> | undefined, namespaced: boolean): StatusCause[] {
  const out: StatusCause[] = [];
  const ref = ((obj as { roleRef?: RoleRef }).roleRef ?? {}) as RoleRef;
  if (ref.apiGroup !== RBAC_GROUP) out.push(notSupported('roleRef.apiGroup', ref.apiGroup, [RBAC_GROUP]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind ?? '')) out.push(notSupported('roleRef.kind', ref.kind, kinds));
  if (!ref.name) out.push(required('roleRef.name'));
  ((obj as { subjects?: Subject[] }).subjects ?? []).forEach((s, i) => out.push(...subjectErrors(s ?? {}, namespaced, `subjects[${i}]`)));
  const oldRef = (old as { roleRef?: RoleRef } | undefined)?.roleRef;
  if (oldRef && (oldRef.apiGroup !== ref.apiGroup || oldRef.kind !== ref.kind || oldRef.name !== ref.name)) {
    const shown = `rbac.RoleRef{APIGroup:${JSON.stringify(ref.apiGroup ?? '')}, Kind:${JSON.stringify(ref.kind ?? '')}, Name:${JSON.stringify(ref.name ?? '')}}`;
    out.push(invalidValue('roleRef', shown, 'cannot change roleRef'));
  }
  return out;
}

function subjectErrors(s: Subject, namespaced: boolean, path: string): StatusCause[] {
  const out: StatusCause[] = [];
  if (!s.name) out.push(required(`${path}.name`));
  switch (s.kind) {
    case 'ServiceAccount':
      if (s.apiGroup) out.push(notSupported(`${path}.apiGroup`, s.apiGroup, ['']));
      if (!namespaced && !s.namespace) out.push(required(`${path}.namespace`));
      break;
    case 'User':
    case 'Group':
      if (s.apiGroup !== RBAC_GROUP) out.push(notSupported(`${path}.apiGroup`, s.apiGroup, [RBAC_GROUP]));
      break;
    default:
      out.push(notSupported(`${path}.kind`, s.kind, ['ServiceAccount', 'User', 'Group']));
  }
  return out;
}

/** RBAC names are path segments (may hold ':'), not DNS subdomains: the problem with one, or undefined. */
export function rbacNameProblem(name: string): string | undefined {
  if (name === '.' || name === '..') return `may not be '${name}'`;
  for (const bad of ['/', '%']) if (name.includes(bad)) return `may not contain '${bad}'`;
  return undefined;
}
