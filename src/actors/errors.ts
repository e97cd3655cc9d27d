// Errors of src/actors: each carries a literal `code` so callers switch on it, never on a message.
// A turn that throws anything but a TerminalError is retried with backoff; WorkerCrashedError is the
// retryable error a ShardPool call rejects with when the worker running it dies.

/** Thrown by a turn to stop retrying its key: the system reports it through `onTerminal` and moves on. */
export class TerminalError extends Error {
  readonly code = 'TERMINAL' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TerminalError';
  }
}

/** Options given to ActorSystem or ShardPool are invalid; the message names the option. */
export class ActorOptionsError extends TypeError {
  readonly code = 'INVALID_OPTIONS' as const;
  constructor(message: string) {
    super(message);
    this.name = 'ActorOptionsError';
  }
}

/** The worker running a shard call died (exit, uncaught error); the call may be retried on its replacement. */
export class WorkerCrashedError extends Error {
  readonly code = 'WORKER_CRASHED' as const;
  readonly shard: number;
  constructor(shard: number, options?: { cause?: unknown }) {
    const why = options?.cause instanceof Error ? `: ${options.cause.message}` : '';
    super(`worker of shard ${shard} crashed${why}`, options);
    this.name = 'WorkerCrashedError';
    this.shard = shard;
  }
}

/** A shard handler threw inside a worker; the original name, message, code and stack are kept. */
export class ShardHandlerError extends Error {
  readonly code = 'SHARD_HANDLER_FAILED' as const;
  readonly shard: number;
  /** The `code` property of the original error, if it had one. */
  readonly remoteCode: string | undefined;
  constructor(shard: number, remote: { name: string; message: string; stack?: string; code?: string }) {
    super(`shard ${shard} handler failed: ${remote.name}: ${remote.message}`);
    this.name = 'ShardHandlerError';
    this.shard = shard;
    this.remoteCode = remote.code;
    if (remote.stack) this.stack = `${this.name}: ${this.message}\n  remote ${remote.stack}`;
  }
}

/** The ShardPool was closed; calls made after (or pending at) `close()` reject with this. */
export class ShardPoolClosedError extends Error {
  readonly code = 'POOL_CLOSED' as const;
  constructor() {
    super('shard pool is closed');
    this.name = 'ShardPoolClosedError';
  }
}

/** A worker could not load the shard handler module; every call to it rejects with this. */
export class ShardModuleError extends Error {
  readonly code = 'MODULE_LOAD_FAILED' as const;
  constructor(moduleUrl: string, remote: { name: string; message: string }) {
    super(`failed to load shard worker module ${moduleUrl}: ${remote.name}: ${remote.message}`);
    this.name = 'ShardModuleError';
  }
}
