// The pod status a kubelet reports (pure): phase, the conditions a 1.26 kubelet owns, in its order
// (Initialized, Ready, ContainersReady, PodScheduled; PodReadyToStartContainers came in 1.29), containerStatuses, IPs and startTime,
// computed from the kubelet's record of the pod. Ready is True only when ContainersReady is True and every
// readiness gate's condition is True; a condition's lastTransitionTime changes only when its status flips.
// Conditions written by others are never part of the patch, so a strategic-merge patch (merge by type)
// leaves them alone.
import type { Pod, PodCondition, ContainerStatus, ContainerState } from 'kubernetes-types/core/v1.js';
import { formatTime as formatTimeUncached } from '../../api/index.js';

let lastSecond = NaN;
let lastText = '';
/** formatTime with a one-entry cache: most timestamps written in a burst fall in the same second. */
function formatTime(ms: number): string {
  const sec = Math.floor(ms / 1000);
  if (sec !== lastSecond) {
    lastSecond = sec;
    lastText = formatTimeUncached(ms);
  }
  return lastText;
}
import { formatGoDuration } from './images.js';
import { awaitsRestart, podPhase, type ContainerRun, type PodRun } from './kubelet-machine.js';

export const KUBELET_CONDITIONS = ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'] as const;

export interface OwnedStatus {
  phase: string;
  conditions: PodCondition[];
  containerStatuses: ContainerStatus[];
  hostIP: string;
  hostIPs: Array<{ ip: string }>;
  podIP?: string;
  podIPs?: Array<{ ip: string }>;
  startTime: string;
  /** Why the kubelet failed the pod (DeadlineExceeded), with its message. */
  reason?: string;
  message?: string;
}

function containerState(c: ContainerRun, run: PodRun): ContainerState {
  if (c.phase === 'running') return { running: { startedAt: formatTime(c.startedAt ?? run.startTime) } };
  if (c.phase === 'terminated') {
    if (awaitsRestart(run, c)) {
      return { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${formatGoDuration(c.backoffMs)} restarting failed container=${c.name} pod=${run.name}_${run.namespace}(${run.uid})` } };
    }
    if (c.reason) return { terminated: { exitCode: c.exitCode ?? 0, reason: c.reason, message: c.message } };
    return {
      terminated: {
        exitCode: c.exitCode ?? 0,
        reason: c.exitCode === 0 ? 'Completed' : 'Error',
        startedAt: formatTime(c.startedAt ?? run.startTime),
        finishedAt: formatTime(c.finishedAt ?? run.startTime),
        containerID: c.containerID,
      },
    };
  }
  return { waiting: { reason: 'ContainerCreating' } };
}

export function containerStatusOf(c: ContainerRun, run: PodRun): ContainerStatus {
  const cs: ContainerStatus = {
    name: c.name,
    state: containerState(c, run),
    lastState: c.last
      ? {
          terminated: {
            exitCode: c.last.exitCode,
            reason: c.last.reason,
            startedAt: formatTime(c.last.startedAt),
            finishedAt: formatTime(c.last.finishedAt),
            containerID: c.last.containerID,
          },
        }
      : {},
    ready: c.phase === 'running',
    restartCount: c.restartCount,
    image: c.runningImage ?? c.image,
    imageID: c.phase === 'running' || c.phase === 'terminated' ? c.imageID ?? '' : c.last ? c.imageID ?? '' : '',
  };
  const id = c.phase === 'waiting' ? c.last?.containerID : c.containerID;
  if (id) cs.containerID = id;
  cs.started = c.phase === 'running';
  return cs;
}

/** Whether every readiness gate's condition is True in the observed pod; otherwise the message of the first that is not. */
export function readinessGatesMessage(pod: Pod): string | undefined {
  for (const gate of pod.spec?.readinessGates ?? []) {
    const cond = pod.status?.conditions?.find((c) => c.type === gate.conditionType);
    if (!cond) return `corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`;
    if (cond.status !== 'True') return `the status of pod readiness gate "${gate.conditionType}" is not "True", but ${cond.status}`;
  }
  return undefined;
}

/** The status fields the kubelet owns, for this record and the pod as last observed. */
export function computeOwnedStatus(run: PodRun, pod: Pod, now: number, hostIP: string, podIP: string | undefined): OwnedStatus {
  const phase = podPhase(run);
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const notReady = run.containers.filter((c) => c.phase !== 'running').map((c) => c.name);
  const containersReady = !terminal && notReady.length === 0;
  const gateMessage = readinessGatesMessage(pod);
  const ready = containersReady && gateMessage === undefined;
  const observed = pod.status?.conditions ?? [];
  let nowText: string | undefined;
  const cond = (type: string, status: boolean, reason?: string, message?: string): PodCondition => {
    const s = status ? 'True' : 'False';
    const prev = observed.find((c) => c.type === type);
    const c: PodCondition = {
      type,
      status: s,
      lastTransitionTime: prev && prev.status === s && prev.lastTransitionTime ? prev.lastTransitionTime : (nowText ??= formatTime(now)),
    };
    if (!status && reason) c.reason = reason;
    if (!status && message) c.message = message;
    return c;
  };
  const notReadyReason = phase === 'Failed' ? 'PodFailed' : terminal ? 'PodCompleted' : 'ContainersNotReady';
  const notReadyMessage = terminal ? undefined : `containers with unready status: [${notReady.join(' ')}]`;
  // kubelet 1.26 generateAPIPodStatus: Initialized, Ready, ContainersReady, then PodScheduled.
  const conditions = [
    cond('Initialized', true),
    containersReady
      ? cond('Ready', ready, 'ReadinessGatesNotReady', gateMessage)
      : cond('Ready', false, notReadyReason, notReadyMessage),
    cond('ContainersReady', containersReady, notReadyReason, notReadyMessage),
    cond('PodScheduled', true),
  ];
  const status: OwnedStatus = {
    phase,
    conditions,
    containerStatuses: run.containers.map((c) => containerStatusOf(c, run)),
    hostIP,
    hostIPs: [{ ip: hostIP }],
    startTime: formatTime(run.startTime),
  };
  if (podIP) {
    status.podIP = podIP;
    status.podIPs = [{ ip: podIP }];
  }
  if (run.failure) {
    status.reason = run.failure.reason;
    status.message = run.failure.message;
  }
  return status;
}

function sameCondition(a: PodCondition | undefined, b: PodCondition): boolean {
  return !!a && a.status === b.status && (a.reason ?? '') === (b.reason ?? '') && (a.message ?? '') === (b.message ?? '');
}

/**
 * A strategic merge patch merges condition items by type, so a reason or message the kubelet no longer
 * sets (a condition back to True) would survive on the server: send them as null to delete them, as the
 * real kubelet's two-way patch does.
 */
function clearStaleDetails(observed: PodCondition[], merged: PodCondition[], mine: PodCondition[]): PodCondition[] {
  const owned = new Set(mine.map((c) => c.type));
  return merged.map((c) => {
    const prev = owned.has(c.type) ? observed.find((o) => o.type === c.type) : undefined;
    if (!prev) return c;
    const out: Record<string, unknown> = { ...c };
    if (prev.reason && c.reason === undefined) out.reason = null;
    if (prev.message && c.message === undefined) out.message = null;
    return out as unknown as PodCondition;
  });
}

/** Observed conditions with the kubelet's replaced by type (order kept, new ones appended). */
export function mergeConditions(observed: PodCondition[], mine: PodCondition[]): PodCondition[] {
  const byType = new Map(mine.map((c) => [c.type, c]));
  const out = observed.map((c) => byType.get(c.type) ?? c);
  for (const c of mine) if (!observed.some((o) => o.type === c.type)) out.push(c);
  return out;
}

/**
 * The status patch that brings the observed pod to `desired`, or undefined when nothing the kubelet owns
 * differs. When a condition changes, the whole list is sent with the others' conditions as observed: the
 * caller adds `metadata.resourceVersion`, so the write is correct both as a strategic merge (by type) and
 * on a server that replaces lists, and a concurrent write by someone else yields a 409 instead of a loss.
 */
export function statusPatch(pod: Pod, desired: OwnedStatus): { status: Record<string, unknown> } | undefined {
  const st = pod.status ?? {};
  const patch: Record<string, unknown> = {};
  if (st.phase !== desired.phase) patch.phase = desired.phase;
  if (desired.reason && (st.reason !== desired.reason || st.message !== desired.message)) {
    patch.reason = desired.reason;
    patch.message = desired.message;
  }
  if (st.hostIP !== desired.hostIP) {
    patch.hostIP = desired.hostIP;
    patch.hostIPs = desired.hostIPs;
  }
  if (desired.podIP && st.podIP !== desired.podIP) {
    patch.podIP = desired.podIP;
    patch.podIPs = desired.podIPs;
  }
  if (!st.startTime) patch.startTime = desired.startTime;
  const changed = desired.conditions.some((c) => !sameCondition(st.conditions?.find((o) => o.type === c.type), c));
  if (changed) patch.conditions = clearStaleDetails(st.conditions ?? [], mergeConditions(st.conditions ?? [], desired.conditions), desired.conditions);
  if (!sameContainerStatuses(st.containerStatuses ?? [], desired.containerStatuses)) {
    patch.containerStatuses = desired.containerStatuses;
  }
  return Object.keys(patch).length ? { status: patch } : undefined;
}

function stateKey(s: ContainerState | undefined): string {
  if (s?.running) return `r|${s.running.startedAt ?? ''}`;
  if (s?.terminated) return `t|${s.terminated.exitCode}|${s.terminated.reason ?? ''}|${s.terminated.finishedAt ?? ''}|${s.terminated.containerID ?? ''}|${s.terminated.message ?? ''}`;
  if (s?.waiting) return `w|${s.waiting.reason ?? ''}|${s.waiting.message ?? ''}`;
  return '';
}

/** Field-wise equality of the container statuses the kubelet writes (cheaper than serialising both). */
export function sameContainerStatuses(a: readonly ContainerStatus[], b: readonly ContainerStatus[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (
      x.name !== y.name || x.ready !== y.ready || x.restartCount !== y.restartCount || x.image !== y.image || x.imageID !== y.imageID ||
      (x.containerID ?? '') !== (y.containerID ?? '') || (x.started ?? false) !== (y.started ?? false) ||
      stateKey(x.state) !== stateKey(y.state) || stateKey(x.lastState) !== stateKey(y.lastState)
    ) {
      return false;
    }
  }
  return true;
}

/** JSON with object keys sorted, so that equal values compare equal whatever order a server wrote them in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) out[k] = (v as Record<string, unknown>)[k];
      return out;
    }
    return v;
  });
}
