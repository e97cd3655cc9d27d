// Fidelity scenarios: server-side apply and managedFields — apply creating, repeating, conflicting, forced,
// shared by two appliers and dropping a field; apply on /status; the managers ordinary writes record (PUT,
// merge, JSON and strategic patches, kubectl's User-Agents), resetting managedFields, and kube's checks
// of apply requests.
import type { FidelityScenario } from '../types.js';

const APPLY = 'application/apply-patch+yaml';
const CMS = '/api/v1/namespaces/{ns}/configmaps';
const cmYaml = (name: string, data: Record<string, string>, labels?: Record<string, string>) =>
  JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...(labels ? { labels } : {}) }, data });
const cm = (name: string, data: Record<string, string>, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, ...extra }, data });
const KUBECTL = (command: string) => `kubectl-${command}/v1.32.0 (linux/amd64) kubernetes/70d3cc9`;
/**
 * A pod's containers and the appliers' managedFields: its status, the scheduler's entry and the service
 * account volume (admission on the real cluster) are other areas'.
 */
const podApplyView = (b: any) => {
  if (b?.kind !== 'Pod') return b;
  const containers = b.spec?.containers?.map(({ volumeMounts: _v, ...c }: any) => c);
  const managedFields = b.metadata?.managedFields?.filter((e: any) => e.operation === 'Apply').sort((x: any, y: any) => x.manager.localeCompare(y.manager));
  return { managedFields, containers };
};
/**
 * ConfigMaps carry metadata.generation on the embedded server (a known difference of the objects area), and
 * kube orders managedFields by operation, then time in seconds, then manager: steps that straddle a second
 * differently on the two servers reorder them, so they are compared ordered by operation and manager.
 */
const sortManagers = (b: any) => {
  b?.metadata?.managedFields?.sort((x: any, y: any) => `${x.operation} ${x.manager} ${x.subresource ?? ''}`.localeCompare(`${y.operation} ${y.manager} ${y.subresource ?? ''}`));
  return b;
};
const noGeneration = (b: any) => {
  if (b?.metadata) delete b.metadata.generation;
  return sortManagers(b);
};
/** kube lists conflicts in map order (differently run to run): compared sorted. */
const sortedCauses = (b: any) => ({ ...b, details: { ...b.details, causes: [...(b.details?.causes ?? [])].sort((x: any, y: any) => `${x.field}${x.message}`.localeCompare(`${y.field}${y.message}`)) } });

const CRD = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.applyfid.kactor.io' },
  spec: {
    group: 'applyfid.kactor.io',
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [{
      name: 'v1', served: true, storage: true, subresources: { status: {} },
      schema: {
        openAPIV3Schema: {
          type: 'object',
          properties: {
            spec: {
              type: 'object',
              properties: {
                size: { type: 'integer' },
                tags: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
                ports: {
                  type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'],
                  items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, port: { type: 'integer' } } },
                },
                args: { type: 'array', items: { type: 'string' } },
              },
            },
            status: { type: 'object', properties: { phase: { type: 'string' }, ready: { type: 'integer' } } },
          },
        },
      },
    }],
  },
};
const WIDGETS = '/apis/applyfid.kactor.io/v1/namespaces/{ns}/widgets';
const widget = (spec: Record<string, unknown>) => JSON.stringify({ apiVersion: 'applyfid.kactor.io/v1', kind: 'Widget', metadata: { name: 'w' }, spec });

export const scenarios: FidelityScenario[] = [
  {
    id: 'apply/configmap',
    title: 'apply creates, repeats without a write, conflicts with an updater, forces, shares with a second applier, drops a field',
    steps: [
      { id: 'no-field-manager', method: 'PATCH', path: `${CMS}/a`, contentType: APPLY, body: cmYaml('a', { x: '1' }), pick: noGeneration },
      { id: 'apply-create', method: 'PATCH', path: `${CMS}/a?fieldManager=m1`, contentType: APPLY, body: cmYaml('a', { x: '1', y: '1' }, { app: 'a' }), pick: noGeneration },
      { id: 'apply-again', method: 'PATCH', path: `${CMS}/a?fieldManager=m1`, contentType: APPLY, body: cmYaml('a', { x: '1', y: '1' }, { app: 'a' }), pick: noGeneration },
      { id: 'merge-patch-m2', method: 'PATCH', path: `${CMS}/a?fieldManager=m2`, contentType: 'application/merge-patch+json', body: { data: { x: '2' } }, pick: noGeneration },
      { id: 'apply-conflict', method: 'PATCH', path: `${CMS}/a?fieldManager=m1`, contentType: APPLY, body: cmYaml('a', { x: '3', y: '1' }, { app: 'a' }), pick: noGeneration },
      { id: 'apply-force', method: 'PATCH', path: `${CMS}/a?fieldManager=m1&force=true`, contentType: APPLY, body: cmYaml('a', { x: '3', y: '1' }, { app: 'a' }), pick: noGeneration },
      { id: 'apply-shared', method: 'PATCH', path: `${CMS}/a?fieldManager=m3`, contentType: APPLY, body: cmYaml('a', { y: '1' }), pick: noGeneration },
      { id: 'apply-drop', method: 'PATCH', path: `${CMS}/a?fieldManager=m1`, contentType: APPLY, body: cmYaml('a', { y: '1' }), pick: noGeneration },
      { id: 'conflict-two', method: 'PATCH', path: `${CMS}/a?fieldManager=m4`, contentType: APPLY, body: cmYaml('a', { y: '9' }, { app: 'b' }), pick: sortedCauses },
      { id: 'get', method: 'GET', path: `${CMS}/a`, pick: noGeneration },
      { id: 'dry-run', method: 'PATCH', path: `${CMS}/b?fieldManager=m1&dryRun=All`, contentType: APPLY, body: cmYaml('b', { x: '1' }), pick: noGeneration },
      { id: 'dry-run-left-nothing', method: 'GET', path: `${CMS}/b`, pick: noGeneration },
    ],
  },
  {
    id: 'apply/bad-requests',
    title: 'apply bodies kube rejects: another apiVersion, another name, managedFields set, no name, broken YAML',
    steps: [
      { id: 'wrong-version', method: 'PATCH', path: `${CMS}/a?fieldManager=m`, contentType: APPLY, body: 'apiVersion: v2\nkind: ConfigMap\nmetadata: {name: a}\n', pick: noGeneration },
      { id: 'wrong-name', method: 'PATCH', path: `${CMS}/a?fieldManager=m`, contentType: APPLY, body: cmYaml('other', {}), pick: noGeneration },
      { id: 'managed-fields-set', method: 'PATCH', path: `${CMS}/a?fieldManager=m`, contentType: APPLY, body: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, managedFields: []}\n', pick: noGeneration },
      { id: 'no-name', method: 'PATCH', path: `${CMS}/a?fieldManager=m`, contentType: APPLY, body: 'apiVersion: v1\nkind: ConfigMap\n', pick: noGeneration },
      { id: 'wrong-namespace', method: 'PATCH', path: `${CMS}/a?fieldManager=m`, contentType: APPLY, body: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: elsewhere}\n', pick: noGeneration },
      { id: 'no-kind', method: 'PATCH', path: `${CMS}/a?fieldManager=m`, contentType: APPLY, body: 'apiVersion: v1\nmetadata: {name: a}\n' },
      // kube's message prints Go pointers here: only the code is compared.
      { id: 'other-kind', method: 'PATCH', path: `${CMS}/a?fieldManager=m`, contentType: APPLY, body: 'apiVersion: v1\nkind: Secret\nmetadata: {name: a}\n', compare: 'code' },
      { id: 'broken-yaml', method: 'PATCH', path: `${CMS}/a?fieldManager=m`, contentType: APPLY, body: 'a: [', compare: 'code' },
      { id: 'yaml-1.1-booleans', method: 'PATCH', path: `${CMS}/a?fieldManager=m`, contentType: APPLY, body: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: "1", y: "2"}\n', pick: noGeneration },
      { id: 'force-on-merge-patch', method: 'PATCH', path: `${CMS}/a?force=true`, contentType: 'application/merge-patch+json', body: { data: { z: '1' } }, pick: noGeneration },
      { id: 'field-manager-too-long', method: 'POST', path: `${CMS}?fieldManager=${'x'.repeat(129)}`, body: cm('long', {}), pick: noGeneration },
    ],
  },
  {
    id: 'apply/update-managers',
    title: 'the managers of PUT, merge, JSON and strategic patches, named by fieldManager or by kubectl\'s User-Agent; managedFields reset',
    steps: [
      { id: 'create-kubectl', method: 'POST', path: CMS, userAgent: KUBECTL('create'), body: cm('u', { a: '1' }, { labels: { app: 'u' } }), pick: noGeneration },
      { id: 'put-kubectl-replace', method: 'PUT', path: `${CMS}/u`, userAgent: KUBECTL('replace'), body: cm('u', { a: '1', b: '2' }, { labels: { app: 'u' } }), pick: noGeneration },
      { id: 'merge-patch-kubectl-patch', method: 'PATCH', path: `${CMS}/u`, userAgent: KUBECTL('patch'), contentType: 'application/merge-patch+json', body: { data: { a: 'changed' } }, pick: noGeneration },
      { id: 'json-patch-manager', method: 'PATCH', path: `${CMS}/u?fieldManager=jp`, contentType: 'application/json-patch+json', body: [{ op: 'add', path: '/data/j', value: 'x' }], pick: noGeneration },
      { id: 'strategic-patch-manager', method: 'PATCH', path: `${CMS}/u?fieldManager=sp`, contentType: 'application/strategic-merge-patch+json', body: { metadata: { labels: { app: 'v' } } }, pick: noGeneration },
      { id: 'same-value-no-entry', method: 'PATCH', path: `${CMS}/u?fieldManager=nobody`, contentType: 'application/merge-patch+json', body: { data: { b: '2' } }, pick: noGeneration },
      { id: 'remove-field', method: 'PATCH', path: `${CMS}/u?fieldManager=remover`, contentType: 'application/json-patch+json', body: [{ op: 'remove', path: '/data/j' }], pick: noGeneration },
      { id: 'client-side-apply', method: 'PATCH', path: `${CMS}/u`, userAgent: KUBECTL('client-side-apply'), contentType: 'application/strategic-merge-patch+json', body: { metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"v1","data":{"a":"changed"},"kind":"ConfigMap","metadata":{"name":"u"}}\n' } } }, pick: noGeneration },
      { id: 'reset', method: 'PATCH', path: `${CMS}/u?fieldManager=resetter`, contentType: 'application/merge-patch+json', body: { metadata: { managedFields: [{}] }, data: { r: '1' } }, pick: noGeneration },
      { id: 'untracked-after-reset', method: 'PATCH', path: `${CMS}/u?fieldManager=later`, contentType: 'application/merge-patch+json', body: { data: { l: '1' } }, pick: noGeneration },
      { id: 'apply-after-reset', method: 'PATCH', path: `${CMS}/u?fieldManager=applier`, contentType: APPLY, body: cmYaml('u', { s: '1' }), pick: noGeneration },
    ],
  },
  {
    id: 'apply/pod-lists',
    title: 'a pod applied: containers keyed by name, ports by containerPort and protocol; a second applier forces the image',
    steps: [
      {
        id: 'apply-pod',
        method: 'PATCH',
        path: '/api/v1/namespaces/{ns}/pods/p?fieldManager=a',
        contentType: APPLY,
        body: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { app: 'p' } }, spec: { nodeSelector: { disk: 'ssd' }, tolerations: [{ key: 'k', operator: 'Exists' }], containers: [{ name: 'c', image: 'nginx:1.25', ports: [{ containerPort: 80 }], env: [{ name: 'A', value: '1' }] }] } }),
        pick: podApplyView,
      },
      {
        id: 'apply-image-conflict',
        method: 'PATCH',
        path: '/api/v1/namespaces/{ns}/pods/p?fieldManager=b',
        contentType: APPLY,
        body: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx:1.26' }] } }),
      },
      {
        id: 'apply-image-force',
        method: 'PATCH',
        path: '/api/v1/namespaces/{ns}/pods/p?fieldManager=b&force=true',
        contentType: APPLY,
        body: JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx:1.26' }] } }),
        pick: podApplyView,
      },
      { id: 'delete', method: 'DELETE', path: '/api/v1/namespaces/{ns}/pods/p?gracePeriodSeconds=0', compare: 'code' },
    ],
  },
  {
    id: 'apply/custom-resource',
    title: 'a custom resource applied: CRD list types (set, map, atomic), pruning, and apply on /status by another manager',
    cleanup: ['/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.applyfid.kactor.io'],
    steps: [
      { id: 'crd', method: 'POST', path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', body: CRD, compare: 'code' },
      {
        id: 'crd-established',
        method: 'GET',
        path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.applyfid.kactor.io',
        poll: { until: (_code, b) => b?.status?.conditions?.some((c: any) => c.type === 'Established' && c.status === 'True'), pollSeconds: 20 },
        compare: 'code',
      },
      { id: 'served', method: 'GET', path: WIDGETS, poll: { until: (code) => code === 200, pollSeconds: 20 }, compare: 'code' },
      { id: 'apply-create', method: 'PATCH', path: `${WIDGETS}/w?fieldManager=a`, contentType: APPLY, body: widget({ size: 1, tags: ['x', 'y'], ports: [{ name: 'http', port: 80 }], args: ['--v'] }), pick: sortManagers },
      { id: 'apply-other-items', method: 'PATCH', path: `${WIDGETS}/w?fieldManager=b`, contentType: APPLY, body: widget({ tags: ['z'], ports: [{ name: 'grpc', port: 90 }] }), pick: sortManagers },
      { id: 'apply-prune', method: 'PATCH', path: `${WIDGETS}/w?fieldManager=a`, contentType: APPLY, body: widget({ size: 2, tags: ['x'] }), pick: sortManagers },
      { id: 'apply-atomic-conflict', method: 'PATCH', path: `${WIDGETS}/w?fieldManager=b`, contentType: APPLY, body: widget({ args: ['--x'] }), pick: sortManagers },
      {
        id: 'apply-status',
        method: 'PATCH',
        path: `${WIDGETS}/w/status?fieldManager=ctrl`,
        contentType: APPLY,
        body: JSON.stringify({ apiVersion: 'applyfid.kactor.io/v1', kind: 'Widget', metadata: { name: 'w' }, status: { phase: 'Ready', ready: 1 } }),
        pick: sortManagers,
      },
      { id: 'status-update', method: 'PUT', path: `${WIDGETS}/w/status?fieldManager=updater`, body: { apiVersion: 'applyfid.kactor.io/v1', kind: 'Widget', metadata: { name: 'w', resourceVersion: '{rv:apply-status}' }, spec: { size: 2, tags: ['x', 'z'], ports: [{ name: 'grpc', port: 90 }] }, status: { phase: 'Done', ready: 1 } }, pick: sortManagers },
      { id: 'get', method: 'GET', path: `${WIDGETS}/w`, pick: sortManagers },
      // kube's merge order: live items stay where they are, applied items not yet there come after them.
      { id: 'order-1', method: 'PATCH', path: `${WIDGETS}/w?fieldManager=o1&force=true`, contentType: APPLY, body: widget({ ports: [{ name: 'p1' }, { name: 'p2' }, { name: 'p3' }] }), pick: sortManagers },
      { id: 'order-2', method: 'PATCH', path: `${WIDGETS}/w?fieldManager=o2`, contentType: APPLY, body: widget({ ports: [{ name: 'p9' }, { name: 'p2', port: 2 }, { name: 'p0' }] }), pick: sortManagers },
    ],
  },
];
