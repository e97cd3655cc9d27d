// In-place update of one StatefulSet pod (spec §8): whether the pod's revision can move to the update
// revision in place, the lifecycle dance (PreparingUpdate while an inPlaceUpdate hook holds it), and
// the writes of an update: status InPlaceUpdateReady=False (and Ready recomputed), then the pod patch
// (revision label, lifecycle Updating, state annotation, images or the grace annotation).
import type { Pod } from '../../api/index.js';
import { buildStartPatch, computeInPlaceUpdateSpec, conditionsForUpdateStart, hasInPlaceReadinessGate } from '../common/inplace-update.js';
import { conditionsForNotReadyKey } from '../common/pod-readiness.js';
import { isHooked, lifecycleMetadata, lifecyclePatch, lifecycleStateOf } from '../common/lifecycle.js';
import type { SetContext, Slot } from './context.js';
import { inPlaceEvents } from './events.js';
import type { PlanBuilder } from './plan-builder.js';
import { podRevision } from './pod-state.js';
import { applyMergePatch, podRef } from './pod-writes.js';

export type InPlaceOutcome = { kind: 'updating' } | { kind: 'recreate' } | { kind: 'error'; message: string };

export function planInPlaceUpdate(ctx: SetContext, slot: Slot, b: PlanBuilder): InPlaceOutcome {
  if (ctx.podUpdatePolicy === 'ReCreate') return { kind: 'recreate' };
  const pod = slot.pod!;
  const name = pod.metadata?.name ?? '';
  const oldName = podRevision(pod);
  let decision = ctx.inPlaceDecisions.get(oldName);
  if (!decision) {
    decision = computeInPlaceUpdateSpec(ctx.revisionsByName.get(oldName), ctx.updateRevision, ctx.graceSeconds);
    ctx.inPlaceDecisions.set(oldName, decision);
  }
  if (!decision.possible) {
    if (ctx.podUpdatePolicy === 'InPlaceIfPossible') return { kind: 'recreate' };
    return { kind: 'error', message: `find strategy is InPlaceOnly but Pod ${name} can not update in-place` };
  }
  const hook = ctx.lifecycle?.inPlaceUpdate;
  const state = lifecycleStateOf(pod);
  switch (state) {
    case '':
    case 'PreparingNormal':
    case 'Normal':
      if (hook && isHooked(hook, pod)) return prepare(ctx, slot, b);
      break;
    case 'Updated':
      return prepare(ctx, slot, b, true);
    case 'PreparingUpdate':
      if (hook && isHooked(hook, pod)) return { kind: 'updating' };
      break;
    case 'Updating':
      break;
    default:
      return { kind: 'error', message: `not allowed to in-place update pod ${name} in state ${state}` };
  }
  startUpdate(ctx, slot, decision.spec, b);
  return { kind: 'updating' };
}

/** Moves the pod to PreparingUpdate (re-applying the hook's labels/finalizers when it was Updated). */
function prepare(ctx: SetContext, slot: Slot, b: PlanBuilder, reapplyHook = false): InPlaceOutcome {
  const pod = slot.pod!;
  const hook = ctx.lifecycle?.inPlaceUpdate;
  const patch = lifecyclePatch('PreparingUpdate', ctx.nowMs, reapplyHook ? hook?.labelsHandler : undefined) as { metadata: Record<string, unknown> };
  if (reapplyHook && hook?.finalizersHandler?.length) {
    patch.metadata.finalizers = [...new Set([...(pod.metadata?.finalizers ?? []), ...hook.finalizersHandler])];
  }
  b.add('pods', { type: 'patch', ref: podRef(pod), patchType: 'merge', patch });
  let view = pod;
  const notReady = hook?.markPodNotReady ? conditionsForNotReadyKey(pod, 'preUpdateHook', true, ctx.nowMs) : undefined;
  if (notReady) {
    b.add('pods', { type: 'patch', ref: podRef(pod), patchType: 'merge', subresource: 'status', patch: { status: { conditions: notReady } } });
    view = { ...view, status: { ...view.status, conditions: notReady } };
  }
  slot.pod = applyMergePatch(view, patch);
  return { kind: 'updating' };
}

function startUpdate(ctx: SetContext, slot: Slot, spec: Parameters<typeof buildStartPatch>[1], b: PlanBuilder): void {
  const pod = slot.pod!;
  const revision = ctx.updateRevision.metadata?.name ?? '';
  let view = pod;
  if (hasInPlaceReadinessGate(pod)) {
    const conditions = conditionsForUpdateStart(pod, ctx.nowMs);
    b.add('pods', { type: 'patch', ref: podRef(pod), patchType: 'merge', subresource: 'status', patch: { status: { conditions } } });
    view = { ...view, status: { ...view.status, conditions } };
  }
  const lifecycle = lifecycleStateOf(pod) ? lifecycleMetadata('Updating', ctx.nowMs) : undefined;
  const patch = buildStartPatch(pod, spec, { revisionLabel: revision, nowMs: ctx.nowMs, extraLabels: lifecycle?.labels, extraAnnotations: lifecycle?.annotations });
  b.add('inPlacePatch', { type: 'patch', ref: podRef(pod), patchType: 'merge', patch, ...inPlaceEvents(pod.metadata?.name ?? '', revision) });
  if (spec.graceSeconds > 0) b.requeueAfter(spec.graceSeconds * 1000);
  slot.pod = applyMergePatch(view, patch) as Pod;
}
