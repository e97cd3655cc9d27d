// Fidelity: metadata.generation per kind as kube-apiserver 1.26.5 sets it — none for ConfigMaps and Pods,
// 1 then +1 on spec changes for Deployments, +1 on any non-metadata/status change for a custom resource
// with a status subresource, +1 on status changes too without one. Each answer checked by hand against it.
import type { FidelityScenario } from '../types.js';

const NS = '/api/v1/namespaces/{ns}';
const DEPLOY = '/apis/apps/v1/namespaces/{ns}/deployments';
const MERGE = 'application/merge-patch+json';
const gen = (b: any) => ({ kind: b?.kind, generation: b?.metadata?.generation, code: b?.code });

const crd = (plural: string, kind: string, withStatus: boolean) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.{ns}.fid.kactor.io` },
  spec: {
    group: '{ns}.fid.kactor.io',
    scope: 'Namespaced',
    names: { plural, singular: kind.toLowerCase(), kind, listKind: `${kind}List` },
    versions: [{
      name: 'v1', served: true, storage: true,
      ...(withStatus ? { subresources: { status: {} } } : {}),
      schema: { openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { color: { type: 'string' } } }, status: { type: 'object', properties: { phase: { type: 'string' } } } } } },
    }],
  },
});
const established = { until: (code: number) => code === 200, pollSeconds: 20 };

export const scenarios: FidelityScenario[] = [
  {
    id: 'generation/built-in',
    title: 'ConfigMaps and Pods have no generation; a Deployment starts at 1 and moves on spec changes only',
    steps: [
      { id: 'configmap', method: 'POST', path: `${NS}/configmaps`, body: { metadata: { name: 'g' } }, pick: gen },
      { id: 'configmap-update', method: 'PATCH', path: `${NS}/configmaps/g`, body: { data: { a: '1' } }, contentType: MERGE, pick: gen },
      { id: 'pod', method: 'POST', path: `${NS}/pods`, body: { metadata: { name: 'g' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } }, pick: gen },
      { id: 'pod-image', method: 'PATCH', path: `${NS}/pods/g`, body: { spec: { containers: [{ name: 'c', image: 'nginx:2' }] } }, contentType: 'application/strategic-merge-patch+json', pick: gen },
      {
        id: 'deployment', method: 'POST', path: DEPLOY, pick: gen,
        body: { metadata: { name: 'g' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } },
      },
      { id: 'deployment-labels', method: 'PATCH', path: `${DEPLOY}/g`, body: { metadata: { labels: { x: 'y' } } }, contentType: MERGE, pick: gen },
      { id: 'deployment-spec', method: 'PATCH', path: `${DEPLOY}/g`, body: { spec: { replicas: 3 } }, contentType: MERGE, pick: gen },
      { id: 'deployment-scale', method: 'PATCH', path: `${DEPLOY}/g/scale`, body: { spec: { replicas: 4 } }, contentType: MERGE, compare: 'code' },
      { id: 'deployment-after-scale', method: 'GET', path: `${DEPLOY}/g`, pick: gen },
    ],
  },
  {
    id: 'generation/custom-resources',
    title: 'custom resources: status changes bump the generation only without a status subresource',
    cleanup: ['/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.{ns}.fid.kactor.io', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.{ns}.fid.kactor.io'],
    steps: [
      { id: 'crd-with-status', method: 'POST', path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', body: crd('widgets', 'Widget', true), compare: 'code' },
      { id: 'crd-without-status', method: 'POST', path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', body: crd('gadgets', 'Gadget', false), compare: 'code' },
      { id: 'widgets-served', method: 'GET', path: '/apis/{ns}.fid.kactor.io/v1/namespaces/{ns}/widgets', compare: 'code', poll: established },
      { id: 'gadgets-served', method: 'GET', path: '/apis/{ns}.fid.kactor.io/v1/namespaces/{ns}/gadgets', compare: 'code', poll: established },
      { id: 'widget', method: 'POST', path: '/apis/{ns}.fid.kactor.io/v1/namespaces/{ns}/widgets', body: { apiVersion: '{ns}.fid.kactor.io/v1', kind: 'Widget', metadata: { name: 'w' }, spec: { color: 'red' } }, pick: gen },
      { id: 'widget-labels', method: 'PATCH', path: '/apis/{ns}.fid.kactor.io/v1/namespaces/{ns}/widgets/w', body: { metadata: { labels: { a: 'b' } } }, contentType: MERGE, pick: gen },
      { id: 'widget-status', method: 'PATCH', path: '/apis/{ns}.fid.kactor.io/v1/namespaces/{ns}/widgets/w/status', body: { status: { phase: 'Up' } }, contentType: MERGE, pick: gen },
      { id: 'widget-spec', method: 'PATCH', path: '/apis/{ns}.fid.kactor.io/v1/namespaces/{ns}/widgets/w', body: { spec: { color: 'blue' } }, contentType: MERGE, pick: gen },
      { id: 'gadget', method: 'POST', path: '/apis/{ns}.fid.kactor.io/v1/namespaces/{ns}/gadgets', body: { apiVersion: '{ns}.fid.kactor.io/v1', kind: 'Gadget', metadata: { name: 'g' }, spec: { color: 'red' } }, pick: gen },
      { id: 'gadget-status', method: 'PATCH', path: '/apis/{ns}.fid.kactor.io/v1/namespaces/{ns}/gadgets/g', body: { status: { phase: 'Up' } }, contentType: MERGE, pick: gen },
      { id: 'gadget-annotations', method: 'PATCH', path: '/apis/{ns}.fid.kactor.io/v1/namespaces/{ns}/gadgets/g', body: { metadata: { annotations: { a: 'b' } } }, contentType: MERGE, pick: gen },
    ],
  },
];
