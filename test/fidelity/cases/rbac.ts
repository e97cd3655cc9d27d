// RBAC objects, authorization reviews and anonymous requests as kube-apiserver 1.26 answers them (checked by hand).
import type { FidelityScenario } from '../types.js';

const RBAC = '/apis/rbac.authorization.k8s.io/v1';
const AUTHZ = '/apis/authorization.k8s.io/v1';

export const scenarios: FidelityScenario[] = [
  {
    id: 'rbac/validation',
    title: 'Role and RoleBinding field errors; roleRef is immutable',
    steps: [
      { id: 'no-verbs', method: 'POST', path: `${RBAC}/namespaces/{ns}/roles`, body: { metadata: { name: 'r1' }, rules: [{ apiGroups: [''], resources: ['pods'] }] }, compare: 'status' },
      { id: 'no-groups', method: 'POST', path: `${RBAC}/namespaces/{ns}/roles`, body: { metadata: { name: 'r2' }, rules: [{ verbs: ['get'] }] }, compare: 'status' },
      { id: 'urls-in-role', method: 'POST', path: `${RBAC}/namespaces/{ns}/roles`, body: { metadata: { name: 'r3' }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'], nonResourceURLs: ['/x'] }] }, compare: 'status' },
      { id: 'bad-binding', method: 'POST', path: `${RBAC}/namespaces/{ns}/rolebindings`, body: { metadata: { name: 'b1' }, subjects: [{ kind: 'User', name: '' }], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Foo', name: '' } }, compare: 'status' },
      { id: 'binding', method: 'POST', path: `${RBAC}/namespaces/{ns}/rolebindings`, body: { metadata: { name: 'b2' }, subjects: [{ kind: 'ServiceAccount', name: 'default' }], roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'x' } }, pick: (b) => ({ roleRef: b.roleRef, subjects: b.subjects }) },
      { id: 'change-roleref', method: 'PATCH', path: `${RBAC}/namespaces/{ns}/rolebindings/b2`, body: { roleRef: { name: 'y' } }, contentType: 'application/merge-patch+json', compare: 'status' },
    ],
  },
  {
    id: 'rbac/reviews',
    title: 'SelfSubjectAccessReview and SubjectAccessReview answers and field errors',
    steps: [
      { id: 'ssar', method: 'POST', path: `${AUTHZ}/selfsubjectaccessreviews`, body: { spec: { resourceAttributes: { verb: 'create', resource: 'pods', namespace: '{ns}' } } }, pick: (b) => ({ kind: b.kind, spec: b.spec, status: b.status }) },
      { id: 'ssar-empty', method: 'POST', path: `${AUTHZ}/selfsubjectaccessreviews`, body: { spec: {} }, compare: 'status' },
      { id: 'sar-no-user', method: 'POST', path: `${AUTHZ}/subjectaccessreviews`, body: { spec: { resourceAttributes: { verb: 'get', resource: 'pods' } } }, compare: 'status' },
      { id: 'sar-bob', method: 'POST', path: `${AUTHZ}/subjectaccessreviews`, body: { spec: { user: 'bob', resourceAttributes: { verb: 'get', resource: 'pods', namespace: '{ns}' } } }, pick: (b) => b.status },
      { id: 'sar-masters', method: 'POST', path: `${AUTHZ}/subjectaccessreviews`, body: { spec: { user: 'bob', groups: ['system:masters'], resourceAttributes: { verb: 'get', resource: 'pods', namespace: '{ns}' } } }, pick: (b) => b.status },
    ],
  },
  {
    id: 'rbac/anonymous',
    title: 'Requests without credentials are system:anonymous: 403 but for /version and the health paths',
    steps: [
      { id: 'root', method: 'GET', path: '/', token: null, compare: 'status' },
      { id: 'list-pods', method: 'GET', path: '/api/v1/namespaces/{ns}/pods', token: null, compare: 'status' },
      { id: 'get-pod', method: 'GET', path: '/api/v1/namespaces/{ns}/pods/p1', token: null, compare: 'status' },
      { id: 'list-deployments', method: 'GET', path: '/apis/apps/v1/deployments', token: null, compare: 'status' },
      { id: 'get-node', method: 'GET', path: '/api/v1/nodes/n1', token: null, compare: 'status' },
      { id: 'version', method: 'GET', path: '/version', token: null, compare: 'code' },
      { id: 'healthz', method: 'GET', path: '/healthz', token: null, compare: 'code' },
    ],
  },
];
