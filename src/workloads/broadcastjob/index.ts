// src/workloads/broadcastjob — Kruise's BroadcastJob (apps.kruise.io/v1alpha1): one pod per eligible node,
// run to completion, every eligible node exactly once. Owns: its types, defaulting/validation, pod
// construction and placement (node fitness via ../common/node-fit.ts), the pure planner and the
// WorkloadDefinition the runtime hosts. Imports only src/api, ../common and the runtime's definition types.
import type { WorkloadDefinition } from '../../runtime/workload-definition.js';
import { planBroadcastJob } from './planner.js';
import { BROADCASTJOB_API_VERSION, BROADCASTJOB_KIND, type BroadcastJob } from './types.js';

export * from './types.js';
export { planBroadcastJob } from './planner.js';
export { validateBroadcastJob, defaultBroadcastJob, defaultBroadcastJobSpec, mutateBroadcastJob, BROADCASTJOB_DEFAULTS } from './defaults.js';
export { buildPod, nodeNameOfPod, pinToNode } from './pods.js';
export type { FieldError } from '../../api/index.js';

export const BROADCASTJOB_CONTROLLER_NAME = 'broadcastjob-controller';

export const broadcastJob: WorkloadDefinition<BroadcastJob> = {
  resource: { apiVersion: BROADCASTJOB_API_VERSION, kind: BROADCASTJOB_KIND, plural: 'broadcastjobs', namespaced: true },
  controllerName: BROADCASTJOB_CONTROLLER_NAME,
  owns: [{ apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true }],
  watchesNodes: true,
  plan: planBroadcastJob,
};
