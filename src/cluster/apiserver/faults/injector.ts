// The fault injector: resolves FaultOptions, draws decisions from a seeded PRNG (mulberry32, so a run is
// reproducible for a given request order) and counts every fault it injects. Pure decisions only; the
// HTTP layer (faults/http.ts and http/watch.ts) carries them out.
import { seededRandom } from '../../../api/random.js';
import { FAULT_CLASSES, FaultOptionsError, type FaultClass, type FaultCounts, type FaultOptions, type FaultRequestInfo, type LatencyFault } from './types.js';

export type WriteFault = { kind: 'conflict' } | { kind: 'tooManyRequests'; retryAfterSeconds: number } | { kind: 'serverError' } | { kind: 'lostResponse' };

const RATES = ['conflictRate', 'tooManyRequestsRate', 'serverErrorRate', 'watchCutRate', 'watchGoneRate', 'lostResponseRate'] as const;

export function resolveFaultOptions(options: FaultOptions): FaultOptions & { seed: number; retryAfterSeconds: number } {
  for (const name of RATES) {
    const v = options[name];
    if (v !== undefined && !(typeof v === 'number' && v >= 0 && v <= 1)) throw new FaultOptionsError(`faults.${name} must be a number from 0 to 1 (got ${String(v)})`);
  }
  const seed = options.seed ?? 1;
  if (!Number.isInteger(seed)) throw new FaultOptionsError(`faults.seed must be an integer (got ${String(seed)})`);
  const retryAfterSeconds = options.retryAfterSeconds ?? 1;
  if (!Number.isInteger(retryAfterSeconds) || retryAfterSeconds < 0) throw new FaultOptionsError(`faults.retryAfterSeconds must be a non-negative integer (got ${String(retryAfterSeconds)})`);
  const l = options.latency;
  if (l) {
    if (l.rate !== undefined && !(l.rate >= 0 && l.rate <= 1)) throw new FaultOptionsError(`faults.latency.rate must be a number from 0 to 1 (got ${String(l.rate)})`);
    const min = l.minMs ?? 0;
    const max = l.maxMs ?? 50;
    if (!(min >= 0 && max >= min)) throw new FaultOptionsError(`faults.latency must have 0 <= minMs <= maxMs (got ${min}, ${max})`);
    if (l.meanMs !== undefined && !(l.meanMs > 0)) throw new FaultOptionsError(`faults.latency.meanMs must be positive (got ${String(l.meanMs)})`);
  }
  return { ...options, seed, retryAfterSeconds };
}

export function emptyCounts(): FaultCounts {
  return Object.fromEntries(FAULT_CLASSES.map((c) => [c, 0])) as FaultCounts;
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class FaultInjector {
  #options: ReturnType<typeof resolveFaultOptions> | undefined;
  #random: () => number = seededRandom(1);
  readonly #counts = emptyCounts();

  constructor(options?: FaultOptions) {
    this.set(options);
  }

  /** Replaces the fault configuration (undefined turns injection off); re-seeds the random source. Counters carry on. */
  set(options: FaultOptions | undefined): void {
    this.#options = options ? resolveFaultOptions(options) : undefined;
    this.#random = seededRandom(this.#options?.seed ?? 1);
  }

  get options(): FaultOptions | undefined {
    return this.#options;
  }

  get active(): boolean {
    return this.#options !== undefined;
  }

  /** How many faults of each class were injected since start (or the last reset). */
  counts(): FaultCounts {
    return { ...this.#counts };
  }

  resetCounts(): void {
    for (const c of Object.keys(this.#counts) as FaultClass[]) this.#counts[c] = 0;
  }

  eligible(req: FaultRequestInfo): boolean {
    const o = this.#options;
    return o !== undefined && (o.match?.(req) ?? true);
  }

  /** The delay to add before handling `req` (0 for none). */
  latencyFor(req: FaultRequestInfo): number {
    const l = this.#options?.latency;
    if (!l || !this.eligible(req) || !this.#roll(l.rate ?? 1)) return 0;
    this.#counts.latency++;
    return drawDelay(l, this.#random);
  }

  /** The fault (if any) a write request gets; reads and watches get none. */
  writeFaultFor(req: FaultRequestInfo): WriteFault | undefined {
    const o = this.#options;
    if (!o || !WRITE_METHODS.has(req.method) || !this.eligible(req)) return undefined;
    if (this.#roll(o.conflictRate)) return this.#count('conflict', { kind: 'conflict' });
    if (this.#roll(o.tooManyRequestsRate)) return this.#count('tooManyRequests', { kind: 'tooManyRequests', retryAfterSeconds: o.retryAfterSeconds });
    if (this.#roll(o.serverErrorRate)) return this.#count('serverError', { kind: 'serverError' });
    if (this.#roll(o.lostResponseRate)) return { kind: 'lostResponse' };
    return undefined;
  }

  /** Records a lost response once the write was really applied (a 2xx answer was about to go out). */
  countLostResponse(): void {
    this.#counts.lostResponse++;
  }

  /** Whether this watch flush is cut mid-event. */
  shouldCutWatch(req: FaultRequestInfo): boolean {
    return this.#decide('watchCut', this.#options?.watchCutRate, req);
  }

  /** Whether a watch resuming from a resourceVersion gets 410 Gone. */
  shouldExpireWatch(req: FaultRequestInfo): boolean {
    return this.#decide('watchGone', this.#options?.watchGoneRate, req);
  }

  #decide(c: FaultClass, rate: number | undefined, req: FaultRequestInfo): boolean {
    if (!rate || !this.eligible(req) || !this.#roll(rate)) return false;
    this.#counts[c]++;
    return true;
  }

  #roll(rate: number | undefined): boolean {
    return !!rate && this.#random() < rate;
  }

  #count<T>(c: FaultClass, value: T): T {
    this.#counts[c]++;
    return value;
  }
}

export function drawDelay(l: LatencyFault, random: () => number): number {
  const min = l.minMs ?? 0;
  const max = l.maxMs ?? 50;
  if (l.distribution === 'exponential') return Math.min(max, min + -Math.log(1 - random()) * (l.meanMs ?? 20));
  return min + random() * (max - min);
}
