// Rolling update with surge (spec §6.4 step 5): which nodes get a new pod next to the old one, within
// maxSurge (nodes whose old pod is unavailable always), and which old pods retire. kactor counts a node
// as surging until the cache has seen its old pod go — a delete issued this turn, or a terminating old
// pod, still occupies a surge slot — so at no moment do more than maxSurge nodes hold an available old
// pod and a new one. Decisions only.
import type { Pod } from '../../api/index.js';
import { findUpdatedPodsOnNode, isDaemonPodAvailable, isNilOrPreDeleting, isPodUpdated, isPreDeleting, isTerminating } from './pods.js';
import type { DaemonSetView } from './view.js';

export interface SurgeDecision {
  createOn: string[];
  deletes: Pod[];
  surging: number;
}

export function planSurgeUpdate(view: DaemonSetView, nodeToPods: Map<string, Pod[]>, eligible: string[], maxSurge: number): SurgeDecision {
  let surging = 0;
  const now: string[] = [];
  const candidates: string[] = [];
  const deletes: Pod[] = [];
  for (const name of eligible) {
    const pods = nodeToPods.get(name)!;
    const { newPod, oldPod, ok } = findUpdatedPodsOnNode(pods, view.hash, view.ds);
    if (!ok) {
      surging++;
      continue;
    }
    if (isNilOrPreDeleting(oldPod)) {
      // Kruise: nothing to do here. kactor: an old pod still present (pre-deleting or terminating) next
      // to a new one keeps the node counted as surging.
      if (newPod && (oldPod || hasTerminatingOldPod(view, pods))) surging++;
      continue;
    }
    if (!newPod) {
      if (!isDaemonPodAvailable(oldPod!, view.minReadySeconds, view.nowMs)) now.push(name);
      else candidates.push(name);
      continue;
    }
    surging++;
    if (isDaemonPodAvailable(newPod, view.minReadySeconds, view.nowMs) && !isPreDeleting(newPod)) deletes.push(oldPod!);
  }
  const remaining = Math.max(maxSurge - surging, 0);
  return { createOn: [...now, ...candidates.slice(0, remaining)], deletes, surging };
}

function hasTerminatingOldPod(view: DaemonSetView, pods: readonly Pod[]): boolean {
  return pods.some((p) => isTerminating(p) && !isPodUpdated(p, view.hash, view.ds));
}
