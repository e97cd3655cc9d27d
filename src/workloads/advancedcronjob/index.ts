// src/workloads/advancedcronjob — Kruise's AdvancedCronJob (apps.kruise.io/v1alpha1): runs a batch/v1 Job
// or a BroadcastJob on a cron schedule (with time zones). Owns: its types, defaulting/validation, schedule
// evaluation (cron-parser), the pure planner and the WorkloadDefinition the runtime hosts. Imports only
// src/api, the runtime's definition types and the BroadcastJob types; never the runtime's machinery.
import type { WorkloadDefinition } from '../../runtime/workload-definition.js';
import { planAdvancedCronJob, type AdvancedCronJobPlanOptions } from './planner.js';
import { ScheduleCache } from './schedule.js';
import { ADVANCEDCRONJOB_API_VERSION, ADVANCEDCRONJOB_KIND, type AdvancedCronJob } from './types.js';

export * from './types.js';
export { planAdvancedCronJob, resolveAdvancedCronJobPlanOptions, type AdvancedCronJobPlanOptions } from './planner.js';
export { validateAdvancedCronJob, defaultAdvancedCronJob, defaultAdvancedCronJobSpec, mutateAdvancedCronJob, ADVANCEDCRONJOB_DEFAULTS } from './defaults.js';
export { resolveSchedule, ScheduleCache, type Schedule } from './schedule.js';

export const ADVANCEDCRONJOB_CONTROLLER_NAME = 'advancedcronjob-controller';

/** The definition; `options` reach the planner (one schedule cache per definition). */
export function advancedCronJobDefinition(options: Omit<AdvancedCronJobPlanOptions, 'cache'> = {}): WorkloadDefinition<AdvancedCronJob> {
  const planOptions: AdvancedCronJobPlanOptions = { ...options, cache: new ScheduleCache() };
  return {
    resource: { apiVersion: ADVANCEDCRONJOB_API_VERSION, kind: ADVANCEDCRONJOB_KIND, plural: 'advancedcronjobs', namespaced: true },
    controllerName: ADVANCEDCRONJOB_CONTROLLER_NAME,
    owns: [
      { apiVersion: 'batch/v1', kind: 'Job', plural: 'jobs', namespaced: true },
      { apiVersion: 'apps.kruise.io/v1alpha1', kind: 'BroadcastJob', plural: 'broadcastjobs', namespaced: true },
    ],
    watchesNodes: false,
    plan: (snapshot, nowMs) => planAdvancedCronJob(snapshot, nowMs, planOptions),
  };
}

export const advancedCronJob: WorkloadDefinition<AdvancedCronJob> = advancedCronJobDefinition();
