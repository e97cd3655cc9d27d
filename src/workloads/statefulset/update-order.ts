// Which pods a rolling update touches and in what order (spec §7.6), and the revision a newly
// created pod gets (§7.5). Works on the slot list (index = ordinal − start; undefined = reserved slot).
import type { LabelSelector, Pod } from '../../api/index.js';
import { selectorMatches } from '../../api/index.js';
import { podRevision, isTerminating } from './pod-state.js';
import type { UpdatePriorityStrategy } from './types.js';

export interface UpdateOrderInput {
  updateRevision: string;
  /** spec.replicas. */
  replicas: number;
  partition: number;
  /** Set when unorderedUpdate is configured (even without a priority strategy). */
  unordered?: { priorityStrategy?: UpdatePriorityStrategy };
}

/**
 * Slot indexes to update, in order. Ordered: from the highest slot down to slot index `partition`,
 * skipping empty slots, at most replicas − partition. Unordered: terminating and already-updated pods
 * first, then the rest by priority (stable, higher slot first), truncated to replicas − partition.
 */
export function computeUpdateOrder(slots: ReadonlyArray<Pod | undefined>, o: UpdateOrderInput): number[] {
  const maxUpdate = o.replicas - o.partition;
  if (maxUpdate <= 0) return [];
  if (!o.unordered) {
    const out: number[] = [];
    for (let i = slots.length - 1; i >= o.partition && out.length < maxUpdate; i--) if (slots[i]) out.push(i);
    return out;
  }
  const first: number[] = [];
  const waiting: number[] = [];
  for (let i = slots.length - 1; i >= 0; i--) {
    const pod = slots[i];
    if (!pod) continue;
    if (isTerminating(pod) || podRevision(pod) === o.updateRevision) first.push(i);
    else waiting.push(i);
  }
  const ps = o.unordered.priorityStrategy;
  if (ps?.weightPriority?.length) {
    const w = new Map(waiting.map((i) => [i, weightOf(slots[i]!, ps.weightPriority!)]));
    waiting.sort((a, b) => w.get(b)! - w.get(a)!);
  } else if (ps?.orderPriority?.length) {
    const keys = ps.orderPriority.map((t) => t.orderedKey);
    const rank = new Map(waiting.map((i) => [i, orderOf(slots[i]!, keys)]));
    waiting.sort((a, b) => rank.get(a)!.level - rank.get(b)!.level || rank.get(b)!.order - rank.get(a)!.order);
  }
  return [...first, ...waiting].slice(0, maxUpdate);
}

function weightOf(pod: Pod, terms: Array<{ weight: number; matchSelector: LabelSelector }>): number {
  let sum = 0;
  for (const t of terms) if (selectorMatches(t.matchSelector, pod.metadata?.labels)) sum += t.weight;
  return sum;
}

/** Level: index of the first key present (−1 when none: updated first); order: the value's trailing integer. */
function orderOf(pod: Pod, keys: string[]): { level: number; order: number } {
  const labels = pod.metadata?.labels ?? {};
  for (const [level, key] of keys.entries()) {
    if (key in labels) {
      const m = labels[key]!.match(/(\d+)$/);
      return { level, order: m ? Number(m[1]) : 0 };
    }
  }
  return { level: -1, order: 0 };
}

export interface NewPodRevisionInput {
  rollingUpdate: boolean;
  partition: number;
  unordered: boolean;
  updateRevision: string;
}

/**
 * For each slot index whose pod is missing, whether the new pod gets the current revision (true) or
 * the update revision (false). Ordered: position k (1-based among non-reserved slots) ≤ partition →
 * current. Unordered: current while fewer than `partition` other pods are not at the update revision.
 */
export function newPodsAtCurrentRevision(
  slots: ReadonlyArray<{ reserved: boolean; pod?: Pod; exists: boolean }>,
  o: NewPodRevisionInput,
): Map<number, boolean> {
  const out = new Map<number, boolean>();
  if (!o.rollingUpdate) {
    slots.forEach((s, i) => !s.reserved && !s.exists && out.set(i, false));
    return out;
  }
  if (!o.unordered) {
    let k = 0;
    slots.forEach((s, i) => {
      if (s.reserved) return;
      k++;
      if (!s.exists) out.set(i, k <= o.partition);
    });
    return out;
  }
  let notUpdated = 0;
  for (const s of slots) if (s.exists && s.pod && podRevision(s.pod) !== o.updateRevision) notUpdated++;
  slots.forEach((s, i) => {
    if (s.reserved || s.exists) return;
    const current = notUpdated < o.partition;
    if (current) notUpdated++;
    out.set(i, current);
  });
  return out;
}
