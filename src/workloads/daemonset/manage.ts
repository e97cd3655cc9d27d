// Manage (spec §6.2): per node, which pods to create and delete so each eligible node runs one daemon
// pod — failed pods killed (after a back-off), duplicates removed (keeping the oldest), pods leaving
// nodes that no longer fit, the surge hand-over (old pod deleted once the new one is available), and the progressive-creation
// limit under partition. Decisions only.
import type { Pod } from '../../api/index.js';
import { isPodReady, msUntilAvailable, timeMs } from '../../api/index.js';
import { isPodUpdated, isPreDeleting, isTerminating, isDaemonPodAvailable } from './pods.js';
import { PROGRESSIVE_CREATE_ANNOTATION } from './types.js';
import type { DaemonSetView } from './view.js';
import { sortedNames } from './view.js';

export interface ManageDecision {
  /** Nodes that get a new pod at the current hash. */
  createOn: string[];
  /** Pods to delete (a preDelete hook may turn a delete into PreparingDelete). */
  deletes: Pod[];
  /** Failed pods among `deletes`, with their node, for the FailedDaemonPod event. */
  failed: Array<{ pod: Pod; node: string }>;
  requeueAfterMs?: number;
}

export function planManage(view: DaemonSetView): ManageDecision {
  const out: ManageDecision = { createOn: [], deletes: [], failed: [] };
  for (const name of view.nodes.keys()) manageNode(view, name, out);
  // Pods bound for a node that no longer exists, not yet scheduled: nothing will ever run them.
  for (const [name, pods] of view.podsByNode) {
    if (view.nodes.has(name)) continue;
    for (const pod of pods) if (!pod.spec?.nodeName && !isTerminating(pod)) out.deletes.push(pod);
  }
  out.createOn = limitProgressiveCreation(view, sortedNames(out.createOn));
  return out;
}

function manageNode(view: DaemonSetView, name: string, out: ManageDecision): void {
  const pods = view.podsByNode.get(name) ?? [];
  const { shouldRun, shouldContinueRunning } = view.decisions.get(name)!;
  if (shouldRun && pods.length === 0) {
    out.createOn.push(name);
    return;
  }
  if (!shouldContinueRunning) {
    for (const pod of pods) if (!isTerminating(pod)) out.deletes.push(pod);
    return;
  }
  const running: Pod[] = [];
  for (const pod of pods) {
    if (isTerminating(pod)) continue;
    if (pod.status?.phase === 'Failed') {
      const wait = failedPodBackoffMs(pod, view.nowMs);
      if (wait > 0) {
        out.requeueAfterMs = Math.min(out.requeueAfterMs ?? Infinity, wait);
        continue;
      }
      out.deletes.push(pod);
      out.failed.push({ pod, node: name });
    } else if (isPreDeleting(pod)) out.deletes.push(pod);
    else running.push(pod);
  }
  if (!view.strategy.allowsSurge) {
    // Keep the oldest (pods are sorted oldest first), delete the rest.
    for (const extra of running.slice(1)) out.deletes.push(extra);
    return;
  }
  if (running.length === 0) {
    if (shouldRun) out.createOn.push(name);
    return;
  }
  surgeHandOver(view, running, out);
}

/**
 * Failed-pod back-off (spec §6.2), the part a pure planner can keep without memory: a failed pod is
 * deleted no sooner than FAILED_POD_BACKOFF_MS after it was created. A node whose pods fail at once
 * (a kubelet rejecting them) then churns at most once a second instead of as fast as the API allows;
 * a pod that ran for a while is deleted at once, as Kruise does on a first failure. Kruise doubles the
 * delay per node up to 15 min, which needs memory across turns that a Plan cannot carry.
 */
export const FAILED_POD_BACKOFF_MS = 1000;

export function failedPodBackoffMs(pod: Pod, nowMs: number): number {
  const created = timeMs(pod.metadata?.creationTimestamp as string | undefined);
  return created === undefined ? 0 : Math.max(0, created + FAILED_POD_BACKOFF_MS - nowMs);
}

/** With surge: keep the oldest new and oldest old pod; retire the old one when the new one is available. */
function surgeHandOver(view: DaemonSetView, running: Pod[], out: ManageDecision): void {
  let oldestNew: Pod | undefined;
  let oldestOld: Pod | undefined;
  for (const pod of running) {
    if (isPodUpdated(pod, view.hash, view.ds)) {
      if (!oldestNew) {
        oldestNew = pod;
        continue;
      }
    } else if (!oldestOld) {
      oldestOld = pod;
      continue;
    }
    out.deletes.push(pod);
  }
  if (!oldestNew || !oldestOld) return;
  if (!isPodReady(oldestOld) || isDaemonPodAvailable(oldestNew, view.minReadySeconds, view.nowMs)) {
    out.deletes.push(oldestOld);
  } else if (isPodReady(oldestNew) && view.minReadySeconds > 0) {
    const wait = msUntilAvailable(oldestNew, view.minReadySeconds, view.nowMs);
    if (wait !== undefined && wait > 0) out.requeueAfterMs = Math.min(out.requeueAfterMs ?? Infinity, wait);
  }
}

/**
 * Annotation `daemonset.kruise.io/progressive-create-pod: "true"` with RollingUpdate and partition ≠ 0:
 * create on at most max(desired − nodes with a new pod − min(partition, desired), 0) nodes, by name.
 */
function limitProgressiveCreation(view: DaemonSetView, createOn: string[]): string[] {
  const s = view.strategy;
  if (view.ds.metadata?.annotations?.[PROGRESSIVE_CREATE_ANNOTATION] !== 'true') return createOn;
  if (s.type !== 'RollingUpdate' || s.partition === 0) return createOn;
  let newPods = 0;
  for (const pods of view.podsByNode.values()) if (pods.some((p) => isPodUpdated(p, view.hash, view.ds))) newPods++;
  const max = Math.max(view.desired - newPods - Math.min(s.partition, view.desired), 0);
  return createOn.slice(0, max);
}
