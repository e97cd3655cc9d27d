// What the StatefulSet controller asks of one pod: created, terminating, Running+Ready, healthy,
// available (minReadySeconds and lifecycle), revision. Pure predicates over a pod and `now`.
import type { Pod } from '../../api/index.js';
import { isPodReady, msUntilAvailable } from '../../api/index.js';
import { CONTROLLER_REVISION_HASH_LABEL } from '../common/revision.js';
import { isLifecycleNormal } from '../common/lifecycle.js';

export function podRevision(pod: Pod | undefined): string {
  return pod?.metadata?.labels?.[CONTROLLER_REVISION_HASH_LABEL] ?? '';
}

export function isTerminating(pod: Pod): boolean {
  return pod.metadata?.deletionTimestamp != null;
}

export function isRunningAndReady(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && isPodReady(pod);
}

export function isFinished(pod: Pod): boolean {
  return pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded';
}

/** Healthy: lifecycle empty/Normal, Running and Ready, not terminating (§7.1 step 8). */
export function isHealthy(pod: Pod): boolean {
  return isLifecycleNormal(pod) && isRunningAndReady(pod) && !isTerminating(pod);
}

/**
 * Milliseconds until the pod is available (0 = available now), or undefined when it is not Running+Ready
 * or its lifecycle is not empty/Normal. A Ready condition without lastTransitionTime waits the full minReadySeconds.
 */
export function availableInMs(pod: Pod, minReadySeconds: number, nowMs: number): number | undefined {
  if (!isRunningAndReady(pod) || !isLifecycleNormal(pod)) return undefined;
  if (minReadySeconds <= 0) return 0;
  const ready = pod.status?.conditions?.find((c) => c.type === 'Ready');
  if (!ready?.lastTransitionTime) return minReadySeconds * 1000;
  return msUntilAvailable(pod, minReadySeconds, nowMs);
}

export function isAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  return availableInMs(pod, minReadySeconds, nowMs) === 0;
}
