// src/workloads/statefulset — the Advanced StatefulSet (apps.kruise.io/v1beta1 StatefulSet) as a
// WorkloadDefinition: what it is (resource), what it owns (Pods, ControllerRevisions, PVCs), and its
// pure planner. Owns: types, defaulting/validation (webhook semantics), the planner and its named
// sub-decisions (scale, update order, in-place, refresh, PVCs, status). Imports only src/api,
// src/workloads/common and the WorkloadDefinition contract type; no I/O, no clock, no globals.
import type { WorkloadDefinition } from '../../runtime/workload-definition.js';
import { planStatefulSet } from './planner.js';
import type { StatefulSet } from './types.js';
import { STATEFULSET_API_VERSION, STATEFULSET_KIND } from './types.js';

export const statefulSetDefinition: WorkloadDefinition<StatefulSet> = {
  resource: { apiVersion: STATEFULSET_API_VERSION, kind: STATEFULSET_KIND, plural: 'statefulsets', namespaced: true },
  controllerName: 'statefulset-controller',
  owns: [
    { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true },
    { apiVersion: 'apps/v1', kind: 'ControllerRevision', plural: 'controllerrevisions', namespaced: true },
    { apiVersion: 'v1', kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespaced: true },
  ],
  watchesNodes: false,
  selectorOf: (set) => set.spec?.selector,
  plan: (snapshot, nowMs) => planStatefulSet(snapshot, nowMs),
};

export default statefulSetDefinition;
export { planStatefulSet } from './planner.js';
export { defaultStatefulSet, mutateStatefulSet, validateStatefulSet } from './defaults.js';
export type { FieldError } from '../../api/index.js';
export type { StatefulSet, StatefulSetSpec, StatefulSetStatus } from './types.js';
