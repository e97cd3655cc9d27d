// The `KruisePodReady` readiness gate (spec README "Readiness gate facts", "Lifecycle hooks"): Kruise's pod
// webhook injects it into every pod whose controller is in apps.kruise.io, and its pod-readiness
// controller sets the condition True on pods lacking it. kactor builds the pods itself, so the pod
// builders add the gate and the planners write the condition. `markPodNotReady` hooks turn it False with
// a JSON list of "not ready" keys as message. Pure; imports src/api.
import type { Pod, PodCondition, PodSpec } from '../../api/index.js';
import { withCondition } from './inplace-update.js';

export const KRUISE_POD_READY = 'KruisePodReady';

/** Keys a lifecycle hook with `markPodNotReady` adds to the KruisePodReady condition. */
export type NotReadyKey = 'preDeleteHook' | 'preUpdateHook';

interface NotReadyMessage {
  userAgent: string;
  key: string;
}

/** The spec with the KruisePodReady gate appended after the template's own gates (never twice). */
export function withKruisePodReadyGate(spec: PodSpec): PodSpec {
  const gates = Array.isArray(spec.readinessGates) ? spec.readinessGates : [];
  if (gates.some((g) => g?.conditionType === KRUISE_POD_READY)) return spec;
  return { ...spec, readinessGates: [...gates, { conditionType: KRUISE_POD_READY }] };
}

export function hasKruisePodReadyGate(pod: Pod): boolean {
  const gates = pod.spec?.readinessGates;
  return Array.isArray(gates) && gates.some((g) => g?.conditionType === KRUISE_POD_READY);
}

/** The pod has the gate but no KruisePodReady condition yet: the pod-readiness controller's job. */
export function needsKruisePodReady(pod: Pod): boolean {
  return hasKruisePodReadyGate(pod) && !(pod.status?.conditions ?? []).some((c) => c.type === KRUISE_POD_READY);
}

/**
 * `conditions` (default: the pod's) with KruisePodReady=True added when the pod needs it; undefined when
 * nothing changes and no list was given.
 */
export function withKruisePodReady(pod: Pod, conditions: PodCondition[] | undefined, nowMs: number): PodCondition[] | undefined {
  const base = conditions ?? pod.status?.conditions;
  if (!hasKruisePodReadyGate(pod) || (base ?? []).some((c) => c.type === KRUISE_POD_READY)) return conditions;
  return withCondition(base, { type: KRUISE_POD_READY, status: 'True' }, nowMs);
}

/** The pods/status merge patch setting KruisePodReady=True, against the exact version judged. */
export function kruisePodReadyPatch(pod: Pod, nowMs: number): { status: { conditions: PodCondition[] } } | undefined {
  if (!needsKruisePodReady(pod)) return undefined;
  return { status: { conditions: withKruisePodReady(pod, undefined, nowMs)! } };
}

function readKeys(c: PodCondition | undefined): NotReadyMessage[] {
  if (!c?.message) return [];
  try {
    const parsed: unknown = JSON.parse(c.message);
    return Array.isArray(parsed) ? parsed.filter((m): m is NotReadyMessage => typeof m?.key === 'string' && typeof m?.userAgent === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The full conditions list after adding (`add`) or removing a lifecycle "not ready" key: KruisePodReady
 * False with the JSON key list as message while keys remain, True (no message) when none do; Ready is
 * recomputed False from the gates when it was there with ContainersReady=True. Undefined when the pod has
 * no gate or nothing changes.
 */
export function conditionsForNotReadyKey(pod: Pod, key: NotReadyKey, add: boolean, nowMs: number): PodCondition[] | undefined {
  if (!hasKruisePodReadyGate(pod)) return undefined;
  const current = pod.status?.conditions?.find((c) => c.type === KRUISE_POD_READY);
  const keys = readKeys(current).filter((m) => m.key !== key);
  if (add) keys.push({ userAgent: 'Lifecycle', key });
  const next: PodCondition = keys.length
    ? { type: KRUISE_POD_READY, status: 'False', message: JSON.stringify(keys.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))) }
    : { type: KRUISE_POD_READY, status: 'True' };
  if (current && current.status === next.status && (current.message ?? '') === (next.message ?? '')) return undefined;
  if (!current && !add) return undefined;
  let list = withCondition(pod.status?.conditions, next, nowMs);
  if (next.status === 'False') list = withReadyFromGates(pod, list, nowMs);
  return list;
}

/** Ready=False (reason ReadinessGatesNotReady) when the pod had Ready, ContainersReady=True and a gate is not True. */
function withReadyFromGates(pod: Pod, list: PodCondition[], nowMs: number): PodCondition[] {
  if (!list.some((c) => c.type === 'Ready') || list.find((c) => c.type === 'ContainersReady')?.status !== 'True') return list;
  const out: string[] = [];
  for (const gate of pod.spec?.readinessGates ?? []) {
    const c = list.find((x) => x.type === gate.conditionType);
    if (!c) out.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
    else if (c.status !== 'True') out.push(`the status of pod readiness gate "${gate.conditionType}" is not "True", but ${c.status}`);
  }
  return out.length ? withCondition(list, { type: 'Ready', status: 'False', reason: 'ReadinessGatesNotReady', message: out.join(', ') }, nowMs) : list;
}
