// Per-key exponential backoff, as controller-runtime's ItemExponentialFailureRateLimiter:
// base · 2^(failures − 1), capped at max (defaults 5 ms → 1000 s).

export interface BackoffOptions {
  /** Delay after the first failure. @default 5 */
  baseMs?: number;
  /** Upper bound of the delay. @default 1_000_000 */
  maxMs?: number;
}

export const DEFAULT_BACKOFF = { baseMs: 5, maxMs: 1_000_000 } as const;

/** Delay before retry number `failures` (1 = after the first failure). */
export function computeBackoffMs(failures: number, baseMs: number, maxMs: number): number {
  if (failures < 1) return 0;
  // 2^1024 overflows to Infinity; cap the exponent well before that.
  const delay = baseMs * 2 ** Math.min(failures - 1, 1000);
  return Math.min(delay, maxMs);
}
