// Fidelity scenarios: the plain object lifecycle every client relies on — create, get, list with limit and
// continue, update with a stale resourceVersion, the three patch flavours, delete — on ConfigMaps.
import type { FidelityScenario } from '../types.js';

const cm = (name: string, data: Record<string, string>, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...extra }, data });
const CMS = '/api/v1/namespaces/{ns}/configmaps';
// Bootstrap ConfigMaps (kube-root-ca.crt, and openshift-service-ca.crt from the real cluster's patched controller-manager) are left out of lists.
const dropManagedFields = (body: any) => {
  if (body?.metadata) delete body.metadata.managedFields;
  return body;
};

export const scenarios: FidelityScenario[] = [
  {
    id: 'objects/configmap-lifecycle',
    title: 'a ConfigMap created, read, updated, patched three ways and deleted',
    steps: [
      { id: 'create', method: 'POST', path: CMS, body: cm('a', { k: 'v' }, { labels: { app: 'x' } }), pick: dropManagedFields },
      { id: 'create-again', method: 'POST', path: CMS, body: cm('a', { k: 'v' }) },
      { id: 'get', method: 'GET', path: `${CMS}/a`, pick: dropManagedFields },
      { id: 'get-missing', method: 'GET', path: `${CMS}/nope` },
      { id: 'update', method: 'PUT', path: `${CMS}/a`, body: { ...cm('a', { k: 'v2' }), metadata: { name: 'a', resourceVersion: '{rv:create}' } }, pick: dropManagedFields },
      { id: 'update-stale', method: 'PUT', path: `${CMS}/a`, body: { ...cm('a', { k: 'v3' }), metadata: { name: 'a', resourceVersion: '{rv:create}' } } },
      { id: 'merge-patch', method: 'PATCH', path: `${CMS}/a`, contentType: 'application/merge-patch+json', body: { data: { m: '1' }, metadata: { labels: { app: null } } }, pick: dropManagedFields },
      { id: 'json-patch', method: 'PATCH', path: `${CMS}/a`, contentType: 'application/json-patch+json', body: [{ op: 'add', path: '/data/j', value: '2' }], pick: dropManagedFields },
      { id: 'json-patch-test-fails', method: 'PATCH', path: `${CMS}/a`, contentType: 'application/json-patch+json', body: [{ op: 'test', path: '/data/k', value: 'nope' }] },
      { id: 'strategic-patch', method: 'PATCH', path: `${CMS}/a`, contentType: 'application/strategic-merge-patch+json', body: { data: { s: '3' } }, pick: dropManagedFields },
      { id: 'patch-missing', method: 'PATCH', path: `${CMS}/nope`, contentType: 'application/merge-patch+json', body: { data: { m: '1' } } },
      { id: 'delete', method: 'DELETE', path: `${CMS}/a`, pick: dropManagedFields },
      { id: 'delete-again', method: 'DELETE', path: `${CMS}/a` },
    ],
  },
  {
    id: 'objects/list-limit-continue',
    title: 'a list in pages of two, with a label selector',
    steps: [
      { id: 'c1', method: 'POST', path: CMS, body: cm('p1', {}, { labels: { page: 'yes' } }), compare: 'code' },
      { id: 'c2', method: 'POST', path: CMS, body: cm('p2', {}, { labels: { page: 'yes' } }), compare: 'code' },
      { id: 'c3', method: 'POST', path: CMS, body: cm('p3', {}, { labels: { page: 'yes' } }), compare: 'code' },
      { id: 'c4', method: 'POST', path: CMS, body: cm('q1', {}, { labels: { page: 'no' } }), compare: 'code' },
      {
        id: 'page1',
        method: 'GET',
        path: `${CMS}?labelSelector=page%3Dyes&limit=2`,
        pick: (b: any) => ({ kind: b.kind, apiVersion: b.apiVersion, names: b.items?.map((i: any) => i.metadata.name), continue: b.metadata?.continue, remainingItemCount: b.metadata?.remainingItemCount }),
      },
      {
        id: 'all-but-no',
        method: 'GET',
        path: `${CMS}?labelSelector=page%21%3Dno`,
        pick: (b: any) => b.items?.map((i: any) => i.metadata.name).filter((n: string) => !n.endsWith('ca.crt')),
      },
      { id: 'bad-selector', method: 'GET', path: `${CMS}?labelSelector=page%3D%3D%3Dyes` },
      { id: 'generate-name', method: 'POST', path: CMS, body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-' } }, pick: dropManagedFields },
    ],
  },
];
