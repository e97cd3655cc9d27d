// Pod status helpers: conditions, readiness, availability (minReadySeconds), phases.
import type { Pod, PodCondition } from './objects.js';
import { timeMs } from './meta.js';

export function podCondition(pod: Pod, type: string): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === type);
}

export function isPodReady(pod: Pod): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/** Ready for at least minReadySeconds at `nowMs`, measured from the Ready condition's lastTransitionTime. */
export function isPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = timeMs(ready.lastTransitionTime as string | undefined);
  return since !== undefined && since + minReadySeconds * 1000 <= nowMs;
}

/** Milliseconds until the pod becomes available, 0 if it is, undefined if it is not Ready. */
export function msUntilAvailable(pod: Pod, minReadySeconds: number, nowMs: number): number | undefined {
  const ready = podCondition(pod, 'Ready');
  if (ready?.status !== 'True') return undefined;
  const since = timeMs(ready.lastTransitionTime as string | undefined) ?? nowMs;
  return Math.max(0, since + minReadySeconds * 1000 - nowMs);
}

export function isPodTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

export function isPodScheduled(pod: Pod): boolean {
  return !!pod.spec?.nodeName;
}
