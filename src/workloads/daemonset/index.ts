// src/workloads/daemonset — the Advanced DaemonSet (apps.kruise.io/v1alpha1 DaemonSet) as a kactor
// workload: one pod per eligible node (node-fit with the DaemonSet's default tolerations), rolling
// update (Standard / InPlaceIfPossible / deprecated Surging; selector, partition, paused, maxUnavailable,
// maxSurge, minReadySeconds), ControllerRevisions, status and events. Everything here is pure: the
// planner returns a Plan the runtime executes. Must not import src/runtime beyond the definition
// contract, nor src/cluster, nor do I/O.
import type { LabelSelector } from '../../api/index.js';
import type { WorkloadDefinition } from '../../runtime/workload-definition.js';
import { planDaemonSet } from './planner.js';
import type { DaemonSet } from './types.js';
import { CONTROLLER_NAME, DAEMONSET_API_VERSION, DAEMONSET_KIND } from './types.js';

export const daemonSetDefinition: WorkloadDefinition<DaemonSet> = {
  resource: { apiVersion: DAEMONSET_API_VERSION, kind: DAEMONSET_KIND, plural: 'daemonsets', namespaced: true },
  controllerName: CONTROLLER_NAME,
  owns: [
    { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true },
    { apiVersion: 'apps/v1', kind: 'ControllerRevision', plural: 'controllerrevisions', namespaced: true },
  ],
  watchesNodes: true,
  selectorOf: (ds: DaemonSet): LabelSelector | undefined => ds.spec?.selector,
  plan: planDaemonSet,
};

export default daemonSetDefinition;
export { planDaemonSet } from './planner.js';
export { defaultDaemonSet, mutateDaemonSet, validateDaemonSet } from './defaults.js';
export type { DaemonSet, DaemonSetSpec, DaemonSetStatus, FieldError } from './types.js';
