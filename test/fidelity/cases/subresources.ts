// Fidelity scenarios: the status and scale subresources — on a custom resource of a CRD the scenario
// installs (the real cluster's controller-manager writes no status there), and what a create of a
// built-in StatefulSet answers (its status reset and serialised as the Go types do).
import type { FidelityScenario } from '../types.js';

const GROUP = 'fidelity.kactor.io';
const CRD_NAME = `widgets.${GROUP}`;
const WIDGETS = `/apis/${GROUP}/v1/namespaces/{ns}/widgets`;

const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: CRD_NAME },
  spec: {
    group: GROUP,
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList', shortNames: ['wdg'] },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {}, scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.status.selector' } },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: { type: 'object', properties: { replicas: { type: 'integer', minimum: 0 }, size: { type: 'string', default: 'm' } } },
              status: { type: 'object', properties: { replicas: { type: 'integer' }, selector: { type: 'string' }, ready: { type: 'boolean' } } },
            },
          },
        },
      },
    ],
  },
};

const established = (code: number, body: any) =>
  code === 200 && (body?.status?.conditions ?? []).some((c: any) => c.type === 'Established' && c.status === 'True');
/** What these steps compare of a Widget: generation, spec and status. */
const shape = (b: any) => (b?.kind === 'Widget' ? { generation: b.metadata?.generation, spec: b.spec, status: b.status } : b);

function sortedCauses(b: any): unknown {
  const causes = [...(b?.details?.causes ?? [])].sort((x: any, y: any) => `${x.field}${x.message}`.localeCompare(`${y.field}${y.message}`));
  return { code: b?.code, reason: b?.reason, kind: b?.details?.kind, causes };
}

export const scenarios: FidelityScenario[] = [
  {
    id: 'subresources/custom-status-scale',
    title: 'a CR: status only through /status, replicas through /scale, generation bumped by spec changes only',
    cleanup: [`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${CRD_NAME}`],
    steps: [
      { id: 'crd', method: 'POST', path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', body: crd, compare: 'code' },
      { id: 'crd-established', method: 'GET', path: `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${CRD_NAME}`, poll: { until: established, pollSeconds: 30 }, compare: 'code' },
      { id: 'create', method: 'POST', path: WIDGETS, body: { apiVersion: `${GROUP}/v1`, kind: 'Widget', metadata: { name: 'w' }, spec: { replicas: 2 }, status: { replicas: 5 } }, pick: shape },
      { id: 'status-via-main', method: 'PATCH', path: `${WIDGETS}/w`, contentType: 'application/merge-patch+json', body: { status: { replicas: 7 } }, pick: shape },
      { id: 'status-patch', method: 'PATCH', path: `${WIDGETS}/w/status`, contentType: 'application/merge-patch+json', body: { status: { replicas: 1, selector: 'app=w' }, spec: { replicas: 9 } }, pick: shape },
      { id: 'get-scale', method: 'GET', path: `${WIDGETS}/w/scale` },
      { id: 'put-scale', method: 'PUT', path: `${WIDGETS}/w/scale`, body: { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'w', namespace: '{ns}' }, spec: { replicas: 3 } } },
      { id: 'patch-scale', method: 'PATCH', path: `${WIDGETS}/w/scale`, contentType: 'application/merge-patch+json', body: { spec: { replicas: 4 } } },
      { id: 'negative-scale', method: 'PATCH', path: `${WIDGETS}/w/scale`, contentType: 'application/merge-patch+json', body: { spec: { replicas: -1 } } },
      { id: 'after', method: 'GET', path: `${WIDGETS}/w`, pick: shape },
      { id: 'scale-missing', method: 'GET', path: `${WIDGETS}/nope/scale` },
      { id: 'status-missing', method: 'GET', path: `${WIDGETS}/nope/status` },
      { id: 'get-status', method: 'GET', path: `${WIDGETS}/w/status`, pick: shape },
      { id: 'metadata-only-change', method: 'PATCH', path: `${WIDGETS}/w`, contentType: 'application/merge-patch+json', body: { metadata: { labels: { x: 'y' } } }, pick: shape },
      { id: 'spec-change', method: 'PATCH', path: `${WIDGETS}/w`, contentType: 'application/merge-patch+json', body: { spec: { size: 'l' } }, pick: shape },
      // kube-apiserver walks a schema's properties in map order: the causes (and the message listing them)
      // come in any order, so they are compared sorted.
      { id: 'schema-invalid', method: 'PATCH', path: `${WIDGETS}/w`, contentType: 'application/merge-patch+json', body: { spec: { replicas: -2, size: 3 } }, pick: sortedCauses },
      { id: 'short-name-list', method: 'GET', path: `${WIDGETS}?limit=1`, pick: (b: any) => ({ kind: b.kind, apiVersion: b.apiVersion, names: b.items?.map((i: any) => i.metadata.name) }) },
    ],
  },
  {
    id: 'subresources/statefulset-create',
    title: 'a built-in StatefulSet created with a status: the status reset, zero fields serialised',
    steps: [
      {
        id: 'create',
        method: 'POST',
        path: '/apis/apps/v1/namespaces/{ns}/statefulsets',
        body: {
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
          metadata: { name: 'web' },
          spec: { replicas: 2, serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } } },
          status: { replicas: 5 },
        },
        pick: (b: any) => ({ generation: b.metadata?.generation, status: b.status }),
      },
    ],
  },
];
