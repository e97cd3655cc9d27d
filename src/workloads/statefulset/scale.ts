// Scaling (spec §7.2 replica pass, §7.3 condemned pass): create missing pods (OrderedReady one per
// pass in ordinal order; Parallel all at once, bounded by scaleStrategy.maxUnavailable), replace
// failed pods, repair identity and claim ownership, and delete condemned pods (OrderedReady one per
// pass from the highest ordinal while everything below is healthy; Parallel all, in slow-start batches).
import type { KubeObject, PlanAction, Pod } from '../../api/index.js';
import { formatTime } from '../../api/index.js';
import type { SetContext, Slot } from './context.js';
import { claimEvents, podEvents } from './events.js';
import type { PlanBuilder } from './plan-builder.js';
import { identityRepair } from './pod-factory.js';
import { availableInMs, isFinished, isRunningAndReady, isTerminating } from './pod-state.js';
import { planPodDeletion, podRef } from './pod-writes.js';
import { claimBlock, claimRefPatches, missingClaims } from './pvc.js';

export type PassOutcome = 'done' | 'exit';

/** Replica pass over the slots in ascending ordinal. `exit` ends the whole reconcile pass (status only). */
export function planReplicaPass(ctx: SetContext, slots: Slot[], b: PlanBuilder): PassOutcome {
  let budget = ctx.scaleBudget;
  /** Consumes one unit of the scale budget; true when it ran out (break). */
  const consume = (): boolean => budget !== undefined && --budget <= 0;
  for (const slot of slots) {
    if (slot.reserved || !slot.pod) continue;
    const pod = slot.pod;
    const name = pod.metadata?.name ?? '';
    if (!slot.exists) {
      if (ctx.pendingCreates.has(name)) {
        if (ctx.monotonic) return 'exit';
        if (consume()) break;
        continue;
      }
      if (!planCreate(ctx, slot, b)) return 'exit';
      if (ctx.monotonic) return 'exit';
      if (consume()) break;
      continue;
    }
    if (isFinished(pod)) {
      if (!isTerminating(pod)) {
        planPodDeletion(ctx, pod, b);
        slot.deleting = true;
      }
      return 'exit';
    }
    if (pod.status?.phase === 'Pending') planClaims(ctx, slot.ordinal, pod, false, b);
    if (isTerminating(pod) || slot.deleting) {
      if (ctx.monotonic) return 'exit';
      if (consume()) break;
    }
    if (ctx.monotonic || budget !== undefined) {
      const wait = availableInMs(pod, ctx.minReadySeconds, ctx.nowMs);
      if (wait !== 0) {
        if (wait !== undefined) b.requeueAfter(wait);
        if (ctx.monotonic) return 'exit';
        if (consume()) break;
      }
    }
    planIdentityRepair(ctx, slot, b);
  }
  return 'done';
}

/** Creates the slot's claims and pod. False when the pod cannot be created (a claim blocks it). */
function planCreate(ctx: SetContext, slot: Slot, b: PlanBuilder): boolean {
  const pod = slot.pod!;
  const name = pod.metadata?.name ?? '';
  const block = claimBlock(ctx, slot.ordinal, name, undefined);
  if (block?.kind === 'stale') return false;
  if (block?.kind === 'deleting') {
    const err = `pvc ${block.claim} is to be deleted`;
    b.events.push({ type: 'Warning', reason: 'FailedCreate', message: `create Pod ${name} in StatefulSet ${ctx.name} failed error: ${err}` });
    b.conditions.push({ type: 'FailedCreatePod', status: 'True', lastTransitionTime: formatTime(ctx.nowMs), message: `StatefulPodControl failed to create Pod error: ${err}` });
    return false;
  }
  planClaims(ctx, slot.ordinal, undefined, false, b);
  b.add('pods', { type: 'create', object: pod as unknown as KubeObject, ...podEvents('create', ctx.name, name) });
  return true;
}

function planClaims(ctx: SetContext, ordinal: number, pod: Pod | undefined, condemned: boolean, b: PlanBuilder): void {
  const podName = `${ctx.name}-${ordinal}`;
  for (const claim of missingClaims(ctx, ordinal, pod, condemned)) {
    b.add('claims', { type: 'create', object: claim as unknown as KubeObject, ...claimEvents(ctx.name, claim.metadata?.name ?? '', podName) });
  }
}

function planIdentityRepair(ctx: SetContext, slot: Slot, b: PlanBuilder): void {
  const pod = slot.pod!;
  const labels = identityRepair(ctx, pod, slot.ordinal);
  if (labels) {
    b.add('refresh', { type: 'patch', ref: podRef(pod), patchType: 'merge', patch: { metadata: { labels } }, ...podEvents('update', ctx.name, pod.metadata?.name ?? '') });
    slot.pod = { ...pod, metadata: { ...pod.metadata, labels: { ...pod.metadata?.labels, ...labels } } };
  }
  for (const p of claimRefPatches(ctx, slot.ordinal, pod, false)) b.add('claims', p);
}

/**
 * Condemned pass, highest ordinal first. OrderedReady: stop at a terminating pod, or at an unhealthy
 * one unless it is the lowest-ordinal unhealthy pod; delete one and stop. Parallel: delete every
 * non-terminating condemned pod, in batches of 1, 2, 4, … .
 */
export function planCondemnedPass(ctx: SetContext, condemned: Slot[], firstUnhealthy: Pod | undefined, b: PlanBuilder): PassOutcome {
  for (const slot of condemned) for (const p of claimRefPatches(ctx, slot.ordinal, slot.pod!, true)) b.add('claims', p);
  const batch: PlanAction[] = [];
  for (const slot of condemned) {
    const pod = slot.pod!;
    if (isTerminating(pod)) {
      if (ctx.monotonic) return 'exit';
      continue;
    }
    if (ctx.monotonic && pod !== firstUnhealthy) {
      if (!isRunningAndReady(pod)) return 'exit';
      const wait = availableInMs(pod, ctx.minReadySeconds, ctx.nowMs);
      if (wait !== 0) {
        if (wait !== undefined) b.requeueAfter(wait);
        return 'exit';
      }
    }
    planPodDeletion(ctx, pod, b, 'pods', ctx.monotonic ? undefined : batch);
    slot.deleting = true;
    if (ctx.monotonic) return 'exit';
  }
  b.addBatched(batch);
  return 'done';
}
