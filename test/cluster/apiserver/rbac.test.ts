import { describe, expect, it } from 'vitest';
import type { ApiServerHandle } from '../../../src/cluster/apiserver/index.js';
import { apiClient, type ApiClient } from './http-client.js';
import { serverPerFile } from './server-per-file.js';

let server: ApiServerHandle;
let api: ApiClient;

serverPerFile((s, a) => {
  server = s;
  api = a;
});

const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const AUTHZ = '/apis/authorization.k8s.io/v1';
const REF = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' };

describe('RBAC objects', () => {
  it('a fresh server has the cluster-admin, admin, edit and view ClusterRoles and the cluster-admin binding', async () => {
    const names = (await api.get(`${RBAC}/clusterroles`)).json.items.map((r: any) => r.metadata.name);
    expect(names).toEqual(['admin', 'cluster-admin', 'edit', 'view']);
    const admin = (await api.get(`${RBAC}/clusterroles/admin`)).json;
    expect(admin.aggregationRule).toEqual({ clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } }] });
    expect((await api.get(`${RBAC}/clusterrolebindings/cluster-admin`)).json.subjects).toEqual([{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:masters' }]);
  });

  it('a rule without verbs is 422 naming rules[0].verbs; names may hold colons', async () => {
    const res = await api.post(`${RBAC}/namespaces/default/roles`, { metadata: { name: 'r1' }, rules: [{ apiGroups: [''], resources: ['pods'] }] });
    expect(res.status).toBe(422);
    expect(res.json.message).toBe('Role.rbac.authorization.k8s.io "r1" is invalid: rules[0].verbs: Required value: verbs must contain at least one value');
    expect((await api.post(`${RBAC}/clusterroles`, { metadata: { name: 'system:x' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/x'] }] })).status).toBe(201);
  });

  it('roleRef is immutable; User subjects default their apiGroup', async () => {
    const b = await api.post(`${RBAC}/namespaces/default/rolebindings`, { metadata: { name: 'b' }, roleRef: REF, subjects: [{ kind: 'User', name: 'bob' }] });
    expect(b.json.subjects[0].apiGroup).toBe('rbac.authorization.k8s.io');
    const res = await api.patch(`${RBAC}/namespaces/default/rolebindings/b`, { roleRef: { name: 'edit' } }, 'application/merge-patch+json');
    expect(res.status).toBe(422);
    expect(res.json.message).toBe(
      'RoleBinding.rbac.authorization.k8s.io "b" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef',
    );
  });
});

describe('authorization reviews', () => {
  it('the token user may do anything (SelfSubjectAccessReview), and reviews are create-only', async () => {
    const res = await api.post(`${AUTHZ}/selfsubjectaccessreviews`, { spec: { resourceAttributes: { verb: 'create', resource: 'pods', namespace: 'x' } } });
    expect(res.status).toBe(201);
    expect(res.json.status).toEqual({ allowed: true });
    expect((await api.get(`${AUTHZ}/selfsubjectaccessreviews`)).status).toBe(405);
  });

  it('SubjectAccessReview answers from the stored bindings', async () => {
    const sar = (user: string) => api.post(`${AUTHZ}/subjectaccessreviews`, { spec: { user, resourceAttributes: { verb: 'list', resource: 'pods', namespace: 'default' } } });
    expect((await sar('carol')).json.status.allowed).toBe(false);
    await api.post(`${RBAC}/namespaces/default/rolebindings`, { metadata: { name: 'carol' }, roleRef: REF, subjects: [{ kind: 'User', name: 'carol' }] });
    await api.post(`${RBAC}/clusterroles`, { metadata: { name: 'view' }, rules: [] }); // already there: the bootstrap view role answers
    expect((await sar('carol')).json.status.allowed).toBe(true);
  });

  it('anonymous requests are 403 but for the public info paths; a wrong token is 401', async () => {
    const anon = await api.call('GET', '/api/v1/namespaces/x/pods/p1', undefined, {}, null);
    expect(anon.json).toMatchObject({ code: 403, message: 'pods "p1" is forbidden: User "system:anonymous" cannot get resource "pods" in API group "" in the namespace "x"', details: { name: 'p1', kind: 'pods' } });
    expect((await api.call('GET', '/version', undefined, {}, null)).status).toBe(200);
    expect((await api.call('GET', '/', undefined, {}, null)).json.message).toBe('forbidden: User "system:anonymous" cannot get path "/"');
    expect((await api.call('GET', '/api', undefined, {}, 'wrong-token')).status).toBe(401);
  });
});
