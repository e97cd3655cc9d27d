// An RBAC authorizer over the stored Roles, ClusterRoles and their bindings (pure over a lookup): the rules
// that apply to a user in a namespace, and whether they allow one request. system:masters is allowed
// everything, as kube-apiserver's privileged-group authorizer does.
import type { KubeObject } from '../../../api/objects.js';
import type { RequestAttributes } from '../authorization/attributes.js';

export interface UserInfo { username: string; groups: string[] }

export interface PolicyRule { verbs: string[]; apiGroups?: string[]; resources?: string[]; resourceNames?: string[]; nonResourceURLs?: string[] }

/** Reads stored RBAC objects: list by resource ('roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'), get by name. */
export interface RbacLookup {
  list(plural: string, namespace?: string): readonly Readonly<KubeObject>[];
  get(plural: string, namespace: string, name: string): Readonly<KubeObject> | undefined;
}

interface Subject { kind?: string; name?: string; namespace?: string }

function subjectMatches(s: Subject, user: UserInfo, bindingNamespace: string): boolean {
  switch (s.kind) {
    case 'User': return s.name === user.username;
    case 'Group': return user.groups.includes(s.name ?? '');
    case 'ServiceAccount': return user.username === `system:serviceaccount:${s.namespace || bindingNamespace}:${s.name}`;
    default: return false;
  }
}

function rulesOf(role: Readonly<KubeObject> | undefined): PolicyRule[] {
  return ((role as { rules?: PolicyRule[] } | undefined)?.rules ?? []);
}

/** The rules bound to `user` cluster-wide and, with `namespace`, in that namespace. */
export function rulesFor(lookup: RbacLookup, user: UserInfo, namespace: string): PolicyRule[] {
  const out: PolicyRule[] = [];
  const applies = (b: Readonly<KubeObject>, ns: string) => ((b as { subjects?: Subject[] }).subjects ?? []).some((s) => subjectMatches(s, user, ns));
  for (const b of lookup.list('clusterrolebindings')) {
    if (applies(b, '')) out.push(...rulesOf(lookup.get('clusterroles', '', (b as { roleRef?: { name?: string } }).roleRef?.name ?? '')));
  }
  if (namespace) {
    for (const b of lookup.list('rolebindings', namespace)) {
      if (!applies(b, namespace)) continue;
      const ref = (b as { roleRef?: { kind?: string; name?: string } }).roleRef ?? {};
      out.push(...rulesOf(ref.kind === 'Role' ? lookup.get('roles', namespace, ref.name ?? '') : lookup.get('clusterroles', '', ref.name ?? '')));
    }
  }
  return out;
}

const has = (list: string[] | undefined, v: string): boolean => !!list && (list.includes('*') || list.includes(v));

export function ruleAllows(rule: PolicyRule, a: RequestAttributes): boolean {
  if (!has(rule.verbs, a.verb)) return false;
  if (!a.isResource) return (rule.nonResourceURLs ?? []).some((u) => u === '*' || u === a.path || (u.endsWith('*') && a.path.startsWith(u.slice(0, -1))));
  if (!has(rule.apiGroups, a.group)) return false;
  const combined = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const resources = rule.resources ?? [];
  const resourceOk = resources.some((r) => r === '*' || r === combined || (a.subresource && (r === `*/${a.subresource}` || r === `${a.resource}/*`)));
  if (!resourceOk) return false;
  return !rule.resourceNames?.length || rule.resourceNames.includes(a.name);
}

export function isAllowed(lookup: RbacLookup, user: UserInfo, a: RequestAttributes): boolean {
  if (user.groups.includes('system:masters')) return true;
  return rulesFor(lookup, user, a.namespace).some((r) => ruleAllows(r, a));
}
