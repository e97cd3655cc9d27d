// src/workloads — the four OpenKruise workloads as pure definitions: types, defaults and validation,
// planners and status. This module lists them: the runtime's shard workers load it by URL
// (`definitions`), and src/cli wires `admission` into the embedded API server. It must stay free of
// top-level await (shard workers load it through tsx/cjs in development).
import type { FieldError, KubeObject } from '../api/index.js';
import type { WorkloadDefinition } from '../runtime/workload-definition.js';
import { statefulSetDefinition, mutateStatefulSet, validateStatefulSet, type StatefulSet } from './statefulset/index.js';
import { daemonSetDefinition, mutateDaemonSet, validateDaemonSet, type DaemonSet } from './daemonset/index.js';
import { broadcastJob, mutateBroadcastJob, validateBroadcastJob, type BroadcastJob } from './broadcastjob/index.js';
import { advancedCronJob, mutateAdvancedCronJob, validateAdvancedCronJob, type AdvancedCronJob } from './advancedcronjob/index.js';

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
 * webhook names Kruise registers. `mutate` returns the object Kruise's webhook leaves to be stored
 * (pod-template defaults only on create or when the template changed; the sent object unchanged when
 * nothing needed defaulting). Hosts (the embedded API server, or a webhook server on a real cluster)
 * decide how to call them.
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

export const admission: WorkloadAdmission[] = [
  {
    group: GROUP,
    kind: 'StatefulSet',
    mutatingName: 'mstatefulset.kb.io',
    validatingName: 'vstatefulset.kb.io',
    mutate: (obj, old) => mutateStatefulSet(obj as StatefulSet, old as StatefulSet | undefined) as KubeObject,
    validate: (obj, old) => validateStatefulSet(obj as StatefulSet, old as StatefulSet | undefined),
  },
  {
    group: GROUP,
    kind: 'DaemonSet',
    mutatingName: 'mdaemonset.kb.io',
    validatingName: 'vdaemonset.kb.io',
    // The DaemonSet webhook never defaults the template, so it needs no old object.
    mutate: (obj) => mutateDaemonSet(obj as DaemonSet) as KubeObject,
    validate: (obj, old) => validateDaemonSet(obj as DaemonSet, old as DaemonSet | undefined),
  },
  {
    group: GROUP,
    kind: 'BroadcastJob',
    mutatingName: 'mbroadcastjob.kb.io',
    validatingName: 'vbroadcastjob.kb.io',
    mutate: (obj, old) => mutateBroadcastJob(obj as BroadcastJob, old as BroadcastJob | undefined) as KubeObject,
    validate: (obj, old) => validateBroadcastJob(obj as BroadcastJob, old as BroadcastJob | undefined),
  },
  {
    group: GROUP,
    kind: 'AdvancedCronJob',
    mutatingName: 'madvancedcronjob.kb.io',
    validatingName: 'vadvancedcronjob.kb.io',
    mutate: (obj, old) => mutateAdvancedCronJob(obj as AdvancedCronJob, old as AdvancedCronJob | undefined) as KubeObject,
    validate: (obj, old) => validateAdvancedCronJob(obj as AdvancedCronJob, old as AdvancedCronJob | undefined),
  },
];
