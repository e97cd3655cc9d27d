// Leader election with a coordination.k8s.io/v1 Lease, as client-go's leaderelection: acquire when
// the lease is free or expired (expiry judged by *our* clock from when we last saw the record change,
// never by the holder's timestamps), renew every retryPeriod, give up leadership when renewals fail
// for renewDeadline, release on stop. Separable: a later shard-membership scheme reuses LeaseLock.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Clock, TimerHandle } from '../api/clock.js';
import type { Lease } from '../api/index.js';
import type { RestClient } from './client/rest-client.js';
import { RuntimeOptionsError, isApiError } from './errors.js';
import type { ResourceType } from './workload-definition.js';

export const LEASES: ResourceType = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', plural: 'leases', namespaced: true };

export interface LeaderElectionOptions {
  /** @default 'kube-system' */
  namespace?: string;
  /** @default 'kactor-controller' */
  name?: string;
  /** @default hostname + '_' + random uuid */
  identity?: string;
  /** @default 15000 */
  leaseDurationMs?: number;
  /** @default 10000 */
  renewDeadlineMs?: number;
  /** @default 2000 */
  retryPeriodMs?: number;
}

export function resolveLeaderElectionOptions(o: LeaderElectionOptions = {}) {
  const r = {
    namespace: o.namespace ?? 'kube-system',
    name: o.name ?? 'kactor-controller',
    identity: o.identity ?? `${hostname()}_${randomUUID()}`,
    leaseDurationMs: o.leaseDurationMs ?? 15_000,
    renewDeadlineMs: o.renewDeadlineMs ?? 10_000,
    retryPeriodMs: o.retryPeriodMs ?? 2_000,
  };
  if (!(r.leaseDurationMs > r.renewDeadlineMs)) throw new RuntimeOptionsError('leaderElection.leaseDurationMs must be greater than renewDeadlineMs');
  if (!(r.renewDeadlineMs > r.retryPeriodMs)) throw new RuntimeOptionsError('leaderElection.renewDeadlineMs must be greater than retryPeriodMs');
  if (!(r.retryPeriodMs > 0)) throw new RuntimeOptionsError('leaderElection.retryPeriodMs must be positive');
  return r;
}

export interface LeaderCallbacks {
  onStartedLeading: () => void;
  onStoppedLeading: () => void;
  onNewLeader?: (identity: string) => void;
}

export class LeaderElector {
  readonly #client: RestClient;
  readonly #clock: Clock;
  readonly #o: ReturnType<typeof resolveLeaderElectionOptions>;
  readonly #cb: LeaderCallbacks;
  #timer: TimerHandle | undefined;
  #leading = false;
  #stopped = false;
  #observedRv: string | undefined;
  #observedHolder: string | undefined;
  #observedAt = 0;
  #lastRenew = 0;
  #running: Promise<void> = Promise.resolve();

  constructor(client: RestClient, clock: Clock, options: LeaderElectionOptions, callbacks: LeaderCallbacks) {
    this.#client = client;
    this.#clock = clock;
    this.#o = resolveLeaderElectionOptions(options);
    this.#cb = callbacks;
  }

  get identity(): string {
    return this.#o.identity;
  }

  get isLeader(): boolean {
    return this.#leading;
  }

  start(): void {
    this.#tick();
  }

  #tick(): void {
    if (this.#stopped) return;
    this.#running = this.#tryAcquireOrRenew().then((ok) => {
      const now = this.#clock.now();
      if (ok) {
        this.#lastRenew = now;
        if (!this.#leading) {
          this.#leading = true;
          this.#cb.onStartedLeading();
        }
      } else if (this.#leading && now - this.#lastRenew >= this.#o.renewDeadlineMs) {
        this.#leading = false;
        this.#cb.onStoppedLeading();
      }
      if (!this.#stopped) this.#timer = this.#clock.setTimer(this.#o.retryPeriodMs, () => this.#tick());
    });
  }

  async #tryAcquireOrRenew(): Promise<boolean> {
    const now = this.#clock.now();
    const { namespace, name, identity } = this.#o;
    const spec = (holder: string, transitions: number, acquireTime?: string) => ({
      holderIdentity: holder,
      leaseDurationSeconds: Math.round(this.#o.leaseDurationMs / 1000),
      acquireTime: acquireTime ?? microTime(now),
      renewTime: microTime(now),
      leaseTransitions: transitions,
    });
    let lease: Lease;
    try {
      lease = (await this.#client.get(LEASES, namespace, name)) as Lease;
    } catch (err) {
      if (!isApiError(err, 404)) return false;
      try {
        const created = (await this.#client.create(LEASES, { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace }, spec: spec(identity, 0) })) as Lease;
        this.#observe(created, now);
        return true;
      } catch {
        return false;
      }
    }
    const holder = lease.spec?.holderIdentity ?? '';
    if (lease.metadata?.resourceVersion !== this.#observedRv) this.#observe(lease, now);
    const expired = this.#observedAt + (lease.spec?.leaseDurationSeconds ?? 15) * 1000 <= now;
    if (holder && holder !== identity && !expired) return false;
    const transitions = (lease.spec?.leaseTransitions ?? 0) + (holder === identity ? 0 : 1);
    try {
      const updated = (await this.#client.update(LEASES, {
        ...lease,
        spec: spec(identity, transitions, holder === identity ? (lease.spec?.acquireTime as string | undefined) : undefined),
      })) as Lease;
      this.#observe(updated, now);
      return true;
    } catch {
      return false;
    }
  }

  #observe(lease: Lease, now: number): void {
    this.#observedRv = lease.metadata?.resourceVersion;
    this.#observedAt = now;
    const holder = lease.spec?.holderIdentity ?? '';
    if (holder !== this.#observedHolder) {
      this.#observedHolder = holder;
      if (holder) this.#cb.onNewLeader?.(holder);
    }
  }

  /** Stops campaigning; a leader releases the lease (empty holder) so a successor need not wait. */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#timer?.cancel();
    await this.#running;
    if (!this.#leading) return;
    this.#leading = false;
    try {
      const lease = (await this.#client.get(LEASES, this.#o.namespace, this.#o.name)) as Lease;
      if (lease.spec?.holderIdentity === this.#o.identity) {
        await this.#client.update(LEASES, { ...lease, spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1 } });
      }
    } catch {
      // best effort: the lease expires anyway
    }
  }
}

/** metav1.MicroTime: RFC 3339 with microseconds. */
function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
