// `kactor sim`: runs the simulated nodes (kubelets, scheduler, garbage collector, Job runner) against
// any API server named by a kubeconfig — the embedded one (`kactor cluster`) or a real kube-apiserver —
// until SIGINT/SIGTERM. A plain HTTPS client: nothing is shared with the API server's process.
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { startSimulator, SimulatorOptionsError, type LatencyOptions, type SimulatorOptions } from '../../cluster/nodes/index.js';

export interface SimFlags {
  kubeconfig?: string;
  nodes?: string;
  controlPlane?: boolean;
  timeScale?: string;
  seed?: string;
  latency?: string;
  imagePullMs?: string;
  containerStartMs?: string;
  jobRunMs?: string;
  stopMs?: string;
  jitter?: string;
  failureRate?: string;
  scheduler?: boolean;
  gc?: boolean;
  jobs?: boolean;
  events?: boolean;
  concurrency?: string;
  jobControllerQps?: string;
  jobControllerBurst?: string;
}

/** The kubeconfig to use: --kubeconfig, else $KUBECONFIG, else ~/.kube/config. */
export function kubeconfigFrom(flag: string | undefined): string {
  const path = flag ?? process.env.KUBECONFIG?.split(':')[0] ?? join(homedir(), '.kube', 'config');
  if (!existsSync(path)) throw new SimulatorOptionsError(`kubeconfig ${path} does not exist (pass --kubeconfig or set KUBECONFIG)`);
  return resolve(path);
}

function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new SimulatorOptionsError(`--${name} must be a number (got ${JSON.stringify(v)})`);
  return n;
}

export function simOptionsFromFlags(flags: SimFlags): SimulatorOptions {
  const preset = flags.latency ?? 'realistic';
  if (preset !== 'realistic' && preset !== 'zero') throw new SimulatorOptionsError(`--latency must be realistic or zero (got ${JSON.stringify(preset)})`);
  const overrides: LatencyOptions = {
    imagePullMs: num('image-pull-ms', flags.imagePullMs),
    containerStartMs: num('container-start-ms', flags.containerStartMs),
    jobRunMs: num('job-run-ms', flags.jobRunMs),
    stopMs: num('stop-ms', flags.stopMs),
    jitter: num('jitter', flags.jitter),
    failureRate: num('failure-rate', flags.failureRate),
  };
  const hasOverrides = Object.values(overrides).some((v) => v !== undefined);
  const base = preset === 'zero' ? { imagePullMs: 0, containerStartMs: 0, jobRunMs: 0, stopMs: 0, jitter: 0 } : {};
  return {
    kubeconfigPath: kubeconfigFrom(flags.kubeconfig),
    nodes: num('nodes', flags.nodes),
    controlPlane: flags.controlPlane,
    timeScale: num('time-scale', flags.timeScale),
    seed: num('seed', flags.seed),
    latency: hasOverrides ? { ...base, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) } : preset,
    scheduler: flags.scheduler,
    garbageCollector: flags.gc,
    jobs: flags.jobs,
    events: flags.events,
    concurrency: num('concurrency', flags.concurrency),
    jobControllerQps: num('job-controller-qps', flags.jobControllerQps),
    jobControllerBurst: num('job-controller-burst', flags.jobControllerBurst),
  };
}

export function register(program: Command): void {
  program
    .command('sim')
    .description('run simulated nodes (kubelets, scheduler, garbage collector, Job runner) against an API server')
    .option('--kubeconfig <path>', 'kubeconfig of the API server (default $KUBECONFIG or ~/.kube/config)')
    .option('--nodes <n>', 'worker nodes node1…nodeN', '2')
    .option('--no-control-plane', 'do not create the tainted control-plane node master1')
    .option('--time-scale <f>', 'wall-clock time per simulated time (0.01 runs a 30 s rollout in 0.3 s)', '1')
    .option('--seed <n>', 'seed of the random source (jitter, failures)', '1')
    .option('--latency <preset>', 'realistic | zero', 'realistic')
    .option('--image-pull-ms <ms>', 'image pull time (simulated ms)')
    .option('--container-start-ms <ms>', 'container start time (simulated ms)')
    .option('--job-run-ms <ms>', 'run time of Never/OnFailure pods (simulated ms)')
    .option('--stop-ms <ms>', 'container stop time (simulated ms)')
    .option('--jitter <f>', 'relative jitter of every duration, 0..1')
    .option('--failure-rate <f>', 'probability that a job container fails, 0..1')
    .option('--no-scheduler', 'do not schedule pods (the cluster has a scheduler)')
    .option('--no-gc', 'do not run the garbage collector')
    .option('--no-jobs', 'do not run the batch/v1 Job controller')
    .option('--no-events', 'do not record kubelet/scheduler events')
    .option('--concurrency <n>', 'concurrent API requests', '64')
    .option('--job-controller-qps <n>', 'the Job controller\'s write rate, as kube-controller-manager\'s --kube-api-qps (0 = unlimited)', '20')
    .option('--job-controller-burst <n>', 'the Job controller\'s write burst, as kube-controller-manager\'s --kube-api-burst', '30')
    .action(async (flags: SimFlags) => {
      const options = simOptionsFromFlags(flags);
      const sim = await startSimulator({
        ...options,
        onError: (err, ctx) => process.stderr.write(`kactor sim: ${ctx}: ${err instanceof Error ? err.message : String(err)}\n`),
      });
      process.stderr.write(`kactor sim: driving ${(options.controlPlane === false ? 0 : 1) + (options.nodes ?? 2)} nodes against ${options.kubeconfigPath}; Ctrl-C stops\n`);
      await new Promise<void>((done) => {
        const onSignal = (): void => {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
          sim.stop().finally(done);
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      });
    });
}
