// The pure state machine of one replica's shard ownership (no I/O, no clock): what this replica may
// reconcile, given the live members it sees and the rings its peers have acknowledged.
//
//   view   — the ring of the live members this replica sees now (itself included).
//   held   — rings this replica acquired under or has seen since: it may run key k only while
//            every ring in `held` and the view map k to itself. A view change only ever shrinks
//            what it may run (the old view joins `held`); only a complete acknowledgement of the
//            current view (every member acked it, this replica too) grows it (held := [view]).
//   acked  — the ring this replica has published as "released": it runs nothing outside its share
//            of that ring and has finished the turns and writes of everything else.
//
// Safety: a replica starts a key only after every member of its view published that it released
// everything outside its own share of that same view. A replica's runnable set only shrinks until
// it, in turn, sees a complete acknowledgement — which needs the new owner's ack, given after the new
// owner stopped the key. A member that cannot renew its lease fences itself (held := none) before
// the others can consider it expired (renew deadline < lease duration), as upstream leader election.
import { DEFAULT_VNODES, HashRing } from './hash-ring.js';

/** At most this many rings in `held`; beyond it the replica releases everything (safe, rare). */
export const MAX_HELD_RINGS = 16;

export type ShardPhase = 'Joining' | 'Draining' | 'Acked' | 'Serving' | 'Fenced';

export interface AckOutcome {
  /** The view is now fully acknowledged and this replica serves its share of it. */
  acquired: boolean;
}

export class ShardState {
  readonly identity: string;
  readonly #vnodes: number;
  #view: HashRing;
  /** null: holds nothing (start, fenced, or too many view changes). */
  #held: HashRing[] | null = null;
  #acked: string | undefined;
  #fenced = false;
  /** Bumped on each view change: a drain started for an older view must not ack a newer one. */
  #generation = 0;

  constructor(identity: string, vnodes = DEFAULT_VNODES) {
    this.identity = identity;
    this.#vnodes = vnodes;
    this.#view = new HashRing([identity], vnodes);
  }

  get view(): HashRing {
    return this.#view;
  }

  get generation(): number {
    return this.#generation;
  }

  get ackedRing(): string | undefined {
    return this.#acked;
  }

  get phase(): ShardPhase {
    if (this.#fenced) return 'Fenced';
    if (this.#held !== null && this.#held.length === 1 && this.#held[0]!.id === this.#view.id) return 'Serving';
    if (this.#acked === this.#view.id) return 'Acked';
    return this.#held === null && this.#acked === undefined ? 'Joining' : 'Draining';
  }

  /** May this replica start a turn for `key` now? */
  mayRun(key: string): boolean {
    if (this.#fenced || this.#held === null) return false;
    if (this.#view.ownerOf(key) !== this.identity) return false;
    for (const r of this.#held) if (r !== this.#view && r.ownerOf(key) !== this.identity) return false;
    return true;
  }

  /** Would `key` be this replica's once the current view is fully acknowledged? */
  isAssigned(key: string): boolean {
    return this.#view.ownerOf(key) === this.identity;
  }

  /**
   * The live members changed (this replica is always one of them unless fenced). Returns true when
   * the view changed: the caller drains the keys `mayRun` no longer allows, then calls `markAcked`.
   */
  setMembers(members: Iterable<string>): boolean {
    const set = new Set(members);
    set.add(this.identity);
    const next = new HashRing(set, this.#vnodes);
    if (next.id === this.#view.id) return false;
    if (this.#held !== null) {
      if (!this.#held.includes(this.#view)) this.#held.push(this.#view);
      if (this.#held.length > MAX_HELD_RINGS) this.#held = null;
    }
    this.#view = next;
    this.#generation++;
    return true;
  }

  /** The drain for `generation` finished and its ack was written. Ignored if the view moved on. */
  markAcked(generation: number): boolean {
    if (generation !== this.#generation) return false;
    this.#acked = this.#view.id;
    return true;
  }

  /**
   * Peers' published acks (identity → ring id). When every other member of the view acked the view
   * and so did this replica, it serves its whole share of the view.
   */
  observeAcks(acks: ReadonlyMap<string, string | undefined>): AckOutcome {
    if (this.#fenced || this.#acked !== this.#view.id) return { acquired: false };
    for (const m of this.#view.members) {
      if (m !== this.identity && acks.get(m) !== this.#view.id) return { acquired: false };
    }
    const already = this.#held !== null && this.#held.length === 1 && this.#held[0] === this.#view;
    this.#held = [this.#view];
    return { acquired: !already };
  }

  /** This replica could not renew its lease in time: it stops everything until it renews again. */
  fence(): void {
    this.#fenced = true;
    this.#held = null;
    this.#generation++;
  }

  /** Renewed after a fence: it must drain and ack again before serving. */
  unfence(): void {
    if (!this.#fenced) return;
    this.#fenced = false;
    this.#acked = undefined;
  }
}
