import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServerHandle } from '../../../src/cluster/apiserver/index.js';
import { apiClient, openWatch, type ApiClient } from './http-client.js';

let server: ApiServerHandle;
let api: ApiClient;

beforeAll(async () => {
  server = await startApiServer({
    admission: [{
      group: 'apps.kruise.io', kind: 'BroadcastJob', name: 'vbroadcastjob.kb.io',
      mutate: (obj) => ({ ...obj, metadata: { ...obj.metadata, labels: { ...obj.metadata?.labels, defaulted: 'yes' } } }),
      validate: (obj) => ((obj.spec as any)?.parallelism === 7 ? [{ type: 'FieldValueInvalid', field: 'spec.parallelism', value: 7, message: 'Invalid value: 7: seven is not allowed' }] : []),
    }],
  });
  api = apiClient(server);
});
afterAll(async () => {
  api.close();
  await server.stop();
});

const PODS = '/api/v1/namespaces/default/pods';
const ASTS = '/apis/apps.kruise.io/v1beta1/namespaces/default/statefulsets';
const pod = (name: string, spec: Record<string, unknown> = {}) => ({ metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }], ...spec } });
const asts = (name: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', metadata: { name },
  spec: { replicas: 2, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, ...spec },
});

describe('custom resources', () => {
  it('a schema-invalid object gets 422 Invalid naming the field path, and nothing is stored', async () => {
    const res = await api.post(ASTS, asts('bad', { replicas: 'string' }));
    expect(res.status).toBe(422);
    expect(res.json.reason).toBe('Invalid');
    // The schema's error, then kube-apiserver's scale-subresource check of the same field (as the real server lists both).
    expect(res.json.message).toBe(
      'StatefulSet.apps.kruise.io "bad" is invalid: [spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string", ' +
        '.spec.replicas: Invalid value: 0: .spec.replicas accessor error: string is of the type string, expected int64]',
    );
    expect(res.json.details.causes).toEqual([
      { reason: 'FieldValueTypeInvalid', message: 'Invalid value: "string": spec.replicas in body must be of type integer: "string"', field: 'spec.replicas' },
      { reason: 'FieldValueInvalid', message: 'Invalid value: 0: .spec.replicas accessor error: string is of the type string, expected int64', field: '.spec.replicas' },
    ]);
    expect((await api.get(`${ASTS}/bad`)).status).toBe(404);
  });

  it('a rejected update changes nothing', async () => {
    const created = (await api.post(ASTS, asts('keep'))).json;
    const res = await api.put(`${ASTS}/keep`, { ...created, spec: { ...created.spec, replicas: -1, selector: undefined } });
    expect(res.status).toBe(422);
    expect(res.json.message).toMatch(/spec\.selector: Required value/);
    const now = (await api.get(`${ASTS}/keep`)).json;
    expect(now.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect(now.spec.replicas).toBe(2);
  });

  it('main-resource writes keep the stored status; /status writes change only status', async () => {
    const created = (await api.post(ASTS, { ...asts('st'), status: { replicas: 9 } })).json;
    expect(created.status).toBeUndefined();
    const withStatus = await api.put(`${ASTS}/st/status`, { ...created, spec: { ...created.spec, replicas: 5 }, status: { replicas: 2, readyReplicas: 1, availableReplicas: 1, currentReplicas: 2, updatedReplicas: 2 } });
    expect(withStatus.status).toBe(200);
    expect(withStatus.json.spec.replicas).toBe(2);
    expect(withStatus.json.status.replicas).toBe(2);
    expect(withStatus.json.metadata.generation).toBe(1);
    const main = await api.patch(`${ASTS}/st`, { spec: { replicas: 3 }, status: { replicas: 0 } }, 'application/merge-patch+json');
    expect(main.json.spec.replicas).toBe(3);
    expect(main.json.status.replicas).toBe(2);
    expect(main.json.metadata.generation).toBe(2);
  });

  it('/scale reads and writes replicas through the CRD scale paths, with the label selector from labelSelectorPath', async () => {
    await api.post(ASTS, asts('sc'));
    const current = (await api.get(`${ASTS}/sc`)).json;
    await api.patch(`${ASTS}/sc/status`, { status: { replicas: 2, labelSelector: 'app=sc', readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0 } }, 'application/merge-patch+json');
    const scale = (await api.get(`${ASTS}/sc/scale`)).json;
    expect(scale).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 2 }, status: { replicas: 2, selector: 'app=sc' } });
    const stale = await api.put(`${ASTS}/sc/scale`, { ...scale, metadata: { ...scale.metadata, resourceVersion: current.metadata.resourceVersion }, spec: { replicas: 4 } });
    expect(stale.status).toBe(409);
    const ok = await api.put(`${ASTS}/sc/scale`, { ...scale, spec: { replicas: 4 } });
    expect(ok.json.spec.replicas).toBe(4);
    expect((await api.get(`${ASTS}/sc`)).json.spec.replicas).toBe(4);
  });

  it('a strategic merge patch of a custom resource is 415 as in Kubernetes', async () => {
    await api.post(ASTS, asts('smp'));
    const res = await api.patch(`${ASTS}/smp`, { spec: { replicas: 1 } }, 'application/strategic-merge-patch+json');
    expect(res.status).toBe(415);
    expect(res.json.reason).toBe('UnsupportedMediaType');
  });

  it('a served non-storage version reads the same object with its apiVersion rewritten', async () => {
    await api.post(ASTS, asts('multi'));
    const res = await api.get('/apis/apps.kruise.io/v1alpha1/namespaces/default/statefulsets/multi');
    expect(res.json.apiVersion).toBe('apps.kruise.io/v1alpha1');
    expect(res.json.spec.replicas).toBe(2);
  });

  it('creating a CRD registers its resource in discovery at once, with status Established', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com', scope: 'Namespaced', names: { plural: 'widgets', kind: 'Widget', shortNames: ['wd'] },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer', default: 3 } } } } } } }],
      },
    };
    const created = await api.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
    expect(created.status).toBe(201);
    expect(created.json.status.conditions.map((c: any) => `${c.type}=${c.status}`)).toEqual(['NamesAccepted=True', 'Established=True']);
    const list = (await api.get('/apis/example.com/v1')).json;
    expect(list.resources[0]).toMatchObject({ name: 'widgets', kind: 'Widget', namespaced: true, shortNames: ['wd'], singularName: 'widget' });
    expect((await api.get('/apis')).json.groups.map((g: any) => g.name)).toContain('example.com');
    const w = await api.post('/apis/example.com/v1/namespaces/default/widgets', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { colour: 'red' } });
    expect(w.status).toBe(201);
    expect(w.json.spec).toEqual({ size: 3 });
    await api.delete('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com');
    expect((await api.get('/apis/example.com/v1/namespaces/default/widgets')).status).toBe(404);
  });
});

describe('admission hooks', () => {
  it('mutate runs before storing and a validate denial answers like a webhook denial', async () => {
    const bcj = (name: string, parallelism: number) => ({ apiVersion: 'apps.kruise.io/v1alpha1', kind: 'BroadcastJob', metadata: { name }, spec: { parallelism, template: { spec: { containers: [{ name: 'c', image: 'i' }] } } } });
    const ok = await api.post('/apis/apps.kruise.io/v1alpha1/namespaces/default/broadcastjobs', bcj('b1', 1));
    expect(ok.json.metadata.labels).toEqual({ defaulted: 'yes' });
    const denied = await api.post('/apis/apps.kruise.io/v1alpha1/namespaces/default/broadcastjobs', bcj('b2', 7));
    expect(denied.status).toBe(422);
    expect(denied.json.message).toBe('admission webhook "vbroadcastjob.kb.io" denied the request: spec.parallelism: Invalid value: 7: seven is not allowed');
    expect((await api.get('/apis/apps.kruise.io/v1alpha1/namespaces/default/broadcastjobs/b2')).status).toBe(404);
  });
});

describe('pods', () => {
  it('binding sets spec.nodeName and PodScheduled; binding again is 409', async () => {
    await api.post(PODS, pod('bind-me'));
    const res = await api.post(`${PODS}/bind-me/binding`, { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bind-me' }, target: { kind: 'Node', name: 'node1' } });
    expect(res.status).toBe(201);
    const bound = (await api.get(`${PODS}/bind-me`)).json;
    expect(bound.spec.nodeName).toBe('node1');
    expect(bound.status.conditions).toEqual([expect.objectContaining({ type: 'PodScheduled', status: 'True' })]);
    const again = await api.post(`${PODS}/bind-me/binding`, { target: { kind: 'Node', name: 'node2' } });
    expect(again.status).toBe(409);
    expect(again.json.message).toContain('is already assigned to node "node1"');
  });

  it('deleting a scheduled pod marks it terminating until a delete with grace 0; an unscheduled pod goes at once', async () => {
    await api.post(PODS, pod('graceful', { nodeName: 'node1', terminationGracePeriodSeconds: 20 }));
    const first = await api.delete(`${PODS}/graceful`);
    // kube-apiserver 1.26.5 answers 200 with the terminating pod (202 only for orphanDependents=false).
    expect(first.status).toBe(200);
    expect(first.json.metadata.deletionGracePeriodSeconds).toBe(20);
    expect(first.json.metadata.deletionTimestamp).toBeDefined();
    expect((await api.get(`${PODS}/graceful`)).status).toBe(200);
    const last = await api.delete(`${PODS}/graceful?gracePeriodSeconds=0`);
    expect(last.status).toBe(200);
    expect((await api.get(`${PODS}/graceful`)).status).toBe(404);
    await api.post(PODS, pod('unscheduled'));
    expect((await api.delete(`${PODS}/unscheduled`)).status).toBe(200);
    expect((await api.get(`${PODS}/unscheduled`)).status).toBe(404);
  });
});

describe('deletion', () => {
  const CMS = '/api/v1/namespaces/default/configmaps';

  it('finalizers keep an object with a deletionTimestamp until they are removed', async () => {
    await api.post(CMS, { metadata: { name: 'fin', finalizers: ['example.com/hold'] } });
    const del = await api.delete(`${CMS}/fin`);
    // kube-apiserver 1.26.5: 200 with the object carrying its deletionTimestamp.
    expect(del.status).toBe(200);
    expect(del.json.metadata.deletionTimestamp).toBeDefined();
    const held = (await api.get(`${CMS}/fin`)).json;
    const cleared = await api.put(`${CMS}/fin`, { ...held, metadata: { ...held.metadata, finalizers: [] } });
    expect(cleared.status).toBe(200);
    expect((await api.get(`${CMS}/fin`)).status).toBe(404);
  });

  it('propagationPolicy Foreground adds the foregroundDeletion finalizer, Orphan the orphan finalizer', async () => {
    await api.post(CMS, { metadata: { name: 'fg' } });
    const fg = await api.delete(`${CMS}/fg`, { propagationPolicy: 'Foreground' });
    expect(fg.json.metadata.finalizers).toEqual(['foregroundDeletion']);
    await api.post(CMS, { metadata: { name: 'or' } });
    const or = await api.delete(`${CMS}/or?propagationPolicy=Orphan`);
    expect(or.json.metadata.finalizers).toEqual(['orphan']);
  });

  it('a delete whose uid precondition does not match is 409 and deletes nothing', async () => {
    await api.post(CMS, { metadata: { name: 'pre' } });
    const res = await api.delete(`${CMS}/pre`, { preconditions: { uid: 'other' } });
    expect(res.status).toBe(409);
    expect(res.json.message).toContain('Precondition failed: UID in precondition: other');
    expect((await api.get(`${CMS}/pre`)).status).toBe(200);
  });

  it('deletecollection removes what the selector matches', async () => {
    await api.post(CMS, { metadata: { name: 'dc-1', labels: { batch: 'x' } } });
    await api.post(CMS, { metadata: { name: 'dc-2', labels: { batch: 'x' } } });
    await api.post(CMS, { metadata: { name: 'dc-3', labels: { batch: 'y' } } });
    expect((await api.call('DELETE', `${CMS}?labelSelector=batch%3Dx`)).status).toBe(200);
    const left = (await api.get(`${CMS}?labelSelector=batch`)).json.items.map((o: any) => o.metadata.name);
    expect(left).toEqual(['dc-3']);
  });

  it('deleting a namespace removes its objects; creating in a missing namespace is 404', async () => {
    await api.post('/api/v1/namespaces', { metadata: { name: 'tmp' } });
    await api.post('/api/v1/namespaces/tmp/configmaps', { metadata: { name: 'inside' } });
    const rv = (await api.get('/api/v1/namespaces/tmp')).json.metadata.resourceVersion;
    const w = await openWatch(server, `/api/v1/namespaces?watch=true&fieldSelector=metadata.name%3Dtmp&resourceVersion=${rv}`);
    expect((await api.delete('/api/v1/namespaces/tmp')).status).toBe(200);
    while (!w.events.some((e) => e.type === 'DELETED')) await w.waitFor(w.events.length + 1);
    w.close();
    expect((await api.get('/api/v1/namespaces/tmp/configmaps/inside')).status).toBe(404);
    const res = await api.post('/api/v1/namespaces/tmp/configmaps', { metadata: { name: 'again' } });
    expect(res.status).toBe(404);
    expect(res.json.message).toBe('namespaces "tmp" not found');
  });
});

describe('discovery and errors', () => {
  it('/version, /apis with the aggregated-discovery Accept header falls back to a plain APIGroupList', async () => {
    expect((await api.get('/version')).json.gitVersion).toBe('v1.26.5+kactor');
    const res = await api.get('/apis', { Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json' });
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.json.kind).toBe('APIGroupList');
  });

  it('the core resource list has subresources and short names', async () => {
    const names = (await api.get('/api/v1')).json.resources.map((r: any) => r.name);
    expect(names).toEqual(expect.arrayContaining(['pods', 'pods/status', 'pods/binding', 'namespaces', 'events', 'nodes/status']));
    const apps = (await api.get('/apis/apps.kruise.io/v1beta1')).json.resources;
    expect(apps.find((r: any) => r.name === 'statefulsets/scale')).toMatchObject({ kind: 'Scale', group: 'autoscaling', version: 'v1' });
  });

  it('unknown paths are 404, a wrong method 405, an unknown patch type 415', async () => {
    expect((await api.get('/apis/nope.io/v1/things')).status).toBe(404);
    expect((await api.call('POST', `${PODS}/x`, {})).status).toBe(405);
    expect((await api.patch(`${PODS}/x`, {}, 'text/plain')).status).toBe(415);
  });
});

describe('pod updates', () => {
  it('may change container images but not other spec fields (422 Forbidden, as Kubernetes)', async () => {
    await api.post(PODS, pod('immutable'));
    const image = await api.patch(`${PODS}/immutable`, { spec: { containers: [{ name: 'c', image: 'nginx:1.26' }] } }, 'application/strategic-merge-patch+json');
    expect(image.status).toBe(200);
    expect(image.json.spec.containers[0].image).toBe('nginx:1.26');
    const res = await api.patch(`${PODS}/immutable`, { spec: { restartPolicy: 'Never' } }, 'application/merge-patch+json');
    expect(res.status).toBe(422);
    expect(res.json.message).toMatch(/^Pod "immutable" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`/);
    const added = await api.patch(`${PODS}/immutable`, { spec: { containers: [{ name: 'c', image: 'nginx:1.26' }, { name: 'd', image: 'x' }] } }, 'application/merge-patch+json');
    expect(added.json.message).toBe('Pod "immutable" is invalid: spec.containers: Forbidden: pod updates may not add or remove containers');
  });
});

describe('fieldValidation', () => {
  it('Strict rejects unknown fields of a custom resource with 400; without it they are pruned', async () => {
    const strict = await api.post(`${ASTS}?fieldValidation=Strict`, asts('strict', { bogus: 1 }));
    expect(strict.status).toBe(400);
    expect(strict.json.message).toBe('StatefulSet in version "v1beta1" cannot be handled as a StatefulSet: strict decoding error: unknown field "spec.bogus"');
    const lax = await api.post(ASTS, asts('lax', { bogus: 1 }));
    expect(lax.status).toBe(201);
    expect(lax.json.spec.bogus).toBeUndefined();
    expect(lax.headers.warning).toBe('299 - "unknown field \\"spec.bogus\\""');
  });
});

describe('metadata validation', () => {
  it('invalid label values and keys are 422 on metadata.labels; a rejected write changes nothing', async () => {
    const CMS = '/api/v1/namespaces/default/configmaps';
    const bad = await api.post(CMS, { metadata: { name: 'labels', labels: { app: 'has space' } } });
    expect(bad.status).toBe(422);
    expect(bad.json.message).toMatch(/^ConfigMap "labels" is invalid: metadata.labels: Invalid value: "has space": a valid label must be an empty string/);
    const long = await api.post(CMS, { metadata: { name: 'labels', labels: { ['k'.repeat(64)]: 'v' } } });
    expect(long.json.message).toContain('name part must be no more than 63 characters');
    expect((await api.post(CMS, { metadata: { name: 'labels', labels: { 'apps.kruise.io/pod-index': '3', empty: '' } } })).status).toBe(201);
  });
});

describe('hostile bodies', () => {
  const CMS = '/api/v1/namespaces/default/configmaps';

  it('JSON nested deeper than 10,000 levels is 400 and does not move the resourceVersion', async () => {
    const rv = server.storage.currentRv;
    const deep = `{"metadata":{"name":"deep"},"data":{"a":"1"},"x":${'['.repeat(10_001)}${']'.repeat(10_001)}}`;
    const res = await api.post(CMS, deep);
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(/exceeded max depth/);
    expect(server.storage.currentRv).toBe(rv);
  });

  it('annotations over 256 KiB in total are 422 Too long on metadata.annotations, on create and on patch', async () => {
    const big = { blob: 'x'.repeat(256 * 1024) };
    const res = await api.post(CMS, { metadata: { name: 'annotated', annotations: big } });
    expect(res.status).toBe(422);
    expect(res.json.message).toBe('ConfigMap "annotated" is invalid: metadata.annotations: Too long: must have at most 262144 bytes');
    await api.post(CMS, { metadata: { name: 'annotated' } });
    expect((await api.patch(`${CMS}/annotated`, { metadata: { annotations: big } }, 'application/merge-patch+json')).status).toBe(422);
  });

  it('labels that are not a map of strings are a 400 decode error', async () => {
    const res = await api.post(CMS, { metadata: { name: 'weird', labels: [['a']] } });
    expect(res.status).toBe(400);
    expect(res.json.message).toContain('cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string');
  });
});
