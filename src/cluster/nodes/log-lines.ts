// The lines a simulated container "prints" (pure): the simulated kubelet has no runtime, so a
// container's log is what the kubelet knows about it — its start (and restarts), the command it runs
// when recognised, an in-place image change, a stop, its exit code. Served by `kubectl logs`.
import type { ContainerProgram } from './container-command.js';

export function startedLine(name: string, image: string, restartCount: number): string {
  return restartCount === 0
    ? `simulated container ${name} started (image ${image})`
    : `simulated container ${name} restarted (image ${image}, restart ${restartCount})`;
}

/** What the container runs, when its command is one the simulator honours. */
export function commandLine(program: ContainerProgram): string {
  return `simulated command: ${program.text}`;
}

export function imageChangedLine(name: string, from: string, to: string): string {
  return `simulated container ${name} stopping: image changed from ${from} to ${to}, the kubelet restarts it`;
}

export function stoppingLine(name: string, why: string): string {
  return `simulated container ${name} stopping: ${why}`;
}

export function terminatedLine(name: string, exitCode: number, reason: string): string {
  return `simulated container ${name} terminated: exit code ${exitCode} (${reason})`;
}
