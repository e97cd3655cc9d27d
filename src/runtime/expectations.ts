// Expectations as data: the executor records every write an actor made; a turn plans only once the
// cache has observed them all (create → the name appears; delete → it disappears, changes uid or
// gets a deletionTimestamp; patch/update → the cache reaches the returned resourceVersion), or after
// the upstream 5-minute timeout, when the still-pending writes go to the planner in snapshot.pending.
import type { Clock } from '../api/clock.js';
import type { StoreReader } from './informer/store.js';
import type { PendingWrite } from './workload-definition.js';

export interface Expectation {
  verb: PendingWrite['verb'];
  kind: string;
  namespace?: string;
  name: string;
  /** delete: the uid that must go away; create/patch/update: the uid returned by the server. */
  uid?: string;
  /** patch/update: the resourceVersion returned by the server. */
  resourceVersion?: string;
  sinceMs: number;
}

export type ExpectationCheck =
  | { ready: true; expired: PendingWrite[] }
  | { ready: false; pending: number; waitMs: number };

export const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

/** Compares resourceVersions: numerically when both are integers (as etcd's are), else by equality. */
export function rvAtLeast(observed: string | undefined, wanted: string): boolean {
  if (observed === undefined) return false;
  if (observed === wanted) return true;
  if (/^\d+$/.test(observed) && /^\d+$/.test(wanted)) return BigInt(observed) >= BigInt(wanted);
  return false;
}

export function isObserved(e: Expectation, store: StoreReader | undefined): boolean {
  if (!store) return true; // a kind nobody watches cannot be observed: do not wait for it
  const obj = store.getByName(e.namespace, e.name);
  switch (e.verb) {
    case 'create':
      return obj !== undefined;
    case 'delete':
      return obj === undefined || (e.uid !== undefined && obj.metadata?.uid !== e.uid) || obj.metadata?.deletionTimestamp != null;
    case 'patch':
    case 'update':
      if (obj === undefined || (e.uid !== undefined && obj.metadata?.uid !== e.uid)) return true;
      return e.resourceVersion === undefined || rvAtLeast(obj.metadata?.resourceVersion, e.resourceVersion);
  }
}

export class Expectations {
  readonly #byKey = new Map<string, Expectation[]>();
  readonly #clock: Clock;
  readonly #stores: (kind: string) => StoreReader | undefined;
  readonly #timeoutMs: number;

  constructor(clock: Clock, stores: (kind: string) => StoreReader | undefined, timeoutMs = EXPECTATIONS_TIMEOUT_MS) {
    this.#clock = clock;
    this.#stores = stores;
    this.#timeoutMs = timeoutMs;
  }

  expect(actorKey: string, e: Omit<Expectation, 'sinceMs'> & { sinceMs?: number }): void {
    let list = this.#byKey.get(actorKey);
    if (!list) this.#byKey.set(actorKey, (list = []));
    list.push({ ...e, sinceMs: e.sinceMs ?? this.#clock.now() });
  }

  /** Drops observed writes; says whether the actor may plan, and if not how long until the oldest times out. */
  check(actorKey: string): ExpectationCheck {
    const list = this.#byKey.get(actorKey);
    if (!list) return { ready: true, expired: [] };
    const now = this.#clock.now();
    const left = list.filter((e) => !isObserved(e, this.#stores(e.kind)));
    if (left.length === 0) {
      this.#byKey.delete(actorKey);
      return { ready: true, expired: [] };
    }
    const oldest = Math.min(...left.map((e) => e.sinceMs));
    if (now - oldest < this.#timeoutMs) {
      this.#byKey.set(actorKey, left);
      return { ready: false, pending: left.length, waitMs: oldest + this.#timeoutMs - now };
    }
    this.#byKey.delete(actorKey);
    return { ready: true, expired: left.map(({ verb, kind, name, sinceMs }) => ({ verb, kind, name, sinceMs })) };
  }

  pending(actorKey: string): number {
    return this.#byKey.get(actorKey)?.length ?? 0;
  }

  forget(actorKey: string): void {
    this.#byKey.delete(actorKey);
  }

  /** Actor keys with unobserved writes. */
  get size(): number {
    return this.#byKey.size;
  }
}
