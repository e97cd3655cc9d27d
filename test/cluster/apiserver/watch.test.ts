import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServerHandle } from '../../../src/cluster/apiserver/index.js';
import { apiClient, openWatch, type ApiClient } from './http-client.js';

let server: ApiServerHandle;
let api: ApiClient;

beforeAll(async () => {
  server = await startApiServer({ installKruiseCrds: false, watchHistorySize: 20, bookmarkIntervalMs: 100 });
  api = apiClient(server);
});
afterAll(async () => {
  api.close();
  await server.stop();
});

const cm = (name: string, labels: Record<string, string> = {}) => ({ metadata: { name, labels }, data: { a: '1' } });
const CMS = '/api/v1/namespaces/default/configmaps';

describe('watch', () => {
  it('resourceVersion "0" sends the current state as ADDED, then streams changes', async () => {
    await api.post(CMS, cm('w-initial'));
    const w = await openWatch(server, `${CMS}?watch=1&resourceVersion=0&fieldSelector=metadata.name%3Dw-initial`);
    await w.waitFor(1);
    expect(w.events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'w-initial' } } });
    await api.patch(`${CMS}/w-initial`, { data: { a: '2' } }, 'application/merge-patch+json');
    await w.waitFor(2);
    expect(w.events[1]).toMatchObject({ type: 'MODIFIED', object: { data: { a: '2' } } });
    w.close();
  });

  it('a watch from a resourceVersion replays every later change in order (also on the /watch/ path)', async () => {
    const created = (await api.post(CMS, cm('w-replay'))).json;
    await api.patch(`${CMS}/w-replay`, { data: { a: '2' } }, 'application/merge-patch+json');
    await api.delete(`${CMS}/w-replay`);
    const w = await openWatch(server, `/api/v1/watch/namespaces/default/configmaps?resourceVersion=${created.metadata.resourceVersion}&fieldSelector=metadata.name%3Dw-replay`);
    const events = await w.waitFor(2);
    expect(events.map((e) => e.type)).toEqual(['MODIFIED', 'DELETED']);
    expect(Number(events[1].object.metadata.resourceVersion)).toBeGreaterThan(Number(events[0].object.metadata.resourceVersion));
    w.close();
  });

  it('a resourceVersion older than the bounded history gets an ERROR event with a 410 Expired Status', async () => {
    const first = (await api.post(CMS, cm('w-old'))).json;
    for (let i = 0; i < 25; i++) await api.patch(`${CMS}/w-old`, { data: { a: String(i) } }, 'application/merge-patch+json');
    const w = await openWatch(server, `${CMS}?watch=1&resourceVersion=${first.metadata.resourceVersion}`);
    await w.ended;
    expect(w.events).toHaveLength(1);
    expect(w.events[0]).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired' } });
    expect(w.events[0].object.message).toMatch(/^too old resource version: \d+ \(\d+\)$/);
  });

  it('an object leaving a label selector is reported as DELETED, one entering as ADDED', async () => {
    await api.post(CMS, cm('w-sel', { tier: 'web' }));
    const rv = (await api.get(CMS)).json.metadata.resourceVersion;
    const w = await openWatch(server, `${CMS}?watch=true&resourceVersion=${rv}&labelSelector=tier%20in%20(web)`);
    await api.patch(`${CMS}/w-sel`, { metadata: { labels: { tier: 'db' } } }, 'application/merge-patch+json');
    await api.patch(`${CMS}/w-sel`, { metadata: { labels: { tier: 'web' } } }, 'application/merge-patch+json');
    const events = await w.waitFor(2);
    expect(events.map((e) => `${e.type} ${e.object.metadata.labels.tier}`)).toEqual(['DELETED db', 'ADDED web']);
    w.close();
  });

  it('allowWatchBookmarks sends BOOKMARK events carrying the current resourceVersion', async () => {
    const w = await openWatch(server, `${CMS}?watch=1&allowWatchBookmarks=true&resourceVersion=${server.storage.currentRv}`);
    await w.waitFor(1);
    expect(w.events[0]).toMatchObject({ type: 'BOOKMARK', object: { kind: 'ConfigMap', apiVersion: 'v1' } });
    expect(Number(w.events[0].object.metadata.resourceVersion)).toBe(server.storage.currentRv);
    w.close();
  });

  it('timeoutSeconds ends the watch cleanly', async () => {
    const started = Date.now();
    const w = await openWatch(server, `${CMS}?watch=1&timeoutSeconds=1&resourceVersion=${server.storage.currentRv}`);
    await w.ended;
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(w.events).toEqual([]);
  });

  it('watch with as=Table streams Table rows (kubectl get -w)', async () => {
    await api.post('/api/v1/namespaces/default/pods', { metadata: { name: 'w-table' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });
    const w = await openWatch(server, '/api/v1/namespaces/default/pods?watch=1&fieldSelector=metadata.name%3Dw-table', { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
    const [ev] = await w.waitFor(1);
    expect(ev.type).toBe('ADDED');
    expect(ev.object.kind).toBe('Table');
    expect(ev.object.columnDefinitions.map((c: any) => c.name)).toEqual(expect.arrayContaining(['Name', 'Ready', 'Status', 'Restarts', 'Age']));
    expect(ev.object.rows[0].cells[0]).toBe('w-table');
    w.close();
  });

  it('a watcher that disconnects is dropped and the server keeps serving', async () => {
    const w = await openWatch(server, `${CMS}?watch=1&resourceVersion=${server.storage.currentRv}`);
    w.close();
    await new Promise((r) => setTimeout(r, 50));
    for (let i = 0; i < 3; i++) expect((await api.post(CMS, cm(`after-drop-${i}`))).status).toBe(201);
    expect((await api.get('/healthz')).status).toBe(200);
  });
});

describe('list', () => {
  it('limit and continue page through a sorted collection', async () => {
    // Secrets: every namespace holds the kube-root-ca.crt ConfigMap, but no Secret.
    for (let i = 0; i < 5; i++) await api.post('/api/v1/namespaces/kube-public/secrets', { metadata: { name: `page-${i}` } });
    const p1 = (await api.get('/api/v1/namespaces/kube-public/secrets?limit=2')).json;
    expect(p1.items.map((o: any) => o.metadata.name)).toEqual(['page-0', 'page-1']);
    expect(p1.metadata.remainingItemCount).toBe(3);
    const p2 = (await api.get(`/api/v1/namespaces/kube-public/secrets?limit=2&continue=${encodeURIComponent(p1.metadata.continue)}`)).json;
    expect(p2.items.map((o: any) => o.metadata.name)).toEqual(['page-2', 'page-3']);
    const p3 = (await api.get(`/api/v1/namespaces/kube-public/secrets?limit=2&continue=${encodeURIComponent(p2.metadata.continue)}`)).json;
    expect(p3.items.map((o: any) => o.metadata.name)).toEqual(['page-4']);
    expect(p3.metadata.continue).toBeUndefined();
  });

  it('field selectors match spec.nodeName, status.phase and involvedObject fields', async () => {
    await api.post('/api/v1/namespaces/default/pods', { metadata: { name: 'fs-a' }, spec: { nodeName: 'node1', containers: [{ name: 'c', image: 'i' }] } });
    await api.post('/api/v1/namespaces/default/pods', { metadata: { name: 'fs-b' }, spec: { containers: [{ name: 'c', image: 'i' }] } });
    const onNode1 = (await api.get('/api/v1/pods?fieldSelector=spec.nodeName%3Dnode1')).json.items.map((p: any) => p.metadata.name);
    expect(onNode1).toEqual(['fs-a']);
    const unscheduled = (await api.get('/api/v1/namespaces/default/pods?fieldSelector=spec.nodeName%3D,metadata.name%3Dfs-b')).json.items;
    expect(unscheduled.map((p: any) => p.metadata.name)).toEqual(['fs-b']);
    const notPending = (await api.get('/api/v1/namespaces/default/pods?fieldSelector=status.phase!%3DPending')).json.items;
    expect(notPending).toEqual([]);
    await api.post('/api/v1/namespaces/default/events', { metadata: { name: 'ev1' }, involvedObject: { kind: 'Pod', name: 'fs-a', namespace: 'default' }, reason: 'X', message: 'y' });
    const evs = (await api.get('/api/v1/namespaces/default/events?fieldSelector=involvedObject.name%3Dfs-a,involvedObject.kind%3DPod')).json.items;
    expect(evs.map((e: any) => e.metadata.name)).toEqual(['ev1']);
    await api.post('/api/v1/nodes', { metadata: { name: 'schedulable' } });
    await api.post('/api/v1/nodes', { metadata: { name: 'cordoned' }, spec: { unschedulable: true } });
    const open = (await api.get('/api/v1/nodes?fieldSelector=spec.unschedulable%3Dfalse')).json.items.map((n: any) => n.metadata.name);
    expect(open).toEqual(['schedulable']);
  });
});
