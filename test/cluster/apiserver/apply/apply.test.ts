// Server-side apply (PATCH with application/apply-patch+yaml): create-on-apply, no-op re-apply, merge by
// the applied configuration, pruning what the applier stopped applying, conflicts (409) and force, shared
// ownership, list semantics from the schema, dryRun and the request checks, as kube-apiserver 1.26.5 answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServerHandle } from '../../../../src/cluster/apiserver/index.js';
import { APPLY, managers, startApplyServer, type Client } from './support.js';

const NS = 'apply-ssa';
let server: ApiServerHandle;
let api: Client;

beforeAll(async () => {
  ({ server, api } = await startApplyServer(NS));
});
afterAll(async () => {
  api.close();
  await server.stop();
});

const cm = (name: string, data: Record<string, string>, labels?: Record<string, string>): string =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(labels ? { labels } : {}) }, data });
const cmPath = (name: string, query = '') => `/api/v1/namespaces/${NS}/configmaps/${name}${query}`;

describe('apply requests', () => {
  it('needs a fieldManager (422 PatchOptions)', async () => {
    const res = await api.patch(cmPath('nofm'), cm('nofm', { a: '1' }), APPLY);
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({
      reason: 'Invalid',
      message: 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      details: { group: 'meta.k8s.io', kind: 'PatchOptions', causes: [{ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' }] },
    });
  });

  it('checks apiVersion, name and managedFields against the request (400)', async () => {
    const wrongVersion = await api.patch(cmPath('x', '?fieldManager=m'), 'apiVersion: v2\nkind: ConfigMap\nmetadata: {name: x}\n', APPLY);
    expect([wrongVersion.status, wrongVersion.json.message]).toEqual([400, 'Incorrect version specified in apply patch. Specified patch version: v2, expected: v1']);
    const wrongName = await api.patch(cmPath('x', '?fieldManager=m'), cm('other', {}), APPLY);
    expect([wrongName.status, wrongName.json.message]).toEqual([400, 'the name of the object (other) does not match the name on the URL (x)']);
    const withManaged = await api.patch(cmPath('x', '?fieldManager=m'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x, managedFields: []}\n', APPLY);
    expect([withManaged.status, withManaged.json.message]).toEqual([400, 'metadata.managedFields must be nil']);
    const badYaml = await api.patch(cmPath('x', '?fieldManager=m'), 'a: [', APPLY);
    expect(badYaml.status).toBe(400);
    expect(badYaml.json.message).toMatch(/^error decoding YAML: /);
  });

  it('reads YAML 1.1 as Go does (`y` is true)', async () => {
    const res = await api.patch(cmPath('yaml11', '?fieldManager=m'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: yaml11}\ndata: {x: "1", y: "2"}\n', APPLY);
    expect(res.json.data).toEqual({ x: '1', true: '2' });
  });
});

describe('apply', () => {
  it('creates a missing object (201) owned by the applier, then a repeat changes nothing', async () => {
    const created = await api.patch(cmPath('c1', '?fieldManager=m1'), cm('c1', { x: '1' }, { a: '1' }), APPLY);
    expect(created.status).toBe(201);
    expect(managers(created.json)).toEqual([{ manager: 'm1', operation: 'Apply', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:x': {} }, 'f:metadata': { 'f:labels': { 'f:a': {} } } } }]);
    const again = await api.patch(cmPath('c1', '?fieldManager=m1'), cm('c1', { x: '1' }, { a: '1' }), APPLY);
    expect(again.status).toBe(200);
    expect(again.json.metadata.resourceVersion).toBe(created.json.metadata.resourceVersion);
  });

  it('answers a conflict with another manager\'s field with 409, and force takes it', async () => {
    await api.patch(cmPath('c1', '?fieldManager=m2'), { data: { x: '9' } }, 'application/merge-patch+json');
    const conflict = await api.patch(cmPath('c1', '?fieldManager=m1'), cm('c1', { x: '5' }, { a: '1' }), APPLY);
    expect(conflict.status).toBe(409);
    expect(conflict.json).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'Conflict', code: 409,
      message: 'Apply failed with 1 conflict: conflict with "m2" using v1: .data.x',
      details: { causes: [{ reason: 'FieldManagerConflict', message: 'conflict with "m2" using v1', field: '.data.x' }] },
    });
    const forced = await api.patch(cmPath('c1', '?fieldManager=m1&force=true'), cm('c1', { x: '5' }, { a: '1' }), APPLY);
    expect(forced.status).toBe(200);
    expect(forced.json.data).toEqual({ x: '5' });
    expect(managers(forced.json).map((e) => [e.manager, e.fieldsV1])).toEqual([['m1', { 'f:data': { 'f:x': {} }, 'f:metadata': { 'f:labels': { 'f:a': {} } } }]]);
  });

  it('lists several conflicts grouped by manager', async () => {
    await api.patch(cmPath('c2', '?fieldManager=m1'), cm('c2', { x: '1', y: '1' }), APPLY);
    const res = await api.patch(cmPath('c2', '?fieldManager=m2'), cm('c2', { x: '2', y: '2' }), APPLY);
    expect(res.status).toBe(409);
    expect(res.json.message).toBe('Apply failed with 2 conflicts: conflicts with "m1":\n- .data.x\n- .data.y');
  });

  it('shares fields two appliers set to the same value, and removes a field only when its last applier stops', async () => {
    await api.patch(cmPath('c3', '?fieldManager=a'), cm('c3', { x: '1', y: '1' }), APPLY);
    const shared = await api.patch(cmPath('c3', '?fieldManager=b'), cm('c3', { x: '1' }), APPLY);
    // b changed nothing: it gets no time, and kube orders entries by time (none first).
    expect(shared.json.metadata.managedFields.map((e: any) => [e.manager, e.time !== undefined, e.fieldsV1])).toEqual([
      ['b', false, { 'f:data': { 'f:x': {} } }],
      ['a', true, { 'f:data': { 'f:x': {}, 'f:y': {} } }],
    ]);
    const aDropsBoth = await api.patch(cmPath('c3', '?fieldManager=a'), cm('c3', {}), APPLY);
    expect(aDropsBoth.json.data).toEqual({ x: '1' });
    // `data: {}` is itself a field a now owns.
    expect(managers(aDropsBoth.json).map((e) => [e.manager, e.fieldsV1])).toEqual([['b', { 'f:data': { 'f:x': {} } }], ['a', { 'f:data': {} }]]);
  });

  it('merges keyed lists item by item and keeps other managers\' items', async () => {
    const path = `/api/v1/namespaces/${NS}/pods/p1`;
    const pod = (containers: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p1' }, spec: { containers } });
    const created = await api.patch(`${path}?fieldManager=a`, pod([{ name: 'c', image: 'nginx:1', ports: [{ containerPort: 80 }] }]), APPLY);
    expect(created.status).toBe(201);
    expect(managers(created.json)[0].fieldsV1).toEqual({
      'f:spec': { 'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:image': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } } } },
    });
    const image = await api.patch(`${path}?fieldManager=b&force=true`, pod([{ name: 'c', image: 'nginx:2' }]), APPLY);
    expect(image.json.spec.containers[0].image).toBe('nginx:2');
    expect(image.json.spec.containers[0].ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
  });

  it('dryRun answers the applied object without storing it', async () => {
    const dry = await api.patch(cmPath('dry', '?fieldManager=m&dryRun=All'), cm('dry', { a: '1' }), APPLY);
    expect(dry.status).toBe(201);
    expect(dry.json.metadata.managedFields[0].manager).toBe('m');
    expect((await api.get(cmPath('dry'))).status).toBe(404);
  });
});
