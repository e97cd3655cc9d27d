// Options of the simulator (`startSimulator`) with their defaults, and the one place they are validated.
import type { Clock } from '../../api/index.js';
import { realClock } from '../../api/index.js';
import type { ContainerLogStore } from './container-logs.js';
import { SimulatorOptionsError } from './errors.js';
import { resolveLatency, type LatencyOptions, type LatencyPreset, type ResolvedLatency } from './latency.js';

export interface SimulatorOptions {
  /** Kubeconfig of the API server to drive (the simulator is a plain HTTPS client). Required. */
  kubeconfigPath: string;
  /** Number of worker nodes (node1 … nodeN). @default 2 */
  nodes?: number;
  /** Create the tainted control-plane node master1. @default true */
  controlPlane?: boolean;
  /** Latency model, or a preset. @default 'realistic' */
  latency?: LatencyOptions | LatencyPreset;
  /** Wall-clock time per simulated time: 0.01 runs a 30 s rollout in 0.3 s. @default 1 */
  timeScale?: number;
  /** Seed of the random source (jitter, failures, job pod names). @default 1 */
  seed?: number;
  /** @default realClock */
  clock?: Clock;
  /** Run the scheduler (turn off when the cluster has one). @default true */
  scheduler?: boolean;
  /** Run the garbage collector. @default true */
  garbageCollector?: boolean;
  /** Run the batch/v1 Job controller. @default true */
  jobs?: boolean;
  /** Record kubelet and scheduler events. @default true */
  events?: boolean;
  /** Maximum concurrent API requests (writes and confirm reads). @default 64 */
  concurrency?: number;
  /**
   * The Job controller's write rate, as kube-controller-manager's client (--kube-api-qps /
   * --kube-api-burst, 20 / 30 by default); qps 0 = unlimited. @default 20 / 30
   */
  jobControllerQps?: number;
  jobControllerBurst?: number;
  /** Node lease renewal interval, wall-clock ms (not scaled). @default 10000 */
  leaseRenewMs?: number;
  /** Node status heartbeat interval, wall-clock ms (not scaled). @default 60000 */
  nodeStatusMs?: number;
  /** Called with problems the simulator recovers from (failed writes, watch restarts). @default no-op */
  onError?: (err: unknown, context: string) => void;
  /**
   * Where the kubelets write the containers' logs; pass the same store to the embedded API server
   * (`startApiServer({ podLogs })`) so that `kubectl logs` reads them. @default a store of its own (handle.containerLogs)
   */
  containerLogs?: ContainerLogStore;
}

export interface ResolvedSimulatorOptions {
  kubeconfigPath: string;
  nodes: number;
  controlPlane: boolean;
  latency: ResolvedLatency;
  timeScale: number;
  seed: number;
  clock: Clock;
  scheduler: boolean;
  garbageCollector: boolean;
  jobs: boolean;
  events: boolean;
  concurrency: number;
  jobControllerQps: number;
  jobControllerBurst: number;
  leaseRenewMs: number;
  nodeStatusMs: number;
  onError: (err: unknown, context: string) => void;
  containerLogs?: ContainerLogStore;
}

export const SIMULATOR_DEFAULTS = {
  nodes: 2,
  controlPlane: true,
  timeScale: 1,
  seed: 1,
  scheduler: true,
  garbageCollector: true,
  jobs: true,
  events: true,
  concurrency: 64,
  jobControllerQps: 20,
  jobControllerBurst: 30,
  leaseRenewMs: 10_000,
  nodeStatusMs: 60_000,
} as const;

function nonNegInt(name: string, v: unknown, min = 0): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) {
    throw new SimulatorOptionsError(`options.${name} must be an integer ≥ ${min}, got ${JSON.stringify(v)}`);
  }
  return v;
}

function nonNegNumber(name: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new SimulatorOptionsError(`options.${name} must be a number ≥ 0, got ${JSON.stringify(v)}`);
  return v;
}

function bool(name: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new SimulatorOptionsError(`options.${name} must be a boolean, got ${JSON.stringify(v)}`);
  return v;
}

export function resolveSimulatorOptions(options: SimulatorOptions): ResolvedSimulatorOptions {
  if (!options || typeof options.kubeconfigPath !== 'string' || options.kubeconfigPath === '') {
    throw new SimulatorOptionsError('options.kubeconfigPath must be the path of a kubeconfig file');
  }
  const d = SIMULATOR_DEFAULTS;
  const timeScale = options.timeScale ?? d.timeScale;
  if (typeof timeScale !== 'number' || !Number.isFinite(timeScale) || timeScale < 0) {
    throw new SimulatorOptionsError(`options.timeScale must be a non-negative number, got ${JSON.stringify(timeScale)}`);
  }
  return {
    kubeconfigPath: options.kubeconfigPath,
    nodes: nonNegInt('nodes', options.nodes ?? d.nodes),
    controlPlane: bool('controlPlane', options.controlPlane ?? d.controlPlane),
    latency: resolveLatency(options.latency),
    timeScale,
    seed: nonNegInt('seed', options.seed ?? d.seed),
    clock: options.clock ?? realClock,
    scheduler: bool('scheduler', options.scheduler ?? d.scheduler),
    garbageCollector: bool('garbageCollector', options.garbageCollector ?? d.garbageCollector),
    jobs: bool('jobs', options.jobs ?? d.jobs),
    events: bool('events', options.events ?? d.events),
    concurrency: nonNegInt('concurrency', options.concurrency ?? d.concurrency, 1),
    jobControllerQps: nonNegNumber('jobControllerQps', options.jobControllerQps ?? d.jobControllerQps),
    jobControllerBurst: nonNegInt('jobControllerBurst', options.jobControllerBurst ?? d.jobControllerBurst, 1),
    leaseRenewMs: nonNegInt('leaseRenewMs', options.leaseRenewMs ?? d.leaseRenewMs, 1),
    nodeStatusMs: nonNegInt('nodeStatusMs', options.nodeStatusMs ?? d.nodeStatusMs, 1),
    onError: options.onError ?? (() => {}),
    containerLogs: options.containerLogs,
  };
}
