import { threadId as mainThreadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/api/clock.js';
import { ActorSystem, ShardPool, TerminalError, fnv1a32, resolveShardPoolOptions } from '../../src/actors/index.js';
import type { TestMessage } from './fixtures/shard-worker-module.js';
import { advance } from './helpers.js';

const workerModule = new URL('./fixtures/shard-worker-module.ts', import.meta.url);
type Where = { threadId: number; shard: number };

describe('ShardPool with 2 workers', () => {
  let pool: ShardPool;
  beforeAll(async () => {
    pool = new ShardPool({ workers: 2, workerModule, shards: 8 });
    await pool.ready();
  });
  afterAll(() => pool.close());

  it('maps a key to a stable shard, and spreads keys over all shards', () => {
    expect(pool.shardOf('StatefulSet/default/web')).toBe(fnv1a32('StatefulSet/default/web') % 8);
    expect(fnv1a32('a')).toBe(0xe40c292c); // the FNV-1a 32 reference value
    const counts = new Array(8).fill(0);
    for (let i = 0; i < 8000; i++) counts[pool.shardOf(`ns/obj-${i}`)]++;
    for (const c of counts) expect(c).toBeGreaterThan(800);
  });

  it('always runs a shard on the same worker thread, and the two workers split the shards', async () => {
    const seen = new Map<number, Set<number>>();
    const calls: Promise<Where>[] = [];
    for (let round = 0; round < 50; round++) for (let s = 0; s < 8; s++) calls.push(pool.call<Where>(s, { type: 'where' }));
    for (const w of await Promise.all(calls)) {
      const set = seen.get(w.shard) ?? new Set();
      set.add(w.threadId);
      seen.set(w.shard, set);
    }
    for (const set of seen.values()) expect(set.size).toBe(1);
    const threadOf = (s: number) => [...seen.get(s)!][0]!;
    expect(threadOf(0)).toBe(threadOf(2));
    expect(threadOf(1)).toBe(threadOf(3));
    expect(threadOf(0)).not.toBe(threadOf(1));
    expect(threadOf(0)).not.toBe(mainThreadId);
    expect(pool.workerOf(5)).toBe(1);
  });

  it('keeps shard state resident in the worker between calls', async () => {
    const shard = pool.shardOf('resident-key');
    const first = await pool.call<{ n: number }>(shard, { type: 'count', key: 'resident-key' });
    const second = await pool.call<{ n: number }>(shard, { type: 'count', key: 'resident-key' });
    expect(second.n).toBe(first.n + 1);
  });

  it('sends many calls as far fewer Piscina tasks', async () => {
    const before = pool.stats();
    const calls: Promise<unknown>[] = [];
    for (let i = 0; i < 5000; i++) calls.push(pool.call(i % 8, { type: 'count', key: `k${i % 100}` } satisfies TestMessage));
    await Promise.all(calls);
    const after = pool.stats();
    expect(after.calls - before.calls).toBe(5000);
    expect(after.tasks - before.tasks).toBeLessThanOrEqual(60); // 5000 / 256 per task ≈ 20, +2 in flight per worker
  });

  it('sends a lone call at once rather than waiting to fill a batch', async () => {
    const before = pool.stats().tasks;
    await pool.call(3, { type: 'where' });
    expect(pool.stats().tasks - before).toBe(1);
  });

  it('reports a handler error as ShardHandlerError with its code, and keeps TerminalError terminal', async () => {
    await expect(pool.call(1, { type: 'fail' })).rejects.toMatchObject({ code: 'SHARD_HANDLER_FAILED', shard: 1, remoteCode: 'E_TEST' });
    const terminal = await pool.call(2, { type: 'fail', terminal: true }).catch((e: unknown) => e);
    expect(terminal).toBeInstanceOf(TerminalError);
    expect(terminal).toMatchObject({ message: 'bad spec' });
  });

  it('fails only the bad call of a batch', async () => {
    const results = await Promise.allSettled([pool.call(0, { type: 'where' }), pool.call(0, { type: 'fail' }), pool.call(0, { type: 'where' })]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('broadcasts to every shard once, results indexed by shard', async () => {
    const all = await pool.broadcast<Where>({ type: 'where' });
    expect(all.map((w) => w.shard)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('rejects a shard out of range', async () => {
    await expect(pool.call(8, { type: 'where' })).rejects.toThrow('shard must be an integer in [0, 8)');
  });
});

describe('ShardPool crash recovery', () => {
  it.each([
    ['process.exit', { type: 'exit' } as TestMessage],
    ['an uncaught throw', { type: 'throw-uncaught' } as TestMessage],
  ])('replaces a worker killed by %s: its in-flight calls reject as retryable, the other worker keeps its state', async (_name, crash) => {
    const pool = new ShardPool({ workers: 2, workerModule, shards: 2 });
    try {
      await pool.ready();
      await pool.call(0, { type: 'count', key: 'a' });
      await pool.call(1, { type: 'count', key: 'b' });
      const before = await pool.call<Where>(0, { type: 'where' });
      const results = await Promise.allSettled([
        pool.call(0, crash),
        pool.call(0, { type: 'where' }),
        pool.call(1, { type: 'count', key: 'b' }),
      ]);
      expect(results[0]).toMatchObject({ status: 'rejected', reason: { code: 'WORKER_CRASHED', shard: 0 } });
      expect(results[1]).toMatchObject({ status: 'rejected', reason: { code: 'WORKER_CRASHED' } });
      expect(results[2]).toMatchObject({ status: 'fulfilled', value: { n: 2 } });
      const after = await pool.call<Where>(0, { type: 'where' });
      expect(after.threadId).not.toBe(before.threadId);
      expect(await pool.call(0, { type: 'count', key: 'a' })).toMatchObject({ n: 1 }); // state of the dead worker is gone
      expect(await pool.call(1, { type: 'count', key: 'b' })).toMatchObject({ n: 3 });
      expect(pool.stats().restarts).toBe(1);
    } finally {
      await pool.close();
    }
  });

  it('loses no turn when a worker crashes under an ActorSystem: the failed turns are retried on the replacement', async () => {
    const pool = new ShardPool({ workers: 2, workerModule, shards: 4 });
    const clock = new FakeClock();
    const done = new Map<string, string[]>();
    const errors: string[] = [];
    const system = new ActorSystem<string>({
      clock,
      turn: async (key, messages, info) => {
        const shard = pool.shardOf(key);
        // The first attempt of key-7 kills its worker, taking the batch in flight with it.
        if (key === 'key-7' && info.attempt === 1) await pool.call(shard, { type: 'exit' });
        await pool.call(shard, { type: 'count', key });
        done.set(key, [...(done.get(key) ?? []), ...messages]);
      },
      onTurnError: (_key, err) => errors.push((err as { code: string }).code),
    });
    try {
      await pool.ready();
      for (let i = 0; i < 200; i++) system.tell(`key-${i}`, `m${i}`);
      for (let spins = 0; done.size < 200 && spins < 400; spins++) {
        await advance(clock, 5);
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(done.size).toBe(200);
      for (let i = 0; i < 200; i++) expect(done.get(`key-${i}`)).toEqual([`m${i}`]);
      expect(errors.length).toBeGreaterThan(0);
      expect(new Set(errors)).toEqual(new Set(['WORKER_CRASHED']));
    } finally {
      await system.stop();
      await pool.close();
    }
  });
});

describe('ShardPool inline (workers: 0)', () => {
  it('runs the same handlers on the main thread with resident state and the same error types', async () => {
    const pool = new ShardPool({ workers: 0, workerModule, shards: 4 });
    const where = await pool.call<Where>(3, { type: 'where' });
    expect(where).toEqual({ threadId: mainThreadId, shard: 3 });
    await pool.call(1, { type: 'count', key: 'x' });
    expect(await pool.call(1, { type: 'count', key: 'x' })).toMatchObject({ n: 2 });
    expect(await pool.call(2, { type: 'count', key: 'x' })).toMatchObject({ n: 1 });
    await expect(pool.call(1, { type: 'fail' })).rejects.toMatchObject({ code: 'SHARD_HANDLER_FAILED', remoteCode: 'E_TEST' });
    await expect(pool.call(1, { type: 'fail', terminal: true })).rejects.toBeInstanceOf(TerminalError);
    expect(pool.stats()).toMatchObject({ workers: 0, shards: 4, restarts: 0 });
    await pool.close();
    await expect(pool.call(1, { type: 'where' })).rejects.toMatchObject({ code: 'POOL_CLOSED' });
  });
});

describe('ShardPool lifecycle and options', () => {
  it('rejects calls with MODULE_LOAD_FAILED when the module has no handler', async () => {
    const pool = new ShardPool({ workers: 1, workerModule: new URL('./fixtures/broken-module.ts', import.meta.url) });
    try {
      await expect(pool.call(0, {})).rejects.toMatchObject({ code: 'MODULE_LOAD_FAILED' });
      await expect(pool.ready()).rejects.toMatchObject({ code: 'MODULE_LOAD_FAILED' });
      expect(pool.stats().restarts).toBe(0); // no crash loop: the worker runs, its calls fail
    } finally {
      await pool.close();
    }
    const inline = new ShardPool({ workers: 0, workerModule: new URL('./fixtures/broken-module.ts', import.meta.url) });
    await expect(inline.ready()).rejects.toThrow('must export a function named handle');
  });

  it('close rejects calls not yet sent and every later call', async () => {
    const pool = new ShardPool({ workers: 1, workerModule });
    const pending = pool.call(0, { type: 'where' }).catch((e: unknown) => e);
    await pool.close();
    expect(await pending).toMatchObject({ code: 'POOL_CLOSED' });
    await expect(pool.call(0, { type: 'where' })).rejects.toMatchObject({ code: 'POOL_CLOSED' });
  });

  it.each([
    [null, 'options must be an object'],
    [{ workers: -1, workerModule }, 'options.workers must be a non-negative integer'],
    [{ workers: 1.5, workerModule }, 'options.workers must be a non-negative integer'],
    [{ workers: '2', workerModule }, 'options.workers must be a non-negative integer'],
    [{ workers: 1, workerModule: '/abs/path.js' }, 'options.workerModule must be a file: URL'],
    [{ workers: 1, workerModule, shards: 0 }, 'options.shards must be a positive integer'],
    [{ workers: 4, workerModule, shards: 2 }, 'options.shards must be at least options.workers'],
    [{ workers: 1, workerModule, maxBatch: 0 }, 'options.maxBatch must be a positive integer'],
    [{ workers: 1, workerModule, maxInFlightBatches: 1.1 }, 'options.maxInFlightBatches must be a positive integer'],
    [{ workers: 1, workerModule, execArgv: '--x' }, 'options.execArgv must be an array of strings'],
  ])('rejects %j with "%s"', (options, message) => {
    expect(() => resolveShardPoolOptions(options as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS', message }));
    expect(() => new ShardPool(options as never)).toThrow(message);
  });

  it('defaults to 16 shards per worker', () => {
    expect(resolveShardPoolOptions({ workers: 2, workerModule })).toMatchObject({ shards: 32, maxBatch: 256, maxInFlightBatches: 2 });
    expect(resolveShardPoolOptions({ workers: 0, workerModule: workerModule.href })).toMatchObject({ shards: 16 });
  });
});
