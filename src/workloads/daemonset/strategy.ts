// The update strategy as the planner reads it (defaults applied, Surging folded into Standard + surge)
// and the budgets resolved against the desired node count (spec §6.4 step 1, unit TestGetUnavailableNumbers),
// plus burstReplicas. Pure.
import type { IntOrString, LabelSelector } from '../../api/index.js';
import { scaledValue } from '../../api/index.js';
import { defaultDaemonSet } from './defaults.js';
import type { DaemonSet } from './types.js';

export interface ResolvedStrategy {
  type: 'RollingUpdate' | 'OnDelete';
  rollingUpdateType: 'Standard' | 'InPlaceIfPossible';
  maxUnavailable: IntOrString;
  maxSurge: IntOrString;
  /** Node-label selector: only pods on matching nodes are updated. */
  selector?: LabelSelector;
  partition: number;
  paused: boolean;
  /** maxSurge resolved against one node is non-zero. */
  allowsSurge: boolean;
}

export function resolveStrategy(ds: DaemonSet): ResolvedStrategy {
  const d = defaultDaemonSet(ds);
  const s = d.spec!.updateStrategy!;
  const ru = s.rollingUpdate ?? {};
  const type = s.type === 'OnDelete' ? 'OnDelete' : 'RollingUpdate';
  // The webhook stores maxUnavailable 1 / maxSurge 0 only when both are unset; one set alone leaves the
  // other unset, which Kruise's controller reads as 0 (resolved here, never written back).
  const maxSurge = ru.maxSurge ?? 0;
  return {
    type,
    rollingUpdateType: ru.rollingUpdateType === 'InPlaceIfPossible' ? 'InPlaceIfPossible' : 'Standard',
    maxUnavailable: ru.maxUnavailable ?? 0,
    maxSurge,
    selector: ru.selector,
    partition: Math.max(0, ru.partition ?? 0),
    paused: ru.paused === true,
    allowsSurge: type === 'RollingUpdate' && safeScaled(maxSurge, 1, true) > 0,
  };
}

export interface Budgets {
  maxSurge: number;
  maxUnavailable: number;
}

/** Both rounded up against `desired`; when desired > 0 and both are 0, maxUnavailable is 1. */
export function resolveBudgets(strategy: ResolvedStrategy, desired: number): Budgets {
  if (strategy.type !== 'RollingUpdate') return { maxSurge: 0, maxUnavailable: 0 };
  const maxSurge = safeScaled(strategy.maxSurge, desired, true);
  let maxUnavailable = safeScaled(strategy.maxUnavailable, desired, true);
  if (desired > 0 && maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

/** burstReplicas: an int, or a percent of status.desiredNumberScheduled rounded down (0 on the first pass). */
export function resolveBurstReplicas(ds: DaemonSet): number {
  const burst = defaultDaemonSet(ds).spec!.burstReplicas!;
  return Math.max(0, safeScaled(burst, ds.status?.desiredNumberScheduled ?? 0, false));
}

function safeScaled(value: IntOrString, total: number, roundUp: boolean): number {
  try {
    return Math.max(0, scaledValue(value, total, roundUp));
  } catch {
    return 0;
  }
}
