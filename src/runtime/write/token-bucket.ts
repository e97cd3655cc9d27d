// A token bucket on an injected Clock, as client-go's (golang.org/x/time/rate) limiter: `burst`
// tokens, refilled at `qps` per second; each take reserves the next token, so waiters are served in
// order and the long-run rate is exactly qps. qps 0 = unlimited.
import type { Clock, TimerHandle } from '../../api/clock.js';
import { RuntimeOptionsError } from '../errors.js';

export interface TokenBucketOptions {
  /** Tokens per second; 0 = unlimited. @default 50 */
  qps?: number;
  /** Bucket size (tokens available at once). @default 100 */
  burst?: number;
}

export function resolveTokenBucketOptions(o: TokenBucketOptions): { qps: number; burst: number } {
  const qps = o.qps ?? 50;
  const burst = o.burst ?? 100;
  if (!(Number.isFinite(qps) && qps >= 0)) throw new RuntimeOptionsError('options.qps must be a non-negative number (0 = unlimited)');
  if (!(Number.isInteger(burst) && burst >= 1)) throw new RuntimeOptionsError('options.burst must be a positive integer');
  return { qps, burst };
}

export class BucketStoppedError extends Error {
  readonly code = 'BucketStopped';
}

export class TokenBucket {
  readonly qps: number;
  readonly burst: number;
  readonly #clock: Clock;
  #tokens: number;
  #last: number;
  readonly #waiting = new Set<{ timer: TimerHandle; reject: (e: Error) => void }>();

  constructor(clock: Clock, options: TokenBucketOptions = {}) {
    const o = resolveTokenBucketOptions(options);
    this.qps = o.qps;
    this.burst = o.burst;
    this.#clock = clock;
    this.#tokens = o.burst;
    this.#last = clock.now();
  }

  get unlimited(): boolean {
    return this.qps === 0;
  }

  /** Tokens now (negative when takes are waiting). */
  get tokens(): number {
    this.#refill();
    return this.#tokens;
  }

  #refill(): void {
    const now = this.#clock.now();
    if (now > this.#last) {
      this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#last) * this.qps) / 1000);
      this.#last = now;
    }
  }

  /** Takes a token if one is available now. */
  tryTake(): boolean {
    return this.tryTakeAbove(0);
  }

  /** Takes a token if the bucket keeps at least `floor` tokens after it (a negative floor is a debt). */
  tryTakeAbove(floor: number): boolean {
    if (this.unlimited) return true;
    this.#refill();
    if (this.#tokens - 1 < floor) return false;
    this.#tokens -= 1;
    return true;
  }

  /**
   * Takes a token now even when none is left, as long as the debt stays within `maxDebt` tokens:
   * borrowed from the future, so later takes wait until it is repaid and the long-run rate stays qps.
   */
  tryBorrow(maxDebt: number): boolean {
    return this.tryTakeAbove(-maxDebt);
  }

  /** Milliseconds until a take keeping `floor` tokens (default 0) would succeed. */
  delayMs(floor = 0): number {
    if (this.unlimited) return 0;
    this.#refill();
    const need = floor + 1 - this.#tokens;
    return need <= 0 ? 0 : (need * 1000) / this.qps;
  }

  /** Reserves the next token and resolves when it is due. */
  take(): Promise<void> {
    if (this.unlimited) return Promise.resolve();
    this.#refill();
    this.#tokens -= 1;
    if (this.#tokens >= 0) return Promise.resolve();
    const waitMs = (-this.#tokens * 1000) / this.qps;
    return new Promise((resolve, reject) => {
      const w = {
        timer: this.#clock.setTimer(waitMs, () => {
          this.#waiting.delete(w);
          resolve();
        }),
        reject,
      };
      this.#waiting.add(w);
    });
  }

  get waiters(): number {
    return this.#waiting.size;
  }

  /** Rejects every waiting take. */
  stop(): void {
    for (const w of this.#waiting) {
      w.timer.cancel();
      w.reject(new BucketStoppedError('rate limiter stopped'));
    }
    this.#waiting.clear();
  }
}
