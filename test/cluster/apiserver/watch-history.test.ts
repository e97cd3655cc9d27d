// The event window behind watches, exact lists and continue tokens, sized as kube-apiserver 1.26's watch
// cache (100 events, doubling while the window is younger than 75 s, up to the configured bound, halving
// once it is stale), and the 410s past it with the real server's texts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/objects.js';
import { startApiServer, type ApiServerHandle } from '../../../src/cluster/apiserver/index.js';
import { EventHistory } from '../../../src/cluster/apiserver/storage/history.js';
import { MemoryStorage } from '../../../src/cluster/apiserver/storage/memory.js';
import { ResourceVersionTooOldError, type StoreEvent } from '../../../src/cluster/apiserver/storage/types.js';
import { apiClient, openWatch, type ApiClient } from './http-client.js';

const ev = (rv: number): StoreEvent => ({ type: 'MODIFIED', rec: { obj: { metadata: { name: 'x', resourceVersion: String(rv) } }, json: '{}', rv } });
const cm = (name: string, data: Record<string, string> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data });

describe('EventHistory (kube-apiserver 1.26 watch cache sizing)', () => {
  it('a quiet resource keeps its last 100 events however old they are', () => {
    let now = 0;
    const h = new EventHistory(0, { now: () => now });
    for (let rv = 1; rv <= 150; rv++) {
      now += 10_000;
      h.push(ev(rv));
    }
    expect(h.capacity).toBe(100);
    expect(h.length).toBe(100);
    expect(h.oldestResumable).toBe(50);
    expect(h.covers(50)).toBe(true);
    expect(h.covers(49)).toBe(false);
  });

  it('a burst younger than 75 s grows the window by doubling up to the upper bound, then drops the oldest', () => {
    const h = new EventHistory(0, { upperBound: 1000, now: () => 0 });
    for (let rv = 1; rv <= 5000; rv++) h.push(ev(rv));
    expect(h.capacity).toBe(1000);
    expect(h.length).toBe(1000);
    expect(h.since(4998).map((e) => e.rec.rv)).toEqual([4999, 5000]);
    expect(h.oldestResumable).toBe(4000);
  });

  it('a full window whose newest quarter is older than 75 s halves back towards 100', () => {
    let now = 0;
    const h = new EventHistory(0, { upperBound: 800, now: () => now });
    for (let rv = 1; rv <= 800; rv++) h.push(ev(rv));
    expect(h.capacity).toBe(800);
    now = 200_000;
    h.push(ev(801));
    expect(h.capacity).toBe(400);
    expect(h.length).toBe(400);
    expect(h.oldestResumable).toBe(401);
  });

  it('nothing dropped yet: every version since the window began is resumable, older ones are not', () => {
    const h = new EventHistory(42, { now: () => 0 });
    h.push(ev(50));
    expect(h.covers(42)).toBe(true);
    expect(h.covers(41)).toBe(false);
    expect(h.oldestResumable).toBe(42);
  });

  it('memory: after 100,000 updates of one object the window holds at most its bound', () => {
    let now = 0;
    const s = new MemoryStorage({ historySize: 1000, now: () => now });
    s.create('/configmaps', cm('hot'));
    for (let i = 0; i < 100_000; i++) {
      now += 1;
      s.update('/configmaps', cm('hot', { i: String(i) }));
    }
    expect(s.historyLength('/configmaps')).toBe(1000);
    now += 100_000;
    for (let i = 0; i < 1000; i++) s.update('/configmaps', cm('hot', { j: String(i) }));
    expect(s.historyLength('/configmaps')).toBeLessThanOrEqual(1000);
  });
});

describe('MemoryStorage.listAt: the objects at an exact past resourceVersion', () => {
  it('undoes later creates, updates and deletes; 410 once the version left the window', () => {
    const s = new MemoryStorage({ historySize: 3, now: () => 0 });
    const a1 = s.create('/configmaps', cm('a', { v: '1' })).rv;
    s.create('/configmaps', cm('b'));
    s.update('/configmaps', cm('a', { v: '2' }));
    s.remove('/configmaps', 'default', 'b');
    const at = s.listAt('/configmaps', a1 + 1, 'default');
    expect(at.map((r) => [r.obj.metadata!.name, (r.obj as { data?: Record<string, string> }).data?.v])).toEqual([['a', '1'], ['b', undefined]]);
    expect(s.listAt('/configmaps', a1, 'default').map((r) => r.obj.metadata!.name)).toEqual(['a']);
    expect(() => s.listAt('/configmaps', a1 - 1, 'default')).toThrow(ResourceVersionTooOldError);
    expect(s.listAt('/configmaps', s.currentRv).map((r) => r.obj.metadata!.name)).toEqual(['a']);
  });
});

describe('over HTTP (answers as kube-apiserver 1.26.5 gives them)', () => {
  let server: ApiServerHandle;
  let api: ApiClient;
  const CMS = '/api/v1/namespaces/default/configmaps';
  beforeAll(async () => {
    server = await startApiServer({ installKruiseCrds: false, watchHistorySize: 4 });
    api = apiClient(server);
  });
  afterAll(async () => {
    api.close();
    await server.stop();
  });

  it('the window starts after the bootstrap objects: a watch from resourceVersion 1 is 200 then one ERROR 410 event', async () => {
    const w = await openWatch(server, `${CMS}?watch=true&resourceVersion=1`);
    const [event] = await w.waitFor(1);
    expect(event).toEqual({
      type: 'ERROR',
      object: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: expect.stringMatching(/^too old resource version: 1 \(\d+\)$/), reason: 'Expired', code: 410 },
    });
    w.close();
  });

  it('once events left the window, the 410 names the version before the oldest kept one', async () => {
    const first = (await api.post(CMS, { metadata: { name: 'churn' }, data: { i: '0' } })).json.metadata.resourceVersion as string;
    const rvs: number[] = [];
    for (let i = 1; i <= 8; i++) rvs.push(Number((await api.patch(`${CMS}/churn`, { data: { i: String(i) } }, 'application/merge-patch+json')).json.metadata.resourceVersion));
    const w = await openWatch(server, `${CMS}?watch=true&resourceVersion=${first}`);
    const [event] = await w.waitFor(1);
    expect(event.object.message).toBe(`too old resource version: ${first} (${rvs[rvs.length - 4]! - 1})`);
    w.close();
    const list = await api.get(`${CMS}?resourceVersion=${first}&resourceVersionMatch=Exact`);
    expect(list.status).toBe(410);
    expect(list.json).toMatchObject({ reason: 'Expired', message: 'The resourceVersion for the provided list is too old.' });
  });

  it('continue tokens are kube-apiserver\'s (meta.k8s.io/v1, start key); one past the window is 410 with a fresh token', async () => {
    for (const n of ['p1', 'p2', 'p3']) await api.post(CMS, { metadata: { name: n, labels: { page: 'yes' } } });
    const page = await api.get(`${CMS}?labelSelector=page%3Dyes&limit=1`);
    const token = page.json.metadata.continue as string;
    expect(JSON.parse(Buffer.from(token, 'base64url').toString())).toEqual({ v: 'meta.k8s.io/v1', rv: Number(page.json.metadata.resourceVersion), start: 'default/p1\u0000' });
    const next = await api.get(`${CMS}?labelSelector=page%3Dyes&limit=1&continue=${token}`);
    expect(next.json.items.map((i: KubeObject) => i.metadata!.name)).toEqual(['p2']);
    for (let i = 0; i < 6; i++) await api.post(CMS, { metadata: { name: `later-${i}` } });
    const expired = await api.get(`${CMS}?labelSelector=page%3Dyes&limit=1&continue=${token}`);
    expect(expired.status).toBe(410);
    expect(expired.json.message).toMatch(/^The provided continue parameter is too old to display a consistent list result\. You can start a new list without the continue parameter, or use the continue token in this response/);
    const fresh = JSON.parse(Buffer.from(expired.json.metadata.continue, 'base64url').toString());
    expect(fresh).toEqual({ v: 'meta.k8s.io/v1', rv: -1, start: 'default/p1\u0000' });
    const rest = await api.get(`${CMS}?labelSelector=page%3Dyes&continue=${expired.json.metadata.continue}`);
    expect(rest.json.items.map((i: KubeObject) => i.metadata!.name)).toEqual(['p2', 'p3']);
  });

  it('a list at an exact recent resourceVersion shows the objects as they were', async () => {
    const created = (await api.post(CMS, { metadata: { name: 'exact', labels: { exact: 'yes' } }, data: { v: '1' } })).json.metadata.resourceVersion;
    await api.patch(`${CMS}/exact`, { data: { v: '2' } }, 'application/merge-patch+json');
    const then = await api.get(`${CMS}?labelSelector=exact%3Dyes&resourceVersion=${created}&resourceVersionMatch=Exact`);
    expect(then.json.metadata.resourceVersion).toBe(created);
    expect(then.json.items.map((i: { data: { v: string } }) => i.data.v)).toEqual(['1']);
  });
});
