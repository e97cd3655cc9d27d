// Rolling-update pass (spec §7.4): the unavailable set, specified deletes under the maxUnavailable
// budget, then the update order (§7.6) — each candidate updated in place or deleted for recreation,
// stopping when the budget is used up by available pods.
import { isInPlaceUpdateComplete } from '../common/inplace-update.js';
import type { SetContext, Slot } from './context.js';
import { planInPlaceUpdate } from './inplace.js';
import type { PlanBuilder } from './plan-builder.js';
import { availableInMs, isHealthy, isTerminating, podRevision } from './pod-state.js';
import { planPodDeletion } from './pod-writes.js';
import { SPECIFIED_DELETE_LABEL } from './types.js';
import { computeUpdateOrder } from './update-order.js';

export function planRollingUpdate(ctx: SetContext, slots: Slot[], b: PlanBuilder): void {
  const budget = ctx.maxUnavailable;
  const unavailable = unavailableSlots(ctx, slots, b);
  planSpecifiedDeletes(ctx, slots, unavailable, budget, b);
  const updateRevision = ctx.updateRevision.metadata?.name ?? '';
  const order = computeUpdateOrder(slots.map((s) => (s.reserved ? undefined : s.pod)), {
    updateRevision,
    replicas: ctx.replicas,
    partition: ctx.partition,
    unordered: ctx.unordered,
  });
  for (const i of order) {
    const slot = slots[i]!;
    const pod = slot.pod!;
    if (podRevision(pod) === updateRevision) continue;
    if (unavailable.size >= budget && !unavailable.has(i)) break;
    if (slot.exists && !slot.deleting && !isTerminating(pod)) {
      const outcome = planInPlaceUpdate(ctx, slot, b);
      if (outcome.kind === 'error') {
        b.events.push({ type: 'Warning', reason: 'FailedUpdatePodInPlace', message: `failed to update pod ${pod.metadata?.name} in-place(revision ${updateRevision}): ${outcome.message}` });
        b.requeueAfter(RETRY_AFTER_ERROR_MS);
        return;
      }
      if (outcome.kind === 'recreate') {
        planPodDeletion(ctx, pod, b);
        slot.deleting = true;
      }
    }
    unavailable.add(i);
  }
}

/** Retry delay when the pass hits an error the planner can see (Plan has no error channel). */
export const RETRY_AFTER_ERROR_MS = 5_000;

/** Slot indexes of in-range pods that are unavailable (missing/new pods included); requeues at the minReadySeconds edge. */
export function unavailableSlots(ctx: SetContext, slots: Slot[], b: PlanBuilder): Set<number> {
  const out = new Set<number>();
  slots.forEach((slot, i) => {
    if (slot.reserved || !slot.pod) return;
    const pod = slot.pod;
    if (!slot.exists || slot.deleting || !isHealthy(pod) || !isInPlaceUpdateComplete(pod)) {
      out.add(i);
      return;
    }
    const wait = availableInMs(pod, ctx.minReadySeconds, ctx.nowMs);
    if (wait !== 0) {
      out.add(i);
      if (wait !== undefined) b.requeueAfter(wait);
    }
  });
  return out;
}

/** Pods labelled apps.kruise.io/specified-delete, highest ordinal first, deleted under the budget (partition ignored). */
function planSpecifiedDeletes(ctx: SetContext, slots: Slot[], unavailable: Set<number>, budget: number, b: PlanBuilder): void {
  for (let i = slots.length - 1; i >= 0; i--) {
    const slot = slots[i]!;
    const pod = slot.pod;
    if (!pod || !slot.exists || slot.deleting || isTerminating(pod)) continue;
    if (pod.metadata?.labels?.[SPECIFIED_DELETE_LABEL] === undefined) continue;
    if (unavailable.size >= budget && !unavailable.has(i)) continue;
    planPodDeletion(ctx, pod, b);
    slot.deleting = true;
    unavailable.add(i);
  }
}
