// Pod writes shared by the passes: delete a pod (or move it to PreparingDelete when a preDelete hook
// holds it), and merging small JSON merge patches aimed at the same pod.
import { cloneJson, type Pod } from '../../api/index.js';
import { conditionsForNotReadyKey } from '../common/pod-readiness.js';
import { isHooked, lifecyclePatch, lifecycleStateOf } from '../common/lifecycle.js';
import type { SetContext } from './context.js';
import { podEvents } from './events.js';
import type { PhaseName, PlanBuilder } from './plan-builder.js';

export function podRef(pod: Pod) {
  return { apiVersion: 'v1', kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name ?? '', uid: pod.metadata?.uid };
}

export type DeleteOutcome = 'deleted' | 'preparing' | 'waiting';

/** Deletes the pod, or (preDelete hook) marks it PreparingDelete and waits until the hook lets go. */
export function planPodDeletion(ctx: SetContext, pod: Pod, b: PlanBuilder, phase: PhaseName = 'pods', batch?: unknown[]): DeleteOutcome {
  const hook = ctx.lifecycle?.preDelete;
  if (hook && isHooked(hook, pod)) {
    if (lifecycleStateOf(pod) === 'PreparingDelete') return 'waiting';
    b.add(phase, { type: 'patch', ref: podRef(pod), patchType: 'merge', patch: lifecyclePatch('PreparingDelete', ctx.nowMs) });
    const notReady = hook.markPodNotReady ? conditionsForNotReadyKey(pod, 'preDeleteHook', true, ctx.nowMs) : undefined;
    if (notReady) b.add(phase, { type: 'patch', ref: podRef(pod), patchType: 'merge', subresource: 'status', patch: { status: { conditions: notReady } } });
    return 'preparing';
  }
  const action = { type: 'delete' as const, ref: podRef(pod), ...podEvents('delete', ctx.name, pod.metadata?.name ?? '') };
  if (batch) batch.push(action);
  else b.add(phase, action);
  return 'deleted';
}

/** Deep-merges JSON merge patches (objects merge, everything else: later wins). */
export function mergePatches(...patches: Array<Record<string, unknown> | undefined>): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const p of patches) if (p) out = out ? mergeInto(out, p) : cloneJson(p);
  return out;
}

function mergeInto(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(b)) {
    const cur = a[k];
    if (isPlainObject(cur) && isPlainObject(v)) a[k] = mergeInto(cur, v);
    else a[k] = cloneJson(v);
  }
  return a;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The pod as it will look once a merge patch applies (the plan's view; null removes a key). */
export function applyMergePatch<T>(target: T, patch: unknown): T {
  if (!isPlainObject(patch)) return cloneJson(patch) as T;
  const out: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out as T;
}
