// When a started simulated container exits and with which code, and when the kubelet starts it again
// (pure). The `sim.kactor.io/*` annotations of a restartPolicy Never/OnFailure pod win; then the
// container's own command (container-command.ts: `sleep 5; exit 3`); then the defaults: a job pod's
// container runs the model's job time and fails with the model's failure rate, any other runs forever.
// Restarts follow the kubelet's back-off (client-go flowcontrol.Backoff, 10 s doubling to 300 s): the
// first restart is immediate, the next waits 10 s, then 20 s …; a container that ran longer than
// 2 × 300 s since the last back-off step starts over at an immediate restart.
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { ContainerProgram } from './container-command.js';
import type { LatencyModel } from './latency.js';

export const ANNOTATION_OUTCOME = 'sim.kactor.io/outcome';
export const ANNOTATION_RUN_SECONDS = 'sim.kactor.io/run-seconds';
export const ANNOTATION_START_DELAY = 'sim.kactor.io/start-delay-seconds';
export const ANNOTATION_FAILURES = 'sim.kactor.io/failures';

/** The kubelet's back-off: initial 10 s, doubled per restart, at most 300 s (simulated). */
export const BACKOFF_INITIAL_MS = 10_000;
export const BACKOFF_MAX_MS = 300_000;

export type RestartPolicy = 'Always' | 'OnFailure' | 'Never';

/** The seconds of a `sim.kactor.io/*-seconds` annotation, in ms; undefined when absent or not a number >= 0. */
export function annotationSeconds(pod: Pod, key: string): number | undefined {
  const v = pod.metadata?.annotations?.[key];
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) && n >= 0 ? n * 1000 : undefined;
}

/** Whether the pod is run to completion (restartPolicy Never/OnFailure), as a Job's pod. */
export function isJobPolicy(policy: RestartPolicy): boolean {
  return policy !== 'Always';
}

/**
 * How long one run of a container lasts (simulated ms), or undefined when it runs until stopped. The
 * run-seconds annotation of a job pod wins over the command, the command over the model's job time.
 */
export function runTimeMs(policy: RestartPolicy, program: ContainerProgram | undefined, annotatedMs: number | undefined, model: LatencyModel): number | undefined {
  if (isJobPolicy(policy) && annotatedMs !== undefined) return annotatedMs;
  if (program?.kind === 'forever') return undefined;
  if (program?.kind === 'exits') return program.runMs;
  return isJobPolicy(policy) ? model.jobRun() : undefined;
}

/**
 * The exit code of a finished run. A job pod's `failures` (the first N runs fail) or `outcome`
 * annotation decides success; a failure keeps the command's non-zero code, else exits 1.
 */
export function exitCodeOf(pod: Pod, policy: RestartPolicy, program: ContainerProgram | undefined, runsSoFar: number, model: LatencyModel): number {
  const commanded = program?.kind === 'exits' ? program.exitCode : undefined;
  const failed = (code: boolean): number => (code ? commanded || 1 : 0);
  if (isJobPolicy(policy)) {
    const ann = pod.metadata?.annotations ?? {};
    if (ann[ANNOTATION_FAILURES] !== undefined) return failed(runsSoFar < Number(ann[ANNOTATION_FAILURES]));
    if (ann[ANNOTATION_OUTCOME] === 'Failed') return failed(true);
    if (ann[ANNOTATION_OUTCOME] === 'Succeeded') return 0;
  }
  if (commanded !== undefined) return commanded;
  return model.runFails() ? 1 : 0;
}

/** Whether the kubelet starts a container again after it exited with `exitCode`. */
export function restartsAfter(policy: RestartPolicy, exitCode: number): boolean {
  return policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
}

/** A container's back-off entry: the current delay (0 = no entry yet) and when it was last stepped (wall ms). */
export interface BackoffState {
  backoffMs: number;
  backoffAt: number;
}

/**
 * The delay (simulated ms) before restarting a container that exited at `finishedAt` (wall ms): 0 when
 * the container has no back-off entry or it expired (`finishedAt - backoffAt > 2 × max`), else the entry's.
 */
export function restartDelayMs(state: BackoffState, finishedAt: number, timeScale: number): number {
  if (state.backoffMs === 0) return 0;
  if (finishedAt - state.backoffAt > 2 * BACKOFF_MAX_MS * timeScale) {
    state.backoffMs = 0;
    return 0;
  }
  return state.backoffMs;
}

/** Steps the back-off when the kubelet starts the container again (flowcontrol.Backoff.Next). */
export function stepBackoff(state: BackoffState, at: number): void {
  state.backoffMs = state.backoffMs === 0 ? BACKOFF_INITIAL_MS : Math.min(BACKOFF_MAX_MS, state.backoffMs * 2);
  state.backoffAt = at;
}
