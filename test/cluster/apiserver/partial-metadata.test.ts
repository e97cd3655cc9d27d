// Metadata-only clients (kube's garbage collector, controllers that watch only metadata) ask with
// Accept: application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1 and must get exactly that.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServerHandle } from '../../../src/cluster/apiserver/index.js';
import { apiClient, openWatch, type ApiClient } from './http-client.js';

let server: ApiServerHandle;
let api: ApiClient;

beforeAll(async () => {
  server = await startApiServer({ installKruiseCrds: false, bookmarkIntervalMs: 100 });
  api = apiClient(server);
});
afterAll(async () => {
  api.close();
  await server.stop();
});

const CMS = '/api/v1/namespaces/default/configmaps';
const META = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';
const META_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

describe('PartialObjectMetadata', () => {
  it('GET answers the object as PartialObjectMetadata: its whole metadata, no data', async () => {
    await api.post(CMS, { metadata: { name: 'pm-get', labels: { a: 'b' }, ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'o', uid: 'u-1' }] }, data: { secret: 'x' } });
    const r = await api.get(`${CMS}/pm-get`, { Accept: META });
    expect(r.status).toBe(200);
    expect(r.json.kind).toBe('PartialObjectMetadata');
    expect(r.json.apiVersion).toBe('meta.k8s.io/v1');
    expect(r.json.metadata).toMatchObject({ name: 'pm-get', namespace: 'default', labels: { a: 'b' }, ownerReferences: [{ uid: 'u-1' }] });
    expect(r.json.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.keys(r.json).sort()).toEqual(['apiVersion', 'kind', 'metadata']);
    const v1beta1 = await api.get(`${CMS}/pm-get`, { Accept: 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1beta1' });
    expect(v1beta1.json.apiVersion).toBe('meta.k8s.io/v1beta1');
  });

  it('a list answers PartialObjectMetadataList with the list metadata and paging kept', async () => {
    for (const n of ['pm-l1', 'pm-l2', 'pm-l3']) await api.post(CMS, { metadata: { name: n, labels: { set: 'pm-list' } }, data: { a: '1' } });
    const r = await api.get(`${CMS}?labelSelector=set%3Dpm-list&limit=2`, { Accept: META_LIST });
    expect(r.json.kind).toBe('PartialObjectMetadataList');
    expect(r.json.apiVersion).toBe('meta.k8s.io/v1');
    expect(r.json.items.map((i: any) => [i.kind, i.metadata.name, i.data])).toEqual([['PartialObjectMetadata', 'pm-l1', undefined], ['PartialObjectMetadata', 'pm-l2', undefined]]);
    expect(r.json.metadata.continue).toBeTruthy();
    const rest = await api.get(`${CMS}?labelSelector=set%3Dpm-list&limit=2&continue=${encodeURIComponent(r.json.metadata.continue)}`, { Accept: META_LIST });
    expect(rest.json.items.map((i: any) => i.metadata.name)).toEqual(['pm-l3']);
  });

  it('a watch streams PartialObjectMetadata events, bookmarks included', async () => {
    const w = await openWatch(server, `${CMS}?watch=1&fieldSelector=metadata.name%3Dpm-watch&allowWatchBookmarks=true`, { Accept: META });
    await api.post(CMS, { metadata: { name: 'pm-watch' }, data: { a: '1' } });
    await api.patch(`${CMS}/pm-watch`, { metadata: { labels: { x: 'y' } } }, 'application/merge-patch+json');
    await api.delete(`${CMS}/pm-watch`);
    const events = await w.waitFor(4);
    const objectEvents = events.filter((e) => e.type !== 'BOOKMARK');
    expect(objectEvents.slice(0, 3).map((e) => [e.type, e.object.kind, e.object.data])).toEqual([
      ['ADDED', 'PartialObjectMetadata', undefined],
      ['MODIFIED', 'PartialObjectMetadata', undefined],
      ['DELETED', 'PartialObjectMetadata', undefined],
    ]);
    expect(objectEvents[1].object.metadata.labels).toEqual({ x: 'y' });
    const bookmark = await w.waitFor(events.length + 1).then((all) => all.find((e) => e.type === 'BOOKMARK'));
    expect(bookmark.object).toMatchObject({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1' });
    w.close();
  });

  it('a client that lists plain JSON first, or asks for another group, gets the whole object', async () => {
    const plainFirst = await api.get(`${CMS}/pm-get`, { Accept: 'application/json,application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1' });
    expect(plainFirst.json.kind).toBe('ConfigMap');
    expect(plainFirst.json.data).toEqual({ secret: 'x' });
    const otherGroup = await api.get(`${CMS}/pm-get`, { Accept: 'application/json;as=PartialObjectMetadata;g=example.com;v=v1,application/json' });
    expect(otherGroup.json.kind).toBe('ConfigMap');
  });
});
