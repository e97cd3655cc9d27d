// Invariants checked after every simulated step of a rollout: never more unavailable nodes than
// allowed, never more nodes holding an old and a new pod than maxSurge, at most one pod per node
// outside a surge (terminating pods count: a pod is gone only when the cache has seen it go).
import { expect } from 'vitest';
import { isPodAvailable } from '../../../src/api/index.js';
import type { DsSim } from './sim.js';

export interface RolloutLimits {
  /** Nodes (among `nodes`) allowed without an available pod. */
  maxUnavailable: number;
  /** Nodes allowed to hold two pods (0 = never two pods on a node). */
  maxSurge: number;
  nodes: string[];
  minReadySeconds?: number;
}

export function checkInvariants(sim: DsSim, limits: RolloutLimits, where = ''): void {
  let unavailable = 0;
  let doubled = 0;
  for (const node of limits.nodes) {
    const pods = sim.podsOn(node);
    const live = pods.filter((p) => !p.metadata?.deletionTimestamp);
    if (!live.some((p) => isPodAvailable(p, limits.minReadySeconds ?? 0, sim.now))) unavailable++;
    if (pods.length > 1) doubled++;
  }
  expect(unavailable, `unavailable nodes ${where}`).toBeLessThanOrEqual(limits.maxUnavailable);
  expect(doubled, `nodes with two pods ${where}`).toBeLessThanOrEqual(limits.maxSurge);
}
