// The shard coordinator of one replica: a loop on the Clock that renews our member Lease, reads the
// group, feeds ShardState, and runs the drain handshake through the host's hooks:
//   view changed → host drops queued work of keys it may no longer run → waits for their in-flight
//   turns and writes → we publish "acked-ring = <view id>" on our Lease → once every member of the
//   view has published the same id, we serve our whole share (host enqueues the gained keys).
// Renewals failing for renewDeadline fence the replica (it runs nothing) until it renews again.
import type { Clock, TimerHandle } from '../../api/clock.js';
import type { RestClient } from '../client/rest-client.js';
import { MemberLease, type ShardingOptions } from './member-lease.js';
import { ShardState, type ShardPhase } from './shard-state.js';

export interface ShardHooks {
  /** The view changed or we were fenced: stop queued work of keys that `mayRun` no longer allows. */
  release(): void;
  /** Resolves once no turn (or its writes) of a key `mayRun` disallows is in flight. */
  drained(): Promise<void>;
  /** We now serve our share of the view: enqueue the keys gained. */
  acquired(): void;
  /** Observers (metrics, logs). */
  onPhase?(phase: ShardPhase, members: readonly string[]): void;
  /** A handover step took `ms`: `release` = view change → our ack written; `acquire` = view change → serving. */
  onHandover?(step: 'release' | 'acquire', ms: number): void;
}

export class ShardCoordinator {
  readonly lease: MemberLease;
  readonly state: ShardState;
  readonly #clock: Clock;
  readonly #hooks: ShardHooks;
  #timer: TimerHandle | undefined;
  #stopped = false;
  #tick: Promise<void> = Promise.resolve();
  #draining: number | undefined;
  #viewChangedAt: number;
  #lastAcks = new Map<string, string | undefined>();
  #lastPhase: ShardPhase | undefined;

  constructor(client: RestClient, clock: Clock, options: ShardingOptions, hooks: ShardHooks) {
    this.lease = new MemberLease(client, clock, options);
    this.state = new ShardState(this.lease.identity, this.lease.o.vnodes);
    this.#clock = clock;
    this.#hooks = hooks;
    this.#viewChangedAt = clock.now();
  }

  get identity(): string {
    return this.lease.identity;
  }

  mayRun(key: string): boolean {
    return this.state.mayRun(key);
  }

  start(): void {
    this.#schedule(0);
  }

  /** One round now (tests drive it; the loop calls it on its timer). */
  round(): Promise<void> {
    this.#tick = this.#tick.then(() => this.#round());
    return this.#tick;
  }

  async #round(): Promise<void> {
    if (this.#stopped) return;
    const obs = await this.lease.poll();
    if (this.#stopped) return;
    const now = this.#clock.now();
    if (!obs.renewed && now - this.lease.lastRenewMs >= this.lease.o.renewDeadlineMs && this.state.phase !== 'Fenced') {
      this.state.fence();
      this.#hooks.release();
    } else if (obs.renewed && this.state.phase === 'Fenced') {
      this.state.unfence();
    }
    if (this.state.phase !== 'Fenced' && this.state.setMembers(obs.members)) {
      this.#viewChangedAt = now;
      this.#hooks.release();
    }
    this.#lastAcks = obs.acks;
    this.#startDrainIfNeeded();
    this.#checkAcks();
    this.#reportPhase();
  }

  #startDrainIfNeeded(): void {
    const s = this.state;
    if (s.phase === 'Fenced' || s.ackedRing === s.view.id || this.#draining === s.generation) return;
    const gen = s.generation;
    this.#draining = gen;
    void (async () => {
      await this.#hooks.drained();
      if (this.#stopped || s.generation !== gen) return;
      const view = s.view;
      if (!(await this.lease.publishAck(view.id, [...view.members]))) {
        if (this.#draining === gen) this.#draining = undefined; // retry next round
        return;
      }
      if (s.markAcked(gen)) {
        this.#hooks.onHandover?.('release', this.#clock.now() - this.#viewChangedAt);
        this.#lastAcks.set(this.identity, view.id);
        this.#checkAcks();
        this.#reportPhase();
      }
    })();
  }

  #checkAcks(): void {
    if (this.state.observeAcks(this.#lastAcks).acquired) {
      this.#hooks.onHandover?.('acquire', this.#clock.now() - this.#viewChangedAt);
      this.#hooks.acquired();
    }
  }

  #reportPhase(): void {
    const p = this.state.phase;
    if (p !== this.#lastPhase) {
      this.#lastPhase = p;
      this.#hooks.onPhase?.(p, this.state.view.members);
    }
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    this.#timer = this.#clock.setTimer(ms, () => {
      void this.round().finally(() => {
        const settled = this.state.phase === 'Serving';
        this.#schedule(settled ? this.lease.o.retryPeriodMs : this.lease.o.settlingPeriodMs);
      });
    });
  }

  /** Stops the loop; with `leave`, deletes our Lease so peers take our share without waiting for expiry. */
  async stop(leave = true): Promise<void> {
    this.#stopped = true;
    this.#timer?.cancel();
    await this.#tick;
    if (leave) await this.lease.leave();
  }
}
