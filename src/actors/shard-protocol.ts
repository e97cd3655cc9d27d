// Everything that crosses the thread boundary between ShardPool and its workers, in one place:
// the worker's startup data, a batch task, and the per-call results. Plain structured-clone data.

/** `workerData` of every shard worker: which module holds the handlers. */
export interface ShardWorkerData {
  moduleUrl: string;
  /** Load the module with `require` (dev workers run .ts through tsx's require hook). */
  viaRequire: boolean;
}

/** One call inside a batch. */
export interface BatchItem {
  shard: number;
  message: unknown;
}

/** One Piscina task: many calls for shards of one worker, run in order. */
export interface BatchTask {
  items: BatchItem[];
}

export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
}

/** The outcome of one call; a batch answers with one per item, in order. */
export type ItemResult = { ok: true; value: unknown } | { ok: false; error: SerializedError };

/** A worker's answer to a batch: the results, or why its handler module could not be loaded. */
export type BatchResult = { results: ItemResult[] } | { loadError: SerializedError };

export function serializeError(err: unknown): SerializedError {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return {
      name: err.name,
      message: err.message,
      ...(err.stack !== undefined ? { stack: err.stack } : {}),
      ...(typeof code === 'string' ? { code } : {}),
    };
  }
  return { name: 'Error', message: String(err) };
}
