// The Advanced StatefulSet planner: `planStatefulSet(snapshot, nowMs) → Plan`, pure. The top function
// reads as the reconcile outline of spec §7.1; each step is a named pure function in its own file.
import type { Plan, Pod } from '../../api/index.js';
import { formatFieldErrors, formatTime, type FieldError } from '../../api/index.js';
import type { Snapshot } from '../../runtime/workload-definition.js';
import { parseOrdinal } from '../common/ordinals.js';
import type { SetContext, Slot, StatefulSetPlannerOptions } from './context.js';
import { resolveBudget, resolvePlannerOptions, resolveRange } from './context.js';
import { defaultStatefulSet, validateStatefulSet } from './defaults.js';
import type { Claimed } from './ownership.js';
import { claimChildren } from './ownership.js';
import { PlanBuilder } from './plan-builder.js';
import { newStatefulSetPod } from './pod-factory.js';
import { isHealthy } from './pod-state.js';
import { refreshPod } from './refresh.js';
import { planHistoryTruncation, resolveRevisions, type SetRevisions } from './revisions.js';
import { planRollingUpdate } from './rolling-update.js';
import { planCondemnedPass, planReplicaPass } from './scale.js';
import { computeStatus } from './status.js';
import type { StatefulSet } from './types.js';
import { newPodsAtCurrentRevision } from './update-order.js';

export function planStatefulSet(snapshot: Snapshot<StatefulSet>, nowMs: number, options?: StatefulSetPlannerOptions): Plan {
  const set = defaultStatefulSet(snapshot.workload, { templateDefaults: false });
  const errors = validateStatefulSet(set);
  if (errors.length > 0) return planInvalidSpec(set, errors, nowMs);
  const b = new PlanBuilder();
  const deleting = set.metadata?.deletionTimestamp != null;
  const claimed = claimChildren(set, snapshot, !deleting); // adopt / release pods and revisions
  const revisions = resolveRevisions(set, claimed.revisions, claimed.knownRevisions);
  const ctx = buildContext(set, snapshot, revisions, nowMs, options);
  const { slots, condemned } = buildSlots(ctx, claimed.pods);
  const lifecycleChanged = planRefresh(ctx, slots, condemned, b); // in-place completion, grace, lifecycle
  if (!deleting) {
    planOwnershipAndRevisions(claimed, revisions, b);
    const firstUnhealthy = firstUnhealthyPod(slots, condemned);
    if (planReplicaPass(ctx, slots, b) === 'exit') {
      // scale: one OrderedReady step, or a failed pod replaced, or a create blocked: nothing more this pass
    } else if (planCondemnedPass(ctx, condemned, firstUnhealthy, b) === 'exit') {
      // scale-down: one OrderedReady deletion per pass
    } else if (ctx.rollingUpdate && !ctx.pendingPodPatches && !lifecycleChanged && !ctx.paused) {
      planRollingUpdate(ctx, slots, b); // partition, maxUnavailable, in-place/recreate, specified deletes
    }
  }
  const pods = existingPods(slots, condemned);
  const status = computeStatus(ctx, pods, revisions.collisionCount, b.conditions);
  for (const d of planHistoryTruncation(set, claimed.revisions, revisions, pods)) b.add('history', d);
  return b.build(status as unknown as Record<string, unknown>);
}

function buildContext(set: StatefulSet, snapshot: Snapshot<StatefulSet>, r: SetRevisions, nowMs: number, options?: StatefulSetPlannerOptions): SetContext {
  const { gates } = resolvePlannerOptions(options);
  const { replicas, reserved, range } = resolveRange(set, gates);
  const ru = set.spec?.updateStrategy?.rollingUpdate;
  const claims = [...(snapshot.owned.PersistentVolumeClaim ?? []), ...(snapshot.orphans.PersistentVolumeClaim ?? [])];
  const pending = snapshot.pending.filter((p) => p.kind === 'Pod');
  return {
    set,
    name: set.metadata?.name ?? '',
    namespace: set.metadata?.namespace ?? '',
    nowMs,
    replicas,
    reserved,
    range,
    monotonic: set.spec?.podManagementPolicy !== 'Parallel',
    scaleBudget: set.spec?.scaleStrategy?.maxUnavailable === undefined ? undefined : resolveBudget(set.spec.scaleStrategy.maxUnavailable, replicas, 1),
    minReadySeconds: ru?.minReadySeconds ?? 0,
    rollingUpdate: set.spec?.updateStrategy?.type === 'RollingUpdate',
    partition: ru?.partition ?? 0,
    maxUnavailable: resolveBudget(ru?.maxUnavailable, replicas, 1),
    podUpdatePolicy: ru?.podUpdatePolicy ?? 'ReCreate',
    graceSeconds: ru?.inPlaceUpdateStrategy?.gracePeriodSeconds ?? 0,
    paused: ru?.paused === true,
    unordered: ru?.unorderedUpdate ?? undefined,
    lifecycle: set.spec?.lifecycle,
    updateRevision: r.updateRevision,
    currentRevision: r.currentRevision,
    revisionsByName: r.byName,
    claimsByName: new Map(claims.map((c) => [c.metadata?.name ?? '', c as never])),
    pendingCreates: new Set(pending.filter((p) => p.verb === 'create').map((p) => p.name)),
    pendingPodPatches: pending.some((p) => p.verb === 'patch' || p.verb === 'update'),
    gates,
    inPlaceDecisions: new Map(),
  };
}

/** One slot per ordinal in [start, end): the existing pod, or an in-memory pod at the revision §7.5 picks. */
function buildSlots(ctx: SetContext, pods: Pod[]): { slots: Slot[]; condemned: Slot[] } {
  const { start, end } = ctx.range;
  const slots: Slot[] = [];
  for (let o = start; o < end; o++) slots.push({ ordinal: o, reserved: ctx.reserved.has(o), exists: false });
  const condemned: Slot[] = [];
  for (const pod of pods) {
    const ordinal = parseOrdinal(ctx.name, pod.metadata?.name)!;
    const slot = slots[ordinal - start];
    if (slot && !slot.reserved) Object.assign(slot, { pod, exists: true });
    else condemned.push({ ordinal, reserved: false, pod, exists: true });
  }
  condemned.sort((a, b) => b.ordinal - a.ordinal);
  const atCurrent = newPodsAtCurrentRevision(slots, {
    rollingUpdate: ctx.rollingUpdate,
    partition: ctx.partition,
    unordered: !!ctx.unordered,
    updateRevision: ctx.updateRevision.metadata?.name ?? '',
  });
  for (const [i, current] of atCurrent) slots[i]!.pod = newStatefulSetPod(ctx, slots[i]!.ordinal, current ? ctx.currentRevision : ctx.updateRevision);
  return { slots, condemned };
}

/** Refreshes every existing pod; returns whether any lifecycle state changed (that ends the update pass). */
function planRefresh(ctx: SetContext, slots: Slot[], condemned: Slot[], b: PlanBuilder): boolean {
  let changed = false;
  for (const slot of [...slots, ...condemned]) {
    if (!slot.exists || !slot.pod) continue;
    const r = refreshPod(ctx, slot.pod);
    if (r.statusWrite) b.add('refreshStatus', r.statusWrite);
    if (r.podWrite) b.add('refresh', r.podWrite);
    b.requeueAfter(r.requeueMs);
    slot.pod = r.view;
    changed ||= r.lifecycleChanged;
  }
  return changed;
}

function planOwnershipAndRevisions(claimed: Claimed, r: SetRevisions, b: PlanBuilder): void {
  for (const a of claimed.actions) b.add('ownership', a);
  if (r.write) b.add('revisions', r.write);
}

function firstUnhealthyPod(slots: Slot[], condemned: Slot[]): Pod | undefined {
  for (const s of slots) if (s.pod && !isHealthy(s.pod)) return s.pod;
  for (let i = condemned.length - 1; i >= 0; i--) if (!isHealthy(condemned[i]!.pod!)) return condemned[i]!.pod;
  return undefined;
}

function existingPods(slots: Slot[], condemned: Slot[]): Pod[] {
  const out: Pod[] = [];
  for (const s of slots) if (s.exists && s.pod) out.push(s.pod);
  for (const s of condemned) out.push(s.pod!);
  return out;
}

/**
 * A spec no webhook rejected (e.g. a real cluster without Kruise's webhook): no pod writes; status keeps
 * its counts and gets condition InvalidSpec; a Warning event when the message is new.
 */
function planInvalidSpec(set: StatefulSet, errors: FieldError[], nowMs: number): Plan {
  const message = formatFieldErrors(errors);
  const old = set.status;
  const prior = old?.conditions?.find((c) => c.type === INVALID_SPEC_CONDITION);
  const condition = {
    type: INVALID_SPEC_CONDITION,
    status: 'True' as const,
    reason: 'FailedValidation',
    message,
    lastTransitionTime: prior?.status === 'True' ? prior.lastTransitionTime : formatTime(nowMs),
  };
  const status = {
    replicas: old?.replicas ?? 0,
    readyReplicas: old?.readyReplicas ?? 0,
    availableReplicas: old?.availableReplicas ?? 0,
    currentReplicas: old?.currentReplicas ?? 0,
    updatedReplicas: old?.updatedReplicas ?? 0,
    ...old,
    ...(set.metadata?.generation !== undefined ? { observedGeneration: set.metadata.generation } : {}),
    conditions: [condition],
  };
  const events = prior?.message === message ? [] : [{ type: 'Warning' as const, reason: 'FailedValidation', message }];
  return { phases: [], status, events };
}

export const INVALID_SPEC_CONDITION = 'InvalidSpec';
