// The membership state machine and the drain handshake on a fake clock, several replicas sharing one
// in-memory Lease store. After every step: no key may be runnable (or still in flight) on two
// replicas at once.
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/api/clock.js';
import { ShardCoordinator } from '../../src/runtime/sharding/coordinator.js';
import { ShardState } from '../../src/runtime/sharding/shard-state.js';
import { FakeLeaseStore } from './fake-leases.js';

const KEYS = Array.from({ length: 600 }, (_, i) => `StatefulSet/ns-${i % 5}/sts-${i}`);
const OPTS = { namespace: 'kube-system', leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

interface Replica {
  id: string;
  coord: ShardCoordinator;
  client: ReturnType<FakeLeaseStore['client']>;
  /** Keys with a turn in flight (a test holds them open). */
  inFlight: Set<string>;
  /** While set, drained() does not resolve (a slow drain). */
  stuck: { release: () => void; promise: Promise<void> } | undefined;
  dead: boolean;
  acquiredAt: number[];
}

function replica(store: FakeLeaseStore, clock: FakeClock, id: string): Replica {
  const r: Replica = { id, coord: undefined as never, client: store.client(), inFlight: new Set(), stuck: undefined, dead: false, acquiredAt: [] };
  const waiters: Array<() => void> = [];
  const check = () => {
    if (r.stuck) return false;
    return [...r.inFlight].every((k) => r.coord.mayRun(k));
  };
  r.coord = new ShardCoordinator(r.client, clock, { ...OPTS, identity: id }, {
    release: () => undefined,
    drained: async () => {
      while (!check()) {
        await (r.stuck?.promise ?? new Promise<void>((res) => waiters.push(res)));
      }
    },
    acquired: () => r.acquiredAt.push(clock.now()),
  });
  (r as Replica & { finish: (k: string) => void }).finish = (k: string) => {
    r.inFlight.delete(k);
    waiters.splice(0).forEach((w) => w());
  };
  return r;
}

function finish(r: Replica, key: string): void {
  (r as Replica & { finish: (k: string) => void }).finish(key);
}

function stickDrain(r: Replica): void {
  let release!: () => void;
  const promise = new Promise<void>((res) => (release = res));
  r.stuck = {
    promise,
    release: () => {
      r.stuck = undefined;
      release();
    },
  };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

/** Advances the clock in small steps, checking the single-owner invariant after each. */
async function run(clock: FakeClock, replicas: Replica[], ms: number, step = 250): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    clock.advance(step);
    await settle();
    assertSingleOwner(replicas);
  }
}

function assertSingleOwner(replicas: Replica[]): void {
  for (const k of KEYS) {
    const holders = replicas.filter((r) => !r.dead && (r.coord.mayRun(k) || r.inFlight.has(k)));
    if (holders.length > 1) throw new Error(`${k} held by ${holders.map((h) => h.id).join(', ')}`);
  }
}

function owned(r: Replica): number {
  return KEYS.filter((k) => r.coord.mayRun(k)).length;
}

function unowned(replicas: Replica[]): number {
  return KEYS.filter((k) => !replicas.some((r) => !r.dead && r.coord.mayRun(k))).length;
}

async function startAll(clock: FakeClock, replicas: Replica[]): Promise<void> {
  for (const r of replicas) r.coord.start();
  await run(clock, replicas, 6000);
}

describe('ShardState', () => {
  it('runs nothing until every member of its view acknowledged that view', () => {
    const s = new ShardState('a');
    s.setMembers(['a', 'b']);
    expect(s.phase).toBe('Joining');
    expect(KEYS.some((k) => s.mayRun(k))).toBe(false);
    expect(s.markAcked(s.generation)).toBe(true);
    expect(s.observeAcks(new Map([['b', 'stale']])).acquired).toBe(false);
    expect(s.observeAcks(new Map([['b', s.view.id]])).acquired).toBe(true);
    expect(s.phase).toBe('Serving');
    expect(KEYS.filter((k) => s.mayRun(k)).length).toBeGreaterThan(200);
  });

  it('shrinks at once on a view change and never grows back without a full acknowledgement (A→B→A)', () => {
    const s = new ShardState('a');
    s.setMembers(['a', 'b']);
    s.markAcked(s.generation);
    s.observeAcks(new Map([['b', s.view.id]]));
    const servedAB = new Set(KEYS.filter((k) => s.mayRun(k)));
    s.setMembers(['a']); // b's lease expired: a's view now gives a everything, but a has not been acked yet
    expect(KEYS.filter((k) => s.mayRun(k))).toEqual([...servedAB]);
    s.setMembers(['a', 'b', 'c']);
    const servedABC = KEYS.filter((k) => s.mayRun(k));
    expect(servedABC.every((k) => servedAB.has(k))).toBe(true);
    s.setMembers(['a', 'b']); // back to the first view: keys that moved to c must not come back by themselves
    expect(KEYS.filter((k) => s.mayRun(k))).toEqual(servedABC);
  });

  it('fenced, it runs nothing and must drain and ack again after renewing', () => {
    const s = new ShardState('a');
    s.markAcked(s.generation);
    s.observeAcks(new Map());
    expect(s.phase).toBe('Serving');
    s.fence();
    expect(KEYS.some((k) => s.mayRun(k))).toBe(false);
    s.unfence();
    expect(s.observeAcks(new Map()).acquired).toBe(false);
    s.markAcked(s.generation);
    expect(s.observeAcks(new Map()).acquired).toBe(true);
  });
});

describe('ShardCoordinator handshake (fake clock, shared Lease store)', () => {
  it('three replicas starting together split every key between them, each about a third', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const rs = ['a', 'b', 'c'].map((id) => replica(store, clock, id));
    await startAll(clock, rs);
    expect(unowned(rs)).toBe(0);
    for (const r of rs) expect(owned(r) / KEYS.length).toBeGreaterThan(0.25);
    expect(rs.every((r) => r.coord.state.phase === 'Serving')).toBe(true);
  });

  it('a joiner starts a moving key only after the old owner finished its in-flight turn and acked (slow drain)', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const rs = ['a', 'b', 'c'].map((id) => replica(store, clock, id));
    await startAll(clock, rs);
    const d = replica(store, clock, 'd');
    rs.push(d);
    const { HashRing } = await import('../../src/runtime/sharding/hash-ring.js');
    const next = new HashRing(['a', 'b', 'c', 'd']);
    const moving = KEYS.find((k) => next.ownerOf(k) === 'd' && rs[0]!.coord.mayRun(k))!;
    expect(moving).toBeDefined();
    rs[0]!.inFlight.add(moving); // a long turn of a key about to move to d
    d.coord.start();
    await run(clock, rs, 20_000);
    expect(d.coord.mayRun(moving)).toBe(false);
    expect(owned(d)).toBe(0);
    expect(rs[1]!.coord.state.phase).toBe('Acked'); // b and c released and wait; a is draining
    expect(rs[0]!.coord.state.phase).toBe('Draining');
    finish(rs[0]!, moving);
    await run(clock, rs, 3000);
    expect(d.coord.mayRun(moving)).toBe(true);
    expect(unowned(rs)).toBe(0);
    expect(owned(d) / KEYS.length).toBeGreaterThan(0.15);
  });

  it('a drain stuck in the old owner blocks only the keys moving, not the keys that stay', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const rs = ['a', 'b'].map((id) => replica(store, clock, id));
    await startAll(clock, rs);
    const bBefore = owned(rs[1]!);
    stickDrain(rs[0]!);
    const c = replica(store, clock, 'c');
    rs.push(c);
    c.coord.start();
    await run(clock, rs, 10_000);
    expect(owned(c)).toBe(0);
    expect(owned(rs[1]!)).toBeGreaterThan(bBefore * 0.5); // b still serves the keys it keeps
    rs[0]!.stuck!.release();
    await run(clock, rs, 3000);
    expect(owned(c)).toBeGreaterThan(0);
    expect(unowned(rs)).toBe(0);
  });

  it('when the old owner is killed (-9), its keys move only after its lease expired', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const rs = ['a', 'b', 'c'].map((id) => replica(store, clock, id));
    await startAll(clock, rs);
    const victim = rs[2]!;
    const itsKeys = KEYS.filter((k) => victim.coord.mayRun(k));
    await victim.coord.stop(false); // no goodbye: its Lease stays until it expires
    victim.dead = true;
    const killedAt = clock.now();
    await run(clock, rs, 14_000);
    expect(itsKeys.some((k) => rs[0]!.coord.mayRun(k) || rs[1]!.coord.mayRun(k))).toBe(false);
    await run(clock, rs, 6000);
    expect(itsKeys.every((k) => rs[0]!.coord.mayRun(k) || rs[1]!.coord.mayRun(k))).toBe(true);
    const tookOver = Math.max(rs[0]!.acquiredAt.at(-1)!, rs[1]!.acquiredAt.at(-1)!) - killedAt;
    expect(tookOver).toBeGreaterThanOrEqual(15_000);
    expect(tookOver).toBeLessThanOrEqual(15_000 + 2 * OPTS.retryPeriodMs + 1000);
  });

  it('a replica that cannot reach the API server fences itself before its peers consider its lease expired', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const rs = ['a', 'b'].map((id) => replica(store, clock, id));
    await startAll(clock, rs);
    const a = rs[0]!;
    a.client.cut = true;
    let fencedAt: number | undefined;
    const cutAt = clock.now();
    for (let t = 0; t < 20_000 && fencedAt === undefined; t += 250) {
      await run(clock, rs, 250);
      if (a.coord.state.phase === 'Fenced') fencedAt = clock.now();
    }
    expect(fencedAt! - cutAt).toBeLessThan(OPTS.leaseDurationMs);
    await run(clock, rs, 20_000);
    expect(KEYS.every((k) => rs[1]!.coord.mayRun(k))).toBe(true);
    a.client.cut = false;
    await run(clock, rs, 10_000);
    expect(owned(a)).toBeGreaterThan(0);
    expect(unowned(rs)).toBe(0);
  });

  it('two replicas joining at once: both get their share, never overlapping', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const rs = ['a', 'b'].map((id) => replica(store, clock, id));
    await startAll(clock, rs);
    rs[0]!.inFlight.add(KEYS[0]!);
    rs[1]!.inFlight.add(KEYS.find((k) => rs[1]!.coord.mayRun(k))!);
    const joiners = ['c', 'd'].map((id) => replica(store, clock, id));
    rs.push(...joiners);
    for (const j of joiners) j.coord.start();
    await run(clock, rs, 3000);
    finish(rs[0]!, KEYS[0]!);
    finish(rs[1]!, [...rs[1]!.inFlight][0]!);
    await run(clock, rs, 8000);
    expect(unowned(rs)).toBe(0);
    for (const r of rs) expect(owned(r) / KEYS.length).toBeGreaterThan(0.15);
  });

  it('a graceful leave hands its keys over without waiting for lease expiry', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const rs = ['a', 'b', 'c'].map((id) => replica(store, clock, id));
    await startAll(clock, rs);
    await rs[2]!.coord.stop(true);
    rs[2]!.dead = true;
    await run(clock, rs, 3000);
    expect(unowned(rs)).toBe(0);
  });
});
