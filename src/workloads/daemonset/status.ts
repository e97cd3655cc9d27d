// DaemonSet status (spec §7): counted per node from the node's oldest pod (terminating pods count as
// scheduled), plus the hash, collisionCount and observedGeneration; and when to look again so pods that
// are Ready but not yet available for minReadySeconds get counted. Pure.
import { isPodReady, msUntilAvailable } from '../../api/index.js';
import { isDaemonPodAvailableForStatus, isPodUpdated } from './pods.js';
import type { DaemonSetStatus } from './types.js';
import type { DaemonSetView } from './view.js';

export interface StatusResult {
  status: DaemonSetStatus;
  /** Set when some oldest pod is Ready but not yet available. */
  requeueAfterMs?: number;
}

export interface StatusOptions {
  /** A full pass: observedGeneration := metadata.generation; otherwise the previous value is kept. */
  fullPass: boolean;
  collisionCount?: number;
}

export function computeStatus(view: DaemonSetView, o: StatusOptions): StatusResult {
  let desired = 0, current = 0, misscheduled = 0, ready = 0, available = 0, updated = 0;
  let requeueAfterMs: number | undefined;
  for (const [name, decision] of view.decisions) {
    const pods = view.podsByNode.get(name);
    const scheduled = !!pods && pods.length > 0;
    if (!decision.shouldRun) {
      if (scheduled) misscheduled++;
      continue;
    }
    desired++;
    if (!scheduled) continue;
    current++;
    const oldest = pods![0]!;
    if (isPodReady(oldest)) {
      ready++;
      if (isDaemonPodAvailableForStatus(oldest, view.minReadySeconds, view.nowMs)) available++;
      else {
        const wait = msUntilAvailable(oldest, view.minReadySeconds, view.nowMs);
        if (wait !== undefined && wait > 0) requeueAfterMs = Math.min(requeueAfterMs ?? Infinity, wait);
      }
    }
    if (isPodUpdated(oldest, view.hash, view.ds)) updated++;
  }
  const ds = view.ds;
  const status: DaemonSetStatus = {
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    desiredNumberScheduled: desired,
    numberReady: ready,
    updatedNumberScheduled: updated,
    numberAvailable: available,
    numberUnavailable: desired - available,
    daemonSetHash: view.hash,
  };
  const observed = o.fullPass ? ds.metadata?.generation : ds.status?.observedGeneration;
  if (observed !== undefined) status.observedGeneration = observed;
  if (o.collisionCount !== undefined) status.collisionCount = o.collisionCount;
  return { status, requeueAfterMs };
}
