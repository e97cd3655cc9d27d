// The process-wide write path: every mutating API call waits in a FairQueue (weighted round-robin
// across tenants, highest WritePriority first inside a tenant), then for a token of one shared
// bucket (--qps/--burst) and a free in-flight slot, and runs with retries: 429 honours Retry-After,
// 5xx/network errors/timeouts back off; other errors (409 included) go back to the caller at once,
// who decides (a 409 means re-plan). The token is taken when a write is dispatched, not while it
// queues, so the fair order decides who gets each token.
// Writes due at a scheduled time (WriteOptions.due: an AdvancedCronJob's child at its minute) have
// their own lane, served before the fair queue; when the bucket is empty they borrow tokens from the
// future, up to `scheduleBurst` in debt (beyond it they join their tenant's queue, first in it). Later writes repay the debt, so the long-run rate is still
// qps: a burst of schedules costs other writes time afterwards instead of making the children late.
import type { Clock, TimerHandle } from '../../api/clock.js';
import { FairQueue } from '../../actors/fair-queue.js';
import { Fifo } from '../../actors/fifo.js';
import { ApiError, RuntimeOptionsError } from '../errors.js';
import { BucketStoppedError, TokenBucket, resolveTokenBucketOptions, type TokenBucketOptions } from './token-bucket.js';

/** Inside a tenant: pod creates/deletes and in-place patches before status writes. */
/** Tokens due writes may borrow beyond an empty bucket unless told otherwise. */
export const DEFAULT_SCHEDULE_BURST = 1000;

export const WritePriority = { status: 0, update: 1, mutate: 2, due: 3 } as const;

export interface WriteOptions {
  /** Higher runs first inside a tenant. @default 0 */
  priority?: number;
  /** A create (generateName) is retried only when the server said it did nothing. @default true */
  idempotent?: boolean;
  /** Fair-queueing tenant (e.g. the namespace). @default '' */
  tenant?: string;
  /** Due at a scheduled time: served first, may borrow tokens (see scheduleBurst). @default false */
  due?: boolean;
}

export interface WriteQueueOptions extends TokenBucketOptions {
  /**
   * Tokens of the bucket kept for tenants with at most this many writes queued: a tenant that had a
   * longer backlog cannot take the last ones until its queue has emptied, so a newcomer's writes go
   * out at once instead of one per round. @default a quarter of burst
   */
  tenantReserve?: number;
  /** Tokens due writes may borrow beyond an empty bucket (0 = none). @default 1000 */
  scheduleBurst?: number;
  /** Writes in flight at once. @default 64 */
  concurrency?: number;
  /** Attempts per write for retryable errors (429, 5xx, network). @default 5 */
  maxAttempts?: number;
  /** Backoff for 5xx/network: first delay and cap, ms. @default 50 / 5000 */
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** A tenant's share of writes per round. @default () => 1 */
  tenantWeight?: (tenant: string) => number;
  /** Observers for metrics. */
  onWait?: (waitMs: number, tenant: string) => void;
  onRetry?: (err: ApiError, attempt: number) => void;
}

export function resolveWriteQueueOptions(o: WriteQueueOptions) {
  const concurrency = o.concurrency ?? 64;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RuntimeOptionsError('options.concurrency must be a positive integer');
  const maxAttempts = o.maxAttempts ?? 5;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RuntimeOptionsError('options.maxAttempts must be a positive integer');
  const scheduleBurst = o.scheduleBurst ?? DEFAULT_SCHEDULE_BURST;
  if (!Number.isInteger(scheduleBurst) || scheduleBurst < 0) throw new RuntimeOptionsError('options.scheduleBurst must be a non-negative integer');
  const { burst } = resolveTokenBucketOptions(o);
  const tenantReserve = o.tenantReserve ?? Math.floor(burst / 4);
  if (!Number.isInteger(tenantReserve) || tenantReserve < 0) throw new RuntimeOptionsError('options.tenantReserve must be a non-negative integer');
  if (tenantReserve >= burst) throw new RuntimeOptionsError(`options.tenantReserve must be below options.burst (${burst})`);
  return { ...o, concurrency, maxAttempts, scheduleBurst, tenantReserve, retryInitialMs: o.retryInitialMs ?? 50, retryMaxMs: o.retryMaxMs ?? 5000 };
}

interface Pending {
  call: () => Promise<unknown>;
  tenant: string;
  queuedAt: number;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

export class WriteQueue {
  readonly bucket: TokenBucket;
  readonly #queue: FairQueue<Pending>;
  /**
   * Tenants that had more than tenantReserve writes queued and have not emptied their queue since:
   * they may not take the reserve (sticky, so a backlog that dips for a moment cannot drain it).
   */
  readonly #backlogged = new Set<string>();
  /** Due writes: served before the fair queue. */
  readonly #due = new Fifo<Pending>();
  readonly #clock: Clock;
  readonly #opts: ReturnType<typeof resolveWriteQueueOptions>;
  #inFlight = 0;
  #tokenTimer: TimerHandle | undefined;
  #tokenTimerAt = 0;
  #stopped = false;
  #pumpScheduled = false;
  #idleWaiters: Array<() => void> = [];

  constructor(clock: Clock, options: WriteQueueOptions = {}) {
    this.#opts = resolveWriteQueueOptions(options);
    this.#clock = clock;
    this.bucket = new TokenBucket(clock, options);
    this.#queue = new FairQueue(options.tenantWeight);
  }

  /** Writes queued or running. */
  get size(): number {
    return this.#queue.size + this.#due.size + this.#inFlight;
  }

  /** Writes queued per tenant. */
  queuedByTenant(): Map<string, number> {
    return new Map(this.#queue.tenants().map((t) => [t, this.#queue.sizeOf(t)]));
  }

  /**
   * Runs `call` through the fair queue and the bucket, retrying retryable ApiErrors. The legacy
   * positional form `run(call, priority, idempotent)` is kept.
   */
  async run<T>(call: () => Promise<T>, priorityOrOpts: number | WriteOptions = 0, idempotentArg = true): Promise<T> {
    const o: WriteOptions = typeof priorityOrOpts === 'number' ? { priority: priorityOrOpts, idempotent: idempotentArg } : priorityOrOpts;
    const idempotent = o.idempotent ?? true;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#once(call, o.priority ?? 0, o.tenant ?? '', o.due ?? false);
      } catch (err) {
        if (!(err instanceof ApiError) || !err.isRetryable || attempt >= this.#opts.maxAttempts) throw err;
        if (!idempotent && err.statusCode !== 429 && err.statusCode !== 503) throw err;
        this.#opts.onRetry?.(err, attempt);
        await this.#sleep(this.retryDelayMs(err, attempt));
      }
    }
  }

  /** 429 with Retry-After → that; otherwise exponential from retryInitialMs, capped. */
  retryDelayMs(err: ApiError, attempt: number): number {
    if (err.statusCode === 429 && err.retryAfterMs !== undefined) return err.retryAfterMs;
    return Math.min(this.#opts.retryMaxMs, this.#opts.retryInitialMs * 2 ** (attempt - 1));
  }

  #once<T>(call: () => Promise<T>, priority: number, tenant: string, due: boolean): Promise<T> {
    if (this.#stopped) return Promise.reject(new BucketStoppedError('write queue stopped'));
    return new Promise<T>((resolve, reject) => {
      const p: Pending = { call, tenant, queuedAt: this.#clock.now(), resolve: resolve as (v: unknown) => void, reject };
      if (due) this.#due.push(p);
      else this.#push(p, priority);
      // Dispatch on a microtask: writes queued in one synchronous burst are ordered fairly together.
      if (!this.#pumpScheduled) {
        this.#pumpScheduled = true;
        queueMicrotask(() => {
          this.#pumpScheduled = false;
          this.#pump();
        });
      }
    });
  }

  #push(p: Pending, priority: number): void {
    this.#queue.push(p.tenant, p, priority);
    if (this.#queue.sizeOf(p.tenant) > this.#opts.tenantReserve) this.#backlogged.add(p.tenant);
  }

  #pump(): void {
    while (!this.#stopped && this.#inFlight < this.#opts.concurrency && (this.#due.size > 0 || this.#queue.size > 0)) {
      const p = this.#next();
      if (p === undefined) return;
      this.#inFlight++;
      if (this.#queue.sizeOf(p.tenant) === 0) this.#backlogged.delete(p.tenant);
      this.#opts.onWait?.(this.#clock.now() - p.queuedAt, p.tenant);
      let result: Promise<unknown>;
      try {
        result = p.call();
      } catch (err) {
        result = Promise.reject(err);
      }
      result.then(p.resolve, p.reject).finally(() => {
        this.#inFlight--;
        this.#pump();
        if (this.size === 0) this.#idleWaiters.splice(0).forEach((r) => r());
      });
    }
  }

  /**
   * The write that gets the next token, or undefined (a timer is set for when one will): due writes
   * first (borrowing if need be); then the fair queue while the bucket holds more than the tenant
   * reserve; the reserve itself only for tenants with at most `tenantReserve` writes queued, so a
   * tenant that just arrived is served at once while another drains the bucket.
   */
  #next(): Pending | undefined {
    if (this.#due.size > 0) {
      if (this.bucket.tryBorrow(this.#opts.scheduleBurst)) return this.#due.shift()!; // a free token first, else a borrowed one
      // The debt is at its limit: the rest wait like everyone else, first inside their tenant but
      // fair-queued across tenants (a tenant with thousands of schedules cannot hold every token).
      let p: Pending | undefined;
      while ((p = this.#due.shift()) !== undefined) this.#push(p, WritePriority.due);
    }
    const reserve = this.#reserve;
    if (this.bucket.tryTakeAbove(reserve)) return this.#queue.shift()!;
    const light = reserve > 0 ? this.#lightTenant(reserve) : undefined;
    if (light === undefined) return this.#waitFor(reserve);
    if (this.bucket.tryTake()) return this.#queue.shiftTenant(light)!;
    return this.#waitFor(0);
  }

  /**
   * Tokens kept for light tenants. Kept even while only the busy tenant is queued: a tenant that
   * arrives later must find them there (a busy tenant alone loses no rate, only that much burst).
   */
  get #reserve(): number {
    return this.bucket.unlimited ? 0 : this.#opts.tenantReserve;
  }

  #lightTenant(limit: number): string | undefined {
    return this.#queue.findTenant((t, size) => size <= limit && !this.#backlogged.has(t));
  }

  /** Arms the token timer for when a take keeping `floor` tokens succeeds (sooner than an armed one). */
  #waitFor(floor: number): undefined {
    const delay = Math.max(1, this.bucket.delayMs(floor));
    const at = this.#clock.now() + delay;
    if (this.#tokenTimer !== undefined && this.#tokenTimerAt <= at) return undefined;
    this.#tokenTimer?.cancel();
    this.#tokenTimerAt = at;
    this.#tokenTimer = this.#clock.setTimer(delay, () => {
      this.#tokenTimer = undefined;
      this.#pump();
    });
    return undefined;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((r) => this.#clock.setTimer(ms, r));
  }

  /** Resolves when every queued write has finished. */
  onIdle(): Promise<void> {
    return this.size === 0 ? Promise.resolve() : new Promise((r) => this.#idleWaiters.push(r));
  }

  /** Rejects queued writes (running ones finish) and takes no more. */
  stop(): void {
    this.#stopped = true;
    this.#tokenTimer?.cancel();
    this.#tokenTimer = undefined;
    let p: Pending | undefined;
    while ((p = this.#due.shift() ?? this.#queue.shift()) !== undefined) p.reject(new BucketStoppedError('write queue stopped'));
    this.#backlogged.clear();
    this.bucket.stop();
    if (this.#inFlight === 0) this.#idleWaiters.splice(0).forEach((r) => r());
  }
}
