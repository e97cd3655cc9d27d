// Fidelity: discovery of the autoscaling group (HorizontalPodAutoscaler v2 and v1, the Scale kind behind
// /scale) and the /scale subresource: reads, writes, and validation naming Scale for built-in kinds but the
// resource itself for a custom resource (its schema and the scale subresource's own check). Pod spec
// validation the real server makes. HorizontalPodAutoscalers are stored only: no defaulting (metrics) or
// conversion between v1 and v2, so their spec is compared on the fields a client sent. Each answer checked by hand against kube-apiserver 1.26.5.
import type { FidelityScenario } from '../types.js';

const DEPLOY = '/apis/apps/v1/namespaces/{ns}/deployments';
const MERGE = 'application/merge-patch+json';
const PODS = '/api/v1/namespaces/{ns}/pods';
const resource = (name: string) => (b: any) => b?.resources?.find((r: any) => r.name === name);

const widgets = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.{ns}.fid.kactor.io' },
  spec: {
    group: '{ns}.fid.kactor.io',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [{
      name: 'v1', served: true, storage: true,
      subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } },
      schema: {
        openAPIV3Schema: {
          type: 'object',
          properties: {
            spec: { type: 'object', properties: { replicas: { type: 'integer', minimum: 0 }, size: { type: 'string', enum: ['S', 'M', 'L'] }, count: { type: 'integer', maximum: 10 } } },
            status: { type: 'object', properties: { replicas: { type: 'integer' }, selector: { type: 'string' } } },
          },
        },
      },
    }],
  },
};
const W = '/apis/{ns}.fid.kactor.io/v1/namespaces/{ns}/widgets';
const widget = (name: string, spec: Record<string, unknown>) => ({ apiVersion: '{ns}.fid.kactor.io/v1', kind: 'Widget', metadata: { name }, spec });
const pod = (name: string, spec: Record<string, unknown>) => ({ metadata: { name }, spec });

export const scenarios: FidelityScenario[] = [
  {
    id: 'discovery/autoscaling',
    title: 'autoscaling v2 and v1 with horizontalpodautoscalers; /scale subresources name autoscaling/v1 Scale',
    steps: [
      { id: 'group', method: 'GET', path: '/apis/autoscaling' },
      { id: 'v1', method: 'GET', path: '/apis/autoscaling/v1' },
      { id: 'v2', method: 'GET', path: '/apis/autoscaling/v2' },
      { id: 'apps-deployments-scale', method: 'GET', path: '/apis/apps/v1', pick: resource('deployments/scale') },
      { id: 'apps-statefulsets', method: 'GET', path: '/apis/apps/v1', pick: resource('statefulsets') },
      { id: 'core-configmaps', method: 'GET', path: '/api/v1', pick: resource('configmaps') },
      { id: 'core-namespaces', method: 'GET', path: '/api/v1', pick: resource('namespaces') },
      { id: 'crds', method: 'GET', path: '/apis/apiextensions.k8s.io/v1', pick: resource('customresourcedefinitions') },
      { id: 'kruise-statefulsets', method: 'GET', path: '/apis/apps.kruise.io/v1beta1', pick: resource('statefulsets') },
      { id: 'kruise-statefulsets-scale', method: 'GET', path: '/apis/apps.kruise.io/v1beta1', pick: resource('statefulsets/scale') },
      {
        id: 'create-hpa', method: 'POST', path: '/apis/autoscaling/v2/namespaces/{ns}/horizontalpodautoscalers', compare: 'code',
        body: { metadata: { name: 'h' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 3 } },
      },
      { id: 'get-hpa', method: 'GET', path: '/apis/autoscaling/v2/namespaces/{ns}/horizontalpodautoscalers/h', pick: (b: any) => ({ kind: b?.kind, apiVersion: b?.apiVersion, scaleTargetRef: b?.spec?.scaleTargetRef, maxReplicas: b?.spec?.maxReplicas }) },
    ],
  },
  {
    id: 'discovery/scale-built-in',
    title: 'a Deployment\'s /scale: read, write, validation as Scale.autoscaling, 404 naming deployments/scale',
    steps: [
      {
        id: 'create', method: 'POST', path: DEPLOY, compare: 'code',
        body: { metadata: { name: 'web' }, spec: { replicas: 1, selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } },
      },
      { id: 'get-scale', method: 'GET', path: `${DEPLOY}/web/scale` },
      { id: 'patch-negative', method: 'PATCH', path: `${DEPLOY}/web/scale`, body: { spec: { replicas: -1 } }, contentType: MERGE },
      { id: 'patch-three', method: 'PATCH', path: `${DEPLOY}/web/scale`, body: { spec: { replicas: 3 } }, contentType: MERGE, pick: (b: any) => ({ kind: b?.kind, spec: b?.spec }) },
      { id: 'missing-scale', method: 'GET', path: `${DEPLOY}/nope/scale` },
      { id: 'missing-patch-scale', method: 'PATCH', path: `${DEPLOY}/nope/scale`, body: { spec: { replicas: 1 } }, contentType: MERGE },
    ],
  },
  {
    id: 'discovery/scale-custom-resource',
    title: 'a custom resource\'s /scale validates the resource: every schema cause plus the scale check, named by its kind',
    cleanup: ['/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.{ns}.fid.kactor.io'],
    steps: [
      { id: 'crd', method: 'POST', path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', body: widgets, compare: 'code' },
      { id: 'served', method: 'GET', path: W, compare: 'code', poll: { until: (code) => code === 200, pollSeconds: 20 } },
      // The schema's causes and the scale check's, in that order. (Several failing properties would come in Go map
      // order on the real server — not deterministic — so each is checked alone.)
      { id: 'schema-and-scale-causes', method: 'POST', path: W, body: widget('w2', { replicas: -1 }) },
      { id: 'enum-cause', method: 'POST', path: W, body: widget('w3', { size: 'XL' }) },
      { id: 'maximum-cause', method: 'POST', path: W, body: widget('w4', { count: 11 }) },
      { id: 'create', method: 'POST', path: W, body: widget('s1', { replicas: 1 }), compare: 'code' },
      { id: 'get-scale', method: 'GET', path: `${W}/s1/scale` },
      { id: 'patch-negative', method: 'PATCH', path: `${W}/s1/scale`, body: { spec: { replicas: -1 } }, contentType: MERGE },
      { id: 'put-negative', method: 'PUT', path: `${W}/s1/scale`, body: { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 's1' }, spec: { replicas: -2 } } },
      { id: 'patch-three', method: 'PATCH', path: `${W}/s1/scale`, body: { spec: { replicas: 3 } }, contentType: MERGE },
      { id: 'after', method: 'GET', path: `${W}/s1`, pick: (b: any) => ({ generation: b?.metadata?.generation, spec: b?.spec }) },
      { id: 'kind-mismatch', method: 'POST', path: W, body: { ...widget('km', {}), kind: 'Gadget' } },
      { id: 'no-api-version', method: 'POST', path: W, body: { kind: 'Widget', metadata: { name: 'nv' } } },
      { id: 'no-kind', method: 'POST', path: W, body: { apiVersion: '{ns}.fid.kactor.io/v1', metadata: { name: 'nk' } } },
      { id: 'missing-scale', method: 'GET', path: `${W}/nope/scale` },
    ],
  },
  {
    id: 'discovery/pod-validation',
    title: 'pod spec checks: no containers, no image, no name, duplicate and malformed names, unknown policies, deadline, ports',
    steps: [
      { id: 'containers-empty', method: 'POST', path: PODS, body: pod('v1', { containers: [] }) },
      { id: 'spec-empty', method: 'POST', path: PODS, body: pod('v2', {}) },
      { id: 'no-image', method: 'POST', path: PODS, body: pod('v3', { containers: [{ name: 'c' }] }) },
      { id: 'restart-policy', method: 'POST', path: PODS, body: pod('v4', { restartPolicy: 'Sometimes', containers: [{ name: 'c', image: 'x' }] }) },
      { id: 'duplicate-names', method: 'POST', path: PODS, body: pod('v5', { containers: [{ name: 'c', image: 'x' }, { name: 'c', image: 'y' }] }) },
      { id: 'no-name', method: 'POST', path: PODS, body: pod('v6', { containers: [{ image: 'x' }] }) },
      { id: 'bad-name', method: 'POST', path: PODS, body: pod('v7', { containers: [{ name: 'C_1', image: 'x' }] }) },
      { id: 'port-zero', method: 'POST', path: PODS, body: pod('v8', { containers: [{ name: 'c', image: 'x', ports: [{ containerPort: 0 }] }] }) },
      { id: 'pull-policy', method: 'POST', path: PODS, body: pod('v9', { containers: [{ name: 'c', image: 'x', imagePullPolicy: 'Sometimes' }] }) },
      { id: 'deadline-zero', method: 'POST', path: PODS, body: pod('v10', { activeDeadlineSeconds: 0, containers: [{ name: 'c', image: 'x' }] }) },
      { id: 'dns-policy', method: 'POST', path: PODS, body: pod('v12', { dnsPolicy: 'Bogus', containers: [{ name: 'c', image: 'x' }] }) },
      {
        id: 'several', method: 'POST', path: PODS,
        body: pod('v13', { restartPolicy: 'Sometimes', dnsPolicy: 'Bogus', activeDeadlineSeconds: 0, containers: [{ name: 'c', imagePullPolicy: 'X' }, { name: 'c', image: 'y' }] }),
      },
      { id: 'valid', method: 'POST', path: PODS, body: pod('ok', { containers: [{ name: 'c', image: 'nginx' }] }), compare: 'code' },
      { id: 'update-no-image', method: 'PATCH', path: `${PODS}/ok`, body: { spec: { containers: [{ name: 'c', image: '' }] } }, contentType: 'application/strategic-merge-patch+json' },
    ],
  },
];
