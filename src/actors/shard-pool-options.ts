// Options of ShardPool: the types, their defaults, and the one place that validates them.
import { ActorOptionsError } from './errors.js';

export interface ShardPoolOptions {
  /** Worker threads. 0 = inline: the module's handler runs on the main thread (the baseline). */
  workers: number;
  /** file: URL of the module exporting `handle(message, ctx)`; `.ts` modules run through tsx. */
  workerModule: URL | string;
  /** Number of shards; shard s always runs on worker s % workers. @default 16 × max(1, workers) */
  shards?: number;
  /** Most calls sent to a worker as one Piscina task. @default 256 */
  maxBatch?: number;
  /** Tasks in flight per worker: one running, the next already waiting in its port. @default 2 */
  maxInFlightBatches?: number;
  /** Extra Node flags for the workers (`--import tsx` is added for .ts modules). @default [] */
  execArgv?: string[];
}

export interface ResolvedShardPoolOptions {
  workers: number;
  workerModule: string;
  shards: number;
  maxBatch: number;
  maxInFlightBatches: number;
  execArgv: string[];
}

export const SHARD_POOL_DEFAULTS = {
  shardsPerWorker: 16,
  maxBatch: 256,
  maxInFlightBatches: 2,
} as const;

function positiveInt(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    throw new ActorOptionsError(`options.${name} must be a positive integer`);
  }
  return value;
}

export function resolveShardPoolOptions(options: ShardPoolOptions): ResolvedShardPoolOptions {
  if (options === null || typeof options !== 'object') throw new ActorOptionsError('options must be an object');
  const { workers } = options;
  if (typeof workers !== 'number' || !Number.isSafeInteger(workers) || workers < 0) {
    throw new ActorOptionsError('options.workers must be a non-negative integer');
  }
  const url = options.workerModule;
  const href = url instanceof URL ? url.href : url;
  if (typeof href !== 'string' || !href.startsWith('file:')) {
    throw new ActorOptionsError('options.workerModule must be a file: URL');
  }
  const shards = options.shards === undefined ? SHARD_POOL_DEFAULTS.shardsPerWorker * Math.max(1, workers) : positiveInt(options.shards, 'shards');
  if (shards < workers) throw new ActorOptionsError('options.shards must be at least options.workers');
  const maxBatch = options.maxBatch === undefined ? SHARD_POOL_DEFAULTS.maxBatch : positiveInt(options.maxBatch, 'maxBatch');
  const maxInFlightBatches =
    options.maxInFlightBatches === undefined ? SHARD_POOL_DEFAULTS.maxInFlightBatches : positiveInt(options.maxInFlightBatches, 'maxInFlightBatches');
  const execArgv = options.execArgv ?? [];
  if (!Array.isArray(execArgv) || execArgv.some((a) => typeof a !== 'string')) {
    throw new ActorOptionsError('options.execArgv must be an array of strings');
  }
  return { workers, workerModule: href, shards, maxBatch, maxInFlightBatches, execArgv };
}
