// The BroadcastJob planner: `planBroadcastJob(snapshot, nowMs) → Plan`. Pure: no I/O, no clock.
// Outline (Kruise's reconcile, steps numbered as in spec §6):
//   finished? → TTL (4) · start time, phase (5–6) · pods per node, counts, placement (7–9) ·
//   failed / paused (10–11) · failure policy (12) · deadline (13) · fail (14) or progress: delete pods on
//   unfit nodes, create pods on nodes lacking one (parallelism, slow start), complete (15) · status (16).
//   Every plan opens with KruisePodReady=True writes for live pods lacking the condition.
import type { DeleteAction, KubeObject, Plan, PlanAction, PlanEvent, Pod } from '../../api/index.js';
import { formatTime, isBeingDeleted, isPodTerminal, scaledValue, timeMs } from '../../api/index.js';
import type { Snapshot } from '../../runtime/workload-definition.js';
import { kruisePodReadyPatch } from '../common/pod-readiness.js';
import { defaultBroadcastJobSpec, type DefaultedBroadcastJobSpec } from './defaults.js';
import { mapNodesToPods, placePods, type Placement } from './placement.js';
import { buildPod, classifyPod, isJobPod, podNameFor } from './pods.js';
import { appendCondition, completeMessage, deadlineExceeded, events, FAIL_FAST, finishedCondition, msUntil, type PodCounts } from './status.js';
import type { BroadcastJob, BroadcastJobStatus } from './types.js';

interface Turn {
  job: BroadcastJob;
  spec: DefaultedBroadcastJobSpec;
  nowMs: number;
  status: BroadcastJobStatus;
  events: PlanEvent[];
  /** Active pods (to delete on failure). */
  activePods: Pod[];
  placement: Placement;
  pods: Pod[];
  snapshot: Snapshot<BroadcastJob>;
}

export function planBroadcastJob(snapshot: Snapshot<BroadcastJob>, nowMs: number): Plan {
  const job = snapshot.workload;
  const spec = defaultBroadcastJobSpec(job.spec);
  if (spec.completionPolicy.type === 'Always' && finishedCondition(job.status)) return planFinished(job, spec, nowMs);

  const turn = observe(snapshot, { ...job, spec }, spec, nowMs);
  const { status } = turn;
  if (status.phase === 'failed') return done(turn);
  if (spec.paused && (status.phase === 'running' || status.phase === 'paused')) {
    status.phase = 'paused';
    return done(turn);
  }
  if (status.phase === 'paused') {
    status.phase = 'running';
    turn.events.push(events.continued());
  }
  let failure: { reason: string; message: string } | undefined;
  if (status.failed > 0) {
    if (spec.failurePolicy.type === 'Pause') {
      turn.events.push(events.paused());
      status.phase = 'paused';
      return done(turn);
    }
    if (spec.failurePolicy.type === 'FailFast') {
      failure = FAIL_FAST;
      turn.events.push(events.failed(FAIL_FAST.reason, FAIL_FAST.message, status));
    }
  }
  if (!failure && spec.completionPolicy.type === 'Always' && spec.completionPolicy.activeDeadlineSeconds != null) {
    const left = msUntil(status.startTime, spec.completionPolicy.activeDeadlineSeconds, nowMs);
    if (left !== undefined && left <= 0) failure = deadlineExceeded(job);
  }
  return failure ? planFailure(turn, failure) : planProgress(turn);
}

/** Step 4: a finished Always job only waits for its TTL. */
function planFinished(job: BroadcastJob, spec: DefaultedBroadcastJobSpec, nowMs: number): Plan {
  const ttl = spec.completionPolicy.ttlSecondsAfterFinished;
  if (ttl == null) return { phases: [], events: [] };
  const left = msUntil(job.status?.completionTime, ttl, nowMs) ?? 0;
  return left <= 0 ? { phases: [], events: [], deleteSelf: true } : { phases: [], events: [], requeueAfterMs: left };
}

/** Steps 5–9: start time, phase, the job's pods by node, counts and placement. */
function observe(snapshot: Snapshot<BroadcastJob>, job: BroadcastJob, spec: DefaultedBroadcastJobSpec, nowMs: number): Turn {
  const prev = job.status ?? {};
  const pods = ((snapshot.owned.Pod ?? []) as Pod[])
    .filter((p) => isJobPod(p, job))
    .sort((a, b) => (timeMs(a.metadata?.creationTimestamp as string | undefined) ?? 0) - (timeMs(b.metadata?.creationTimestamp as string | undefined) ?? 0) || cmp(a.metadata?.name, b.metadata?.name));
  const turnEvents: PlanEvent[] = [];
  const { byNode, duplicates } = mapNodesToPods(pods);
  for (const d of duplicates) turnEvents.push(events.duplicate(d.pod, d.node));
  const counts: PodCounts = { active: 0, succeeded: 0, failed: 0 };
  const activePods: Pod[] = [];
  for (const pod of pods) {
    const c = classifyPod(pod, spec.template?.spec?.restartPolicy, spec.failurePolicy.restartLimit);
    if (c === 'terminating') continue;
    counts[c]++;
    if (c === 'active') activePods.push(pod);
  }
  const placement = placePods(snapshot.nodes, byNode, spec.template?.spec ?? { containers: [] });
  const status: BroadcastJobStatus = {
    ...(prev.conditions ? { conditions: prev.conditions } : {}),
    startTime: prev.startTime ?? formatTime(nowMs),
    ...(prev.completionTime ? { completionTime: prev.completionTime } : {}),
    ...counts,
    desired: placement.desired.length,
    phase: prev.phase || 'running',
  };
  return { job, spec, nowMs, status, events: turnEvents, activePods, placement, pods, snapshot };
}

/** Step 14: delete every active pod, mark the job failed. */
function planFailure(turn: Turn, failure: { reason: string; message: string }): Plan {
  const { status, nowMs } = turn;
  const deletes = turn.activePods.filter((p) => !isPendingDelete(turn, p)).map((p) => deletePod(p));
  status.failed += deletes.length;
  status.active -= deletes.length;
  status.phase = 'failed';
  appendCondition(status, 'Failed', failure.message, nowMs);
  status.completionTime = formatTime(nowMs);
  turn.events.push(events.failed(failure.reason, failure.message, status));
  return done(turn, deletes.length ? [deletes] : [], ttlRequeue(turn));
}

/** Step 15: delete pods on unfit nodes, create the missing pods, judge completion. */
function planProgress(turn: Turn): Plan {
  const { status, spec, placement } = turn;
  const phases: PlanAction[][] = [];
  const unfit = placement.unfit.filter((p) => !isPendingDelete(turn, p));
  if (unfit.length) phases.push(unfit.map((p) => deletePod(p)));
  status.failed += unfit.length;
  status.active -= unfit.filter((p) => turn.activePods.includes(p)).length;

  if (!isBeingDeleted(turn.job) && placement.needing.length > 0) phases.push(...planCreates(turn));

  const complete = spec.completionPolicy.type !== 'Never' && placement.desired.length > 0 &&
    placement.desired.every((d) => d.pod && !turn.activePods.includes(d.pod));
  if (complete) {
    status.phase = 'completed';
    appendCondition(status, 'Complete', completeMessage(status), turn.nowMs);
    status.completionTime = formatTime(turn.nowMs);
    turn.events.push(events.complete(turn.job, status));
    return done(turn, phases, ttlRequeue(turn));
  }
  return done(turn, phases, deadlineRequeue(turn));
}

/** Pods for the first nodes lacking one, up to parallelism, in slow-start batches 1, 2, 4, … */
function planCreates(turn: Turn): PlanAction[][] {
  const { status, spec, job } = turn;
  let limit: number;
  try {
    limit = scaledValue(spec.parallelism, status.desired, true);
  } catch {
    return [];
  }
  if (status.active > limit) turn.events.push(events.tooManyActive());
  if (status.active >= limit) return [];
  const taken = new Set(turn.pods.map((p) => p.metadata?.name ?? ''));
  const nodes = turn.placement.needing.filter((n) => !isPendingCreate(turn, podNameFor(job, n, new Set()))).slice(0, limit - status.active);
  const creates: PlanAction[] = nodes.map((node) => {
    const name = podNameFor(job, node, taken);
    taken.add(name);
    return { type: 'create', object: buildPod(job, node, name) as KubeObject, onSuccess: events.created(name), onFailure: events.failedCreate() };
  });
  status.active += creates.length; // Kruise counts every attempt as active
  const batches: PlanAction[][] = [];
  for (let i = 0, size = 1; i < creates.length; i += size, size *= 2) batches.push(creates.slice(i, i + size));
  return batches;
}

function deletePod(pod: Pod): DeleteAction {
  const name = pod.metadata?.name ?? '';
  return {
    type: 'delete',
    ref: { apiVersion: 'v1', kind: 'Pod', namespace: pod.metadata?.namespace, name, uid: pod.metadata?.uid },
    onSuccess: events.deleted(name),
  };
}

function ttlRequeue(turn: Turn): number | undefined {
  const ttl = turn.spec.completionPolicy.ttlSecondsAfterFinished;
  if (turn.spec.completionPolicy.type !== 'Always' || ttl == null) return undefined;
  return Math.max(0, msUntil(turn.status.completionTime, ttl, turn.nowMs) ?? ttl * 1000);
}

/** Kactor re-arms the activeDeadlineSeconds timer on every turn (Kruise only on the first). */
function deadlineRequeue(turn: Turn): number | undefined {
  const deadline = turn.spec.completionPolicy.activeDeadlineSeconds;
  if (turn.spec.completionPolicy.type !== 'Always' || deadline == null) return undefined;
  const left = msUntil(turn.status.startTime, deadline, turn.nowMs);
  return left === undefined ? undefined : Math.max(0, left);
}

function done(turn: Turn, phases: PlanAction[][] = [], requeueAfterMs?: number): Plan {
  const ready = readinessWrites(turn, phases);
  if (ready.length) phases = [ready, ...phases];
  const plan: Plan = { phases, status: turn.status as unknown as Record<string, unknown>, events: turn.events };
  if (requeueAfterMs !== undefined) plan.requeueAfterMs = requeueAfterMs;
  return plan;
}

/** KruisePodReady=True for running pods with the gate and no condition that this plan does not delete (first phase). */
function readinessWrites(turn: Turn, phases: PlanAction[][]): PlanAction[] {
  const deleted = new Set(phases.flat().filter((a) => a.type === 'delete').map((a) => (a as DeleteAction).ref.name));
  const out: PlanAction[] = [];
  for (const pod of turn.pods) {
    if (pod.metadata?.deletionTimestamp != null || isPodTerminal(pod) || deleted.has(pod.metadata?.name ?? '')) continue;
    const patch = kruisePodReadyPatch(pod, turn.nowMs);
    if (!patch) continue;
    const ref = { apiVersion: 'v1', kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name ?? '', uid: pod.metadata?.uid };
    out.push({ type: 'patch', ref, patchType: 'merge', subresource: 'status', patch, resourceVersion: pod.metadata?.resourceVersion });
  }
  return out;
}

function isPendingCreate(turn: Turn, name: string): boolean {
  return turn.snapshot.pending.some((w) => w.verb === 'create' && w.kind === 'Pod' && w.name === name);
}

function isPendingDelete(turn: Turn, pod: Pod): boolean {
  return turn.snapshot.pending.some((w) => w.verb === 'delete' && w.kind === 'Pod' && w.name === pod.metadata?.name);
}

function cmp(a: string | undefined, b: string | undefined): number {
  return (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0;
}
