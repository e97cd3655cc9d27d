// The kubelet's state machine for one pod (pure, deterministic given the latency model's seed): when
// images are pulled, containers created, started, restarted (after an image change, or after they exit
// under restartPolicy Always/OnFailure, with the kubelet's back-off), when containers exit and with which
// code (container-exit.ts), when the pod's activeDeadlineSeconds kills it (active-deadline.ts), and when
// a deleted pod may be removed. It produces the kubelet's events and the containers' log lines (an
// outbox, `run.logs`, drained by the kubelet); the status is derived from the record by pod-status.ts.
// Times are wall-clock epoch ms; durations drawn from the model are simulated ms, multiplied by `timeScale`.
import type { Pod } from 'kubernetes-types/core/v1.js';
import { beginDeadlineKill, deadlineOf, finishDeadlineKill } from './active-deadline.js';
import { containerProgramOf, type ContainerProgram } from './container-command.js';
import {
  ANNOTATION_RUN_SECONDS, ANNOTATION_START_DELAY, annotationSeconds, exitCodeOf, isJobPolicy, restartDelayMs, restartsAfter, runTimeMs, stepBackoff,
  type RestartPolicy,
} from './container-exit.js';
import type { LatencyModel } from './latency.js';
import { containerIdOf, formatGoDuration, imageIdOf, imageSizeOf } from './images.js';
import { commandLine, imageChangedLine, startedLine, stoppingLine, terminatedLine } from './log-lines.js';

export { ANNOTATION_FAILURES, ANNOTATION_OUTCOME, ANNOTATION_RUN_SECONDS, ANNOTATION_START_DELAY } from './container-exit.js';

export interface TerminatedState {
  exitCode: number;
  reason: string;
  startedAt: number;
  finishedAt: number;
  containerID: string;
}

export interface ContainerRun {
  name: string;
  image: string;
  /** waiting: pulling/creating; running; terminated (job containers, or before a restart). */
  phase: 'waiting' | 'running' | 'terminated';
  pullStartAt: number;
  pullDoneAt: number;
  /** Simulated pull time (for the Pulled message); -1 when the image was already present. */
  pullMs: number;
  /** imagePullPolicy Always (explicit, or the default for an untagged or `:latest` image): pull on every start. */
  pullAlways?: boolean;
  startAt: number;
  restartCount: number;
  /** Whether this container has started once (a later start is a restart). */
  everStarted: boolean;
  containerID?: string;
  imageID?: string;
  /** The image of the container last started (what the runtime reports until the new one starts). */
  runningImage?: string;
  startedAt?: number;
  exitAt?: number;
  exitCode?: number;
  finishedAt?: number;
  /** Reason and message of the terminated state when not the runtime's Completed/Error (ContainerStatusUnknown). */
  reason?: string;
  message?: string;
  last?: TerminatedState;
  /** Progress of the event sequence of the current start: 0 none, 1 Pulling, 2 Pulled, 3 Created+Started. */
  emitted: number;
  /** What the container runs, when its command is one the simulator honours. */
  program?: ContainerProgram;
  /** The kubelet's restart back-off for this container: current delay (simulated ms, 0 = none yet), last step (wall ms). */
  backoffMs: number;
  backoffAt: number;
}

/** A line a container "printed"; `start` opens a new container instance (its containerID `id`), `end` closes the current one. */
export interface ContainerLogEntry {
  container: string;
  at: number;
  text: string;
  start?: boolean;
  id?: string;
  end?: boolean;
}

export interface PodRun {
  uid: string;
  namespace: string;
  name: string;
  nodeName: string;
  startTime: number;
  restartPolicy: RestartPolicy;
  containers: ContainerRun[];
  /** Completed job runs (for the failures annotation). */
  runs: number;
  /** Job run time from the run-seconds annotation (simulated ms), else drawn from the model per run. */
  runMs?: number;
  killAt?: number;
  /** When activeDeadlineSeconds ends the pod (wall ms: startTime + deadline, not scaled). */
  deadlineAt?: number;
  /** Set when the kubelet failed the pod (DeadlineExceeded): phase Failed with this reason and message. */
  failure?: { reason: string; message: string };
  /** Log lines not yet handed to the log store (the kubelet drains them after each step). */
  logs: ContainerLogEntry[];
}

export interface KubeletEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  container?: string;
}

/** Which images a node has, and when a pull in progress finishes. */
export class NodeImageCache {
  readonly #readyAt = new Map<string, Map<string, number>>();
  readyAt(node: string, image: string): number | undefined {
    return this.#readyAt.get(node)?.get(image);
  }
  set(node: string, image: string, at: number): void {
    let m = this.#readyAt.get(node);
    if (!m) this.#readyAt.set(node, (m = new Map()));
    m.set(image, at);
  }
  dropNode(node: string): void {
    this.#readyAt.delete(node);
  }
}

export interface MachineContext {
  model: LatencyModel;
  timeScale: number;
  images: NodeImageCache;
}

function wall(ctx: MachineContext, simMs: number): number {
  return Math.round(simMs * ctx.timeScale);
}

/** Share of a full pull that a registry check of a cached image takes (pull policy Always). */
const REGISTRY_CHECK_FRACTION = 0.2;

/** Whether the kubelet pulls this container's image on every start, as imagePullPolicy (and its default) says. */
export function pullsAlways(spec: { image?: string; imagePullPolicy?: string }): boolean {
  if (spec.imagePullPolicy) return spec.imagePullPolicy === 'Always';
  const image = spec.image ?? '';
  if (image.includes('@')) return false;
  const tag = image.slice(image.lastIndexOf('/') + 1).split(':')[1];
  return tag === undefined || tag === 'latest';
}

/** Plans the pull and start of one container from time `at`: returns the time it starts. */
function planStart(c: ContainerRun, node: string, at: number, ctx: MachineContext): number {
  c.phase = 'waiting';
  c.pullStartAt = at;
  const present = ctx.images.readyAt(node, c.image);
  if (present !== undefined && present <= at && c.pullAlways) {
    // Pull policy Always on a cached image: the kubelet still asks the registry, which is quick when
    // every layer is present (a real kubelet reports a short "Successfully pulled" then).
    c.pullMs = ctx.model.imagePull() * REGISTRY_CHECK_FRACTION;
    c.pullDoneAt = at + wall(ctx, c.pullMs);
  } else if (present !== undefined && present <= at) {
    c.pullMs = -1;
    c.pullDoneAt = at;
  } else if (present !== undefined) {
    c.pullMs = (present - at) / Math.max(ctx.timeScale, 1e-9);
    c.pullDoneAt = present;
  } else {
    c.pullMs = ctx.model.imagePull();
    c.pullDoneAt = at + wall(ctx, c.pullMs);
    ctx.images.set(node, c.image, c.pullDoneAt);
  }
  c.startAt = c.pullDoneAt + wall(ctx, ctx.model.containerStart());
  c.emitted = 0;
  c.exitAt = undefined;
  return c.startAt;
}

/** A new record for a pod the kubelet has just been given: plans every container, in order. */
export function admitPod(pod: Pod, now: number, ctx: MachineContext): PodRun {
  const policy = (pod.spec?.restartPolicy ?? 'Always') as RestartPolicy;
  const run: PodRun = {
    uid: pod.metadata?.uid ?? '',
    namespace: pod.metadata?.namespace ?? '',
    name: pod.metadata?.name ?? '',
    nodeName: pod.spec?.nodeName ?? '',
    startTime: now,
    restartPolicy: policy,
    containers: [],
    runs: 0,
    runMs: annotationSeconds(pod, ANNOTATION_RUN_SECONDS),
    deadlineAt: deadlineOf(pod, now),
    logs: [],
  };
  let t = now + wall(ctx, annotationSeconds(pod, ANNOTATION_START_DELAY) ?? 0);
  for (const spec of pod.spec?.containers ?? []) {
    const c: ContainerRun = {
      name: spec.name, image: spec.image ?? '', phase: 'waiting', pullStartAt: t, pullDoneAt: t, pullMs: 0,
      pullAlways: pullsAlways(spec), startAt: t, restartCount: 0, everStarted: false, emitted: 0,
      program: containerProgramOf(spec), backoffMs: 0, backoffAt: 0,
    };
    t = planStart(c, run.nodeName, t, ctx);
    run.containers.push(c);
  }
  return run;
}

function isJobPod(run: PodRun): boolean {
  return isJobPolicy(run.restartPolicy);
}

/** Whether the container has exited and the kubelet will start it again (after its back-off). */
export function awaitsRestart(run: PodRun, c: ContainerRun): boolean {
  return c.phase === 'terminated' && !run.failure && restartsAfter(run.restartPolicy, c.exitCode ?? 0);
}

/**
 * Applies spec changes: a container whose spec image differs from the one it runs (or is about to) is
 * killed and started again with the new image. Returns the Killing events.
 */
export function syncSpec(run: PodRun, pod: Pod, now: number, ctx: MachineContext): KubeletEvent[] {
  if (run.killAt !== undefined) return [];
  const events: KubeletEvent[] = [];
  for (const spec of pod.spec?.containers ?? []) {
    const c = run.containers.find((x) => x.name === spec.name);
    if (!c || !spec.image || c.image === spec.image) continue;
    if (c.phase === 'terminated' && !isJobPod(run)) continue;
    if (c.phase === 'running') {
      events.push({ type: 'Normal', reason: 'Killing', message: `Container ${c.name} definition changed, will be restarted`, container: c.name });
      c.last = { exitCode: 0, reason: 'Completed', startedAt: c.startedAt ?? now, finishedAt: now, containerID: c.containerID ?? '' };
      run.logs.push({ container: c.name, at: now, text: imageChangedLine(c.name, c.image, spec.image), end: true });
    }
    c.image = spec.image;
    c.pullAlways = pullsAlways(spec);
    planStart(c, run.nodeName, now, ctx);
  }
  return events;
}

/** Starts graceful termination: Killing events now, removal after min(grace, stop time). */
export function beginKill(run: PodRun, pod: Pod, now: number, ctx: MachineContext): KubeletEvent[] {
  if (run.killAt !== undefined) return [];
  const running = run.containers.filter((c) => c.phase === 'running');
  const graceMs = (pod.metadata?.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
  run.killAt = running.length === 0 ? now : now + wall(ctx, Math.min(graceMs, ctx.model.stop()));
  for (const c of running) run.logs.push({ container: c.name, at: now, text: stoppingLine(c.name, 'the pod is being deleted') });
  return running.map((c) => ({ type: 'Normal' as const, reason: 'Killing', message: `Stopping container ${c.name}`, container: c.name }));
}

/** Moves the record to `now`: emits the events of every step that is due. Returns them and the next deadline. */
export function advance(run: PodRun, pod: Pod, now: number, ctx: MachineContext): { events: KubeletEvent[]; nextAt?: number } {
  const events: KubeletEvent[] = [];
  if (run.killAt !== undefined) {
    // Deleted (the kubelet removes the pod at killAt) or past its deadline (containers end at killAt).
    if (run.failure && run.killAt <= now) finishDeadlineKill(run, run.killAt);
    return { events, nextAt: run.killAt > now ? run.killAt : undefined };
  }
  const deadline = run.deadlineAt !== undefined && !isFinished(run) ? run.deadlineAt : undefined;
  // Steps due before the deadline happen first (a container may end on its own in time).
  const until = deadline !== undefined ? Math.min(now, deadline) : now;
  stepContainers(run, pod, until, events, ctx);
  if (deadline !== undefined && deadline <= now && !isFinished(run)) {
    events.push(...beginDeadlineKill(run, pod, deadline, ctx));
    if (run.killAt! <= now) finishDeadlineKill(run, run.killAt!);
    return { events, nextAt: run.killAt! > now ? run.killAt : undefined };
  }
  let nextAt: number | undefined;
  let due = false;
  const at = (t: number | undefined) => {
    if (t === undefined) return;
    if (t <= now) due = true;
    else if (nextAt === undefined || t < nextAt) nextAt = t;
  };
  for (const c of run.containers) {
    if (c.phase === 'waiting') at(c.emitted === 0 ? c.pullStartAt : c.emitted === 1 ? c.pullDoneAt : c.startAt);
    else if (c.phase === 'running') at(c.exitAt);
    else if (awaitsRestart(run, c)) at(c.startAt);
  }
  if (!isFinished(run)) at(run.deadlineAt);
  return { events, nextAt: due ? now + 1 : nextAt };
}

/** Whether the pod has reached a terminal phase (nothing more runs in it). */
function isFinished(run: PodRun): boolean {
  const phase = podPhase(run);
  return phase === 'Succeeded' || phase === 'Failed';
}

function stepContainers(run: PodRun, pod: Pod, now: number, events: KubeletEvent[], ctx: MachineContext): void {
  for (let round = 0; round < 50; round++) {
    let changed = false;
    for (const c of run.containers) {
      const before = `${c.phase}/${c.emitted}/${c.restartCount}`;
      if (c.phase === 'waiting') stepWaiting(run, c, now, events, ctx);
      if (c.phase === 'running' && c.exitAt !== undefined && c.exitAt <= now) finishRun(run, pod, c, ctx);
      if (awaitsRestart(run, c) && c.startAt <= now) stepWaiting(run, c, now, events, ctx);
      if (`${c.phase}/${c.emitted}/${c.restartCount}` !== before) changed = true;
    }
    if (!changed) break;
  }
}

function stepWaiting(run: PodRun, c: ContainerRun, now: number, events: KubeletEvent[], ctx: MachineContext): void {
  if (c.phase === 'terminated') {
    // A restart after the back-off: the image is there, start again.
    c.phase = 'waiting';
    c.emitted = 2;
    stepBackoff(c, c.startAt);
  }
  if (c.emitted === 0 && c.pullStartAt <= now) {
    c.emitted = 1;
    if (c.pullMs >= 0) events.push({ type: 'Normal', reason: 'Pulling', message: `Pulling image "${c.image}"`, container: c.name });
  }
  if (c.emitted === 1 && c.pullDoneAt <= now) {
    c.emitted = 2;
    events.push(pulledEvent(c));
  }
  if (c.emitted === 2 && c.startAt <= now) {
    c.emitted = 3;
    if (c.everStarted) c.restartCount += 1;
    c.everStarted = true;
    c.phase = 'running';
    c.containerID = containerIdOf(run.uid, c.name, c.restartCount);
    c.imageID = imageIdOf(c.image);
    c.runningImage = c.image;
    c.startedAt = c.startAt;
    c.exitCode = undefined;
    c.finishedAt = undefined;
    events.push({ type: 'Normal', reason: 'Created', message: `Created container: ${c.name}`, container: c.name });
    events.push({ type: 'Normal', reason: 'Started', message: `Started container ${c.name}`, container: c.name });
    run.logs.push({ container: c.name, at: c.startAt, text: startedLine(c.name, c.image, c.restartCount), start: true, id: c.containerID });
    if (c.program) run.logs.push({ container: c.name, at: c.startAt, text: commandLine(c.program) });
    const runMs = runTimeMs(run.restartPolicy, c.program, run.runMs, ctx.model);
    c.exitAt = runMs === undefined ? undefined : c.startAt + wall(ctx, runMs);
  }
}

/** A container's run ended on its own at `exitAt`: its exit code, and its restart after the back-off when the policy says so. */
function finishRun(run: PodRun, pod: Pod, c: ContainerRun, ctx: MachineContext): void {
  const exitCode = exitCodeOf(pod, run.restartPolicy, c.program, run.runs, ctx.model);
  const finishedAt = c.exitAt!;
  run.runs += 1;
  c.phase = 'terminated';
  c.exitCode = exitCode;
  c.finishedAt = finishedAt;
  c.reason = undefined;
  c.message = undefined;
  const reason = exitCode === 0 ? 'Completed' : 'Error';
  run.logs.push({ container: c.name, at: finishedAt, text: terminatedLine(c.name, exitCode, reason), end: true });
  if (restartsAfter(run.restartPolicy, exitCode)) {
    c.last = { exitCode, reason, startedAt: c.startedAt ?? finishedAt, finishedAt, containerID: c.containerID ?? '' };
    c.startAt = finishedAt + wall(ctx, restartDelayMs(c, finishedAt, ctx.timeScale));
  }
}

function pulledEvent(c: ContainerRun): KubeletEvent {
  if (c.pullMs < 0) {
    return { type: 'Normal', reason: 'Pulled', message: `Container image "${c.image}" already present on machine`, container: c.name };
  }
  const d = formatGoDuration(c.pullMs);
  return {
    type: 'Normal',
    reason: 'Pulled',
    message: `Successfully pulled image "${c.image}" in ${d} (${d} including waiting). Image size: ${imageSizeOf(c.image)} bytes.`,
    container: c.name,
  };
}

/** The pod's phase from its containers. */
export function podPhase(run: PodRun): 'Pending' | 'Running' | 'Succeeded' | 'Failed' {
  if (run.failure) return 'Failed';
  const cs = run.containers;
  if (cs.length === 0) return 'Pending';
  if (isJobPod(run) && cs.every((c) => c.phase === 'terminated')) {
    const failed = cs.some((c) => c.exitCode !== 0);
    if (!failed) return 'Succeeded';
    if (run.restartPolicy === 'Never') return 'Failed';
  }
  return cs.every((c) => c.everStarted) ? 'Running' : 'Pending';
}
