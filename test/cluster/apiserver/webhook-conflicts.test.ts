import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServerHandle } from '../../../src/cluster/apiserver/index.js';
import type { ApiClient } from './http-client.js';
import { configuration, deleteConfigurations, MWC, rule, startWebhookBed, stopWebhookBed, VWC, webhook, type TestWebhook } from './webhook-server.js';

// A write that awaits webhooks may find its object changed when it commits: as kube-apiserver, an update
// without a resourceVersion precondition is admitted again from the fresh object, one with a precondition
// answers 409 Conflict, and a create whose name was taken meanwhile answers 409 AlreadyExists.
let server: ApiServerHandle;
let api: ApiClient;
let wh: TestWebhook;
/** Run by the webhook before it answers its next call (then cleared): another client's write. */
let interfere: (() => Promise<unknown>) | undefined;

beforeAll(async () => {
  ({ server, api, wh } = await startWebhookBed({ installKruiseCrds: false }));
  const meddling = async (): Promise<{ allowed: boolean }> => {
    const write = interfere;
    interfere = undefined;
    if (write) await write();
    return { allowed: true };
  };
  wh.handle('/validate', meddling);
  wh.handle('/mutate', meddling);
});
afterEach(async () => {
  interfere = undefined;
  await deleteConfigurations(api);
});
afterAll(() => stopWebhookBed({ server, api, wh }));

const CM = '/api/v1/namespaces/default/configmaps';
const MERGE = 'application/merge-patch+json';

async function validating(operations: string[]): Promise<void> {
  const res = await api.post(VWC, configuration('validating', 'meddler', [webhook(wh, 'meddler.example.com', '/validate', [rule(['configmaps'], operations)])]));
  expect(res.status).toBe(201);
}

async function configMap(name: string): Promise<any> {
  const res = await api.post(CM, { metadata: { name }, data: { v: '0' } });
  expect(res.status).toBe(201);
  return res.json;
}

const relabel = (name: string) => () => api.patch(`${CM}/${name}`, { metadata: { labels: { meanwhile: 'yes' } } }, MERGE);

describe('a write whose object changed while webhooks were awaited', () => {
  it('PUT with a resourceVersion answers 409 Conflict and leaves the other write in place', async () => {
    const cm = await configMap('put-rv');
    await validating(['UPDATE']);
    interfere = relabel('put-rv');
    const res = await api.put(`${CM}/put-rv`, { ...cm, data: { v: '1' } });
    expect(res.status).toBe(409);
    expect(res.json.reason).toBe('Conflict');
    expect(res.json.message).toBe('Operation cannot be fulfilled on configmaps "put-rv": the object has been modified; please apply your changes to the latest version and try again');
    const stored = (await api.get(`${CM}/put-rv`)).json;
    expect(stored.metadata.labels).toEqual({ meanwhile: 'yes' });
    expect(stored.data).toEqual({ v: '0' });
  });

  it('PUT without a resourceVersion is admitted again from the fresh object and then stored', async () => {
    const cm = await configMap('put-free');
    await validating(['UPDATE']);
    interfere = relabel('put-free');
    const calls = wh.at('/validate').length;
    const { resourceVersion: _rv, ...meta } = cm.metadata;
    const res = await api.put(`${CM}/put-free`, { ...cm, metadata: meta, data: { v: '1' } });
    expect(res.status).toBe(200);
    expect(res.json.data).toEqual({ v: '1' });
    // This write's first call, the other write's call, this write's second call.
    const names = wh.at('/validate').slice(calls).map((c) => c.review.request.object.data.v);
    expect(names).toEqual(['1', '0', '1']);
    expect(wh.at('/validate').at(-1)!.review.request.oldObject.metadata.labels).toEqual({ meanwhile: 'yes' });
  });

  it('PATCH is applied again to the fresh object: both changes are kept', async () => {
    await configMap('patch-free');
    await validating(['UPDATE']);
    interfere = relabel('patch-free');
    const res = await api.patch(`${CM}/patch-free`, { data: { v: '2' } }, MERGE);
    expect(res.status).toBe(200);
    expect(res.json.metadata.labels).toEqual({ meanwhile: 'yes' });
    expect(res.json.data).toEqual({ v: '2' });
  });

  it('PATCH that names a resourceVersion answers 409 Conflict', async () => {
    const cm = await configMap('patch-rv');
    await validating(['UPDATE']);
    interfere = relabel('patch-rv');
    const res = await api.patch(`${CM}/patch-rv`, { metadata: { resourceVersion: cm.metadata.resourceVersion }, data: { v: '3' } }, MERGE);
    expect(res.status).toBe(409);
    expect((await api.get(`${CM}/patch-rv`)).json.data).toEqual({ v: '0' });
  });

  it('a create whose name was taken meanwhile answers 409 AlreadyExists', async () => {
    const res0 = await api.post(MWC, configuration('mutating', 'meddler', [webhook(wh, 'meddler.example.com', '/mutate', [rule(['configmaps'], ['CREATE'])])]));
    expect(res0.status).toBe(201);
    interfere = () => api.post(CM, { metadata: { name: 'taken' }, data: { by: 'other' } });
    const res = await api.post(CM, { metadata: { name: 'taken' }, data: { by: 'me' } });
    expect(res.status).toBe(409);
    expect(res.json.reason).toBe('AlreadyExists');
    expect(res.json.message).toBe('configmaps "taken" already exists');
    expect((await api.get(`${CM}/taken`)).json.data).toEqual({ by: 'other' });
  });

  it('a delete is admitted again when the object changed; with a resourceVersion precondition it answers 409', async () => {
    await configMap('del-free');
    const pinned = await configMap('del-rv');
    await validating(['DELETE']);
    interfere = relabel('del-free');
    expect((await api.delete(`${CM}/del-free`)).status).toBe(200);
    expect((await api.get(`${CM}/del-free`)).status).toBe(404);
    interfere = relabel('del-rv');
    const res = await api.delete(`${CM}/del-rv`, { preconditions: { resourceVersion: pinned.metadata.resourceVersion } });
    expect(res.status).toBe(409);
    expect(res.json.message).toMatch(/^Operation cannot be fulfilled on configmaps "del-rv": Precondition failed: ResourceVersion in precondition: \d+, ResourceVersion in object meta: \d+$/);
    expect((await api.get(`${CM}/del-rv`)).status).toBe(200);
  });
});
