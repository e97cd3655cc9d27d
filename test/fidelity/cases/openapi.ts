// Fidelity scenarios: the OpenAPI documents (/openapi/v3 index with hashes, built-in documents recorded from
// kube-apiserver 1.26.5, CRD documents built from the CRDs, /openapi/v2) and what the server does with the
// schemas: unknown fields of built-in kinds under fieldValidation Strict, Warn (the default) and Ignore.
// The real server serves more groups and kinds than the embedded one: documents are compared through picks.
import type { FidelityScenario } from '../types.js';

const CMS = '/api/v1/namespaces/{ns}/configmaps';
const PODS = '/api/v1/namespaces/{ns}/pods';
const cm = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { x: '1' }, ...extra });
const pod = (name: string, container: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name },
  spec: { containers: [{ name: 'c', image: 'nginx:1.25', ...container }] }, ...extra,
});
const dataOf = (b: any) => ({ kind: b?.kind, name: b?.metadata?.name, data: b?.data, dat: b?.dat });

/** The group-versions both servers serve (the real one has more: authorization, networking, …). */
const SHARED_PATHS = [
  'api', 'api/v1', 'apis', 'apis/apps', 'apis/apps/v1', 'apis/batch', 'apis/batch/v1', 'apis/coordination.k8s.io/v1',
  'apis/events.k8s.io/v1', 'apis/admissionregistration.k8s.io/v1', 'apis/apiextensions.k8s.io/v1',
  'apis/apps.kruise.io', 'apis/apps.kruise.io/v1alpha1', 'apis/apps.kruise.io/v1beta1', 'version',
];
const indexPick = (b: any) => Object.fromEntries(SHARED_PATHS.map((p) => [p, b?.paths?.[p]?.serverRelativeURL?.replace(/hash=[0-9A-F]{128}$/, 'hash=<sha512>') ?? null]));

const schema = (b: any, name: string) => b?.components?.schemas?.[name];
const keys = (o: any) => (o ? Object.keys(o) : null);
const paramNames = (op: any) => op?.parameters?.map((p: any) => `${p.in}:${p.name}`) ?? null;
const operation = (op: any) => op && { operationId: op.operationId, tags: op.tags, action: op['x-kubernetes-action'], gvk: op['x-kubernetes-group-version-kind'], parameters: paramNames(op), requestBody: keys(op.requestBody?.content), responses: keys(op.responses) };

/**
 * An Advanced StatefulSet's schema without descriptions (kactor's CRD copy, deploy/crds, words some of them
 * differently, and declares `type: object` on the pod template where Kruise's CRD does not).
 */
const astsPick = (b: any) => {
  const s = schema(b, 'io.kruise.apps.v1beta1.StatefulSet');
  const spec = s?.properties?.spec;
  const rolling = spec?.properties?.updateStrategy?.properties?.rollingUpdate?.properties;
  const list = schema(b, 'io.kruise.apps.v1beta1.StatefulSetList');
  return {
    info: b?.info,
    paths: keys(b?.paths),
    schemas: keys(b?.components?.schemas),
    gvk: s?.['x-kubernetes-group-version-kind'],
    properties: keys(s?.properties),
    apiVersion: s?.properties?.apiVersion,
    metadata: s?.properties?.metadata,
    specRequired: spec?.required,
    specProperties: keys(spec?.properties),
    rollingUpdate: keys(rolling),
    maxUnavailable: rolling && { anyOf: rolling.maxUnavailable?.anyOf, intOrString: rolling.maxUnavailable?.['x-kubernetes-int-or-string'] },
    partition: rolling?.partition && { type: rolling.partition.type, format: rolling.partition.format },
    list: list && { ...list, properties: { ...list.properties, items: { ...list.properties.items, description: undefined } } },
    patch: operation(b?.paths?.['/apis/apps.kruise.io/v1beta1/namespaces/{namespace}/statefulsets/{name}']?.patch),
    scalePut: operation(b?.paths?.['/apis/apps.kruise.io/v1beta1/namespaces/{namespace}/statefulsets/{name}/scale']?.put),
    listAll: b?.paths?.['/apis/apps.kruise.io/v1beta1/statefulsets'] && { get: operation(b.paths['/apis/apps.kruise.io/v1beta1/statefulsets'].get), parameters: paramNames(b.paths['/apis/apps.kruise.io/v1beta1/statefulsets']) },
    deleteOptions: schema(b, 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions'),
  };
};

export const scenarios: FidelityScenario[] = [
  {
    id: 'openapi/v3-documents',
    title: 'the /openapi/v3 index, built-in documents (tiny ones byte for byte), Kruise CRD documents, caching by hash',
    steps: [
      { id: 'index', method: 'GET', path: '/openapi/v3', pick: indexPick },
      { id: 'api', method: 'GET', path: '/openapi/v3/api' },
      { id: 'apis-apps', method: 'GET', path: '/openapi/v3/apis/apps' },
      { id: 'version', method: 'GET', path: '/openapi/v3/version' },
      {
        id: 'api-v1-pod',
        method: 'GET',
        path: '/openapi/v3/api/v1',
        pick: (b: any) => ({
          info: b?.info,
          pod: { ...schema(b, 'io.k8s.api.core.v1.Pod'), properties: keys(schema(b, 'io.k8s.api.core.v1.Pod')?.properties) },
          podSpecRequired: schema(b, 'io.k8s.api.core.v1.PodSpec')?.required,
          containers: schema(b, 'io.k8s.api.core.v1.PodSpec')?.properties?.containers,
          container: keys(schema(b, 'io.k8s.api.core.v1.Container')?.properties),
          configMap: schema(b, 'io.k8s.api.core.v1.ConfigMap'),
          securitySchemes: b?.components?.securitySchemes,
        }),
      },
      {
        id: 'api-v1-configmap-paths',
        method: 'GET',
        path: '/openapi/v3/api/v1',
        pick: (b: any) => {
          const item = b?.paths?.['/api/v1/namespaces/{namespace}/configmaps/{name}'];
          return { get: operation(item?.get), put: operation(item?.put), patch: operation(item?.patch), delete: operation(item?.delete), parameters: paramNames(item) };
        },
      },
      {
        id: 'apps-v1-statefulset',
        method: 'GET',
        path: '/openapi/v3/apis/apps/v1',
        pick: (b: any) => ({
          spec: keys(schema(b, 'io.k8s.api.apps.v1.StatefulSetSpec')?.properties),
          scale: schema(b, 'io.k8s.api.autoscaling.v1.Scale'),
          scalePatch: operation(b?.paths?.['/apis/apps/v1/namespaces/{namespace}/statefulsets/{name}/scale']?.patch),
        }),
      },
      { id: 'kruise-v1beta1', method: 'GET', path: '/openapi/v3/apis/apps.kruise.io/v1beta1', pick: astsPick },
      {
        id: 'kruise-v1alpha1',
        method: 'GET',
        path: '/openapi/v3/apis/apps.kruise.io/v1alpha1',
        pick: (b: any) => ({
          paths: keys(b?.paths),
          schemas: keys(b?.components?.schemas),
          broadcastJob: schema(b, 'io.kruise.apps.v1alpha1.BroadcastJob')?.['x-kubernetes-group-version-kind'],
          cronCreate: operation(b?.paths?.['/apis/apps.kruise.io/v1alpha1/namespaces/{namespace}/advancedcronjobs']?.post),
          cronDeleteCollection: operation(b?.paths?.['/apis/apps.kruise.io/v1alpha1/namespaces/{namespace}/advancedcronjobs']?.delete),
        }),
      },
      { id: 'unknown-group-version', method: 'GET', path: '/openapi/v3/apis/nope.example.io/v1' },
      { id: 'outdated-hash', method: 'GET', path: '/openapi/v3/api?hash=0123', compare: 'status', headers: ['location', 'etag', 'vary'] },
      {
        id: 'current-hash',
        method: 'GET',
        path: '/openapi/v3/api?hash=6B6D54F02B544D21346622B1070F0DC109478344078B4CF8B57ACE471A961D595979ECDE7A2EB6A89BE19D2AA2C0A99589F732CC790D9A3FBAFA9B3FA20E0A93',
        pick: (b: any) => b?.info,
        headers: ['cache-control', 'etag', 'vary', 'content-type'],
      },
      { id: 'not-acceptable', method: 'GET', path: '/openapi/v3/api/v1', accept: 'text/html' },
    ],
  },
  {
    id: 'openapi/v2-document',
    title: 'the /openapi/v2 document: built-in definitions and the Kruise CRDs as Swagger 2.0',
    steps: [
      {
        id: 'v2',
        method: 'GET',
        path: '/openapi/v2',
        accept: 'application/json',
        pick: (b: any) => {
          const asts = b?.definitions?.['io.kruise.apps.v1beta1.StatefulSet'];
          const put = b?.paths?.['/apis/apps.kruise.io/v1beta1/namespaces/{namespace}/statefulsets/{name}']?.put;
          return {
            swagger: b?.swagger,
            info: b?.info,
            security: b?.security,
            configMap: b?.definitions?.['io.k8s.api.core.v1.ConfigMap'],
            astsProperties: keys(asts?.properties),
            astsMetadata: asts?.properties?.metadata,
            astsGvk: asts?.['x-kubernetes-group-version-kind'],
            astsPut: put && { consumes: put.consumes, produces: put.produces, operationId: put.operationId, body: put.parameters?.[0], parameters: put.parameters?.map((p: any) => p.name), responses: keys(put.responses) },
          };
        },
      },
      { id: 'v2-not-acceptable', method: 'GET', path: '/openapi/v2', accept: 'text/html' },
    ],
  },
  {
    id: 'openapi/unknown-fields',
    title: 'unknown fields of built-in kinds: 400 under Strict, dropped with a Warning by default, silently under Ignore',
    steps: [
      { id: 'strict-create', method: 'POST', path: `${CMS}?fieldValidation=Strict`, body: cm('strict', { dat: { a: 'b' } }), compare: 'status' },
      { id: 'strict-not-stored', method: 'GET', path: `${CMS}/strict`, compare: 'status' },
      { id: 'warn-create', method: 'POST', path: CMS, body: cm('warned', { dat: { a: 'b' }, zz: 1 }), pick: dataOf, headers: ['warning'] },
      { id: 'warn-get', method: 'GET', path: `${CMS}/warned`, pick: dataOf },
      { id: 'ignore-create', method: 'POST', path: `${CMS}?fieldValidation=Ignore`, body: cm('ignored', { dat: 1 }), pick: dataOf, headers: ['warning'] },
      { id: 'warn-exists', method: 'POST', path: CMS, body: cm('warned', { dat: 1 }), compare: 'status', headers: ['warning'] },
      { id: 'strict-put', method: 'PUT', path: `${CMS}/warned?fieldValidation=Strict`, body: cm('warned', { dat: 1 }), compare: 'status' },
      { id: 'warn-put', method: 'PUT', path: `${CMS}/warned`, body: cm('warned', { data: { y: '2' }, dat: 1 }), pick: dataOf, headers: ['warning'] },
      {
        id: 'strict-strategic-patch',
        method: 'PATCH',
        path: `${CMS}/warned?fieldValidation=Strict`,
        contentType: 'application/strategic-merge-patch+json',
        body: { dat: { x: '1' }, zz: 1 },
        compare: 'status',
      },
      { id: 'warn-merge-patch', method: 'PATCH', path: `${CMS}/warned`, contentType: 'application/merge-patch+json', body: { dat: 1, data: { z: '3' } }, pick: dataOf, headers: ['warning'] },
      {
        id: 'pod-strict',
        method: 'POST',
        path: `${PODS}?fieldValidation=Strict`,
        body: { top: 3, ...pod('p1', { zz: 1, imagex: 'q', ports: [{ containerPort: 80, bad: 1 }] }), metadata: { name: 'p1', foo: 1 }, status: { zzz: 1 } },
        compare: 'status',
      },
      {
        id: 'pod-warn',
        method: 'POST',
        path: `${PODS}?dryRun=All`,
        body: { ...pod('p2', { imagex: 'q', resources: { limits: { cpu: '1' } } }), spec: { containers: [{ name: 'c', image: 'nginx:1.25', imagex: 'q' }], nodeSelector: { any: 'key' }, bogus: {} } },
        pick: (b: any) => ({ name: b?.metadata?.name, containers: b?.spec?.containers?.map((c: any) => ({ name: c.name, image: c.image, imagex: c.imagex })), nodeSelector: b?.spec?.nodeSelector, bogus: b?.spec?.bogus }),
        headers: ['warning'],
      },
      { id: 'pod-wrong-case', method: 'POST', path: `${PODS}?fieldValidation=Strict&dryRun=All`, body: { ...pod('p3'), Spec: {} }, compare: 'status' },
      {
        id: 'duplicates-strict',
        method: 'POST',
        path: `${PODS}?fieldValidation=Strict&dryRun=All`,
        body: '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"d1","labels":{"a":"1","a":"2"}},"zz":1,"spec":{"containers":[{"name":"a","image":"nginx","image":"x","qq":1}]},"spec":{"containers":[{"name":"a","image":"nginx","image":"x","qq":1}]}}',
        contentType: 'application/json',
        compare: 'status',
      },
      {
        id: 'duplicates-warn',
        method: 'POST',
        path: CMS,
        body: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"dup"},"data":{"a":"1"},"zz":1,"data":{"b":"2"}}',
        contentType: 'application/json',
        pick: dataOf,
        headers: ['warning'],
      },
      { id: 'bad-field-validation', method: 'POST', path: `${CMS}?fieldValidation=Bogus`, body: cm('bogus'), compare: 'status' },
      { id: 'bad-field-validation-patch', method: 'PATCH', path: `${CMS}/warned?fieldValidation=strict`, contentType: 'application/merge-patch+json', body: { data: { q: '1' } }, compare: 'status' },
    ],
  },
];
