import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/api/clock.js';
import { ApiError } from '../../../src/runtime/errors.js';
import { WritePriority, WriteQueue, type WriteOptions, type WriteQueueOptions } from '../../../src/runtime/write/write-queue.js';

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

/** A queue on a fake clock recording each write's name and when it went out (ms since the start). */
function recorded(options: WriteQueueOptions) {
  const clock = new FakeClock();
  const t0 = clock.now();
  const q = new WriteQueue(clock, options);
  const sent: Array<[string, number]> = [];
  const write = (name: string, o: WriteOptions = {}) => q.run(async () => void sent.push([name, clock.now() - t0]), o);
  const names = () => sent.map(([n]) => n);
  const timesOf = (prefix: string) => sent.filter(([n]) => n.startsWith(prefix)).map(([, t]) => t);
  return { clock, q, sent, write, names, timesOf };
}

describe('WriteQueue: writes due at a scheduled time (a thousand cron schedules in one minute)', () => {
  it('sends due writes at once past an empty bucket and a backlog, then makes later writes repay the debt', async () => {
    const { clock, sent, write, names, timesOf } = recorded({ qps: 10, burst: 2, scheduleBurst: 100 });
    const backlog = Array.from({ length: 5 }, (_, i) => write(`status-${i}`, { priority: WritePriority.mutate }));
    await flush();
    expect(names()).toEqual(['status-0', 'status-1']); // the burst is spent
    const children = Array.from({ length: 50 }, (_, i) => write(`child-${i}`, { due: true, priority: WritePriority.mutate }));
    await flush();
    // All 50 children now (borrowed 50 tokens), none of the backlog: due writes come first.
    expect(timesOf('child-')).toEqual(Array(50).fill(0));
    expect(sent).toHaveLength(52);
    await Promise.all(children);
    // The debt (50 tokens at 10/s = 5 s) plus the next token: the backlog resumes after ~5.1 s, at qps.
    await clock.advanceAsync(5000, 100);
    expect(sent).toHaveLength(52);
    await clock.advanceAsync(400, 10);
    await Promise.all(backlog);
    const resumed = sent.slice(52).map(([, t]) => t);
    expect(resumed[0]).toBeGreaterThanOrEqual(5000);
    expect(resumed[2]! - resumed[0]!).toBeGreaterThanOrEqual(199); // 10/s again
  });

  it('borrows at most scheduleBurst tokens; further due writes wait for tokens, still ahead of others', async () => {
    const { clock, write, names } = recorded({ qps: 10, burst: 1, scheduleBurst: 3 });
    void write('first');
    await flush();
    void write('other');
    for (let i = 0; i < 6; i++) void write(`due-${i}`, { due: true });
    await flush();
    expect(names()).toEqual(['first', 'due-0', 'due-1', 'due-2']);
    await clock.advanceAsync(1000, 10);
    // The debt of 3 is repaid at 400 ms; due-3..5 then 'other' at 100 ms each.
    expect(names()).toEqual(['first', 'due-0', 'due-1', 'due-2', 'due-3', 'due-4', 'due-5', 'other']);
  });

  it('beyond the debt limit, due writes are fair-queued: another tenant keeps its share of the rate', async () => {
    const { clock, write, names } = recorded({ qps: 10, burst: 1, scheduleBurst: 2, tenantReserve: 0 });
    for (let i = 0; i < 20; i++) void write(`a-due-${i}`, { tenant: 'a', due: true });
    for (let i = 0; i < 5; i++) void write(`b-${i}`, { tenant: 'b' });
    await flush();
    expect(names()).toEqual(['a-due-0', 'a-due-1', 'a-due-2']); // the burst token and 2 borrowed
    await clock.advanceAsync(1300, 10);
    // Debt repaid at 300 ms; then one token per 100 ms, shared round-robin between a and b.
    const after = names().slice(3);
    expect(after.filter((x) => x.startsWith('b-')).length).toBeGreaterThanOrEqual(4);
    expect(after.filter((x) => x.startsWith('a-')).length).toBeGreaterThanOrEqual(4);
  });

  it('with scheduleBurst 0 a due write only jumps the queue', async () => {
    const { clock, write, names } = recorded({ qps: 10, burst: 1, scheduleBurst: 0 });
    void write('first');
    await flush();
    void write('other');
    void write('due', { due: true });
    await flush();
    expect(names()).toEqual(['first']);
    await clock.advanceAsync(100, 10);
    expect(names()).toEqual(['first', 'due']);
  });

  it('rejects a negative or fractional scheduleBurst naming the option', () => {
    expect(() => new WriteQueue(new FakeClock(), { scheduleBurst: -1 })).toThrow(/options.scheduleBurst must be a non-negative integer/);
    expect(() => new WriteQueue(new FakeClock(), { scheduleBurst: 1.5 })).toThrow(/scheduleBurst/);
  });
});

describe('WriteQueue: the tenant reserve (a small tenant behind a huge rollout)', () => {
  it('keeps the last tokens of the bucket for a tenant with a short queue: its writes go out at once', async () => {
    const { clock, sent, write, timesOf } = recorded({ qps: 10, burst: 8, tenantReserve: 4 });
    for (let i = 0; i < 100; i++) void write(`a-${i}`, { tenant: 'a' });
    await flush();
    // A tenant with a backlog longer than the reserve takes the burst down to the reserve only...
    expect(sent).toHaveLength(4);
    await clock.advanceAsync(1000, 10);
    // ...and then the full rate: 10 per second.
    expect(sent).toHaveLength(14);
    for (let i = 0; i < 4; i++) void write(`b-${i}`, { tenant: 'b' });
    await flush();
    // b arrives later with a short queue: its 4 writes go out at once, at 1000 ms. Without the reserve
    // it would get one token per round (every 200 ms with two tenants at 10/s).
    expect(timesOf('b-')).toEqual([1000, 1000, 1000, 1000]);
  });

  it('keeps the reserve from a backlog that dips below it: a tenant is light again only once its queue has emptied', async () => {
    const { clock, sent, write, timesOf } = recorded({ qps: 10, burst: 8, tenantReserve: 4 });
    for (let i = 0; i < 20; i++) void write(`a-${i}`, { tenant: 'a' });
    await clock.advanceAsync(1300, 10);
    // a: 4 at once, then 10/s → 16 sent, 4 still queued: no more than the reserve, yet a may not take it.
    expect(sent).toHaveLength(16);
    for (let i = 0; i < 4; i++) void write(`b-${i}`, { tenant: 'b' });
    await flush();
    expect(timesOf('b-')).toEqual([1300, 1300, 1300, 1300]);
  });

  it('costs tenants with backlogs no rate: the reserve stays unused and the bucket still gives qps', async () => {
    const clock = new FakeClock();
    const q = new WriteQueue(clock, { qps: 20, burst: 8, tenantReserve: 4 });
    let a = 0;
    let b = 0;
    for (let i = 0; i < 400; i++) void q.run(async () => void a++, { tenant: 'a' });
    for (let i = 0; i < 400; i++) void q.run(async () => void b++, { tenant: 'b' });
    await clock.advanceAsync(10_000, 5);
    // Both have backlogs: neither is light, the reserve stays unused, the rate is still qps: the first
    // 4 tokens of the burst, then 20/s for 10 s (± 1).
    expect(a + b).toBeGreaterThanOrEqual(4 + 200 - 1);
    expect(a + b).toBeLessThanOrEqual(4 + 200 + 1);
    expect(Math.abs(a - b)).toBeLessThanOrEqual(8);
  });

  it('rejects a reserve not below the burst, naming the option', () => {
    expect(() => new WriteQueue(new FakeClock(), { burst: 10, tenantReserve: 10 })).toThrow(/options.tenantReserve must be below options.burst \(10\)/);
  });
});
