// src/workloads — the four OpenKruise workloads as pure definitions: types, defaults and validation,
// planners and status. This module lists them: the runtime's shard workers load it by URL
// (`definitions`), and src/cli wires `admission` into the embedded API server. It must stay free of
// top-level await (shard workers load it through tsx/cjs in development).
import type { FieldError, KubeObject } from '../api/index.js';
import type { WorkloadDefinition } from '../runtime/workload-definition.js';
import { statefulSetDefinition, defaultStatefulSet, validateStatefulSet, type StatefulSet } from './statefulset/index.js';
import { daemonSetDefinition, defaultDaemonSet, validateDaemonSet, type DaemonSet } from './daemonset/index.js';
import { broadcastJob, defaultBroadcastJob, validateBroadcastJob, type BroadcastJob } from './broadcastjob/index.js';
import { advancedCronJob, defaultAdvancedCronJob, validateAdvancedCronJob, type AdvancedCronJob } from './advancedcronjob/index.js';

export const definitions: WorkloadDefinition[] = [
  statefulSetDefinition as unknown as WorkloadDefinition,
  daemonSetDefinition as unknown as WorkloadDefinition,
  broadcastJob as unknown as WorkloadDefinition,
  advancedCronJob as unknown as WorkloadDefinition,
];

export default definitions;

/** A problem with one field (the shape of Kubernetes' field.Error), as src/api defines it. */
export type WorkloadFieldError = FieldError;

/**
 * Kruise's admission webhooks as data: defaulting (mutating) and validation per kind, with the
 * webhook names Kruise registers. Hosts (the embedded API server, or a webhook server on a real
 * cluster) decide how to call them.
 */
export interface WorkloadAdmission {
  group: string;
  kind: string;
  mutatingName: string;
  validatingName: string;
  mutate(obj: KubeObject, old: KubeObject | undefined): KubeObject;
  validate(obj: KubeObject, old: KubeObject | undefined): WorkloadFieldError[];
}

const GROUP = 'apps.kruise.io';

/** Kruise defaults the pod template on create and on updates that change it (spec README "Admission webhooks"). */
function templateChanged(obj: KubeObject, old: KubeObject | undefined): boolean {
  if (!old) return true;
  const a = (obj.spec as { template?: unknown } | undefined)?.template;
  const b = (old.spec as { template?: unknown } | undefined)?.template;
  return JSON.stringify(a) !== JSON.stringify(b);
}

export const admission: WorkloadAdmission[] = [
  {
    group: GROUP,
    kind: 'StatefulSet',
    mutatingName: 'mstatefulset.kb.io',
    validatingName: 'vstatefulset.kb.io',
    mutate: (obj, old) => defaultStatefulSet(obj as StatefulSet, { templateDefaults: templateChanged(obj, old) }) as KubeObject,
    validate: (obj, old) => validateStatefulSet(obj as StatefulSet, old as StatefulSet | undefined),
  },
  {
    group: GROUP,
    kind: 'DaemonSet',
    mutatingName: 'mdaemonset.kb.io',
    validatingName: 'vdaemonset.kb.io',
    mutate: (obj) => defaultDaemonSet(obj as DaemonSet) as KubeObject,
    validate: (obj, old) => validateDaemonSet(obj as DaemonSet, old as DaemonSet | undefined),
  },
  {
    group: GROUP,
    kind: 'BroadcastJob',
    mutatingName: 'mbroadcastjob.kb.io',
    validatingName: 'vbroadcastjob.kb.io',
    mutate: (obj) => defaultBroadcastJob(obj as BroadcastJob) as KubeObject,
    validate: (obj, old) => validateBroadcastJob(obj as BroadcastJob, old as BroadcastJob | undefined),
  },
  {
    group: GROUP,
    kind: 'AdvancedCronJob',
    mutatingName: 'madvancedcronjob.kb.io',
    validatingName: 'vadvancedcronjob.kb.io',
    mutate: (obj) => defaultAdvancedCronJob(obj as AdvancedCronJob) as KubeObject,
    validate: (obj, old) => validateAdvancedCronJob(obj as AdvancedCronJob, old as AdvancedCronJob | undefined),
  },
];
