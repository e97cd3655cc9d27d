// The process-wide write path: every mutating API call waits for a token of one shared bucket
// (--qps/--burst) and a slot of a p-queue (bounded in-flight writes, priorities), then runs with
// retries: 429 honours Retry-After, 5xx/network errors/timeouts back off; other errors (409 included)
// go back to the caller at once, who decides (a 409 means re-plan).
import PQueue from 'p-queue';
import type { Clock } from '../../api/clock.js';
import { ApiError, RuntimeOptionsError } from '../errors.js';
import { TokenBucket, type TokenBucketOptions } from './token-bucket.js';

export interface WriteQueueOptions extends TokenBucketOptions {
  /** Writes in flight at once. @default 64 */
  concurrency?: number;
  /** Attempts per write for retryable errors (429, 5xx, network). @default 5 */
  maxAttempts?: number;
  /** Backoff for 5xx/network: first delay and cap, ms. @default 50 / 5000 */
  retryInitialMs?: number;
  retryMaxMs?: number;
  /** Observers for metrics. */
  onWait?: (waitMs: number) => void;
  onRetry?: (err: ApiError, attempt: number) => void;
}

export function resolveWriteQueueOptions(o: WriteQueueOptions) {
  const concurrency = o.concurrency ?? 64;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RuntimeOptionsError('options.concurrency must be a positive integer');
  const maxAttempts = o.maxAttempts ?? 5;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RuntimeOptionsError('options.maxAttempts must be a positive integer');
  return { ...o, concurrency, maxAttempts, retryInitialMs: o.retryInitialMs ?? 50, retryMaxMs: o.retryMaxMs ?? 5000 };
}

export class WriteQueue {
  readonly bucket: TokenBucket;
  readonly #queue: PQueue;
  readonly #clock: Clock;
  readonly #opts: ReturnType<typeof resolveWriteQueueOptions>;

  constructor(clock: Clock, options: WriteQueueOptions = {}) {
    this.#opts = resolveWriteQueueOptions(options);
    this.#clock = clock;
    this.bucket = new TokenBucket(clock, options);
    this.#queue = new PQueue({ concurrency: this.#opts.concurrency });
  }

  /** Writes queued or running. */
  get size(): number {
    return this.#queue.size + this.#queue.pending;
  }

  /**
   * Runs `call` through the bucket and the queue, retrying retryable ApiErrors. Higher priority runs
   * first. A non-idempotent call (a create, which may use generateName) is retried only when the
   * server said it did nothing (429, 503): after a lost connection it may have been applied.
   */
  async run<T>(call: () => Promise<T>, priority = 0, idempotent = true): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#once(call, priority);
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

  #once<T>(call: () => Promise<T>, priority: number): Promise<T> {
    const queuedAt = this.#clock.now();
    return this.#queue.add(
      async () => {
        await this.bucket.take();
        this.#opts.onWait?.(this.#clock.now() - queuedAt);
        return call();
      },
      { priority },
    ) as Promise<T>;
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((r) => this.#clock.setTimer(ms, r));
  }

  /** Resolves when every queued write has finished. */
  onIdle(): Promise<void> {
    return this.#queue.onIdle();
  }

  stop(): void {
    this.#queue.clear();
    this.bucket.stop();
  }
}
