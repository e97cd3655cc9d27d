import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServerHandle } from '../../../src/cluster/apiserver/index.js';
import { apiClient, type ApiClient } from './http-client.js';

let server: ApiServerHandle;
let api: ApiClient;

beforeAll(async () => {
  server = await startApiServer({ installKruiseCrds: false });
  api = apiClient(server);
});
afterAll(async () => {
  api.close();
  await server.stop();
});

const pod = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] }, ...extra,
});

describe('authentication', () => {
  it('a request without credentials is anonymous: 403 Forbidden naming system:anonymous, as kube-apiserver with RBAC', async () => {
    const res = await api.call('GET', '/api/v1/namespaces', undefined, {}, null);
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({
      kind: 'Status', status: 'Failure', reason: 'Forbidden', code: 403, details: { kind: 'namespaces' },
      message: 'namespaces is forbidden: User "system:anonymous" cannot list resource "namespaces" in API group "" at the cluster scope',
    });
  });
  it('a wrong token gets 401 too', async () => {
    const res = await api.call('GET', '/api/v1/namespaces', undefined, {}, 'not-the-token');
    expect(res.status).toBe(401);
  });
});

describe('storage semantics', () => {
  it('the four initial namespaces exist', async () => {
    const res = await api.get('/api/v1/namespaces');
    expect(res.json.items.map((n: any) => n.metadata.name)).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
  });

  it('create answers 201 with uid, creationTimestamp and resourceVersion (a pod has no generation in 1.26); a second create is 409 AlreadyExists', async () => {
    const res = await api.post('/api/v1/namespaces/default/pods', pod('p1'));
    expect(res.status).toBe(201);
    expect(res.json.metadata).toMatchObject({ name: 'p1', namespace: 'default' });
    expect(res.json.metadata.generation).toBeUndefined();
    expect(res.json.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(res.json.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(res.json.status.phase).toBe('Pending');
    const again = await api.post('/api/v1/namespaces/default/pods', pod('p1'));
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ reason: 'AlreadyExists', message: 'pods "p1" already exists' });
  });

  it('generateName appends five random lowercase alphanumerics', async () => {
    const res = await api.post('/api/v1/namespaces/default/configmaps', { metadata: { generateName: 'cfg-' }, data: { a: '1' } });
    expect(res.status).toBe(201);
    expect(res.json.metadata.name).toMatch(/^cfg-[a-z0-9]{5}$/);
  });

  it('a stale update gets 409 Conflict with the Kubernetes message and changes nothing', async () => {
    const created = (await api.post('/api/v1/namespaces/default/pods', pod('p2'))).json;
    const fresh = { ...created, metadata: { ...created.metadata, labels: { app: 'web', v: '2' } } };
    const ok = await api.put('/api/v1/namespaces/default/pods/p2', fresh);
    expect(ok.status).toBe(200);
    const stale = { ...created, metadata: { ...created.metadata, labels: { app: 'stale' } } };
    const res = await api.put('/api/v1/namespaces/default/pods/p2', stale);
    expect(res.status).toBe(409);
    expect(res.json.message).toBe('Operation cannot be fulfilled on pods "p2": the object has been modified; please apply your changes to the latest version and try again');
    const now = (await api.get('/api/v1/namespaces/default/pods/p2')).json;
    expect(now.metadata.labels).toEqual({ app: 'web', v: '2' });
    expect(now.metadata.resourceVersion).toBe(ok.json.metadata.resourceVersion);
  });

  it('generation is bumped by spec changes only', async () => {
    const created = (await api.post('/apis/apps/v1/namespaces/default/deployments', { metadata: { name: 'd1' }, spec: { replicas: 1 } })).json;
    const labelled = await api.patch('/apis/apps/v1/namespaces/default/deployments/d1', { metadata: { labels: { x: 'y' } } }, 'application/merge-patch+json');
    expect(labelled.json.metadata.generation).toBe(1);
    const scaled = await api.patch('/apis/apps/v1/namespaces/default/deployments/d1', { spec: { replicas: 2 } }, 'application/merge-patch+json');
    expect(scaled.json.metadata.generation).toBe(2);
    expect(created.metadata.generation).toBe(1);
  });

  it('get of a missing object is 404 NotFound `pods "x" not found`', async () => {
    const res = await api.get('/api/v1/namespaces/default/pods/nope');
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'pods "nope" not found', code: 404 });
  });

  it('a malformed body is 400 naming the problem; an oversized one is 413', async () => {
    const bad = await api.post('/api/v1/namespaces/default/pods', '{"metadata": ');
    expect(bad.status).toBe(400);
    // kube-apiserver 1.26.5's decoder text, Go's JSON error and the body's first bytes.
    expect(bad.json.message).toBe(`the object provided is unrecognized (must be of type Pod): couldn't get version/kind; json parse error: unexpected end of JSON input ({"metadata": )`);
    const big = await api.post('/api/v1/namespaces/default/configmaps', { metadata: { name: 'big' }, data: { a: 'x'.repeat(3 * 1024 * 1024 + 10) } });
    expect(big.status).toBe(413);
    expect(big.json.reason).toBe('RequestEntityTooLarge');
  });
});
