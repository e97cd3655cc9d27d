// Fidelity scenarios: the patch flavours on a Pod and a ConfigMap — strategic merge by list keys
// (containers by name, ports by containerPort), its directives ($patch delete/replace, $setElementOrder,
// $deleteFromPrimitiveList, $retainKeys), merge patch replacing lists, JSON patch operations and errors.
import type { FidelityScenario } from '../types.js';

const PODS = '/api/v1/namespaces/{ns}/pods';
const SMP = 'application/strategic-merge-patch+json';
const MERGE = 'application/merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', labels: { app: 'web' }, finalizers: ['example.com/a', 'example.com/b'] },
  spec: {
    automountServiceAccountToken: false,
    containers: [
      { name: 'a', image: 'nginx:1.25', ports: [{ containerPort: 80 }, { containerPort: 443 }], env: [{ name: 'X', value: '1' }] },
      { name: 'b', image: 'busybox:1.36', command: ['sleep', '3600'] },
    ],
  },
};

/** The parts of a pod these patches touch. */
const touched = (b: any) =>
  b?.kind === 'Pod'
    ? {
        labels: b.metadata?.labels,
        finalizers: b.metadata?.finalizers,
        containers: b.spec?.containers?.map((c: any) => ({ name: c.name, image: c.image, ports: c.ports, env: c.env, command: c.command })),
        activeDeadlineSeconds: b.spec?.activeDeadlineSeconds,
      }
    : firstLine(b);

/** A Status with its message cut at the first newline (kube appends a Go diff of the pod spec there). */
function firstLine(b: any): unknown {
  if (!b || typeof b !== 'object') return b;
  const cut = (m: unknown) => (typeof m === 'string' ? m.split('\n')[0] : m);
  return { ...b, message: cut(b.message), details: b.details && { ...b.details, causes: b.details.causes?.map((c: any) => ({ ...c, message: cut(c.message) })) } };
}

export const scenarios: FidelityScenario[] = [
  {
    id: 'patches/pod-strategic-merge',
    title: 'strategic merge on a Pod: lists merged by key, directives, and the immutable fields refused',
    // The finalizers keep the pod from going away at once when the namespace is deleted; removed at the end.
    steps: [
      { id: 'create', method: 'POST', path: PODS, body: pod, pick: touched },
      { id: 'image-by-name', method: 'PATCH', path: `${PODS}/p`, contentType: SMP, body: { spec: { containers: [{ name: 'b', image: 'busybox:1.37' }] } }, pick: touched },
      { id: 'env-merge', method: 'PATCH', path: `${PODS}/p`, contentType: SMP, body: { spec: { containers: [{ name: 'a', env: [{ name: 'Y', value: '2' }] }] } }, compare: 'status', pick: firstLine },
      { id: 'delete-directive-bad-format', method: 'PATCH', path: `${PODS}/p`, contentType: SMP, body: { metadata: { $deleteFromPrimitiveList: { finalizers: ['example.com/a'] } } }, pick: touched },
      { id: 'delete-from-primitive-list', method: 'PATCH', path: `${PODS}/p`, contentType: SMP, body: { metadata: { '$deleteFromPrimitiveList/finalizers': ['example.com/a'] } }, pick: touched },
      { id: 'set-element-order', method: 'PATCH', path: `${PODS}/p`, contentType: SMP, body: { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }], containers: [{ name: 'a', image: 'nginx:1.26' }] } }, pick: touched },
      { id: 'container-delete-refused', method: 'PATCH', path: `${PODS}/p`, contentType: SMP, body: { spec: { containers: [{ name: 'b', $patch: 'delete' }] } }, compare: 'status', pick: firstLine },
      { id: 'deadline', method: 'PATCH', path: `${PODS}/p`, contentType: SMP, body: { spec: { activeDeadlineSeconds: 600 } }, pick: touched },
      { id: 'deadline-raise-refused', method: 'PATCH', path: `${PODS}/p`, contentType: SMP, body: { spec: { activeDeadlineSeconds: 900 } }, compare: 'status' },
      { id: 'label-null', method: 'PATCH', path: `${PODS}/p`, contentType: SMP, body: { metadata: { labels: { app: null, tier: 'front' } } }, pick: touched },
      { id: 'bad-json', method: 'PATCH', path: `${PODS}/p`, contentType: SMP, body: '{"spec":' },
      { id: 'not-an-object', method: 'PATCH', path: `${PODS}/p`, contentType: SMP, body: '[1,2]' },
      { id: 'json-patch-finalizers', method: 'PATCH', path: `${PODS}/p`, contentType: JSON_PATCH, body: [{ op: 'remove', path: '/metadata/finalizers' }], pick: touched },
    ],
  },
  {
    id: 'patches/configmap-json-and-merge',
    title: 'JSON patch operations and their errors; merge patch nulls',
    steps: [
      { id: 'create', method: 'POST', path: '/api/v1/namespaces/{ns}/configmaps', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', annotations: { a: '1' } }, data: { x: '1', y: '2' } }, pick: (b: any) => b.data },
      { id: 'move', method: 'PATCH', path: '/api/v1/namespaces/{ns}/configmaps/c', contentType: JSON_PATCH, body: [{ op: 'move', from: '/data/x', path: '/data/z' }], pick: (b: any) => b.data ?? b },
      { id: 'copy', method: 'PATCH', path: '/api/v1/namespaces/{ns}/configmaps/c', contentType: JSON_PATCH, body: [{ op: 'copy', from: '/data/y', path: '/data/w' }], pick: (b: any) => b.data ?? b },
      { id: 'replace-missing', method: 'PATCH', path: '/api/v1/namespaces/{ns}/configmaps/c', contentType: JSON_PATCH, body: [{ op: 'replace', path: '/data/nope', value: '1' }] },
      { id: 'remove-missing-key', method: 'PATCH', path: '/api/v1/namespaces/{ns}/configmaps/c', contentType: JSON_PATCH, body: [{ op: 'remove', path: '/data/nope2' }] },
      { id: 'copy-missing', method: 'PATCH', path: '/api/v1/namespaces/{ns}/configmaps/c', contentType: JSON_PATCH, body: [{ op: 'copy', from: '/data/absent', path: '/data/copied' }], pick: (b: any) => b.data ?? b },
      { id: 'move-missing', method: 'PATCH', path: '/api/v1/namespaces/{ns}/configmaps/c', contentType: JSON_PATCH, body: [{ op: 'move', from: '/data/absent', path: '/data/moved' }] },
      { id: 'negative-index', method: 'PATCH', path: '/api/v1/namespaces/{ns}/configmaps/c', contentType: JSON_PATCH, body: [{ op: 'add', path: '/metadata/finalizers', value: ['a.io/x', 'a.io/y'] }, { op: 'remove', path: '/metadata/finalizers/-1' }], pick: (b: any) => b.metadata?.finalizers ?? b },
      { id: 'index-out-of-range', method: 'PATCH', path: '/api/v1/namespaces/{ns}/configmaps/c', contentType: JSON_PATCH, body: [{ op: 'replace', path: '/metadata/finalizers/5', value: 'a.io/z' }] },
      { id: 'op-not-a-string', method: 'PATCH', path: '/api/v1/namespaces/{ns}/configmaps/c', contentType: JSON_PATCH, body: [{ op: 5, path: '/data/x' }] },
      { id: 'op-not-an-object', method: 'PATCH', path: '/api/v1/namespaces/{ns}/configmaps/c', contentType: JSON_PATCH, body: [5] },
      { id: 'merge-null', method: 'PATCH', path: '/api/v1/namespaces/{ns}/configmaps/c', contentType: MERGE, body: 'null' },
      { id: 'merge-array', method: 'PATCH', path: '/api/v1/namespaces/{ns}/configmaps/c', contentType: MERGE, body: '[1]' },
      { id: 'merge-syntax', method: 'PATCH', path: '/api/v1/namespaces/{ns}/configmaps/c', contentType: MERGE, body: '{"data":{"a":1,}}' },
      { id: 'finalizers-cleared', method: 'PATCH', path: '/api/v1/namespaces/{ns}/configmaps/c', contentType: MERGE, body: { metadata: { finalizers: null } }, pick: (b: any) => b.metadata?.finalizers ?? null },
      { id: 'unknown-op', method: 'PATCH', path: '/api/v1/namespaces/{ns}/configmaps/c', contentType: JSON_PATCH, body: [{ op: 'frobnicate', path: '/data/x' }] },
      { id: 'not-a-list', method: 'PATCH', path: '/api/v1/namespaces/{ns}/configmaps/c', contentType: JSON_PATCH, body: { op: 'add' } },
      { id: 'merge-null-annotation', method: 'PATCH', path: '/api/v1/namespaces/{ns}/configmaps/c', contentType: MERGE, body: { metadata: { annotations: { a: null } }, data: { y: null } }, pick: (b: any) => ({ annotations: b.metadata?.annotations, data: b.data }) },
      { id: 'unsupported-type', method: 'PATCH', path: '/api/v1/namespaces/{ns}/configmaps/c', contentType: 'application/xml', body: '<x/>' },
      { id: 'rename-refused', method: 'PATCH', path: '/api/v1/namespaces/{ns}/configmaps/c', contentType: MERGE, body: { metadata: { name: 'd' } } },
    ],
  },
];
