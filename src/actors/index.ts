// src/actors — a generic actor system that knows nothing of Kubernetes: per-key mailboxes that
// coalesce messages into turns (one turn per key at a time, many keys in parallel), timers as
// deadlines, retries with per-key exponential backoff, terminal errors; and ShardPool, which runs
// shard handlers on Piscina workers with key affinity, batching and resident per-shard state.
// It imports only src/api (the Clock); runtime and workloads build on it, never the reverse.
export { FairQueue, type TenantWeight } from './fair-queue.js';
export { ActorSystem, type ActorSystemStats, type Priority, type TellOptions } from './actor-system.js';
export {
  ACTOR_SYSTEM_DEFAULTS,
  resolveActorSystemOptions,
  type ActorSystemOptions,
  type TurnFn,
  type TurnInfo,
  type TurnOutcome,
  type TurnReason,
  type TurnResult,
} from './actor-system-options.js';
export { computeBackoffMs, DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
export {
  ActorOptionsError,
  ShardHandlerError,
  ShardModuleError,
  ShardPoolClosedError,
  TerminalError,
  WorkerCrashedError,
} from './errors.js';
export { ShardPool, type ShardPoolStats } from './shard-pool.js';
export { resolveShardPoolOptions, SHARD_POOL_DEFAULTS, type ShardPoolOptions } from './shard-pool-options.js';
export type { ShardContext, ShardHandler, ShardWorkerModule } from './shard-host.js';
export { fnv1a32, shardOfKey } from './shard-hash.js';
