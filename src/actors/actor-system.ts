// ActorSystem: one mailbox per key, at most one turn per key at a time, many keys in parallel.
// Messages that arrive while a key is queued or running coalesce into its next turn. Timers and
// retries are deadlines in one heap driven by a single Clock timer, so an idle system holds none.
//
// Semantics (following controller-runtime's workqueue unless noted):
// - `tell` while the key waits in retry backoff makes it ready at once (workqueue `Add` of a key
//   in the rate limiter's waiting set). The turn that runs is the retry: the pending retry
//   deadline is consumed, its messages are redelivered, and the failure count keeps growing
//   until a turn succeeds (controller-runtime would also run the key again when the backoff
//   expires; a level-triggered turn would only repeat itself).
// - A key has one timer deadline; `schedule` / `requeueAfterMs` keep the earliest (workqueue
//   `AddAfter`). A turn that runs before that deadline does not consume it.
// - A failed turn's messages are redelivered to the retry turn; a TerminalError discards them.
// - Low-priority keys run only when no normal key is ready; a normal message or a timer
//   promotes a low key.
// - Starting turns yields to the event loop every SLICE_MS, so inline CPU-heavy turns never
//   starve timers and I/O.
// - With `tenantOf`, each lane is a FairQueue: ready keys are served by weighted deficit
//   round-robin across tenants (`tenantWeight`), FIFO inside a tenant, so one tenant's backlog
//   delays another tenant's key by at most one round.
import type { Clock, TimerHandle } from '../api/clock.js';
import { computeBackoffMs } from './backoff.js';
import { DeadlineHeap, type HeapItem } from './deadline-heap.js';
import { TerminalError } from './errors.js';
import { FairQueue } from './fair-queue.js';
import {
  resolveActorSystemOptions,
  type ActorSystemOptions,
  type ResolvedActorSystemOptions,
  type TurnOutcome,
  type TurnReason,
  type TurnResult,
} from './actor-system-options.js';

export type Priority = 'normal' | 'low';

export interface TellOptions {
  /** `low` keys run after every ready `normal` key (e.g. events of an initial list). @default 'normal' */
  priority?: Priority;
}

export interface ActorSystemStats {
  /** Keys ready to run, waiting for a free turn slot. */
  queued: number;
  /** Turns in flight. */
  running: number;
  /** Turns holding a slot (running minus those that gave theirs back early). */
  slots: number;
  /** Keys held in memory (queued, running, or with a pending timer or retry). */
  keys: number;
  /** Pending deadlines (timers and retries). */
  timers: number;
  /** Turns started since creation. */
  turns: number;
  /** Turns that threw a retryable error. */
  retries: number;
  /** Turns that threw a TerminalError. */
  terminal: number;
  /** Exceptions thrown by the observer hooks (swallowed so they cannot corrupt the system). */
  hookErrors: number;
}

/**
 * Turn starts chain through microtasks (a turn ends → the next starts), which would starve timers
 * and I/O when turns run CPU inline. After SLICE_MS of one macrotask, starts wait for a
 * setImmediate, so watch events and HTTP get served between slices.
 */
const SLICE_MS = 10;

const NORMAL = 0;
const LOW = 1;
type Lane = typeof NORMAL | typeof LOW;

interface Deadline<M> extends HeapItem {
  actor: Actor<M>;
  kind: 'timer' | 'retry';
}

interface Actor<M> {
  key: string;
  tenant: string;
  /** Messages for the next turn. */
  messages: M[];
  /** In a ready lane (and counted in `queued`). */
  queued: boolean;
  /** Lane of the pending work: NORMAL if any of it is normal. */
  lane: Lane;
  running: boolean;
  /** `drop` ran during the current turn: its outcome is ignored. */
  runDropped: boolean;
  /** Clock time at which the pending work arrived (-1: nothing pending). */
  pendingSince: number;
  readyAt: number;
  reason: TurnReason;
  failures: number;
  timer: Deadline<M> | null;
  retry: Deadline<M> | null;
}

export class ActorSystem<M> {
  readonly #o: ResolvedActorSystemOptions<M>;
  readonly #clock: Clock;
  readonly #actors = new Map<string, Actor<M>>();
  readonly #lanes: [FairQueue<Actor<M>>, FairQueue<Actor<M>>];
  readonly #queuedByTenant = new Map<string, number>();
  /** Slots held per tenant (only with tenantOf): a tenant may hold at most #tenantCap of them. */
  readonly #runningByTenant = new Map<string, number>();
  readonly #tenantCap: number;
  readonly #eligible = (tenant: string): boolean => (this.#runningByTenant.get(tenant) ?? 0) < this.#tenantCap;
  readonly #deadlines = new DeadlineHeap<Deadline<M>>();
  #armed: { at: number; handle: TimerHandle } | null = null;
  #queued = 0;
  /** Turns in flight (stop and idle wait for them). */
  #running = 0;
  /** Turns holding a slot: at most `concurrency`; a turn that released its slot early is running but holds none. */
  #slots = 0;
  #pumpScheduled = false;
  /** performance.now() when the current slice of turn starts began (-1: no slice). */
  #sliceStart = -1;
  /** The slice ran out: no turn starts until #endSlice runs. */
  #yielded = false;
  #stopped = false;
  #idleWaiters: (() => void)[] = [];
  #stopWaiters: (() => void)[] = [];
  #turns = 0;
  #retries = 0;
  #terminal = 0;
  #hookErrors = 0;

  constructor(options: ActorSystemOptions<M>) {
    this.#o = resolveActorSystemOptions(options);
    this.#clock = this.#o.clock;
    this.#lanes = [new FairQueue(this.#o.tenantWeight), new FairQueue(this.#o.tenantWeight)];
    // A quarter of the turn slots stays free for other tenants: turns that wait on rate-limited writes
    // hold their slot, so a tenant with hundreds of workloads could otherwise hold them all.
    this.#tenantCap = this.#o.tenantOf === undefined ? Infinity : Math.max(1, this.#o.concurrency - Math.floor(this.#o.concurrency / 4));
  }

  /** Adds `message` to `key`'s mailbox; the key's next turn receives it with every other pending one. */
  tell(key: string, message: M, opts?: TellOptions): void {
    if (typeof key !== 'string') throw new TypeError('key must be a string');
    if (this.#stopped) return;
    const a = this.#actor(key);
    a.messages.push(message);
    this.#wake(a, 'message', opts?.priority === 'low' ? LOW : NORMAL);
  }

  /** Runs `key` after `afterMs` (reason `timer`); a key keeps only its earliest timer. */
  schedule(key: string, afterMs: number): void {
    if (typeof key !== 'string') throw new TypeError('key must be a string');
    if (typeof afterMs !== 'number' || !(afterMs >= 0) || afterMs === Infinity) {
      throw new TypeError('afterMs must be a non-negative finite number');
    }
    if (this.#stopped) return;
    const a = this.#actor(key);
    this.#setTimer(a, afterMs);
  }

  /**
   * Forgets `key` (its object was deleted): cancels its timer and retry, drops queued messages and
   * its failure count. A running turn completes, but its outcome (requeue, retry) is ignored.
   */
  drop(key: string): void {
    const a = this.#actors.get(key);
    if (a === undefined) return;
    if (a.timer !== null) this.#deadlines.remove(a.timer);
    if (a.retry !== null) this.#deadlines.remove(a.retry);
    this.#rearm();
    a.messages = [];
    a.failures = 0;
    a.pendingSince = -1;
    if (a.queued) {
      a.queued = false;
      this.#queued--;
      this.#countTenant(a.tenant, -1);
    }
    if (a.running) a.runDropped = true;
    else this.#actors.delete(key);
    this.#checkIdle();
  }

  /** Stops taking turns (timers are cancelled, tells ignored) and resolves once in-flight turns end. */
  stop(): Promise<void> {
    this.#stopped = true;
    this.#armed?.handle.cancel();
    this.#armed = null;
    if (this.#running === 0) return Promise.resolve();
    return new Promise((resolve) => this.#stopWaiters.push(resolve));
  }

  /** Resolves when no key is queued or running (pending timers do not count). */
  onIdle(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Keys ready to run per tenant (tenants with none are omitted). */
  queuedByTenant(): Map<string, number> {
    return new Map(this.#queuedByTenant);
  }

  stats(): ActorSystemStats {
    return {
      queued: this.#queued,
      running: this.#running,
      slots: this.#slots,
      keys: this.#actors.size,
      timers: this.#deadlines.size,
      turns: this.#turns,
      retries: this.#retries,
      terminal: this.#terminal,
      hookErrors: this.#hookErrors,
    };
  }

  #actor(key: string): Actor<M> {
    let a = this.#actors.get(key);
    if (a === undefined) {
      a = {
        key,
        tenant: this.#o.tenantOf === undefined ? '' : this.#o.tenantOf(key),
        messages: [],
        queued: false,
        lane: LOW,
        running: false,
        runDropped: false,
        pendingSince: -1,
        readyAt: 0,
        reason: 'message',
        failures: 0,
        timer: null,
        retry: null,
      };
      this.#actors.set(key, a);
    }
    return a;
  }

  /** New work for `a`: queue it, or (while it runs) remember it for after the turn. */
  #wake(a: Actor<M>, reason: TurnReason, lane: Lane): void {
    const promoted = a.pendingSince >= 0 && lane < a.lane;
    if (a.pendingSince < 0) {
      a.pendingSince = this.#clock.now();
      a.lane = lane;
      a.reason = reason;
    } else if (promoted) {
      a.lane = lane;
    }
    if (a.running) return; // #settle queues it when the turn ends
    if (a.queued) {
      // Promotion: the copy left in the low lane is skipped because its lane no longer matches.
      if (promoted) this.#lanes[NORMAL].push(a.tenant, a);
      return;
    }
    this.#enqueue(a);
  }

  #enqueue(a: Actor<M>): void {
    a.queued = true;
    a.readyAt = a.pendingSince;
    this.#queued++;
    this.#countTenant(a.tenant, 1);
    this.#lanes[a.lane].push(a.tenant, a);
    this.#schedulePump();
  }

  #schedulePump(): void {
    if (!this.#pumpScheduled) {
      this.#pumpScheduled = true;
      queueMicrotask(() => this.#pump());
    }
  }

  #setTimer(a: Actor<M>, afterMs: number): void {
    if (afterMs <= 0) {
      if (a.timer !== null && a.timer.heapIndex >= 0) this.#deadlines.remove(a.timer);
      this.#wake(a, 'timer', NORMAL);
      this.#rearm();
      return;
    }
    const at = this.#clock.now() + afterMs;
    a.timer ??= { actor: a, kind: 'timer', deadline: 0, seq: 0, heapIndex: -1 };
    if (a.timer.heapIndex >= 0 && a.timer.deadline <= at) return;
    this.#deadlines.set(a.timer, at);
    this.#rearm();
  }

  #setRetry(a: Actor<M>, afterMs: number): void {
    a.retry ??= { actor: a, kind: 'retry', deadline: 0, seq: 0, heapIndex: -1 };
    this.#deadlines.set(a.retry, this.#clock.now() + afterMs);
    this.#rearm();
  }

  /** Keeps one clock timer armed at (or before) the earliest deadline, and none without deadlines. */
  #rearm(): void {
    if (this.#stopped) return;
    const top = this.#deadlines.peek();
    if (top === undefined) {
      this.#armed?.handle.cancel();
      this.#armed = null;
      return;
    }
    if (this.#armed !== null && this.#armed.at <= top.deadline) return;
    this.#armed?.handle.cancel();
    const at = top.deadline;
    this.#armed = { at, handle: this.#clock.setTimer(at - this.#clock.now(), () => this.#onTimer()) };
  }

  #onTimer(): void {
    this.#armed = null;
    const now = this.#clock.now();
    for (let d = this.#deadlines.popDue(now); d !== undefined; d = this.#deadlines.popDue(now)) {
      this.#wake(d.actor, d.kind, NORMAL);
    }
    this.#rearm();
  }

  #pump(): void {
    this.#pumpScheduled = false;
    if (this.#yielded) return; // #endSlice pumps once the event loop has had its turn
    const now = performance.now();
    if (this.#sliceStart < 0) {
      this.#sliceStart = now;
      setImmediate(this.#endSlice);
    } else if (now - this.#sliceStart > SLICE_MS) {
      this.#yielded = true;
      return;
    }
    while (this.#slots < this.#o.concurrency && !this.#stopped) {
      const a = this.#nextReady();
      if (a === undefined) break;
      this.#start(a);
    }
    this.#checkIdle();
  }

  /** Runs after the event loop's I/O phase: a new slice may start turns again. */
  readonly #endSlice = (): void => {
    this.#sliceStart = -1;
    if (this.#yielded) {
      this.#yielded = false;
      this.#pump();
    }
  };

  #nextReady(): Actor<M> | undefined {
    for (let lane = 0; lane <= 1; lane++) {
      const a = this.#lanes[lane as Lane].shift((x) => x.queued && x.lane === lane, this.#tenantCap === Infinity ? undefined : this.#eligible);
      if (a !== undefined) return a;
    }
    return undefined;
  }

  #countTenant(tenant: string, delta: number): void {
    const n = (this.#queuedByTenant.get(tenant) ?? 0) + delta;
    if (n <= 0) this.#queuedByTenant.delete(tenant);
    else this.#queuedByTenant.set(tenant, n);
  }

  #start(a: Actor<M>): void {
    const now = this.#clock.now();
    a.queued = false;
    this.#queued--;
    this.#countTenant(a.tenant, -1);
    a.running = true;
    this.#running++;
    this.#slots++;
    if (this.#tenantCap !== Infinity) this.#runningByTenant.set(a.tenant, (this.#runningByTenant.get(a.tenant) ?? 0) + 1);
    let held = true;
    const releaseSlot = (): void => {
      if (!held) return;
      held = false;
      this.#freeSlot(a);
      if (!this.#stopped) this.#schedulePump();
    };
    this.#turns++;
    // This turn is the retry; a timer that is already due is served by it as well.
    if (a.retry !== null && a.retry.heapIndex >= 0) this.#deadlines.remove(a.retry);
    if (a.timer !== null && a.timer.heapIndex >= 0 && a.timer.deadline <= now) this.#deadlines.remove(a.timer);
    this.#rearm();
    const messages = a.messages;
    a.messages = [];
    a.pendingSince = -1;
    const queuedMs = now - a.readyAt;
    const info = { attempt: a.failures + 1, queuedMs, reason: a.reason, releaseSlot };
    if (this.#o.onTurnStart !== undefined) this.#hook(this.#o.onTurnStart, a.key, queuedMs);
    let result: Promise<TurnOutcome | void>;
    try {
      result = Promise.resolve(this.#o.turn(a.key, messages, info));
    } catch (err) {
      result = Promise.reject(err);
    }
    const end = (outcome: TurnOutcome | void, err: unknown, failed: boolean): void => {
      if (held) {
        held = false;
        this.#freeSlot(a);
      }
      this.#finish(a, messages, now, outcome, err, failed);
    };
    result.then(
      (outcome) => end(outcome, undefined, false),
      (err: unknown) => end(undefined, err, true),
    );
  }

  #freeSlot(a: Actor<M>): void {
    this.#slots--;
    if (this.#tenantCap !== Infinity) {
      const n = (this.#runningByTenant.get(a.tenant) ?? 1) - 1;
      if (n <= 0) this.#runningByTenant.delete(a.tenant);
      else this.#runningByTenant.set(a.tenant, n);
    }
  }

  #finish(a: Actor<M>, messages: M[], startedAt: number, outcome: TurnOutcome | void, err: unknown, failed: boolean): void {
    a.running = false;
    this.#running--;
    const durationMs = this.#clock.now() - startedAt;
    let result: TurnResult = failed ? 'error' : 'success';
    if (a.runDropped) {
      a.runDropped = false;
    } else if (!failed) {
      a.failures = 0;
      const after = outcome?.requeueAfterMs;
      if (typeof after === 'number' && after >= 0 && after !== Infinity && !this.#stopped) {
        result = 'requeue';
        this.#setTimer(a, after);
      }
    } else if (isTerminal(err)) {
      a.failures = 0;
      this.#terminal++;
      if (this.#o.onTerminal !== undefined) this.#hook(this.#o.onTerminal, a.key, err);
    } else {
      a.failures++;
      this.#retries++;
      const retryInMs = computeBackoffMs(a.failures, this.#o.backoff.baseMs, this.#o.backoff.maxMs);
      a.messages = a.messages.length === 0 ? messages : messages.concat(a.messages);
      if (!this.#stopped) this.#setRetry(a, retryInMs);
      if (this.#o.onTurnError !== undefined) this.#hook(this.#o.onTurnError, a.key, err, a.failures, retryInMs);
    }
    if (this.#o.onTurnEnd !== undefined) this.#hook(this.#o.onTurnEnd, a.key, durationMs, result);
    this.#settle(a);
    if (this.#stopped) {
      if (this.#running === 0) for (const w of this.#stopWaiters.splice(0)) w();
      return;
    }
    this.#pump();
  }

  /** After a turn: queue the key if work arrived meanwhile, keep it if it has deadlines, else forget it. */
  #settle(a: Actor<M>): void {
    if (a.queued) return;
    if (a.pendingSince >= 0) {
      if (!this.#stopped) this.#enqueue(a);
      return;
    }
    const waiting = (a.timer !== null && a.timer.heapIndex >= 0) || (a.retry !== null && a.retry.heapIndex >= 0);
    if (!waiting && a.messages.length === 0 && this.#actors.get(a.key) === a) this.#actors.delete(a.key);
  }

  #isIdle(): boolean {
    return this.#queued === 0 && this.#running === 0;
  }

  #checkIdle(): void {
    if (this.#idleWaiters.length > 0 && this.#isIdle()) for (const w of this.#idleWaiters.splice(0)) w();
  }

  #hook<A extends unknown[]>(fn: (...args: A) => void, ...args: A): void {
    try {
      fn(...args);
    } catch {
      this.#hookErrors++;
    }
  }
}

function isTerminal(err: unknown): boolean {
  if (err instanceof TerminalError) return true;
  const e = err as { name?: unknown; code?: unknown } | null;
  return typeof e === 'object' && e !== null && e.name === 'TerminalError' && e.code === 'TERMINAL';
}
