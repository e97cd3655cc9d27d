// managedFields recorded by ordinary writes (kube's Update operation): the creator owns what it set,
// defaults included; the manager is fieldManager, else the User-Agent's product, else "unknown"; a writer
// that changes nothing gets no entry; others lose what a writer changes; `[]` resets and untracks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServerHandle } from '../../../../src/cluster/apiserver/index.js';
import { managers, startApplyServer, type Client } from './support.js';

const NS = 'apply-update';
let server: ApiServerHandle;
let api: Client;

beforeAll(async () => {
  ({ server, api } = await startApplyServer(NS));
});
afterAll(async () => {
  api.close();
  await server.stop();
});

const benchPod = {
  apiVersion: 'v1', kind: 'Pod',
  metadata: {
    name: 'bench-1',
    labels: { app: 'bench', 'controller-revision-hash': 'bench-7d9c8f', 'apps.kubernetes.io/pod-index': '1' },
    ownerReferences: [{ apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', name: 'bench', uid: '3f1c2a7e-0000-4000-8000-000000000001', controller: true, blockOwnerDeletion: true }],
  },
  spec: { containers: [{ name: 'main', image: 'nginx:1.25', ports: [{ containerPort: 80, name: 'web' }], resources: { requests: { cpu: '100m', memory: '64Mi' } }, env: [{ name: 'MODE', value: 'bench' }] }] },
};

describe('a create records its writer as an Update manager', () => {
  it('owns every field it set or that defaulting set, with kube-apiserver 1.26.5\'s fieldsV1 for the same pod', async () => {
    const res = await api.post(`/api/v1/namespaces/${NS}/pods`, benchPod);
    expect(res.status).toBe(201);
    const [entry] = res.json.metadata.managedFields;
    expect(entry.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // Recorded from kube-apiserver 1.26.5 for this very body (no User-Agent, no fieldManager).
    expect(managers(res.json)).toEqual([{
      manager: 'unknown', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:metadata': {
          'f:labels': { '.': {}, 'f:app': {}, 'f:apps.kubernetes.io/pod-index': {}, 'f:controller-revision-hash': {} },
          'f:ownerReferences': { '.': {}, 'k:{"uid":"3f1c2a7e-0000-4000-8000-000000000001"}': {} },
        },
        'f:spec': {
          'f:containers': {
            'k:{"name":"main"}': {
              '.': {},
              'f:env': { '.': {}, 'k:{"name":"MODE"}': { '.': {}, 'f:name': {}, 'f:value': {} } },
              'f:image': {}, 'f:imagePullPolicy': {}, 'f:name': {},
              'f:ports': { '.': {}, 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {}, 'f:name': {}, 'f:protocol': {} } },
              'f:resources': { '.': {}, 'f:requests': { '.': {}, 'f:cpu': {}, 'f:memory': {} } },
              'f:terminationMessagePath': {}, 'f:terminationMessagePolicy': {},
            },
          },
          'f:dnsPolicy': {}, 'f:enableServiceLinks': {}, 'f:restartPolicy': {}, 'f:schedulerName': {}, 'f:securityContext': {}, 'f:terminationGracePeriodSeconds': {},
        },
      },
    }]);
  });

  it('names the manager after fieldManager, else the User-Agent before its first "/"', async () => {
    const byQuery = await api.post(`/api/v1/namespaces/${NS}/configmaps?fieldManager=tool`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'q' }, data: { a: '1' } });
    expect(managers(byQuery.json).map((e) => e.manager)).toEqual(['tool']);
    const byAgent = await api.call('POST', `/api/v1/namespaces/${NS}/configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ua' }, data: { a: '1' } }, { 'User-Agent': 'kubectl-create/v1.32.0 (linux/amd64) kubernetes/abc' });
    expect(managers(byAgent.json)).toEqual([{ manager: 'kubectl-create', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { '.': {}, 'f:a': {} } } }]);
  });
});

describe('later writes', () => {
  it('move changed fields to their writer and leave a writer that changed nothing out', async () => {
    await api.post(`/api/v1/namespaces/${NS}/configmaps?fieldManager=m1`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'w' }, data: { a: '1', b: '2' } });
    const same = await api.patch(`/api/v1/namespaces/${NS}/configmaps/w?fieldManager=m2`, { data: { a: '1' } }, 'application/merge-patch+json');
    expect(managers(same.json).map((e) => e.manager)).toEqual(['m1']);
    const changed = await api.patch(`/api/v1/namespaces/${NS}/configmaps/w?fieldManager=m2`, { data: { a: '9' } }, 'application/merge-patch+json');
    expect(managers(changed.json)).toEqual([
      { manager: 'm1', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { '.': {}, 'f:b': {} } } },
      { manager: 'm2', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {} } } },
    ]);
    const removed = await api.patch(`/api/v1/namespaces/${NS}/configmaps/w?fieldManager=m3`, [{ op: 'remove', path: '/data/b' }], 'application/json-patch+json');
    expect(managers(removed.json).map((e) => e.manager)).toEqual(['m1', 'm2']);
    expect(managers(removed.json)[0].fieldsV1).toEqual({ 'f:data': {} });
  });

  it('merges a manager\'s later changes into its one Update entry', async () => {
    await api.post(`/api/v1/namespaces/${NS}/configmaps?fieldManager=one`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'same' }, data: { a: '1' } });
    const res = await api.patch(`/api/v1/namespaces/${NS}/configmaps/same?fieldManager=one`, { metadata: { labels: { l: 'x' } }, data: { b: '2' } }, 'application/merge-patch+json');
    expect(managers(res.json)).toEqual([
      { manager: 'one', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { '.': {}, 'f:a': {}, 'f:b': {} }, 'f:metadata': { 'f:labels': { '.': {}, 'f:l': {} } } } },
    ]);
  });

  it('records a /status write under subresource "status"', async () => {
    const pod = await api.post(`/api/v1/namespaces/${NS}/pods?fieldManager=creator`, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'st' }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } });
    const res = await api.put(`/api/v1/namespaces/${NS}/pods/st/status?fieldManager=kubelet`, { ...pod.json, status: { ...pod.json.status, podIP: '10.0.0.1' } });
    expect(managers(res.json).find((e) => e.manager === 'kubelet')).toEqual({
      manager: 'kubelet', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:status': { 'f:podIP': {} } }, subresource: 'status',
    });
  });

  it('`managedFields: []` in a body resets them and the object stays untracked', async () => {
    const cur = await api.get(`/api/v1/namespaces/${NS}/configmaps/w`);
    const reset = await api.put(`/api/v1/namespaces/${NS}/configmaps/w?fieldManager=m4`, { ...cur.json, metadata: { ...cur.json.metadata, managedFields: [] }, data: { z: '1' } });
    expect(reset.status).toBe(200);
    expect(reset.json.metadata.managedFields).toBeUndefined();
  });

  it('rejects a fieldManager longer than 128 bytes and force on a non-apply patch (422 on the options kind)', async () => {
    const long = await api.post(`/api/v1/namespaces/${NS}/configmaps?fieldManager=${'x'.repeat(129)}`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'l' } });
    expect(long.status).toBe(422);
    expect(long.json.details.kind).toBe('CreateOptions');
    const force = await api.patch(`/api/v1/namespaces/${NS}/configmaps/w?force=true`, { data: { y: '1' } }, 'application/merge-patch+json');
    expect(force.status).toBe(422);
    expect(force.json.message).toBe('PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch');
  });
});
