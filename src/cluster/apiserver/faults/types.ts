// Fault classes the API server can inject (test-only), their options and the counters it keeps.
// A rate is the probability in [0, 1] that one eligible request (or watch flush) gets the fault.

export type FaultClass = 'conflict' | 'tooManyRequests' | 'serverError' | 'latency' | 'watchCut' | 'watchGone' | 'lostResponse';

export const FAULT_CLASSES: readonly FaultClass[] = ['conflict', 'tooManyRequests', 'serverError', 'latency', 'watchCut', 'watchGone', 'lostResponse'];

/** Added latency: `rate` of requests wait a delay drawn from the distribution. */
export interface LatencyFault {
  /** @default 1 */
  rate?: number;
  /** `uniform` draws in [minMs, maxMs]; `exponential` has mean `meanMs`, capped at `maxMs`. @default 'uniform' */
  distribution?: 'uniform' | 'exponential';
  /** @default 0 */
  minMs?: number;
  /** @default 50 */
  maxMs?: number;
  /** @default 20 */
  meanMs?: number;
}

/** What a fault decision may look at (never the body). */
export interface FaultRequestInfo {
  method: string;
  path: string;
  userAgent: string;
}

export interface FaultOptions {
  /** Seed of the deterministic random source. @default 1 */
  seed?: number;
  /** Writes (POST/PUT/PATCH/DELETE) answered 409 Conflict before they are applied. @default 0 */
  conflictRate?: number;
  /** Writes answered 429 TooManyRequests with Retry-After. @default 0 */
  tooManyRequestsRate?: number;
  /** Retry-After of an injected 429, in seconds. @default 1 */
  retryAfterSeconds?: number;
  /** Writes answered 500 InternalError before they are applied. @default 0 */
  serverErrorRate?: number;
  /** Added latency on every eligible request. @default none */
  latency?: LatencyFault;
  /** Watch output flushes that are cut mid-event: a partial JSON line, then the connection closes. @default 0 */
  watchCutRate?: number;
  /** Watches resuming from a resourceVersion that get 410 Gone (an ERROR event) instead. @default 0 */
  watchGoneRate?: number;
  /** Writes that are applied and stored, then the connection is destroyed before the answer. @default 0 */
  lostResponseRate?: number;
  /** Which requests are eligible (e.g. only the controller's user agent). @default every request */
  match?: (req: FaultRequestInfo) => boolean;
}

export type FaultCounts = Record<FaultClass, number>;

export class FaultOptionsError extends Error {
  readonly code = 'InvalidFaultOptions';
}
