import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/api/clock.js';
import { ApiError } from '../../../src/runtime/errors.js';
import { WriteQueue } from '../../../src/runtime/write/write-queue.js';

async function flush() {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

describe('WriteQueue', () => {
  it('honours Retry-After on 429 before retrying', async () => {
    const clock = new FakeClock();
    const q = new WriteQueue(clock, { qps: 0 });
    const calls: number[] = [];
    const p = q.run(async () => {
      calls.push(clock.now());
      if (calls.length === 1) throw new ApiError('slow down', 429, { retryAfterMs: 3000 });
      return 'ok';
    });
    await flush();
    clock.advance(2999);
    await flush();
    expect(calls).toHaveLength(1);
    clock.advance(1);
    await flush();
    expect(await p).toBe('ok');
    expect(calls[1]! - calls[0]!).toBe(3000);
  });

  it('backs off exponentially on 5xx and gives up after maxAttempts', async () => {
    const clock = new FakeClock();
    const q = new WriteQueue(clock, { qps: 0, maxAttempts: 3, retryInitialMs: 100 });
    const calls: number[] = [];
    const p = q.run(async () => {
      calls.push(clock.now());
      throw new ApiError('boom', 503);
    });
    const settled = p.catch((e: unknown) => e);
    await clock.advanceAsync(1000, 10);
    const err = await settled;
    expect(err).toBeInstanceOf(ApiError);
    expect(calls.map((t) => t - calls[0]!)).toEqual([0, 100, 300]);
  });

  it('does not retry a 409: the caller re-plans', async () => {
    const q = new WriteQueue(new FakeClock(), { qps: 0 });
    let n = 0;
    await expect(
      q.run(async () => {
        n++;
        throw new ApiError('conflict', 409);
      }),
    ).rejects.toMatchObject({ statusCode: 409 });
    expect(n).toBe(1);
  });

  it('runs writes in parallel up to its concurrency', async () => {
    const q = new WriteQueue(new FakeClock(), { qps: 0, concurrency: 4 });
    let inFlight = 0;
    let max = 0;
    const release: Array<() => void> = [];
    const all = Array.from({ length: 10 }, () =>
      q.run(async () => {
        inFlight++;
        max = Math.max(max, inFlight);
        await new Promise<void>((r) => release.push(r));
        inFlight--;
      }),
    );
    for (let i = 0; i < 10; i++) {
      await flush();
      release.splice(0).forEach((r) => r());
    }
    await Promise.all(all);
    expect(max).toBe(4);
  });

  it('never retries a create after a lost connection (it may have been applied), but does after 429/503', async () => {
    const clock = new FakeClock();
    const q = new WriteQueue(clock, { qps: 0, retryInitialMs: 1 });
    let n = 0;
    const lost = q.run(async () => {
      n++;
      throw new ApiError('socket hang up', 0);
    }, 0, false);
    await expect(lost).rejects.toMatchObject({ statusCode: 0 });
    expect(n).toBe(1);
    let m = 0;
    const busy = q.run(async () => {
      if (++m === 1) throw new ApiError('unavailable', 503);
      return 'created';
    }, 0, false);
    await clock.advanceAsync(10, 1);
    expect(await busy).toBe('created');
  });
});
