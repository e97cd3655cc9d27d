// The kubelet's active deadline (pure; kubelet active_deadline.go and status manager): a pod with
// `spec.activeDeadlineSeconds` that is still active at status.startTime + deadline is failed — phase
// Failed, reason DeadlineExceeded, message "Pod was active on the node longer than the specified
// deadline", a DeadlineExceeded event — and its containers are stopped (Killing events; they end after
// min(grace period, the model's stop time) with exit code 137, reason Error; a container that never
// started ends as ContainerStatusUnknown, as the status manager's TerminatePod writes it).
// The deadline is wall-clock time, not scaled by timeScale (as the Job runner's activeDeadlineSeconds).
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { KubeletEvent, MachineContext, PodRun } from './kubelet-machine.js';
import { stoppingLine, terminatedLine } from './log-lines.js';

export const DEADLINE_REASON = 'DeadlineExceeded';
export const DEADLINE_MESSAGE = 'Pod was active on the node longer than the specified deadline';

/** Exit code of a container stopped by the kubelet (SIGKILL after the grace period: 128 + 9). */
export const KILLED_EXIT_CODE = 137;

/** When the pod's active deadline passes (wall ms), or undefined when it has none. */
export function deadlineOf(pod: Pod, startTime: number): number | undefined {
  const seconds = pod.spec?.activeDeadlineSeconds;
  return typeof seconds === 'number' && seconds >= 0 ? startTime + seconds * 1000 : undefined;
}

/** The deadline passed at `at`: fail the pod and start stopping its running containers. */
export function beginDeadlineKill(run: PodRun, pod: Pod, at: number, ctx: MachineContext): KubeletEvent[] {
  run.failure = { reason: DEADLINE_REASON, message: DEADLINE_MESSAGE };
  const running = run.containers.filter((c) => c.phase === 'running');
  const graceMs = (pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
  run.killAt = running.length === 0 ? at : at + Math.round(Math.min(graceMs, ctx.model.stop()) * ctx.timeScale);
  const seconds = pod.spec?.activeDeadlineSeconds ?? 0;
  for (const c of running) run.logs.push({ container: c.name, at, text: stoppingLine(c.name, `the pod was active longer than its activeDeadlineSeconds (${seconds})`) });
  return [
    { type: 'Normal', reason: DEADLINE_REASON, message: DEADLINE_MESSAGE },
    ...running.map((c) => ({ type: 'Normal' as const, reason: 'Killing', message: `Stopping container ${c.name}`, container: c.name })),
  ];
}

/** The stopped containers have ended (idempotent): running ones exit 137, the others are reported as unknown. */
export function finishDeadlineKill(run: PodRun, at: number): void {
  for (const c of run.containers) {
    if (c.phase === 'running') {
      c.phase = 'terminated';
      c.exitCode = KILLED_EXIT_CODE;
      c.finishedAt = at;
      c.exitAt = undefined;
      run.logs.push({ container: c.name, at, text: terminatedLine(c.name, KILLED_EXIT_CODE, 'Error'), end: true });
    } else if (c.phase === 'waiting' || c.exitCode === undefined) {
      c.phase = 'terminated';
      c.exitCode = KILLED_EXIT_CODE;
      c.reason = 'ContainerStatusUnknown';
      c.message = 'The container could not be located when the pod was terminated';
      c.finishedAt = undefined;
    }
  }
}
