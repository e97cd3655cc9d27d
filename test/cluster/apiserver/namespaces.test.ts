import { describe, expect, it } from 'vitest';
import type { ApiServerHandle } from '../../../src/cluster/apiserver/index.js';
import { apiClient, openWatch, type ApiClient, type WatchStream } from './http-client.js';
import { serverPerFile } from './server-per-file.js';

let server: ApiServerHandle;
let api: ApiClient;

serverPerFile((s, a) => {
  server = s;
  api = a;
});

const NS = '/api/v1/namespaces';
const pod = (name: string, extra: Record<string, unknown> = {}) => ({ metadata: { name, ...extra }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } });

async function watchNamespace(name: string): Promise<WatchStream> {
  const rv = (await api.get(`${NS}/${name}`)).json.metadata.resourceVersion;
  return openWatch(server, `${NS}?watch=true&fieldSelector=metadata.name%3D${name}&resourceVersion=${rv}`);
}

async function until(w: WatchStream, done: (ev: any) => boolean): Promise<any> {
  for (;;) {
    const hit = w.events.find(done);
    if (hit) return hit;
    await w.waitFor(w.events.length + 1);
  }
}

describe('namespace bootstrap', () => {
  it('a new namespace gets the default ServiceAccount and kube-root-ca.crt holding the server CA', async () => {
    await api.post(NS, { metadata: { name: 'boot' } });
    expect((await api.get(`${NS}/boot/serviceaccounts/default`)).status).toBe(200);
    const cm = (await api.get(`${NS}/boot/configmaps/kube-root-ca.crt`)).json;
    expect(cm.data).toEqual({ 'ca.crt': server.caPem });
    expect(cm.metadata.annotations['kubernetes.io/description']).toMatch(/^Contains a CA bundle/);
  });

  it('the initial namespaces have them too, and a deleted one is recreated', async () => {
    expect((await api.get(`${NS}/kube-system/configmaps/kube-root-ca.crt`)).status).toBe(200);
    await api.delete(`${NS}/boot/serviceaccounts/default`);
    expect((await api.get(`${NS}/boot/serviceaccounts/default`)).status).toBe(200);
    await api.patch(`${NS}/boot/configmaps/kube-root-ca.crt`, { data: { 'ca.crt': 'tampered' } }, 'application/merge-patch+json');
    expect((await api.get(`${NS}/boot/configmaps/kube-root-ca.crt`)).json.data['ca.crt']).toBe(server.caPem);
  });
});

describe('namespace lifecycle', () => {
  it('a namespace is created with the kubernetes finalizer', async () => {
    const ns = (await api.post(NS, { metadata: { name: 'fin' } })).json;
    expect(ns.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(ns.status).toEqual({ phase: 'Active' });
  });

  it('DELETE answers 200 Terminating; creates are 403 NamespaceTerminating; the namespace waits for finalized content', async () => {
    await api.post(NS, { metadata: { name: 'term' } });
    await api.post(`${NS}/term/pods`, pod('held', { finalizers: ['example.com/hold'] }));
    await api.post(`${NS}/term/configmaps`, { metadata: { name: 'cm' } });
    const w = await watchNamespace('term');
    const del = await api.delete(`${NS}/term`);
    expect(del.status).toBe(200);
    expect(del.json.status.phase).toBe('Terminating');
    expect(del.json.metadata.deletionTimestamp).toBeDefined();
    expect(del.json.spec.finalizers).toEqual(['kubernetes']);

    const create = await api.post(`${NS}/term/configmaps`, { metadata: { name: 'late' } });
    expect(create.status).toBe(403);
    expect(create.json).toMatchObject({
      reason: 'Forbidden',
      message: 'configmaps "late" is forbidden: unable to create new content in namespace term because it is being terminated',
      details: { name: 'late', kind: 'configmaps', causes: [{ reason: 'NamespaceTerminating', message: 'namespace term is being terminated', field: 'metadata.namespace' }] },
    });

    const waiting = await until(w, (ev) => ev.object.status.conditions?.some((c: any) => c.type === 'NamespaceFinalizersRemaining' && c.status === 'True'));
    const byType = Object.fromEntries(waiting.object.status.conditions.map((c: any) => [c.type, c]));
    expect(byType.NamespaceContentRemaining).toMatchObject({ status: 'True', reason: 'SomeResourcesRemain', message: 'Some resources are remaining: pods. has 1 resource instances' });
    expect(byType.NamespaceFinalizersRemaining).toMatchObject({ reason: 'SomeFinalizersRemain', message: 'Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances' });
    expect(byType.NamespaceDeletionDiscoveryFailure).toMatchObject({ status: 'False', reason: 'ResourcesDiscovered' });
    expect((await api.get(`${NS}/term/configmaps/cm`)).status).toBe(404);

    await api.patch(`${NS}/term/pods/held`, [{ op: 'remove', path: '/metadata/finalizers' }], 'application/json-patch+json');
    await until(w, (ev) => ev.type === 'DELETED');
    w.close();
    expect((await api.get(`${NS}/term`)).status).toBe(404);
  });

  it('default, kube-system and kube-public may not be deleted', async () => {
    for (const name of ['default', 'kube-system', 'kube-public']) {
      const res = await api.delete(`${NS}/${name}`);
      expect(res.status).toBe(403);
      expect(res.json).toMatchObject({ message: `namespaces "${name}" is forbidden: this namespace may not be deleted`, details: { name, kind: 'namespaces' } });
    }
  });

  it('PUT /finalize alone changes spec.finalizers; a namespace without finalizers stays Terminating until a second DELETE', async () => {
    const ns = (await api.post(NS, { metadata: { name: 'manual' } })).json;
    const put = await api.put(`${NS}/manual/finalize`, { ...ns, spec: { finalizers: [] } });
    expect(put.status).toBe(200);
    expect(put.json.spec).toEqual({});
    const plain = await api.put(`${NS}/manual`, { ...put.json, spec: { finalizers: ['kubernetes'] } });
    expect(plain.json.spec).toEqual({});
    expect((await api.delete(`${NS}/manual`)).json.status.phase).toBe('Terminating');
    expect((await api.get(`${NS}/manual`)).json.status.phase).toBe('Terminating');
    const second = await api.delete(`${NS}/manual`);
    expect(second.status).toBe(200);
    expect(second.json.kind).toBe('Namespace');
    expect((await api.get(`${NS}/manual`)).status).toBe(404);
  });
});
