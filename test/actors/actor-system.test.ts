import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/api/clock.js';
import { ActorSystem, TerminalError, type TurnInfo, type TurnOutcome } from '../../src/actors/index.js';
import { advance, deferred, flush } from './helpers.js';

type Call = { key: string; messages: string[]; info: TurnInfo; at: number };

function recorder(clock: FakeClock, body?: (c: Call) => Promise<TurnOutcome | void> | TurnOutcome | void) {
  const calls: Call[] = [];
  const turn = async (key: string, messages: string[], info: TurnInfo) => {
    const c = { key, messages, info, at: clock.now() };
    calls.push(c);
    return body?.(c);
  };
  return { calls, turn };
}

describe('ActorSystem mailbox', () => {
  it('coalesces a burst of 10 messages into one turn that gets them all, in order', async () => {
    const clock = new FakeClock();
    const { calls, turn } = recorder(clock);
    const sys = new ActorSystem<string>({ turn, clock });
    for (let i = 0; i < 10; i++) sys.tell('a', `m${i}`);
    await flush();
    expect(calls).toHaveLength(1);
    expect(calls[0]!.messages).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8', 'm9']);
    expect(calls[0]!.info).toEqual({ attempt: 1, queuedMs: 0, reason: 'message', releaseSlot: expect.any(Function) });
  });

  it('gives messages that arrive during a turn to exactly one next turn', async () => {
    const clock = new FakeClock();
    const gate = deferred();
    const { calls, turn } = recorder(clock, (c) => (c.messages[0] === 'first' ? gate.promise : undefined));
    const sys = new ActorSystem<string>({ turn, clock });
    sys.tell('a', 'first');
    await flush();
    sys.tell('a', 'x');
    sys.tell('a', 'y');
    sys.tell('a', 'z');
    await flush();
    expect(calls).toHaveLength(1);
    gate.resolve();
    await flush();
    expect(calls.map((c) => c.messages)).toEqual([['first'], ['x', 'y', 'z']]);
  });

  it('never runs two turns of one key at once, and delivers every message exactly once (1,000 keys, random bursts)', async () => {
    const clock = new FakeClock();
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const inFlight = new Map<string, number>();
    let maxPerKey = 0;
    let maxTotal = 0;
    let total = 0;
    const delivered = new Map<string, number[]>();
    const sys = new ActorSystem<number>({
      clock,
      concurrency: 64,
      turn: async (key, messages) => {
        const n = (inFlight.get(key) ?? 0) + 1;
        inFlight.set(key, n);
        total++;
        maxPerKey = Math.max(maxPerKey, n);
        maxTotal = Math.max(maxTotal, total);
        const got = delivered.get(key) ?? [];
        got.push(...messages);
        delivered.set(key, got);
        for (let i = rand(20); i > 0; i--) await Promise.resolve();
        if (rand(3) === 0) await new Promise<void>((r) => setImmediate(r));
        inFlight.set(key, n - 1);
        total--;
      },
    });
    const sent = new Map<string, number[]>();
    let seq = 0;
    for (let round = 0; round < 30; round++) {
      for (let b = 0; b < 200; b++) {
        const key = `k${rand(1000)}`;
        for (let i = rand(10) + 1; i > 0; i--) {
          sys.tell(key, seq);
          const s = sent.get(key) ?? [];
          s.push(seq++);
          sent.set(key, s);
        }
      }
      for (let i = rand(4); i > 0; i--) await Promise.resolve();
      if (rand(2) === 0) await new Promise<void>((r) => setImmediate(r));
    }
    await sys.onIdle();
    expect(maxPerKey).toBe(1);
    expect(maxTotal).toBe(64);
    expect(delivered).toEqual(sent);
    expect(sys.stats()).toMatchObject({ queued: 0, running: 0, keys: 0, timers: 0 });
  });

  it('runs turns of different keys in parallel, up to `concurrency`', async () => {
    const clock = new FakeClock();
    const gates = new Map<string, ReturnType<typeof deferred<void>>>();
    const sys = new ActorSystem<string>({
      clock,
      concurrency: 4,
      turn: (key) => {
        const g = deferred<void>();
        gates.set(key, g);
        return g.promise;
      },
    });
    for (let i = 0; i < 10; i++) sys.tell(`k${i}`, 'go');
    await flush();
    expect([...gates.keys()]).toEqual(['k0', 'k1', 'k2', 'k3']);
    expect(sys.stats()).toMatchObject({ running: 4, queued: 6 });
    gates.get('k1')!.resolve();
    await flush();
    expect(gates.has('k4')).toBe(true);
    expect(sys.stats()).toMatchObject({ running: 4, queued: 5 });
  });

  it('starts the next key when a turn gives its slot back early, and runs no second turn of that key until the first ends', async () => {
    const clock = new FakeClock();
    const gates = new Map<string, ReturnType<typeof deferred<void>>>();
    const turns: string[] = [];
    const sys = new ActorSystem<string>({
      clock,
      concurrency: 1,
      turn: async (key, messages, info) => {
        turns.push(`${key}:${messages.join(',')}`);
        info.releaseSlot();
        info.releaseSlot(); // idempotent: the second call frees nothing more
        const g = deferred<void>();
        gates.set(`${key}:${messages.join(',')}`, g);
        await g.promise;
      },
    });
    sys.tell('a', '1');
    sys.tell('b', '1');
    sys.tell('c', '1');
    await flush();
    // Every turn released its slot: all three started although only one slot exists.
    expect(turns).toEqual(['a:1', 'b:1', 'c:1']);
    expect(sys.stats()).toMatchObject({ running: 3, slots: 0 });
    sys.tell('a', '2');
    await flush();
    expect(turns).toEqual(['a:1', 'b:1', 'c:1']);
    gates.get('a:1')!.resolve();
    await flush();
    expect(turns).toEqual(['a:1', 'b:1', 'c:1', 'a:2']);
    let stopped = false;
    const stop = sys.stop().then(() => (stopped = true));
    await flush();
    expect(stopped).toBe(false); // stop waits for turns that hold no slot as well
    for (const k of ['a:2', 'b:1', 'c:1']) gates.get(k)!.resolve();
    await stop;
    expect(sys.stats()).toMatchObject({ running: 0, slots: 0 });
  });

  it('keeps a slot until the turn ends when the turn does not give it back', async () => {
    const clock = new FakeClock();
    const gate = deferred();
    const turns: string[] = [];
    const sys = new ActorSystem<string>({
      clock,
      concurrency: 1,
      turn: async (key) => {
        turns.push(key);
        if (key === 'a') await gate.promise;
      },
    });
    sys.tell('a', '1');
    sys.tell('b', '1');
    await flush();
    expect(turns).toEqual(['a']);
    expect(sys.stats()).toMatchObject({ running: 1, slots: 1, queued: 1 });
    gate.resolve();
    await flush();
    expect(turns).toEqual(['a', 'b']);
  });

  it('serves low-priority keys only after every ready normal key', async () => {
    const clock = new FakeClock();
    const { calls, turn } = recorder(clock);
    const sys = new ActorSystem<string>({ turn, clock, concurrency: 1 });
    for (let i = 0; i < 5; i++) sys.tell(`list-${i}`, 'added', { priority: 'low' });
    for (let i = 0; i < 3; i++) sys.tell(`live-${i}`, 'modified');
    await flush(10);
    expect(calls.map((c) => c.key)).toEqual(['live-0', 'live-1', 'live-2', 'list-0', 'list-1', 'list-2', 'list-3', 'list-4']);
  });

  it('promotes a queued low-priority key when a normal message arrives for it', async () => {
    const clock = new FakeClock();
    const { calls, turn } = recorder(clock);
    const sys = new ActorSystem<string>({ turn, clock, concurrency: 1 });
    sys.tell('low-a', '1', { priority: 'low' });
    sys.tell('low-b', '1', { priority: 'low' });
    sys.tell('normal', '1');
    sys.tell('low-b', '2');
    await flush(10);
    expect(calls.map((c) => [c.key, c.messages])).toEqual([
      ['normal', ['1']],
      ['low-b', ['1', '2']],
      ['low-a', ['1']],
    ]);
  });
});

describe('ActorSystem supervision', () => {
  it('retries a throwing turn after 5, 10, 20 … ms, capped at 1000 s', async () => {
    const clock = new FakeClock();
    const retries: [number, number][] = [];
    const { calls, turn } = recorder(clock, () => {
      throw new Error('boom');
    });
    const sys = new ActorSystem<string>({ turn, clock, onTurnError: (_k, _e, attempt, ms) => retries.push([attempt, ms]) });
    sys.tell('a', 'm');
    await flush();
    const expected = [5, 10, 20, 40, 80, 160, 320, 640, 1280, 2560, 5120, 10240, 20480, 40960, 81920, 163840, 327680, 655360, 1_000_000, 1_000_000, 1_000_000];
    for (const [i, delay] of expected.entries()) {
      await advance(clock, delay - 1);
      expect(calls).toHaveLength(i + 1);
      await advance(clock, 1);
      expect(calls).toHaveLength(i + 2);
      expect(calls[i + 1]!.at - calls[i]!.at).toBe(delay);
      expect(calls[i + 1]!.info).toMatchObject({ attempt: i + 2, reason: 'retry', queuedMs: 0 });
      expect(calls[i + 1]!.messages).toEqual(['m']);
    }
    expect(retries.slice(0, 4)).toEqual([[1, 5], [2, 10], [3, 20], [4, 40]]);
    expect(sys.stats()).toMatchObject({ retries: expected.length + 1, timers: 1, keys: 1 });
  });

  it('resets the backoff after a successful turn', async () => {
    const clock = new FakeClock();
    let fail = 3;
    const { calls, turn } = recorder(clock, (c) => {
      if (c.messages.includes('fail') && fail-- > 0) throw new Error('boom');
    });
    const sys = new ActorSystem<string>({ turn, clock });
    sys.tell('a', 'fail');
    await flush();
    await advance(clock, 5);
    await advance(clock, 10);
    await advance(clock, 20);
    expect(calls.map((c) => c.info.attempt)).toEqual([1, 2, 3, 4]);
    expect(sys.stats().keys).toBe(0);
    fail = 1;
    sys.tell('a', 'fail');
    await flush();
    await advance(clock, 4);
    expect(calls).toHaveLength(5);
    await advance(clock, 1);
    expect(calls).toHaveLength(6);
    expect(calls[5]!.info).toMatchObject({ attempt: 2, reason: 'retry' });
  });

  it('runs a key in backoff at once on a new message (as a workqueue Add), redelivering the failed messages', async () => {
    const clock = new FakeClock();
    let failing = true;
    const { calls, turn } = recorder(clock, () => {
      if (failing) throw new Error('boom');
    });
    const sys = new ActorSystem<string>({ turn, clock });
    sys.tell('a', 'm1');
    await flush();
    await advance(clock, 5); // attempt 2 fails → retry in 10 ms
    await advance(clock, 3);
    failing = false;
    sys.tell('a', 'm2');
    await flush();
    expect(calls).toHaveLength(3);
    expect(calls[2]!.info).toMatchObject({ attempt: 3, reason: 'message' });
    expect(calls[2]!.messages).toEqual(['m1', 'm2']);
    // The retry deadline was consumed by that turn: nothing runs when it would have expired.
    await advance(clock, 100);
    expect(calls).toHaveLength(3);
    expect(sys.stats()).toMatchObject({ keys: 0, timers: 0 });
    expect(clock.pendingTimers).toBe(0);
  });

  it('stops retrying on a TerminalError and reports it once', async () => {
    const clock = new FakeClock();
    const terminal: [string, unknown][] = [];
    const { calls, turn } = recorder(clock, () => {
      throw new TerminalError('spec is invalid');
    });
    const sys = new ActorSystem<string>({ turn, clock, onTerminal: (k, e) => terminal.push([k, e]) });
    sys.tell('bad', 'm');
    await flush();
    await advance(clock, 10_000);
    expect(calls).toHaveLength(1);
    expect(terminal).toHaveLength(1);
    expect(terminal[0]![0]).toBe('bad');
    expect((terminal[0]![1] as TerminalError).code).toBe('TERMINAL');
    expect(sys.stats()).toMatchObject({ keys: 0, timers: 0, terminal: 1, retries: 0 });
    sys.tell('bad', 'again');
    await flush();
    expect(calls[1]!.messages).toEqual(['again']);
  });

  it('never lets a failing key stall other keys', async () => {
    const clock = new FakeClock();
    const { calls, turn } = recorder(clock, (c) => {
      if (c.key === 'bad') throw new Error('boom');
    });
    const sys = new ActorSystem<string>({ turn, clock, concurrency: 1 });
    sys.tell('bad', 'm');
    for (let i = 0; i < 50; i++) sys.tell(`good-${i}`, 'm');
    await flush(20);
    expect(calls.filter((c) => c.key.startsWith('good'))).toHaveLength(50);
    expect(sys.stats()).toMatchObject({ queued: 0, running: 0, keys: 1 });
  });

  it('treats a turn that throws synchronously like one that rejects', async () => {
    const clock = new FakeClock();
    const errors: unknown[] = [];
    const sys = new ActorSystem<string>({
      clock,
      turn: (() => {
        throw new Error('sync');
      }) as never,
      onTurnError: (_k, e) => errors.push(e),
    });
    sys.tell('a', 'm');
    await flush();
    expect(errors).toHaveLength(1);
    expect(sys.stats()).toMatchObject({ running: 0, timers: 1 });
  });
});

describe('ActorSystem timers', () => {
  it('fires timers in deadline order with reason "timer"', async () => {
    const clock = new FakeClock();
    const { calls, turn } = recorder(clock);
    const sys = new ActorSystem<string>({ turn, clock });
    sys.schedule('c', 300);
    sys.schedule('a', 100);
    sys.schedule('b', 200);
    expect(clock.pendingTimers).toBe(1);
    expect(sys.stats().timers).toBe(3);
    const start = clock.now();
    await advance(clock, 99);
    expect(calls).toHaveLength(0);
    await advance(clock, 1);
    for (const [key, ms] of [['a', 100], ['b', 200], ['c', 300]] as const) {
      if (ms > 100) await advance(clock, 100);
      expect(calls.at(-1)).toMatchObject({ key, messages: [], info: { reason: 'timer', attempt: 1 } });
      expect(calls.at(-1)!.at - start).toBe(ms);
      expect(calls.at(-1)!.info.queuedMs).toBe(0);
    }
    expect(clock.pendingTimers).toBe(0);
    expect(sys.stats()).toMatchObject({ keys: 0, timers: 0 });
  });

  it('keeps only the earliest deadline of a key', async () => {
    const clock = new FakeClock();
    const { calls, turn } = recorder(clock);
    const sys = new ActorSystem<string>({ turn, clock });
    sys.schedule('a', 500);
    sys.schedule('a', 100);
    sys.schedule('a', 300);
    expect(sys.stats().timers).toBe(1);
    await advance(clock, 100);
    expect(calls).toHaveLength(1);
    await advance(clock, 1000);
    expect(calls).toHaveLength(1);
  });

  it('requeues a turn after the requeueAfterMs it returns', async () => {
    const clock = new FakeClock();
    const ends: string[] = [];
    const { calls, turn } = recorder(clock, (c) => (calls.length < 3 ? { requeueAfterMs: 1000 } : undefined));
    const sys = new ActorSystem<string>({ turn, clock, onTurnEnd: (_k, _d, r) => ends.push(r) });
    sys.tell('a', 'm');
    await flush();
    await advance(clock, 999);
    expect(calls).toHaveLength(1);
    await advance(clock, 1);
    await advance(clock, 1000);
    expect(calls.map((c) => c.info.reason)).toEqual(['message', 'timer', 'timer']);
    expect(ends).toEqual(['requeue', 'requeue', 'success']);
    expect(sys.stats().keys).toBe(0);
  });

  it('keeps a future timer when a message makes the key run earlier', async () => {
    const clock = new FakeClock();
    const { calls, turn } = recorder(clock);
    const sys = new ActorSystem<string>({ turn, clock });
    sys.schedule('a', 1000);
    await advance(clock, 10);
    sys.tell('a', 'event');
    await flush();
    expect(calls).toHaveLength(1);
    await advance(clock, 990);
    expect(calls.map((c) => c.info.reason)).toEqual(['message', 'timer']);
  });

  it('runs a timer that fires during a turn once that turn ends, never concurrently', async () => {
    const clock = new FakeClock();
    const gate = deferred();
    const { calls, turn } = recorder(clock, (c) => (c.info.reason === 'message' ? gate.promise : undefined));
    const sys = new ActorSystem<string>({ turn, clock });
    sys.tell('a', 'm');
    sys.schedule('a', 50);
    await flush();
    await advance(clock, 60);
    expect(calls).toHaveLength(1);
    gate.resolve();
    await flush();
    expect(calls.map((c) => c.info.reason)).toEqual(['message', 'timer']);
    expect(calls[1]!.info.queuedMs).toBe(10);
  });
});

describe('ActorSystem memory and lifecycle', () => {
  it('holds no key, deadline or clock timer once its actors are idle', async () => {
    const clock = new FakeClock();
    const { turn } = recorder(clock);
    const sys = new ActorSystem<string>({ turn, clock });
    for (let i = 0; i < 1000; i++) sys.tell(`k${i}`, 'm');
    await sys.onIdle();
    expect(sys.stats()).toMatchObject({ keys: 0, timers: 0, queued: 0, running: 0, turns: 1000 });
    expect(clock.pendingTimers).toBe(0);
  });

  it('drop forgets a key: its timer, retry and queued messages go, and memory is released', async () => {
    const clock = new FakeClock();
    const { calls, turn } = recorder(clock, (c) => {
      if (c.key === 'failing') throw new Error('boom');
    });
    const sys = new ActorSystem<string>({ turn, clock, concurrency: 1 });
    sys.schedule('timed', 100);
    sys.tell('failing', 'm');
    await flush();
    sys.tell('queued-a', 'm');
    sys.tell('queued-b', 'm');
    sys.drop('timed');
    sys.drop('failing');
    sys.drop('queued-a');
    await flush();
    await advance(clock, 10_000);
    expect(calls.map((c) => c.key)).toEqual(['failing', 'queued-b']);
    expect(sys.stats()).toMatchObject({ keys: 0, timers: 0, queued: 0 });
    expect(clock.pendingTimers).toBe(0);
  });

  it('drop during a turn lets it finish but ignores its retry and requeue', async () => {
    const clock = new FakeClock();
    const gates = [deferred<{ requeueAfterMs: number }>(), deferred<{ requeueAfterMs: number }>()];
    let n = 0;
    const { calls, turn } = recorder(clock, () => gates[n++]!.promise);
    const sys = new ActorSystem<string>({ turn, clock });
    sys.tell('a', 'm');
    await flush();
    sys.tell('a', 'queued-before-drop');
    sys.drop('a');
    gates[0]!.resolve({ requeueAfterMs: 10 });
    await flush();
    await advance(clock, 100);
    expect(calls).toHaveLength(1);
    expect(sys.stats()).toMatchObject({ keys: 0, timers: 0, running: 0 });
    // A key recreated while its dropped turn still runs waits for that turn to end.
    sys.tell('b', 'm');
    await flush();
    sys.drop('b');
    sys.tell('b', 'recreated');
    await flush();
    expect(calls).toHaveLength(2);
    gates[1]!.reject(new Error('old object failed'));
    await flush();
    expect(calls.map((c) => c.messages)).toEqual([['m'], ['m'], ['recreated']]);
    expect(calls[2]!.info.attempt).toBe(1);
  });

  it('stop waits for in-flight turns, then takes no more', async () => {
    const clock = new FakeClock();
    const gate = deferred();
    const { calls, turn } = recorder(clock, () => gate.promise);
    const sys = new ActorSystem<string>({ turn, clock, concurrency: 1 });
    sys.tell('a', 'm');
    sys.tell('b', 'm');
    sys.schedule('c', 10);
    await flush();
    let stopped = false;
    const stopping = sys.stop().then(() => (stopped = true));
    await flush();
    expect(stopped).toBe(false);
    gate.resolve();
    await stopping;
    sys.tell('d', 'm');
    await advance(clock, 100);
    expect(calls.map((c) => c.key)).toEqual(['a']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('reports queue time and results through the metrics hooks', async () => {
    const clock = new FakeClock();
    const starts: [string, number][] = [];
    const ends: [string, number, string][] = [];
    let fail = true;
    const sys = new ActorSystem<string>({
      clock,
      concurrency: 1,
      turn: async (key) => {
        clock.advance(7);
        if (key === 'b' && fail) {
          fail = false;
          throw new Error('x');
        }
      },
      onTurnStart: (k, q) => starts.push([k, q]),
      onTurnEnd: (k, d, r) => ends.push([k, d, r]),
    });
    sys.tell('a', 'm');
    sys.tell('b', 'm');
    await flush();
    await advance(clock, 5);
    expect(starts).toEqual([['a', 0], ['b', 7], ['b', 0]]);
    expect(ends).toEqual([['a', 7, 'success'], ['b', 7, 'error'], ['b', 7, 'success']]);
  });

  it('survives observer hooks that throw, and counts them', async () => {
    const clock = new FakeClock();
    const { calls, turn } = recorder(clock);
    const sys = new ActorSystem<string>({
      turn,
      clock,
      onTurnStart: () => {
        throw new Error('metrics bug');
      },
    });
    sys.tell('a', 'm');
    sys.tell('b', 'm');
    await sys.onIdle();
    expect(calls).toHaveLength(2);
    expect(sys.stats()).toMatchObject({ hookErrors: 2, keys: 0, running: 0 });
  });
});

describe('ActorSystem options', () => {
  const turn = async () => {};
  it.each([
    [null, 'options must be an object'],
    [{}, 'options.turn must be a function'],
    [{ turn, clock: { now: () => 0 } }, 'options.clock must have now() and setTimer()'],
    [{ turn, concurrency: 0 }, 'options.concurrency must be a positive integer'],
    [{ turn, concurrency: 1.5 }, 'options.concurrency must be a positive integer'],
    [{ turn, backoff: { baseMs: 0 } }, 'options.backoff.baseMs must be a positive number'],
    [{ turn, backoff: { baseMs: Number.NaN } }, 'options.backoff.baseMs must be a positive number'],
    [{ turn, backoff: { baseMs: 10, maxMs: 5 } }, 'options.backoff.maxMs must be a finite number >= options.backoff.baseMs'],
    [{ turn, backoff: { maxMs: Infinity } }, 'options.backoff.maxMs must be a finite number >= options.backoff.baseMs'],
    [{ turn, onTurnError: 1 }, 'options.onTurnError must be a function'],
    [{ turn, onTerminal: 'x' }, 'options.onTerminal must be a function'],
    [{ turn, onTurnStart: {} }, 'options.onTurnStart must be a function'],
    [{ turn, onTurnEnd: true }, 'options.onTurnEnd must be a function'],
  ])('rejects %j with "%s"', (options, message) => {
    expect(() => new ActorSystem(options as never)).toThrow(expect.objectContaining({ code: 'INVALID_OPTIONS', message }));
  });

  it('rejects a bad key or delay', () => {
    const sys = new ActorSystem<string>({ turn });
    expect(() => sys.tell(1 as never, 'm')).toThrow('key must be a string');
    expect(() => sys.schedule('a', -1)).toThrow('afterMs must be a non-negative finite number');
    expect(() => sys.schedule('a', Number.NaN)).toThrow('afterMs must be a non-negative finite number');
  });
});

describe('ActorSystem fairness to the event loop', () => {
  it('lets timers and I/O run between slices of synchronous CPU-heavy turns', async () => {
    let done = 0;
    const sys = new ActorSystem<string>({
      concurrency: 8,
      turn: async () => {
        const until = performance.now() + 2;
        while (performance.now() < until); // 2 ms of CPU on the main thread
        done++;
      },
    });
    let doneWhenTimerFired = -1;
    setTimeout(() => (doneWhenTimerFired = done), 0);
    for (let i = 0; i < 100; i++) sys.tell(`k${i}`, 'm');
    await sys.onIdle();
    expect(done).toBe(100);
    expect(doneWhenTimerFired).toBeGreaterThanOrEqual(0);
    expect(doneWhenTimerFired).toBeLessThan(50);
  });
});
