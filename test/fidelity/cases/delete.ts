// Fidelity: delete answers as kube-apiserver 1.26.5 gives them — 200 with the object while it stays
// (finalizers, foreground/orphan propagation, graceful pods), 202 only for orphanDependents=false, a Status
// Success once gone (the object for pods), 422 for a finalizer added during deletion, deletecollection's
// list of the items as they were. Each answer checked by hand against it.
import type { FidelityScenario } from '../types.js';

const CM = '/api/v1/namespaces/{ns}/configmaps';
const PODS = '/api/v1/namespaces/{ns}/pods';
const MERGE = 'application/merge-patch+json';
const pod = (name: string, spec: Record<string, unknown> = {}) => ({ metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec } });
/** The parts of a pod a delete answer is compared on (status and defaults differ by design: no kubelet). */
const podDeletion = (b: any) => ({ kind: b?.kind, name: b?.metadata?.name, deletionTimestamp: b?.metadata?.deletionTimestamp, deletionGracePeriodSeconds: b?.metadata?.deletionGracePeriodSeconds });

export const scenarios: FidelityScenario[] = [
  {
    id: 'delete/immediate',
    title: 'an object without finalizers: 200 Status Success naming it; a Deployment names its group',
    steps: [
      { id: 'create', method: 'POST', path: CM, body: { metadata: { name: 'd1' } }, compare: 'code' },
      { id: 'delete', method: 'DELETE', path: `${CM}/d1` },
      { id: 'get', method: 'GET', path: `${CM}/d1` },
      { id: 'delete-again', method: 'DELETE', path: `${CM}/d1` },
      {
        id: 'create-deployment', method: 'POST', path: '/apis/apps/v1/namespaces/{ns}/deployments', compare: 'code',
        body: { metadata: { name: 'd' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } },
      },
      { id: 'delete-deployment', method: 'DELETE', path: '/apis/apps/v1/namespaces/{ns}/deployments/d' },
      { id: 'create-dry', method: 'POST', path: CM, body: { metadata: { name: 'dry' } }, compare: 'code' },
      { id: 'delete-dry-run', method: 'DELETE', path: `${CM}/dry?dryRun=All` },
      { id: 'still-there', method: 'GET', path: `${CM}/dry`, compare: 'code' },
    ],
  },
  {
    id: 'delete/finalizers',
    title: 'with a finalizer: 200 with deletionTimestamp; again 200 unchanged; no new finalizer (422); gone once released',
    steps: [
      { id: 'create', method: 'POST', path: CM, body: { metadata: { name: 'f1', finalizers: ['fid.kactor.io/hold'] } }, compare: 'code' },
      { id: 'delete', method: 'DELETE', path: `${CM}/f1` },
      { id: 'delete-again', method: 'DELETE', path: `${CM}/f1` },
      { id: 'add-finalizer', method: 'PATCH', path: `${CM}/f1`, body: { metadata: { finalizers: ['fid.kactor.io/hold', 'fid.kactor.io/more'] } }, contentType: MERGE },
      { id: 'release', method: 'PATCH', path: `${CM}/f1`, body: { metadata: { finalizers: null } }, contentType: MERGE, compare: 'code' },
      { id: 'get', method: 'GET', path: `${CM}/f1`, compare: 'status' },
      { id: 'create-held', method: 'POST', path: CM, body: { metadata: { name: 'f2', finalizers: ['fid.kactor.io/hold'] } }, compare: 'code' },
      { id: 'delete-orphan-false', method: 'DELETE', path: `${CM}/f2`, body: { kind: 'DeleteOptions', apiVersion: 'v1', orphanDependents: false } },
      { id: 'release-held', method: 'PATCH', path: `${CM}/f2`, body: { metadata: { finalizers: null } }, contentType: MERGE, compare: 'code' },
    ],
  },
  {
    id: 'delete/propagation',
    title: 'foreground and orphan deletion answer 200 with the object and the foregroundDeletion / orphan finalizer',
    steps: [
      { id: 'create-fg', method: 'POST', path: CM, body: { metadata: { name: 'fg' } }, compare: 'code' },
      { id: 'delete-foreground', method: 'DELETE', path: `${CM}/fg?propagationPolicy=Foreground` },
      { id: 'create-or', method: 'POST', path: CM, body: { metadata: { name: 'or' } }, compare: 'code' },
      { id: 'delete-orphan', method: 'DELETE', path: `${CM}/or`, body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Orphan' } },
      { id: 'create-bg', method: 'POST', path: CM, body: { metadata: { name: 'bg' } }, compare: 'code' },
      { id: 'delete-background', method: 'DELETE', path: `${CM}/bg?propagationPolicy=Background` },
    ],
  },
  {
    id: 'delete/pods',
    title: 'pods answer the pod: an unscheduled one goes at once (grace 0), a scheduled one terminates gracefully',
    steps: [
      { id: 'create-unscheduled', method: 'POST', path: PODS, body: pod('p1'), compare: 'code' },
      { id: 'delete-unscheduled', method: 'DELETE', path: `${PODS}/p1`, pick: podDeletion },
      { id: 'gone', method: 'GET', path: `${PODS}/p1`, compare: 'status' },
      { id: 'create-scheduled', method: 'POST', path: PODS, body: pod('p2', { nodeName: 'fid-no-such-node', terminationGracePeriodSeconds: 20 }), compare: 'code' },
      { id: 'delete-scheduled', method: 'DELETE', path: `${PODS}/p2`, pick: podDeletion },
      { id: 'delete-now', method: 'DELETE', path: `${PODS}/p2?gracePeriodSeconds=0`, pick: podDeletion },
    ],
  },
  {
    id: 'delete/collection',
    title: 'deletecollection answers the matching items as listed before deleting them',
    steps: [
      { id: 'create-1', method: 'POST', path: CM, body: { metadata: { name: 'c1', labels: { fid: 'dc' } } }, compare: 'code' },
      { id: 'create-2', method: 'POST', path: CM, body: { metadata: { name: 'c2', labels: { fid: 'dc' }, finalizers: ['fid.kactor.io/hold'] } }, compare: 'code' },
      { id: 'delete-collection', method: 'DELETE', path: `${CM}?labelSelector=fid%3Ddc` },
      { id: 'left', method: 'GET', path: `${CM}?labelSelector=fid%3Ddc`, pick: (b: any) => b?.items?.map((i: any) => ({ name: i.metadata.name, deleting: i.metadata.deletionTimestamp !== undefined })) },
      { id: 'release', method: 'PATCH', path: `${CM}/c2`, body: { metadata: { finalizers: null } }, contentType: MERGE, compare: 'code' },
      { id: 'delete-collection-none', method: 'DELETE', path: `${CM}?labelSelector=fid%3Dnone` },
    ],
  },
];
