// Rolling update (spec §6.4): the nodes eligible for update under partition and the node-label selector,
// and — without surge — which old pods to replace within maxUnavailable (unavailable old pods always).
// The surge variant is in surge.ts; in-place vs recreate is decided by the planner. Decisions only.
import type { Pod } from '../../api/index.js';
import { selectorMatches } from '../../api/index.js';
import { findUpdatedPodsOnNode, isDaemonPodAvailable, isNilOrPreDeleting, isPreDeleting } from './pods.js';
import type { Budgets } from './strategy.js';
import { resolveBudgets } from './strategy.js';
import type { DaemonSetView } from './view.js';
import { sortedNames } from './view.js';

/** node → pods for the rolling update: every node with pods plus an empty entry per shouldRun node. */
export function rollingUpdateNodes(view: DaemonSetView): Map<string, Pod[]> {
  const map = new Map(view.podsByNode);
  for (const [name, d] of view.decisions) if (d.shouldRun && !map.has(name)) map.set(name, []);
  return map;
}

export function rollingUpdateBudgets(view: DaemonSetView): Budgets {
  return resolveBudgets(view.strategy, view.desired);
}

/**
 * Nodes the rolling update may touch, in candidate order: updated, then updating, then (selector set)
 * selected or (no selector) the rest — visited in reverse name order — truncated to `visited − partition`.
 */
export function eligibleNodes(view: DaemonSetView, nodeToPods: Map<string, Pod[]>): string[] {
  const names = sortedNames([...nodeToPods.keys()].filter((n) => view.nodes.has(n))).reverse();
  const updated: string[] = [];
  const updating: string[] = [];
  const selected: string[] = [];
  const rest: string[] = [];
  const selector = view.strategy.selector;
  for (const name of names) {
    const { newPod, oldPod, ok } = findUpdatedPodsOnNode(nodeToPods.get(name)!, view.hash, view.ds);
    if (!ok || newPod) updated.push(name);
    else if (isNilOrPreDeleting(oldPod)) updating.push(name);
    else if (selector && selectorMatches(selector, view.nodes.get(name)!.metadata?.labels ?? {})) selected.push(name);
    else rest.push(name);
  }
  const sorted = [...updated, ...updating, ...(selector ? selected : rest)];
  const maxUpdate = names.length - view.strategy.partition;
  if (maxUpdate <= 0) return [];
  return sorted.slice(0, maxUpdate);
}

export interface NoSurgeDecision {
  /** Old pods to replace (delete, or update in place): the unavailable ones plus those within budget. */
  replace: Pod[];
  /** Set when available old pods wait because the budget is used up (the tutorial's Warning). */
  budgetExhausted?: { numUnavailable: number; maxUnavailable: number };
}

/** Without surge: count unavailable eligible nodes; replace unavailable old pods and up to the remaining budget. */
export function planNoSurgeUpdate(view: DaemonSetView, nodeToPods: Map<string, Pod[]>, eligible: string[], maxUnavailable: number): NoSurgeDecision {
  let numUnavailable = 0;
  const always: Pod[] = [];
  const candidates: Pod[] = [];
  for (const name of eligible) {
    const { newPod, oldPod, ok } = findUpdatedPodsOnNode(nodeToPods.get(name)!, view.hash, view.ds);
    if (!ok) {
      numUnavailable++;
      continue;
    }
    if ((isNilOrPreDeleting(oldPod) && !newPod) || (oldPod && newPod)) {
      numUnavailable++;
    } else if (newPod) {
      if (!isDaemonPodAvailable(newPod, view.minReadySeconds, view.nowMs)) numUnavailable++;
      if (isPreDeleting(newPod)) numUnavailable++;
    } else if (oldPod) {
      if (!isDaemonPodAvailable(oldPod, view.minReadySeconds, view.nowMs)) always.push(oldPod);
      else candidates.push(oldPod);
    }
  }
  const remaining = Math.max(maxUnavailable - numUnavailable, 0);
  const chosen = candidates.slice(0, remaining);
  const decision: NoSurgeDecision = { replace: [...always, ...chosen] };
  if (candidates.length > chosen.length) {
    decision.budgetExhausted = { numUnavailable: numUnavailable + chosen.length, maxUnavailable };
  }
  return decision;
}
