// Batched timers: many keyed deadlines behind one Clock timer. Each key keeps only its earliest
// deadline; when the timer fires, every due key is handed to the callback in one batch. This replaces
// one setTimeout per pod (100,000 pods → one timer).
import type { Clock, TimerHandle } from '../../api/index.js';

/** A binary min-heap of (at, key) with lazy deletion: stale entries are skipped when popped. */
class MinHeap {
  readonly #at: number[] = [];
  readonly #key: string[] = [];
  get size(): number {
    return this.#at.length;
  }
  peekAt(): number | undefined {
    return this.#at[0];
  }
  push(at: number, key: string): void {
    const a = this.#at;
    const k = this.#key;
    let i = a.length;
    a.push(at);
    k.push(key);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p]! <= at) break;
      a[i] = a[p]!;
      k[i] = k[p]!;
      i = p;
    }
    a[i] = at;
    k[i] = key;
  }
  pop(): [number, string] | undefined {
    const a = this.#at;
    const k = this.#key;
    if (a.length === 0) return undefined;
    const top: [number, string] = [a[0]!, k[0]!];
    const lastA = a.pop()!;
    const lastK = k.pop()!;
    if (a.length) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= a.length) break;
        const r = l + 1;
        const c = r < a.length && a[r]! < a[l]! ? r : l;
        if (a[c]! >= lastA) break;
        a[i] = a[c]!;
        k[i] = k[c]!;
        i = c;
      }
      a[i] = lastA;
      k[i] = lastK;
    }
    return top;
  }
}

export class DeadlineQueue {
  readonly #heap = new MinHeap();
  readonly #due = new Map<string, number>();
  readonly #clock: Clock;
  readonly #onDue: (keys: string[]) => void;
  #timer: TimerHandle | undefined;
  #timerAt = Infinity;
  #stopped = false;

  constructor(clock: Clock, onDue: (keys: string[]) => void) {
    this.#clock = clock;
    this.#onDue = onDue;
  }

  get size(): number {
    return this.#due.size;
  }

  /** Wakes `key` at `at` (epoch ms) unless it is already due earlier. */
  schedule(key: string, at: number): void {
    const cur = this.#due.get(key);
    if (cur !== undefined && cur <= at) return;
    this.#due.set(key, at);
    this.#heap.push(at, key);
    this.#arm();
  }

  cancel(key: string): void {
    this.#due.delete(key);
  }

  stop(): void {
    this.#stopped = true;
    this.#timer?.cancel();
  }

  #arm(): void {
    if (this.#stopped) return;
    const next = this.#heap.peekAt();
    if (next === undefined || next >= this.#timerAt) return;
    this.#timer?.cancel();
    this.#timerAt = next;
    this.#timer = this.#clock.setTimer(Math.max(0, next - this.#clock.now()), () => this.#fire());
  }

  #fire(): void {
    this.#timer = undefined;
    this.#timerAt = Infinity;
    const now = this.#clock.now();
    const keys: string[] = [];
    for (;;) {
      const at = this.#heap.peekAt();
      if (at === undefined || at > now) break;
      const [when, key] = this.#heap.pop()!;
      if (this.#due.get(key) !== when) continue;
      this.#due.delete(key);
      keys.push(key);
    }
    this.#arm();
    if (keys.length) this.#onDue(keys);
  }
}
