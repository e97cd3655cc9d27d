// Refresh of one pod (spec §7.2 step 6, §8 step 4, README in-place §3): finish or drop an in-place
// grace period, set KruisePodReady=True on a pod lacking it and InPlaceUpdateReady=True once an update is complete (conditional on the
// resourceVersion judged), and move lifecycle states on (Updating → Updated/Normal, Updated → Normal,
// PreparingUpdate at the update revision → Updated/Normal, PreparingNormal → Normal).
import type { PatchAction, Pod } from '../../api/index.js';
import {
  buildGraceDropPatch, buildGraceFinishPatch, conditionsForUpdateReady, graceRemainingMs, hasGraceAnnotation,
  isInPlaceUpdateComplete, readGraceSpec,
} from '../common/inplace-update.js';
import { conditionsForNotReadyKey, withKruisePodReady } from '../common/pod-readiness.js';
import { isAllHooked, lifecyclePatch, lifecycleStateOf, type LifecycleState } from '../common/lifecycle.js';
import type { SetContext } from './context.js';
import { podRevision, isTerminating } from './pod-state.js';
import { applyMergePatch, mergePatches, podRef } from './pod-writes.js';

export interface RefreshResult {
  /** The pod as it will look after the refresh writes. */
  view: Pod;
  statusWrite?: PatchAction;
  podWrite?: PatchAction;
  requeueMs?: number;
  lifecycleChanged: boolean;
}

export function refreshPod(ctx: SetContext, pod: Pod): RefreshResult {
  if (isTerminating(pod)) return { view: pod, lifecycleChanged: false };
  let view = pod;
  let patch: Record<string, unknown> | undefined;
  let requeueMs: number | undefined;
  if (hasGraceAnnotation(pod)) {
    const grace = readGraceSpec(pod);
    if (!grace || podRevision(pod) !== grace.revision) patch = buildGraceDropPatch();
    else {
      const left = graceRemainingMs(pod, grace, ctx.nowMs);
      if (left > 0) requeueMs = left;
      else patch = buildGraceFinishPatch(pod, grace, ctx.nowMs);
    }
    if (patch) view = applyMergePatch(view, patch);
  }
  let statusWrite: PatchAction | undefined;
  let conditions = withKruisePodReady(view, conditionsForUpdateReady(view, ctx.nowMs), ctx.nowMs);
  if (conditions) view = { ...view, status: { ...view.status, conditions } };
  const next = nextLifecycleState(ctx, view);
  if (next === 'Updated' || next === 'Normal') {
    // markPodNotReady: leaving PreparingUpdate/Updating drops the update key (True once no key remains).
    const released = conditionsForNotReadyKey(view, 'preUpdateHook', false, ctx.nowMs);
    if (released) view = { ...view, status: { ...view.status, conditions: (conditions = released) } };
  }
  if (conditions) {
    statusWrite = {
      type: 'patch', ref: podRef(pod), patchType: 'merge', subresource: 'status', patch: { status: { conditions } },
      ...(pod.metadata?.resourceVersion ? { resourceVersion: pod.metadata.resourceVersion } : {}),
    };
  }
  if (next) {
    const lp = lifecyclePatch(next, ctx.nowMs);
    patch = mergePatches(patch, lp);
    view = applyMergePatch(view, lp);
  }
  const podWrite: PatchAction | undefined = patch ? { type: 'patch', ref: podRef(pod), patchType: 'merge', patch } : undefined;
  return { view, statusWrite, podWrite, requeueMs, lifecycleChanged: !!next };
}

function nextLifecycleState(ctx: SetContext, pod: Pod): LifecycleState | undefined {
  const lc = ctx.lifecycle;
  const afterUpdate = (): LifecycleState => (lc && !isAllHooked(lc.inPlaceUpdate, pod) ? 'Updated' : 'Normal');
  switch (lifecycleStateOf(pod)) {
    case 'Updating':
      return isInPlaceUpdateComplete(pod) ? afterUpdate() : undefined;
    case 'Updated':
      return !lc?.inPlaceUpdate || isAllHooked(lc.inPlaceUpdate, pod) ? 'Normal' : undefined;
    case 'PreparingUpdate':
      return podRevision(pod) === ctx.updateRevision.metadata?.name ? afterUpdate() : undefined;
    case 'PreparingNormal':
      return !lc?.preNormal || isAllHooked(lc.preNormal, pod) ? 'Normal' : undefined;
    default:
      return undefined;
  }
}
