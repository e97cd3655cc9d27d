// The controller host's options (with their defaults and validation), its handle and its stats: what
// `kactor run`, the benches and the tests pass to startController and get back.
import type { KubeConfig } from '@kubernetes/client-node';
import { realClock, type Clock } from '../api/clock.js';
import type { RestClient } from './client/rest-client.js';
import { RuntimeOptionsError } from './errors.js';
import type { EventSource } from './informer/informer.js';
import type { StoreReader } from './informer/store.js';
import type { LeaderElectionOptions } from './leader-election.js';
import type { Logger } from './logger.js';
import type { RuntimeMetrics } from './metrics.js';
import type { ShardCoordinator } from './sharding/coordinator.js';
import type { ShardingOptions } from './sharding/member-lease.js';
import type { SnapshotTransport } from './pool-planner-runner.js';
import { DEFAULT_SCHEDULE_BURST } from './write/write-queue.js';
import type { ResourceType, WorkloadDefinition } from './workload-definition.js';

export const NODES: ResourceType = { apiVersion: 'v1', kind: 'Node', plural: 'nodes', namespaced: false };

export interface ControllerOptions {
  /** Path of a kubeconfig, or a loaded one. @default $KUBECONFIG, ~/.kube/config, else in-cluster */
  kubeconfig?: string | KubeConfig;
  /** The workload definitions (main thread); or give `definitionsModule`, or both (workers need the URL). */
  definitions?: WorkloadDefinition[];
  /** URL of a module exporting `definitions`; required when workers > 0. */
  definitionsModule?: URL | string;
  /** Planner worker threads; 0 = plan inline on the main thread. @default 0 */
  workers?: number;
  /** With workers: mirror objects in the workers ('resident') or ship a JSON snapshot per turn. @default 'resident' */
  snapshotTransport?: SnapshotTransport;
  /** Process-wide write rate (0 = unlimited) and burst. @default 50 / 100 */
  qps?: number;
  burst?: number;
  /** Tokens writes due at a scheduled time (AdvancedCronJob children) may borrow beyond an empty bucket. @default 1000 */
  scheduleBurst?: number;
  /** Tokens kept for tenants with short write queues while another tenant has a backlog. @default burst / 4 */
  tenantReserve?: number;
  /** Turns in flight at once per controller. @default 256 */
  concurrency?: number;
  /** @default realClock */
  clock?: Clock;
  /** "host:port", ":port" or "0" (off). @default "127.0.0.1:8080" */
  metricsBindAddress?: string;
  /** @default "127.0.0.1:8081" */
  healthProbeBindAddress?: string;
  /** Lease-based leader election; off by default (the embedded cluster runs one controller). */
  leaderElection?: boolean | LeaderElectionOptions;
  /** Split workloads between replicas by consistent hashing over member Leases (sharding/README.md). Off by default. */
  sharding?: false | ShardingOptions;
  /** Fair-queueing tenant of a workload: this label's value, else its namespace. @default namespace */
  tenantLabel?: string;
  /** Tenant → share of turns and writes per round (default share 1). */
  tenantWeights?: Record<string, number>;
  /** Log every turn of an owned key with its wall-clock start and end (`msg: "turn"`): the ownership monitor. @default false */
  logTurns?: boolean;
  /** pino level. @default "info" */
  logLevel?: string;
  logger?: Logger;
  /** Field manager of every write (managedFields show who wrote what). @default "kactor" */
  fieldManager?: string;
  /** /readyz also waits for this (e.g. the admission webhook server serving). @default always ready */
  readinessGate?: () => boolean;
  /** Watch only this namespace. @default all */
  namespace?: string;
  /** Re-announce every cached object this often (0 = never). @default 0 */
  resyncMs?: number;
  /** Called at each turn start (for benches): controller, key, ms from ready to start. */
  onTurnStart?: (controller: string, key: string, queuedMs: number) => void;
  /** Called at each turn end (for benches). */
  onTurnEnd?: (controller: string, key: string, durationMs: number, result: 'success' | 'error' | 'requeue') => void;
  /** Called when leadership is lost after having been held (the CLI exits, as controller-runtime). */
  onLostLeadership?: () => void;
}

export interface ControllerStats {
  turns: number;
  retries: number;
  actors: number;
  queued: number;
  running: number;
  writesQueued: number;
  expectations: number;
  informerReconnects: number;
}

export interface Controller {
  /** Resolves once every informer has listed (what /readyz reports). */
  readonly synced: Promise<void>;
  readonly metrics: RuntimeMetrics;
  readonly client: RestClient;
  readonly logger: Logger;
  readonly metricsUrl: string | undefined;
  readonly probeUrl: string | undefined;
  isReady(): boolean;
  isLeader(): boolean;
  /** Shard membership (with options.sharding): identity, phase, mayRun(key). */
  readonly shard: ShardCoordinator | undefined;
  store(kind: string): StoreReader | undefined;
  stats(): ControllerStats;
  /** Stops taking events, lets in-flight turns and writes finish (at most `timeoutMs`), releases the lease. */
  stop(timeoutMs?: number): Promise<void>;
}

export interface ActorMessage {
  source: EventSource | 'node' | 'leader';
}

export function resolveControllerOptions(o: ControllerOptions) {
  const workers = o.workers ?? 0;
  if (!Number.isInteger(workers) || workers < 0) throw new RuntimeOptionsError('options.workers must be a non-negative integer');
  if (workers > 0 && !o.definitionsModule) throw new RuntimeOptionsError('options.definitionsModule is required when options.workers > 0');
  if (!o.definitions && !o.definitionsModule) throw new RuntimeOptionsError('options.definitions or options.definitionsModule is required');
  if (o.sharding && o.leaderElection) throw new RuntimeOptionsError('options.sharding and options.leaderElection are exclusive: sharded replicas all reconcile');
  if (o.fieldManager !== undefined && !/^[\x21-\x7e]{1,128}$/.test(o.fieldManager)) {
    throw new RuntimeOptionsError(`options.fieldManager must be 1 to 128 printable ASCII characters without spaces (got ${JSON.stringify(o.fieldManager)})`);
  }
  for (const [t, w] of Object.entries(o.tenantWeights ?? {})) {
    if (!(Number.isFinite(w) && w > 0)) throw new RuntimeOptionsError(`options.tenantWeights["${t}"] must be a positive number (got ${w})`);
  }
  return {
    ...o,
    workers,
    qps: o.qps ?? 50,
    burst: o.burst ?? 100,
    scheduleBurst: o.scheduleBurst ?? DEFAULT_SCHEDULE_BURST,
    concurrency: o.concurrency ?? 256,
    clock: o.clock ?? realClock,
    metricsBindAddress: o.metricsBindAddress ?? '127.0.0.1:8080',
    healthProbeBindAddress: o.healthProbeBindAddress ?? '127.0.0.1:8081',
    resyncMs: o.resyncMs ?? 0,
  };
}
