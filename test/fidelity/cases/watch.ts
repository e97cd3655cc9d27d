// Fidelity: watch and list resumption against the event window — a resourceVersion from before it (410
// Expired as a single ERROR event on a 200 stream; 410 for an exact list), what MODIFIED and DELETED events
// carry, exact lists at a past resourceVersion. Each answer checked by hand against kube-apiserver 1.26.5.
import type { FidelityScenario } from '../types.js';

const CM = '/api/v1/namespaces/{ns}/configmaps';
const sel = 'labelSelector=fid%3Dwatch';
const cm = (name: string, extra: Record<string, unknown> = {}) => ({ metadata: { name, labels: { fid: 'watch' }, ...extra } });

export const scenarios: FidelityScenario[] = [
  {
    id: 'watch/too-old',
    title: 'a watch from a resourceVersion before the window: 200, then one ERROR event with a 410 Expired Status',
    steps: [
      { id: 'watch-rv-1', method: 'GET', path: `${CM}?watch=true&resourceVersion=1&timeoutSeconds=5`, watch: { maxEvents: 1 } },
      { id: 'exact-list-rv-1', method: 'GET', path: `${CM}?resourceVersion=1&resourceVersionMatch=Exact`, compare: 'status' },
    ],
  },
  {
    id: 'watch/events',
    title: 'ADDED, MODIFIED and DELETED events from a resourceVersion; DELETED carries the last state',
    steps: [
      { id: 'create', method: 'POST', path: CM, body: { ...cm('w1'), data: { a: '1' } } },
      { id: 'update', method: 'PATCH', path: `${CM}/w1`, body: { data: { a: '2' } }, contentType: 'application/merge-patch+json' },
      { id: 'delete', method: 'DELETE', path: `${CM}/w1` },
      { id: 'watch-from-create', method: 'GET', path: `${CM}?watch=true&${sel}&resourceVersion={rv:create}&timeoutSeconds=5`, watch: { maxEvents: 3 } },
    ],
  },
  {
    id: 'watch/finalizer-events',
    title: 'deleting an object with a finalizer: MODIFIED with deletionTimestamp, then DELETED when the finalizer goes',
    steps: [
      { id: 'create', method: 'POST', path: CM, body: cm('w2', { finalizers: ['fid.kactor.io/hold'] }) },
      { id: 'delete', method: 'DELETE', path: `${CM}/w2` },
      { id: 'release', method: 'PATCH', path: `${CM}/w2`, body: { metadata: { finalizers: null } }, contentType: 'application/merge-patch+json' },
      { id: 'watch-from-create', method: 'GET', path: `${CM}?watch=true&${sel}&resourceVersion={rv:create}&timeoutSeconds=5`, watch: { maxEvents: 3 } },
    ],
  },
  {
    id: 'watch/exact-list',
    title: 'a list at an exact past resourceVersion shows the objects as they were then',
    steps: [
      { id: 'create-a', method: 'POST', path: CM, body: { ...cm('a'), data: { v: '1' } } },
      { id: 'create-b', method: 'POST', path: CM, body: cm('b') },
      { id: 'update-a', method: 'PATCH', path: `${CM}/a`, body: { data: { v: '2' } }, contentType: 'application/merge-patch+json' },
      { id: 'delete-b', method: 'DELETE', path: `${CM}/b` },
      { id: 'list-at-create-a', method: 'GET', path: `${CM}?${sel}&resourceVersion={rv:create-a}&resourceVersionMatch=Exact` },
      { id: 'list-at-create-b', method: 'GET', path: `${CM}?${sel}&resourceVersion={rv:create-b}&resourceVersionMatch=Exact` },
      { id: 'list-now', method: 'GET', path: `${CM}?${sel}` },
      { id: 'list-not-older-than', method: 'GET', path: `${CM}?${sel}&resourceVersion={rv:create-a}&resourceVersionMatch=NotOlderThan` },
    ],
  },
  {
    id: 'watch/limit-continue',
    title: 'paging: limit gives a continue token and remainingItemCount; limit=-1 lists everything',
    steps: [
      { id: 'create-1', method: 'POST', path: CM, body: cm('p1') },
      { id: 'create-2', method: 'POST', path: CM, body: cm('p2') },
      { id: 'create-3', method: 'POST', path: CM, body: cm('p3') },
      { id: 'page-1', method: 'GET', path: `${CM}?${sel}&limit=2` },
      { id: 'limit-negative', method: 'GET', path: `${CM}?${sel}&limit=-1` },
    ],
  },
];
