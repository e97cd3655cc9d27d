import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/api/clock.js';
import { ApiError } from '../../../src/runtime/errors.js';
import { WritePriority, WriteQueue } from '../../../src/runtime/write/write-queue.js';

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

  it("serves a second tenant's write within one round of a 1,000-write backlog at qps 10", async () => {
    const clock = new FakeClock();
    const q = new WriteQueue(clock, { qps: 10, burst: 1, concurrency: 4 });
    const done: string[] = [];
    const all: Promise<unknown>[] = [];
    for (let i = 0; i < 1000; i++) all.push(q.run(async () => done.push(`a${i}`), { tenant: 'a' }));
    await clock.advanceAsync(1000, 10);
    const before = done.length;
    all.push(q.run(async () => done.push('b'), { tenant: 'b' }));
    expect(q.queuedByTenant().get('b')).toBe(1);
    await clock.advanceAsync(300, 10);
    expect(done).toContain('b');
    expect(done.indexOf('b') - before).toBeLessThanOrEqual(1);
    q.stop();
    await Promise.allSettled(all);
  });

  it('splits the bucket between backlogged tenants by their weights (3:1)', async () => {
    const clock = new FakeClock();
    const q = new WriteQueue(clock, { qps: 100, burst: 1, tenantWeight: (t) => (t === 'a' ? 3 : 1) });
    const done: string[] = [];
    const all: Promise<unknown>[] = [];
    for (let i = 0; i < 500; i++) {
      all.push(q.run(async () => done.push('a'), { tenant: 'a' }));
      all.push(q.run(async () => done.push('b'), { tenant: 'b' }));
    }
    await clock.advanceAsync(2000, 5);
    const a = done.filter((x) => x === 'a').length;
    const b = done.filter((x) => x === 'b').length;
    expect(a + b).toBeGreaterThanOrEqual(190);
    expect(a / b).toBeCloseTo(3, 0);
    q.stop();
    await Promise.allSettled(all);
  });

  it('runs pod creates ahead of status writes queued earlier in the same tenant', async () => {
    const clock = new FakeClock();
    const q = new WriteQueue(clock, { qps: 10, burst: 1, concurrency: 1 });
    const done: string[] = [];
    const all: Promise<unknown>[] = [];
    for (let i = 0; i < 20; i++) all.push(q.run(async () => done.push('status'), { priority: WritePriority.status }));
    all.push(q.run(async () => done.push('create'), { priority: WritePriority.mutate, idempotent: false }));
    await clock.advanceAsync(300, 10);
    expect(done.indexOf('create')).toBeLessThanOrEqual(1);
    q.stop();
    await Promise.allSettled(all);
  });

  it('rejects queued writes on stop instead of leaving them pending forever', async () => {
    const clock = new FakeClock();
    const q = new WriteQueue(clock, { qps: 1, burst: 1 });
    const first = q.run(async () => 1);
    const second = q.run(async () => 2);
    const secondSettled = second.catch((e: unknown) => e);
    await flush();
    q.stop();
    expect(await first).toBe(1);
    expect(await secondSettled).toMatchObject({ code: 'BucketStopped' });
  });
});
