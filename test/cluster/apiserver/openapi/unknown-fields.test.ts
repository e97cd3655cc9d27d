// Unknown fields of built-in kinds: found as kube's strict decoder finds them, answered as kube-apiserver 1.26.5
// answers them (checked against it by hand: the messages below are its own).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServerHandle } from '../../../../src/cluster/apiserver/index.js';
import { compileFieldShapes } from '../../../../src/cluster/apiserver/openapi/field-shapes.js';
import { goValue } from '../../../../src/cluster/apiserver/openapi/patched-fields.js';
import { dropUnknownFields, FieldTrees } from '../../../../src/cluster/apiserver/openapi/unknown-fields.js';
import { apiClient, type ApiClient } from '../http-client.js';

describe('dropUnknownFields', () => {
  const schemas = {
    'x.Thing': {
      'x-kubernetes-group-version-kind': [{ group: 'x', version: 'v1', kind: 'Thing' }],
      properties: {
        name: { type: 'string' },
        items: { type: 'array', items: { $ref: '#/components/schemas/x.Item' } },
        byKey: { type: 'object', additionalProperties: { $ref: '#/components/schemas/x.Item' } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        raw: { type: 'object' },
        next: { allOf: [{ $ref: '#/components/schemas/x.Thing' }] },
      },
    },
    'x.Item': { properties: { size: { type: 'integer' } } },
  };
  const tree = new FieldTrees(compileFieldShapes(schemas)).forKind('x', 'v1', 'Thing')!;

  it('reports unknown fields in document order, lists as [i] and map keys with a dot, and drops them', () => {
    const obj = { zz: 1, items: [{ size: 1 }, { size: 2, bad: true }], byKey: { a: { nope: 1 } }, labels: { any: 'x' }, raw: { free: { form: 1 } }, next: { name: 'n', deeper: 1 } };
    expect(dropUnknownFields(tree, obj)).toEqual(['zz', 'items[1].bad', 'byKey.a.nope', 'next.deeper']);
    expect(obj).toEqual({ items: [{ size: 1 }, { size: 2 }], byKey: { a: {} }, labels: { any: 'x' }, raw: { free: { form: 1 } }, next: { name: 'n' } });
  });

  it('leaves values of the wrong type alone (they are not unknown fields)', () => {
    expect(dropUnknownFields(tree, { items: 'x', byKey: [1], name: { a: 1 } })).toEqual([]);
  });

  it('has no tree for a kind without a recorded schema', () => {
    expect(new FieldTrees(compileFieldShapes(schemas)).forKind('x', 'v2', 'Thing')).toBeUndefined();
  });
});

describe('goValue (a strategic merge patch in a strict PATCH error)', () => {
  it('prints as Go prints a decoded JSON map', () => {
    expect(goValue({ zz: 1, dat: { x: '1' } })).toBe('map[dat:map[x:1] zz:1]');
    expect(goValue({ a: [1, 'b', null, true], b: 1e21, c: 0.5 })).toBe('map[a:[1 b <nil> true] b:1e+21 c:0.5]');
  });
});

let server: ApiServerHandle;
let api: ApiClient;

beforeAll(async () => {
  server = await startApiServer({});
  api = apiClient(server);
});
afterAll(async () => {
  api.close();
  await server.stop();
});

const CMS = '/api/v1/namespaces/default/configmaps';
const PODS = '/api/v1/namespaces/default/pods';
const cm = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { x: '1' }, ...extra });
const warnings = (headers: Record<string, unknown>): string[] => {
  const w = headers.warning;
  return w === undefined ? [] : String(w).split(/,\s*(?=299)/);
};

describe('writes of built-in kinds with unknown fields', () => {
  it('Strict: 400 strict decoding error, nothing stored', async () => {
    const res = await api.post(`${CMS}?fieldValidation=Strict`, cm('strict', { dat: { a: 'b' } }));
    expect(res.status).toBe(400);
    expect(res.json.reason).toBe('BadRequest');
    expect(res.json.message).toBe('ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "dat"');
    expect((await api.get(`${CMS}/strict`)).status).toBe(404);
  });

  it('Warn (the default): stored without the field, one Warning per field', async () => {
    const res = await api.post(CMS, cm('warned', { dat: { a: 'b' } }));
    expect(res.status).toBe(201);
    expect(warnings(res.headers)).toEqual(['299 - "unknown field \\"dat\\""']);
    expect(res.json.dat).toBeUndefined();
    expect((await api.get(`${CMS}/warned`)).json.data).toEqual({ x: '1' });
  });

  it('Ignore: dropped without a warning', async () => {
    const res = await api.post(`${CMS}?fieldValidation=Ignore`, cm('ignored', { dat: 1 }));
    expect(res.status).toBe(201);
    expect(res.headers.warning).toBeUndefined();
    expect(res.json.dat).toBeUndefined();
  });

  it('a Pod: every unknown field, nested ones with kube\'s paths, in the order of the body', async () => {
    const body = {
      top: 3, apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p1', foo: 1 },
      spec: { containers: [{ name: 'a', image: 'nginx', zz: 1, imagex: 'q', ports: [{ containerPort: 80, bad: 1 }] }], bogus: { a: 1 } },
    };
    const strict = await api.post(`${PODS}?fieldValidation=Strict`, body);
    expect(strict.status).toBe(400);
    expect(strict.json.message).toBe(
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "top", unknown field "metadata.foo", ' +
        'unknown field "spec.containers[0].zz", unknown field "spec.containers[0].imagex", unknown field "spec.containers[0].ports[0].bad", unknown field "spec.bogus"',
    );
    const warned = await api.post(`${PODS}?dryRun=All`, body);
    expect(warned.status).toBe(201);
    expect(warnings(warned.headers)).toHaveLength(6);
    expect(warned.json.spec.containers[0].ports[0].bad).toBeUndefined();
    expect(warned.json.spec.bogus).toBeUndefined();
  });

  it('a warning goes out with the error of a write that fails later (AlreadyExists)', async () => {
    await api.post(CMS, cm('taken'));
    const res = await api.post(CMS, cm('taken', { dat: 1 }));
    expect(res.status).toBe(409);
    expect(warnings(res.headers)).toEqual(['299 - "unknown field \\"dat\\""']);
  });

  it('PUT under Strict: 400 as for a create', async () => {
    const current = (await api.post(CMS, cm('put'))).json;
    const res = await api.put(`${CMS}/put?fieldValidation=Strict`, { ...current, dat: 1 });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "dat"');
  });

  it('PATCH under Strict: 422 on the field patch, the value being the strategic merge patch printed as a Go map', async () => {
    await api.post(CMS, cm('patched'));
    const res = await api.call('PATCH', `${CMS}/patched?fieldValidation=Strict`, { dat: { x: '1' }, zz: 1 }, { 'Content-Type': 'application/strategic-merge-patch+json' });
    expect(res.status).toBe(422);
    expect(res.json).toMatchObject({
      reason: 'Invalid',
      message: ' "" is invalid: patch: Invalid value: "map[dat:map[x:1] zz:1]": strict decoding error: unknown field "dat", unknown field "zz"',
      details: { causes: [{ reason: 'FieldValueInvalid', field: 'patch', message: 'Invalid value: "map[dat:map[x:1] zz:1]": strict decoding error: unknown field "dat", unknown field "zz"' }] },
    });
    expect(res.json.details.name).toBeUndefined();
  });

  it('PATCH under Warn: applied without the field, with a warning', async () => {
    await api.post(CMS, cm('merged'));
    const res = await api.patch(`${CMS}/merged`, { dat: 1, data: { y: '2' } }, 'application/merge-patch+json');
    expect(res.status).toBe(200);
    expect(warnings(res.headers)).toEqual(['299 - "unknown field \\"dat\\""']);
    expect(res.json.data).toEqual({ x: '1', y: '2' });
    expect(res.json.dat).toBeUndefined();
  });
});

describe('writes of built-in kinds with duplicate fields', () => {
  it('Strict: 400 listing duplicate and unknown fields in document order, each once', async () => {
    const text = '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"dup","labels":{"a":"1","a":"2"}},"zz":1,' +
      '"spec":{"containers":[{"name":"a","image":"nginx","image":"x","qq":1}]},"spec":{"containers":[{"name":"a","image":"nginx","image":"x","qq":1}]}}';
    const res = await api.post(`${PODS}?fieldValidation=Strict`, text);
    expect(res.status).toBe(400);
    expect(res.json.message).toBe(
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: duplicate field "metadata.labels.a", unknown field "zz", ' +
        'duplicate field "spec.containers[0].image", unknown field "spec.containers[0].qq", duplicate field "spec"',
    );
  });

  it('Warn: a warning each, and repeated objects merged as Go decodes them', async () => {
    const res = await api.post(CMS, '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dup"},"data":{"a":"1"},"data":{"b":"2"}}');
    expect(res.status).toBe(201);
    expect(warnings(res.headers)).toEqual(['299 - "duplicate field \\"data\\""']);
    expect(res.json.data).toEqual({ a: '1', b: '2' });
  });

  it('a `":` inside a string value is not taken for a duplicate', async () => {
    const res = await api.post(CMS, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'colons' }, data: { k: 'say "x": y' } });
    expect(res.status).toBe(201);
    expect(res.headers.warning).toBeUndefined();
  });
});
