// Namespace lifecycle as kube-apiserver 1.26 + kube-controller-manager answer it (checked by hand against the real server).
import type { FidelityScenario } from '../types.js';

export const scenarios: FidelityScenario[] = [
  {
    id: 'namespaces/terminating',
    title: 'DELETE marks the namespace Terminating, creates in it are 403 NamespaceTerminating, then it goes',
    steps: [
      // The finalizer holds the namespace in Terminating (whichever server clears it first) until `release`.
      { id: 'create-cm', method: 'POST', path: '/api/v1/namespaces/{ns}/configmaps', body: { metadata: { name: 'inside', finalizers: ['example.com/hold'] } }, compare: 'code' },
      { id: 'root-ca', method: 'GET', path: '/api/v1/namespaces/{ns}/configmaps/kube-root-ca.crt', compare: 'code', poll: { until: (code) => code === 200, pollSeconds: 10 } },
      { id: 'default-sa', method: 'GET', path: '/api/v1/namespaces/{ns}/serviceaccounts/default', compare: 'code', poll: { until: (code) => code === 200, pollSeconds: 10 } },
      { id: 'delete', method: 'DELETE', path: '/api/v1/namespaces/{ns}', pick: (b) => ({ phase: b.status?.phase, finalizers: b.spec?.finalizers, deleting: Boolean(b.metadata?.deletionTimestamp) }) },
      { id: 'create-while-terminating', method: 'POST', path: '/api/v1/namespaces/{ns}/configmaps', body: { metadata: { name: 'late' } }, compare: 'status' },
      { id: 'still-terminating', method: 'GET', path: '/api/v1/namespaces/{ns}', pick: (b) => ({ phase: b.status?.phase, finalizers: b.spec?.finalizers }) },
      { id: 'release', method: 'PATCH', path: '/api/v1/namespaces/{ns}/configmaps/inside', contentType: 'application/merge-patch+json', body: { metadata: { finalizers: null } }, compare: 'code' },
      { id: 'gone', method: 'GET', path: '/api/v1/namespaces/{ns}', compare: 'status', poll: { until: (code) => code === 404, pollSeconds: 60 } },
      { id: 'create-in-missing', method: 'POST', path: '/api/v1/namespaces/{ns}/configmaps', body: { metadata: { name: 'again' } }, compare: 'status' },
    ],
  },
  {
    id: 'namespaces/immortal',
    title: 'default, kube-system and kube-public may not be deleted',
    steps: [
      { id: 'default', method: 'DELETE', path: '/api/v1/namespaces/default?dryRun=All', compare: 'status' },
      { id: 'kube-system', method: 'DELETE', path: '/api/v1/namespaces/kube-system?dryRun=All', compare: 'status' },
      { id: 'kube-public', method: 'DELETE', path: '/api/v1/namespaces/kube-public?dryRun=All', compare: 'status' },
    ],
  },
];
