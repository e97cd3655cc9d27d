// The window of recent events kept per resource, sized as kube-apiserver 1.26's watch cache sizes it
// (staging/src/k8s.io/apiserver/pkg/storage/cacher/watch_cache.go): a capacity that starts at 100 events,
// doubles (up to an upper bound, 100 × 1024 there) while the whole window is younger than 75 s, and halves
// (down to 100) once its newest quarter is older than that. A quiet resource keeps its last events for
// ever; a busy one keeps about 75 s of them. Watches, exact lists and continue tokens from before the
// window are refused with 410 (`too old resource version: X (Y)`), Y being the oldest resumable version.
import type { StoreEvent } from './types.js';

export interface HistoryOptions {
  /** Largest number of events kept (kube-apiserver's defaultUpperBoundCapacity). @default 102400 */
  upperBound?: number;
  /** Smallest capacity (kube-apiserver's defaultLowerBoundCapacity). @default min(100, upperBound) */
  lowerBound?: number;
  /** Events younger than this keep the window growing (kube-apiserver's eventFreshDuration). @default 75000 */
  freshMs?: number;
  /** Milliseconds now (the server's clock). @default Date.now */
  now?: () => number;
}

export const HISTORY_DEFAULTS = { upperBound: 100 * 1024, lowerBound: 100, freshMs: 75_000 } as const;

export class EventHistory {
  #events: StoreEvent[] = [];
  #times: number[] = [];
  /** Index of the oldest kept event in #events (dropped events are cut off in batches). */
  #head = 0;
  #capacity: number;
  #evicted = false;
  readonly #upper: number;
  readonly #lower: number;
  readonly #freshMs: number;
  readonly #now: () => number;

  /** `listRv`: the resourceVersion the window starts after (the store's version when it began keeping events). */
  constructor(private listRv: number, options: HistoryOptions = {}) {
    this.#upper = options.upperBound ?? HISTORY_DEFAULTS.upperBound;
    this.#lower = Math.min(options.lowerBound ?? HISTORY_DEFAULTS.lowerBound, this.#upper);
    this.#freshMs = options.freshMs ?? HISTORY_DEFAULTS.freshMs;
    this.#now = options.now ?? Date.now;
    this.#capacity = this.#lower;
  }

  get length(): number {
    return this.#events.length - this.#head;
  }

  get capacity(): number {
    return this.#capacity;
  }

  /**
   * The oldest resourceVersion a watch can resume from: the version before the oldest kept event once
   * an event was dropped, else the version the window started after.
   */
  get oldestResumable(): number {
    return this.#evicted && this.length > 0 ? this.#events[this.#head]!.rec.rv - 1 : this.listRv;
  }

  /** Forgets everything up to `rv` (a restart: the events before it are gone). */
  resetTo(rv: number): void {
    this.#events = [];
    this.#times = [];
    this.#head = 0;
    this.#evicted = false;
    this.listRv = Math.max(this.listRv, rv);
  }

  push(ev: StoreEvent): void {
    const now = this.#now();
    this.#resize(now);
    if (this.length >= this.#capacity) this.#drop(1);
    this.#events.push(ev);
    this.#times.push(now);
  }

  /** Whether a watch from `rv` can be served from the window. */
  covers(rv: number): boolean {
    return rv >= this.oldestResumable;
  }

  /** Events with rv > sinceRv, oldest first (the caller checked `covers`). */
  since(sinceRv: number): StoreEvent[] {
    let lo = this.#head;
    let hi = this.#events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#events[mid]!.rec.rv <= sinceRv) lo = mid + 1;
      else hi = mid;
    }
    return this.#events.slice(lo);
  }

  #resize(now: number): void {
    const size = this.length;
    if (size < this.#capacity) return;
    if (now - this.#times[this.#head]! < this.#freshMs) {
      this.#capacity = Math.min(this.#capacity * 2, this.#upper);
      return;
    }
    const quarterAgo = this.#times[this.#events.length - Math.floor(this.#capacity / 4)] ?? now;
    if (now - quarterAgo > this.#freshMs && this.#capacity > this.#lower) {
      this.#capacity = Math.max(Math.floor(this.#capacity / 2), this.#lower);
      if (size > this.#capacity) this.#drop(size - this.#capacity);
    }
  }

  #drop(count: number): void {
    this.#head += count;
    this.#evicted = true;
    // Cut the dropped prefix off once it is large, so the arrays stay about the window's size.
    if (this.#head >= 1024 && this.#head * 2 >= this.#events.length) {
      this.#events = this.#events.slice(this.#head);
      this.#times = this.#times.slice(this.#head);
      this.#head = 0;
    }
  }
}
