// Pod admission (ServiceAccount, DefaultTolerationSeconds) and pods/eviction as kube-apiserver 1.26 answers them
// (checked by hand; the real server is OpenShift-flavoured and adds a fourth projected source, openshift-service-ca.crt,
// so the volume's first three sources are compared).
import type { FidelityScenario } from '../types.js';

const POD = { metadata: { name: 'p1' }, spec: { initContainers: [{ name: 'i', image: 'busybox' }], containers: [{ name: 'c', image: 'nginx:1.25' }] } };

export const scenarios: FidelityScenario[] = [
  {
    id: 'pod-admission/service-account',
    title: 'a created pod gets the default ServiceAccount, the kube-api-access volume and the default tolerations',
    steps: [
      { id: 'wait-sa', method: 'GET', path: '/api/v1/namespaces/{ns}/serviceaccounts/default', compare: 'code', poll: { until: (code) => code === 200, pollSeconds: 10 } },
      {
        id: 'create', method: 'POST', path: '/api/v1/namespaces/{ns}/pods', body: POD,
        pick: (b) => ({
          serviceAccountName: b.spec.serviceAccountName, serviceAccount: b.spec.serviceAccount, tolerations: b.spec.tolerations,
          enableServiceLinks: b.spec.enableServiceLinks, priority: b.spec.priority, preemptionPolicy: b.spec.preemptionPolicy,
          mounts: [...b.spec.initContainers, ...b.spec.containers].map((c: any) => c.volumeMounts.map((m: any) => ({ mountPath: m.mountPath, readOnly: m.readOnly, volume: /^kube-api-access-[a-z0-9]{5}$/.test(m.name) }))),
          sources: b.spec.volumes[0].projected.sources.slice(0, 3), defaultMode: b.spec.volumes[0].projected.defaultMode,
        }),
      },
      { id: 'no-automount', method: 'POST', path: '/api/v1/namespaces/{ns}/pods?dryRun=All', body: { metadata: { name: 'p2' }, spec: { automountServiceAccountToken: false, containers: [{ name: 'c', image: 'x' }] } }, pick: (b) => ({ volumes: b.spec.volumes ?? null, mounts: b.spec.containers[0].volumeMounts ?? null }) },
      { id: 'missing-sa', method: 'POST', path: '/api/v1/namespaces/{ns}/pods', body: { metadata: { name: 'p3' }, spec: { serviceAccountName: 'nope', containers: [{ name: 'c', image: 'x' }] } }, compare: 'status' },
    ],
  },
  {
    id: 'pod-admission/eviction',
    title: 'pods/eviction deletes an unscheduled pod; wrong names and missing pods are refused',
    steps: [
      { id: 'wait-sa', method: 'GET', path: '/api/v1/namespaces/{ns}/serviceaccounts/default', compare: 'code', poll: { until: (code) => code === 200, pollSeconds: 10 } },
      { id: 'create', method: 'POST', path: '/api/v1/namespaces/{ns}/pods', body: { metadata: { name: 'e1' }, spec: { containers: [{ name: 'c', image: 'x' }] } }, compare: 'code' },
      { id: 'wrong-name', method: 'POST', path: '/api/v1/namespaces/{ns}/pods/e1/eviction', body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'other' } }, compare: 'status' },
      { id: 'evict', method: 'POST', path: '/api/v1/namespaces/{ns}/pods/e1/eviction', body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'e1' } } },
      { id: 'gone', method: 'GET', path: '/api/v1/namespaces/{ns}/pods/e1', compare: 'status' },
      { id: 'evict-missing', method: 'POST', path: '/api/v1/namespaces/{ns}/pods/nope/eviction', body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'nope' } }, compare: 'status' },
    ],
  },
];
