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

const PODS = '/api/v1/namespaces/default/pods';
const MOUNT = '/var/run/secrets/kubernetes.io/serviceaccount';

describe('pod admission', () => {
  it('ServiceAccount admission: default account, the kube-api-access volume mounted in every container; default tolerations', async () => {
    const res = await api.post(PODS, { metadata: { name: 'sa' }, spec: { initContainers: [{ name: 'i', image: 'busybox' }], containers: [{ name: 'c', image: 'nginx:1.25' }] } });
    const spec = res.json.spec;
    expect(spec.serviceAccountName).toBe('default');
    expect(spec.serviceAccount).toBe('default');
    const volume = spec.volumes[0];
    expect(volume.name).toMatch(/^kube-api-access-[a-z0-9]{5}$/);
    expect(volume.projected.sources.map((s: any) => Object.keys(s)[0])).toEqual(['serviceAccountToken', 'configMap', 'downwardAPI']);
    expect(volume.projected.sources[0].serviceAccountToken).toEqual({ expirationSeconds: 3607, path: 'token' });
    for (const c of [...spec.initContainers, ...spec.containers]) expect(c.volumeMounts).toEqual([{ name: volume.name, readOnly: true, mountPath: MOUNT }]);
    expect(spec.tolerations).toEqual([
      { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    ]);
  });

  it('automountServiceAccountToken: false mounts nothing; a missing account is 403', async () => {
    const off = await api.post(PODS, { metadata: { name: 'off' }, spec: { automountServiceAccountToken: false, containers: [{ name: 'c', image: 'x' }] } });
    expect(off.json.spec.volumes).toBeUndefined();
    const res = await api.post(PODS, { metadata: { name: 'nosa' }, spec: { serviceAccountName: 'nope', containers: [{ name: 'c', image: 'x' }] } });
    expect(res.status).toBe(403);
    expect(res.json.message).toBe('pods "nosa" is forbidden: error looking up service account default/nope: serviceaccount "nope" not found');
  });
});

describe('eviction', () => {
  const evict = (name: string) => api.post(`${PODS}/${name}/eviction`, { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name } });

  it('evicting an unscheduled pod deletes it: 201 Success', async () => {
    await api.post(PODS, { metadata: { name: 'ev' }, spec: { containers: [{ name: 'c', image: 'x' }] } });
    const res = await evict('ev');
    expect(res.status).toBe(201);
    expect(res.json).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 });
    expect((await api.get(`${PODS}/ev`)).status).toBe(404);
  });

  it('a PodDisruptionBudget that would be violated answers 429 with the budget as the cause', async () => {
    await api.post('/apis/policy/v1/namespaces/default/poddisruptionbudgets', { metadata: { name: 'pdb' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'guarded' } } } });
    await api.post(PODS, { metadata: { name: 'guarded', labels: { app: 'guarded' } }, spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'x' }] } });
    await api.patch(`${PODS}/guarded/status`, { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } }, 'application/merge-patch+json');
    const res = await evict('guarded');
    expect(res.status).toBe(429);
    expect(res.json).toMatchObject({
      reason: 'TooManyRequests', message: "Cannot evict pod as it would violate the pod's disruption budget.",
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget pdb needs 1 healthy pods and has 1 currently' }] },
    });
    expect((await api.post(`${PODS}/guarded/eviction`, { metadata: { name: 'other' } })).json.message).toBe('name in URL does not match name in Eviction object');
  });
});
