// /openapi/v3 and /openapi/v2 of the embedded server, as kube-apiserver 1.26.5 serves them.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServerHandle } from '../../../../src/cluster/apiserver/index.js';
import { apiClient, type ApiClient } from '../http-client.js';

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

const sha512 = (text: string): string => createHash('sha512').update(text).digest('hex').toUpperCase();

const widgetCrd = (versions: string[]) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.io' },
  spec: {
    group: 'example.io',
    scope: 'Namespaced',
    names: { plural: 'widgets', kind: 'Widget' },
    versions: versions.map((name, i) => ({
      name, served: true, storage: i === 0, subresources: { status: {} },
      schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' }, port: { 'x-kubernetes-int-or-string': true } } } } } },
    })),
  },
});

describe('/openapi/v3', () => {
  it('lists every served group-version (built-ins and CRDs) with the hash of its document', async () => {
    const res = await api.get('/openapi/v3');
    expect(res.status).toBe(200);
    const paths = Object.keys(res.json.paths);
    for (const p of ['api', 'api/v1', 'apis', 'apis/apps', 'apis/apps/v1', 'apis/batch/v1', 'apis/coordination.k8s.io/v1', 'apis/apps.kruise.io/v1alpha1', 'apis/apps.kruise.io/v1beta1', 'version']) {
      expect(paths).toContain(p);
    }
    expect(paths).not.toContain('apis/apps.kruise.io');
    const url: string = res.json.paths['apis/apps/v1'].serverRelativeURL;
    expect(url).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
    const doc = await api.get(url);
    expect(sha512(doc.text)).toBe(url.split('hash=')[1]);
  });

  it('serves the recorded document of a tiny built-in path byte for byte (its hash is the real server\'s)', async () => {
    const index = await api.get('/openapi/v3');
    expect(index.json.paths.api.serverRelativeURL).toBe(
      '/openapi/v3/api?hash=6B6D54F02B544D21346622B1070F0DC109478344078B4CF8B57ACE471A961D595979ECDE7A2EB6A89BE19D2AA2C0A99589F732CC790D9A3FBAFA9B3FA20E0A93',
    );
  });

  it('answers the current hash as immutable, an old hash with a redirect, and If-None-Match with 304', async () => {
    const url: string = (await api.get('/openapi/v3')).json.paths['api/v1'].serverRelativeURL;
    const current = await api.get(url);
    expect(current.headers['cache-control']).toBe('public, immutable');
    expect(current.headers.expires).toMatch(/ UTC$/);
    expect(current.headers.etag).toBe(`"${url.split('hash=')[1]}"`);
    const old = await api.get('/openapi/v3/api/v1?hash=123');
    expect(old.status).toBe(301);
    expect(old.headers.location).toBe(url);
    const plain = await api.get('/openapi/v3/api/v1');
    expect(plain.status).toBe(200);
    expect(plain.headers['cache-control']).toBeUndefined();
    expect((await api.get('/openapi/v3/api/v1', { 'If-None-Match': current.headers.etag as string })).status).toBe(304);
  });

  it('has the paths and schemas of the built-in kinds served, not of those that are not', async () => {
    const doc = (await api.get('/openapi/v3/api/v1')).json;
    expect(doc.info).toEqual({ title: 'Kubernetes', version: 'v1.26.5' });
    expect(Object.keys(doc.paths)).toContain('/api/v1/namespaces/{namespace}/pods/{name}/binding');
    expect(Object.keys(doc.paths)).not.toContain('/api/v1/namespaces/{namespace}/pods/{name}/ephemeralcontainers');
    const pod = doc.components.schemas['io.k8s.api.core.v1.Pod'];
    expect(pod['x-kubernetes-group-version-kind']).toEqual([{ group: '', kind: 'Pod', version: 'v1' }]);
    expect(Object.keys(pod.properties)).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
    const patch = doc.paths['/api/v1/namespaces/{namespace}/configmaps/{name}'].patch;
    expect(patch.parameters.map((p: { name: string }) => p.name)).toContain('fieldValidation');
  });

  it('answers 404 for a path nothing is served at, and 406 to a client that accepts only protobuf', async () => {
    expect((await api.get('/openapi/v3/apis/nope/v1')).status).toBe(404);
    expect((await api.get('/openapi/v3/apis/apps/v1', { Accept: 'application/com.github.proto-openapi.spec.v3@v1.0+protobuf' })).status).toBe(406);
  });

  it('builds a CRD version\'s document as kube does, and changes it (and its hash) when the CRD changes or goes', async () => {
    expect((await api.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', widgetCrd(['v1']))).status).toBe(201);
    const index = (await api.get('/openapi/v3')).json;
    const first: string = index.paths['apis/example.io/v1'].serverRelativeURL;
    const doc = (await api.get(first)).json;
    expect(doc.info).toEqual({ title: 'Kubernetes CRD Swagger', version: 'v0.1.0' });
    expect(Object.keys(doc.paths)).toEqual([
      '/apis/example.io/v1/namespaces/{namespace}/widgets',
      '/apis/example.io/v1/namespaces/{namespace}/widgets/{name}',
      '/apis/example.io/v1/namespaces/{namespace}/widgets/{name}/status',
      '/apis/example.io/v1/widgets',
    ]);
    const item = doc.paths['/apis/example.io/v1/namespaces/{namespace}/widgets/{name}'];
    expect(Object.keys(item)).toEqual(['get', 'put', 'delete', 'patch', 'parameters']);
    expect(item.patch.operationId).toBe('patchExampleIoV1NamespacedWidget');
    expect(item.patch['x-kubernetes-group-version-kind']).toEqual({ group: 'example.io', version: 'v1', kind: 'Widget' });
    expect(item.patch.parameters.map((p: { name: string }) => p.name)).toEqual(['dryRun', 'fieldManager', 'fieldValidation']);
    const widget = doc.components.schemas['io.example.v1.Widget'];
    expect(widget['x-kubernetes-group-version-kind']).toEqual([{ group: 'example.io', kind: 'Widget', version: 'v1' }]);
    expect(widget.properties.metadata.allOf).toEqual([{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }]);
    expect(widget.properties.spec.properties.port.anyOf).toEqual([{ type: 'integer' }, { type: 'string' }]);
    expect(doc.components.schemas['io.example.v1.WidgetList'].properties.items.items).toEqual({ $ref: '#/components/schemas/io.example.v1.Widget' });

    const put = await api.put('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.io', {
      ...(await api.get('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.io')).json,
      spec: widgetCrd(['v1', 'v2']).spec,
    });
    expect(put.status).toBe(200);
    const changed = (await api.get('/openapi/v3')).json;
    expect(changed.paths['apis/example.io/v2']).toBeDefined();
    expect(changed.paths['apis/example.io/v1'].serverRelativeURL).toBe(first);
    expect((await api.get(first)).status).toBe(200);

    expect((await api.delete('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.io')).status).toBe(200);
    const after = (await api.get('/openapi/v3')).json;
    expect(after.paths['apis/example.io/v1']).toBeUndefined();
    expect((await api.get(first)).status).toBe(404);
  });
});

describe('/openapi/v2', () => {
  it('is one JSON document with the built-in and CRD definitions', async () => {
    const res = await api.get('/openapi/v2', { Accept: 'application/json' });
    expect(res.status).toBe(200);
    expect(res.json.swagger).toBe('2.0');
    expect(res.json.definitions['io.k8s.api.core.v1.Pod']).toBeDefined();
    const asts = res.json.definitions['io.kruise.apps.v1beta1.StatefulSet'];
    expect(asts.properties.metadata.$ref).toBe('#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    const put = res.json.paths['/apis/apps.kruise.io/v1beta1/namespaces/{namespace}/statefulsets/{name}'].put;
    expect(put.parameters[0]).toEqual({ name: 'body', in: 'body', required: true, schema: { $ref: '#/definitions/io.kruise.apps.v1beta1.StatefulSet' } });
  });

  it('answers 406 to a client that accepts only protobuf (kube-openapi\'s answer for a type it cannot serve)', async () => {
    expect((await api.get('/openapi/v2', { Accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' })).status).toBe(406);
  });
});
