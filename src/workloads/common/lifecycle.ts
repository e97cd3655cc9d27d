// Kruise pod lifecycle (README "Lifecycle hooks"): the `lifecycle.apps.kruise.io/state` label and its
// timestamp annotation, hooks (labels/finalizers that hold a pod in a Preparing* state) and the
// "hooked" / "all-hooked" tests. Pure; imports src/api.
import type { Pod } from '../../api/index.js';
import { formatTime } from '../../api/index.js';

export const LIFECYCLE_STATE_LABEL = 'lifecycle.apps.kruise.io/state';
export const LIFECYCLE_TIMESTAMP_KEY = 'lifecycle.apps.kruise.io/timestamp';

export type LifecycleState = 'PreparingNormal' | 'Normal' | 'PreparingUpdate' | 'Updating' | 'Updated' | 'PreparingDelete';

export interface LifecycleHook {
  labelsHandler?: Record<string, string>;
  finalizersHandler?: string[];
  markPodNotReady?: boolean;
}

export interface Lifecycle {
  preDelete?: LifecycleHook;
  inPlaceUpdate?: LifecycleHook;
  preNormal?: LifecycleHook;
}

/** The pod's lifecycle state ('' when unset). */
export function lifecycleStateOf(pod: Pod): LifecycleState | '' {
  return (pod.metadata?.labels?.[LIFECYCLE_STATE_LABEL] ?? '') as LifecycleState | '';
}

/** Empty or Normal: the only states in which a pod counts as available. */
export function isLifecycleNormal(pod: Pod): boolean {
  const s = lifecycleStateOf(pod);
  return s === '' || s === 'Normal';
}

/** The pod has ANY of the hook's labels (exact value) or finalizers. */
export function isHooked(hook: LifecycleHook | undefined, pod: Pod): boolean {
  if (!hook) return false;
  const labels = pod.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(hook.labelsHandler ?? {})) if (labels[k] === v) return true;
  const finalizers = pod.metadata?.finalizers ?? [];
  return (hook.finalizersHandler ?? []).some((f) => finalizers.includes(f));
}

/** The pod has ALL of the hook's labels and finalizers (false for no hook). */
export function isAllHooked(hook: LifecycleHook | undefined, pod: Pod): boolean {
  if (!hook) return false;
  const labels = pod.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(hook.labelsHandler ?? {})) if (labels[k] !== v) return false;
  const finalizers = pod.metadata?.finalizers ?? [];
  return (hook.finalizersHandler ?? []).every((f) => finalizers.includes(f));
}

/** State of a newly created pod: PreparingNormal while a preNormal hook is not all-hooked, else Normal. */
export function initialLifecycleState(lifecycle: Lifecycle | undefined, pod: Pod): LifecycleState {
  return lifecycle?.preNormal && !isAllHooked(lifecycle.preNormal, pod) ? 'PreparingNormal' : 'Normal';
}

/** Metadata (labels + annotations) that move a pod to `state` at `nowMs`. */
export function lifecycleMetadata(state: LifecycleState, nowMs: number): { labels: Record<string, string>; annotations: Record<string, string> } {
  return { labels: { [LIFECYCLE_STATE_LABEL]: state }, annotations: { [LIFECYCLE_TIMESTAMP_KEY]: formatTime(nowMs) } };
}

/** A merge patch moving the pod to `state` (plus any extra labels, e.g. re-applied hook labels). */
export function lifecyclePatch(state: LifecycleState, nowMs: number, extraLabels?: Record<string, string>): Record<string, unknown> {
  const m = lifecycleMetadata(state, nowMs);
  return { metadata: { labels: { ...(extraLabels ?? {}), ...m.labels }, annotations: m.annotations } };
}
