// The preDelete lifecycle hook, the only hook a DaemonSet uses (README "Lifecycle hooks"): a pod to
// delete that is hooked (has any of the hook's labels with that value, or any of its finalizers) is
// moved to PreparingDelete instead (KruisePodReady False when the hook has markPodNotReady), and deleted once the user's controller un-hooks it. Pure.
import type { Pod, PodCondition } from '../../api/index.js';
import { conditionsForNotReadyKey } from '../common/pod-readiness.js';
import { formatTime } from '../../api/index.js';
import type { DaemonSet, LifecycleHook } from './types.js';
import { LIFECYCLE_STATE_LABEL, LIFECYCLE_TIMESTAMP_ANNOTATION } from './types.js';

export type DeleteStep =
  | { kind: 'delete' }
  | { kind: 'prepare'; patch: Record<string, unknown>; statusPatch?: { status: { conditions: PodCondition[] } } }
  | { kind: 'wait' };

export function isHookedBy(pod: Pod, hook: LifecycleHook | undefined): boolean {
  if (!hook) return false;
  const labels = pod.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(hook.labelsHandler ?? {})) if (labels[k] === v) return true;
  const finalizers = pod.metadata?.finalizers ?? [];
  return (hook.finalizersHandler ?? []).some((f) => finalizers.includes(f));
}

/** What deleting this pod means now: delete it, move it to PreparingDelete, or wait for the hook. */
export function deleteStepFor(ds: DaemonSet, pod: Pod, nowMs: number): DeleteStep {
  if (!isHookedBy(pod, ds.spec?.lifecycle?.preDelete)) return { kind: 'delete' };
  if (pod.metadata?.labels?.[LIFECYCLE_STATE_LABEL] === 'PreparingDelete') return { kind: 'wait' };
  const notReady = ds.spec?.lifecycle?.preDelete?.markPodNotReady ? conditionsForNotReadyKey(pod, 'preDeleteHook', true, nowMs) : undefined;
  return {
    kind: 'prepare',
    ...(notReady ? { statusPatch: { status: { conditions: notReady } } } : {}),
    patch: {
      metadata: {
        labels: { [LIFECYCLE_STATE_LABEL]: 'PreparingDelete' },
        annotations: { [LIFECYCLE_TIMESTAMP_ANNOTATION]: formatTime(nowMs) },
      },
    },
  };
}
