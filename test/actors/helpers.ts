// Test helpers for src/actors: drive a FakeClock and let promise callbacks settle in between.
import type { FakeClock } from '../../src/api/clock.js';

/** Lets every pending promise callback and microtask run (one macrotask turn, a few times). */
export async function flush(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Advances the fake clock by `ms` (firing due timers in order), then flushes. */
export async function advance(clock: FakeClock, ms: number): Promise<void> {
  clock.advance(ms);
  await flush();
}

/** A promise with its resolve/reject exposed. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void } {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
