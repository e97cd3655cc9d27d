import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/api/clock.js';
import { ActorSystem } from '../../src/actors/actor-system.js';
import { FairQueue } from '../../src/actors/fair-queue.js';
import { deferred, flush } from './helpers.js';

function drain<T>(q: FairQueue<T>, n = Infinity): T[] {
  const out: T[] = [];
  for (let x = q.shift(); x !== undefined && out.length < n; x = out.length + 1 < n ? q.shift() : undefined) out.push(x);
  return out;
}

describe('FairQueue', () => {
  it('is a plain FIFO with one tenant', () => {
    const q = new FairQueue<number>();
    for (let i = 0; i < 5; i++) q.push('', i);
    expect(drain(q)).toEqual([0, 1, 2, 3, 4]);
    expect(q.size).toBe(0);
  });

  it('serves a tenant that arrives behind a 1,000-item backlog within one round', () => {
    const q = new FairQueue<string>();
    for (let i = 0; i < 1000; i++) q.push('a', `a${i}`);
    q.shift();
    q.push('b', 'b0');
    const next = drain(q, 3);
    expect(next.indexOf('b0')).toBeGreaterThanOrEqual(0);
    expect(next.indexOf('b0')).toBeLessThanOrEqual(1);
  });

  it('splits service by weight between backlogged tenants (3:1)', () => {
    const q = new FairQueue<string>((t) => (t === 'a' ? 3 : 1));
    for (let i = 0; i < 400; i++) {
      q.push('a', 'a');
      q.push('b', 'b');
    }
    const first = drain(q, 200);
    const a = first.filter((x) => x === 'a').length;
    expect(a).toBe(150);
  });

  it('gives fractional weights their share over several rounds', () => {
    const q = new FairQueue<string>((t) => (t === 'a' ? 0.5 : 1));
    for (let i = 0; i < 300; i++) {
      q.push('a', 'a');
      q.push('b', 'b');
    }
    const first = drain(q, 150);
    expect(first.filter((x) => x === 'a').length).toBe(50);
  });

  it('serves higher priorities first inside a tenant, without letting them cross tenants', () => {
    const q = new FairQueue<string>();
    q.push('a', 'a-status', 0);
    q.push('a', 'a-create', 2);
    q.push('a', 'a-status2', 0);
    q.push('b', 'b-status', 0);
    expect(drain(q)).toEqual(['a-create', 'b-status', 'a-status', 'a-status2']);
  });

  it('skips stale items without charging their tenant', () => {
    const q = new FairQueue<string>();
    q.push('a', 'dead1');
    q.push('a', 'dead2');
    q.push('a', 'a1');
    q.push('b', 'b1');
    expect(q.shift((x) => !x.startsWith('dead'))).toBe('a1');
    expect(q.shift()).toBe('b1');
  });

  it('passes over tenants that are not eligible now, and gives nothing when none is', () => {
    const q = new FairQueue<string>();
    for (let i = 0; i < 3; i++) q.push('a', `a${i}`);
    q.push('b', 'b0');
    expect(q.shift(undefined, (t) => t !== 'a')).toBe('b0');
    expect(q.shift(undefined, (t) => t !== 'a')).toBeUndefined();
    expect(q.size).toBe(3);
    expect(q.shift()).toBe('a0');
  });
});

describe('ActorSystem with tenants', () => {
  it("runs a later tenant's key after at most one round of a 500-key backlog of another tenant", async () => {
    const clock = new FakeClock();
    const order: string[] = [];
    const gate = deferred();
    const sys = new ActorSystem<number>({
      clock,
      concurrency: 1,
      tenantOf: (k) => k.split('/')[0]!,
      turn: async (k) => {
        order.push(k);
        if (order.length === 1) await gate.promise;
      },
    });
    for (let i = 0; i < 500; i++) sys.tell(`a/${i}`, 1);
    await flush();
    sys.tell('b/0', 1);
    expect(sys.queuedByTenant().get('a')).toBe(499);
    expect(sys.queuedByTenant().get('b')).toBe(1);
    gate.resolve();
    await sys.onIdle();
    expect(order.indexOf('b/0')).toBeLessThanOrEqual(2);
    expect(order).toHaveLength(501);
    expect(sys.queuedByTenant().size).toBe(0);
  });

  it('keeps low-priority keys behind normal ones across tenants', async () => {
    const order: string[] = [];
    const gate = deferred();
    const sys = new ActorSystem<number>({
      concurrency: 1,
      tenantOf: (k) => k.split('/')[0]!,
      turn: async (k) => {
        order.push(k);
        if (order.length === 1) await gate.promise;
      },
    });
    sys.tell('a/first', 1);
    await flush();
    sys.tell('a/low', 1, { priority: 'low' });
    sys.tell('b/normal', 1);
    gate.resolve();
    await sys.onIdle();
    expect(order).toEqual(['a/first', 'b/normal', 'a/low']);
  });

  it("keeps a quarter of the turn slots for other tenants: a tenant whose turns all wait cannot hold every slot", async () => {
    const gate = deferred();
    const started: string[] = [];
    const sys = new ActorSystem<number>({
      concurrency: 8,
      tenantOf: (k) => k.split('/')[0]!,
      turn: async (k) => {
        started.push(k);
        if (k.startsWith('a/')) await gate.promise; // a's turns wait (on rate-limited writes, say)
      },
    });
    for (let i = 0; i < 100; i++) sys.tell(`a/${i}`, 1);
    await flush();
    expect(started).toHaveLength(6); // 8 slots − 2 kept
    sys.tell('b/0', 1);
    await flush();
    expect(started).toContain('b/0'); // at once, while all of a's turns still wait
    gate.resolve();
    await sys.onIdle();
    expect(started).toHaveLength(101);
  });
});
