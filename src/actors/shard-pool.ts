// ShardPool: runs shard handlers on Piscina workers with key affinity, batching and resident
// per-shard state — or inline on the main thread with `workers: 0` (the baseline).
//
// - Affinity: shard s belongs to worker slot s % workers. Each task carries its slot under
//   Piscina.queueOptionsSymbol and the pool's loadBalancer hands it to that slot's worker only.
// - Batching: calls to one worker that arrive in the same macrotask (or while that worker already
//   has `maxInFlightBatches` tasks) go as one task of up to `maxBatch` calls, so the ~60–100 µs
//   per-task cost is paid per batch, not per call. Under light load a call goes out alone.
// - Crashes: when a worker dies, Piscina starts a replacement; the calls it was running reject
//   with WorkerCrashedError (retryable), calls not yet sent wait for the replacement, and the
//   replacement starts with empty shard state.
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Piscina, queueOptionsSymbol } from 'piscina';
import { ShardHandlerError, ShardModuleError, ShardPoolClosedError, TerminalError, WorkerCrashedError } from './errors.js';
import { isThenable, ShardHost } from './shard-host.js';
import type { BatchResult, BatchTask, SerializedError, ShardWorkerData } from './shard-protocol.js';
import { serializeError } from './shard-protocol.js';
import { shardOfKey } from './shard-hash.js';
import { resolveShardPoolOptions, type ResolvedShardPoolOptions, type ShardPoolOptions } from './shard-pool-options.js';

type LoadBalancer = NonNullable<ConstructorParameters<typeof Piscina>[0]>['loadBalancer'];
type PiscinaWorker = Parameters<NonNullable<LoadBalancer>>[1][number];

interface PendingCall {
  shard: number;
  message: unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

interface Slot {
  index: number;
  /** threadId of the worker serving this slot; null while it is (re)starting. */
  threadId: number | null;
  buffer: PendingCall[];
  inFlight: number;
  /** Set when Piscina gave up starting a worker for this slot. */
  failed: Error | null;
}

export interface ShardPoolStats {
  workers: number;
  shards: number;
  /** Calls made. */
  calls: number;
  /** Piscina tasks sent (inline: equal to calls). */
  tasks: number;
  /** Calls waiting to be sent. */
  buffered: number;
  /** Tasks in flight. */
  inFlight: number;
  /** Workers replaced after a crash. */
  restarts: number;
}

export class ShardPool {
  readonly workers: number;
  readonly shards: number;
  readonly #o: ResolvedShardPoolOptions;
  readonly #slots: Slot[] = [];
  readonly #piscina: Piscina | null = null;
  #inlineHost: ShardHost | null = null;
  #inlineLoading: Promise<ShardHost> | null = null;
  #closed = false;
  #flushScheduled = false;
  #calls = 0;
  #tasks = 0;
  #restarts = 0;
  #lastError: unknown = null;
  #readyWaiters: { resolve: () => void; reject: (e: unknown) => void }[] = [];

  constructor(options: ShardPoolOptions) {
    this.#o = resolveShardPoolOptions(options);
    this.workers = this.#o.workers;
    this.shards = this.#o.shards;
    if (this.workers === 0) {
      this.#inlineLoading = ShardHost.load(this.#o.workerModule).then((host) => (this.#inlineHost = host));
      this.#inlineLoading.catch(() => {}); // surfaced through call() and ready()
      return;
    }
    for (let i = 0; i < this.workers; i++) this.#slots.push({ index: i, threadId: null, buffer: [], inFlight: 0, failed: null });
    const host = workerHostFile();
    const needsTsx = this.#o.workerModule.endsWith('.ts') || host.endsWith('.ts');
    const workerData: ShardWorkerData = { moduleUrl: this.#o.workerModule, viaRequire: needsTsx };
    this.#piscina = new Piscina({
      filename: host,
      minThreads: this.workers,
      maxThreads: this.workers,
      idleTimeout: Infinity,
      concurrentTasksPerWorker: this.#o.maxInFlightBatches,
      workerData,
      execArgv: needsTsx ? [...this.#o.execArgv, ...tsxExecArgv()] : this.#o.execArgv,
      recordTiming: false,
      loadBalancer: (task, workers) => this.#route(task as unknown as Record<symbol, unknown>, workers),
    });
    this.#piscina.on('workerCreate', (w: PiscinaWorker) => this.#onWorkerCreate(w));
    this.#piscina.on('workerDestroy', (w: PiscinaWorker) => this.#onWorkerDestroy(w));
    this.#piscina.on('error', (err: unknown) => (this.#lastError = err));
  }

  /** The shard of `key`: a stable hash, so a key's turns always run on the same worker. */
  shardOf(key: string): number {
    return shardOfKey(key, this.shards);
  }

  /** The worker slot (0 … workers − 1) that runs `shard`; 0 when inline. */
  workerOf(shard: number): number {
    return this.workers === 0 ? 0 : shard % this.workers;
  }

  /** Runs `message` through the handler of `shard` (on its worker), batched with other calls. */
  call<R = unknown>(shard: number, message: unknown): Promise<R> {
    if (!Number.isSafeInteger(shard) || shard < 0 || shard >= this.shards) {
      return Promise.reject(new RangeError(`shard must be an integer in [0, ${this.shards})`));
    }
    if (this.#closed) return Promise.reject(new ShardPoolClosedError());
    this.#calls++;
    if (this.workers === 0) return this.#callInline(shard, message) as Promise<R>;
    const slot = this.#slots[shard % this.workers]!;
    if (slot.failed !== null) return Promise.reject(slot.failed);
    return new Promise<R>((resolve, reject) => {
      slot.buffer.push({ shard, message, resolve: resolve as (v: unknown) => void, reject });
      if (slot.buffer.length >= this.#o.maxBatch) this.#flush(slot);
      else this.#scheduleFlush();
    });
  }

  /** Runs `message` through the handler of every shard; results are indexed by shard. */
  broadcast<R = unknown>(message: unknown): Promise<R[]> {
    const calls: Promise<R>[] = [];
    for (let s = 0; s < this.shards; s++) calls.push(this.call<R>(s, message));
    return Promise.all(calls);
  }

  /** Resolves once every worker (or the inline module) has loaded the handler module. */
  async ready(): Promise<void> {
    if (this.workers === 0) {
      await this.#inlineLoading;
      return;
    }
    const failed = this.#slots.find((s) => s.failed !== null);
    if (failed) throw failed.failed;
    // One call per worker, on the first shard it owns.
    await Promise.all(this.#slots.map((s) => this.#ping(s.index)));
  }

  stats(): ShardPoolStats {
    let buffered = 0;
    let inFlight = 0;
    for (const s of this.#slots) {
      buffered += s.buffer.length;
      inFlight += s.inFlight;
    }
    return { workers: this.workers, shards: this.shards, calls: this.#calls, tasks: this.#tasks, buffered, inFlight, restarts: this.#restarts };
  }

  /** Takes no more calls, rejects calls not yet sent, waits for tasks in flight, stops the workers. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const slot of this.#slots) for (const p of slot.buffer.splice(0)) p.reject(new ShardPoolClosedError());
    await this.#piscina?.close();
  }

  #ping(slotIndex: number): Promise<unknown> {
    const slot = this.#slots[slotIndex]!;
    return new Promise((resolve, reject) => {
      // A ping is a batch with no calls: it proves the worker loaded the module.
      slot.buffer.push({ shard: -1, message: undefined, resolve, reject });
      this.#scheduleFlush();
    });
  }

  #callInline(shard: number, message: unknown): Promise<unknown> {
    const host = this.#inlineHost;
    if (host === null) return this.#inlineLoading!.then(() => this.#callInline(shard, message));
    this.#tasks++;
    try {
      const value = host.handle(shard, message);
      if (!isThenable(value)) return Promise.resolve(value);
      return Promise.resolve(value).catch((err: unknown) => {
        throw toCallError(shard, serializeError(err), err);
      });
    } catch (err) {
      return Promise.reject(toCallError(shard, serializeError(err), err));
    }
  }

  #scheduleFlush(): void {
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      for (const slot of this.#slots) this.#flush(slot);
    });
  }

  #flush(slot: Slot): void {
    while (slot.threadId !== null && slot.inFlight < this.#o.maxInFlightBatches && slot.buffer.length > 0 && !this.#closed) {
      this.#send(slot, slot.buffer.splice(0, this.#o.maxBatch));
    }
  }

  #send(slot: Slot, batch: PendingCall[]): void {
    slot.inFlight++;
    this.#tasks++;
    const items = [];
    for (const p of batch) if (p.shard >= 0) items.push({ shard: p.shard, message: p.message });
    const task: BatchTask & { [queueOptionsSymbol]: { slot: number } } = { items, [queueOptionsSymbol]: { slot: slot.index } };
    this.#piscina!.run(task).then(
      (answer: BatchResult) => {
        slot.inFlight--;
        if ('loadError' in answer) {
          const err = new ShardModuleError(this.#o.workerModule, answer.loadError);
          for (const p of batch) p.reject(err);
          this.#flush(slot);
          return;
        }
        const results = answer.results;
        let i = 0;
        for (const p of batch) {
          if (p.shard < 0) {
            p.resolve(undefined);
            continue;
          }
          const r = results[i++]!;
          if (r.ok) p.resolve(r.value);
          else p.reject(toCallError(p.shard, r.error));
        }
        this.#flush(slot);
      },
      (err: unknown) => {
        slot.inFlight--;
        if ((err as Error)?.name === 'DataCloneError' && batch.length > 1) {
          // One call carried something that cannot cross threads: resend one by one so only it fails.
          for (const p of batch) slot.buffer.unshift(p);
        } else {
          for (const p of batch) {
            p.reject(this.#closed ? new ShardPoolClosedError() : err instanceof Error && err.name === 'DataCloneError' ? err : new WorkerCrashedError(p.shard, { cause: err }));
          }
        }
        this.#flush(slot);
      },
    );
  }

  #route(task: Record<symbol, unknown>, workers: PiscinaWorker[]): PiscinaWorker | null {
    const route = task[queueOptionsSymbol] as { slot: number } | null;
    const threadId = route ? this.#slots[route.slot]?.threadId : null;
    if (threadId == null) return null;
    for (const w of workers) if (w.id === threadId) return w;
    return null;
  }

  #onWorkerCreate(w: PiscinaWorker): void {
    const slot = this.#slots.find((s) => s.threadId === null && s.failed === null);
    if (slot === undefined) return;
    slot.threadId = w.id;
    this.#scheduleFlush();
  }

  #onWorkerDestroy(w: PiscinaWorker): void {
    if (this.#closed || this.#piscina === null) return;
    // A dead worker's threadId reads -1, so find its slot as the one whose thread is gone.
    const live = new Set<number>();
    for (const t of this.#piscina.threads) if (t.threadId >= 0) live.add(t.threadId);
    if (w.id >= 0) live.delete(w.id);
    for (const slot of this.#slots) {
      if (slot.threadId === null || live.has(slot.threadId)) continue;
      slot.threadId = null;
      this.#restarts++;
      // Piscina starts a replacement synchronously after this event, unless the worker failed
      // while starting (then it gives up): check once it had the chance.
      setImmediate(() => this.#checkReplaced(slot));
    }
  }

  #checkReplaced(slot: Slot): void {
    if (this.#closed || this.#piscina === null || slot.threadId !== null) return;
    if (this.#piscina.threads.length >= this.workers) return;
    this.#restarts--;
    const cause = this.#lastError;
    const failed = new WorkerCrashedError(slot.index, { cause });
    failed.message = `worker ${slot.index} failed to start: ${cause instanceof Error ? cause.message : String(cause)}`;
    slot.failed = failed;
    for (const p of slot.buffer.splice(0)) p.reject(failed);
  }
}

/** Turns a handler's serialized error back into an Error: TerminalError stays terminal. */
function toCallError(shard: number, e: SerializedError, original?: unknown): Error {
  if (e.name === 'TerminalError') {
    const err = new TerminalError(e.message, original === undefined ? {} : { cause: original });
    if (e.stack) err.stack = e.stack;
    return err;
  }
  const err = new ShardHandlerError(shard, e);
  if (original !== undefined) (err as { cause?: unknown }).cause = original;
  return err;
}

/** The Piscina entry module, next to this file with the same extension (.ts in dev, .js in dist). */
function workerHostFile(): string {
  const self = fileURLToPath(import.meta.url);
  return fileURLToPath(new URL(`./shard-worker${extname(self)}`, import.meta.url));
}

function tsxExecArgv(): string[] {
  const require = createRequire(import.meta.url);
  return (process.env.KACTOR_TSX_MODE ?? 'cjs') === 'cjs' ? ['--require', require.resolve('tsx/cjs')] : ['--import', pathToFileURL(require.resolve('tsx')).href];
}
