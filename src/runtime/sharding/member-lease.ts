// Shard membership through coordination.k8s.io/v1 Leases: each replica holds its own member Lease
// (`<prefix>-<identity>`, label kactor.io/shard-group=<group>) and renews it every retryPeriod on the
// Clock; the same loop lists the group's Leases and judges which members are live — by *our* clock
// from when we last saw a Lease's resourceVersion change, never by the holder's timestamps (as
// client-go's leader election). A replica publishes on its Lease the ring it has released up to
// (annotation kactor.io/acked-ring). It does no reconciling itself: ShardState decides, the host drains.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../api/clock.js';
import type { Lease } from '../../api/index.js';
import type { RestClient } from '../client/rest-client.js';
import { RuntimeOptionsError, isApiError } from '../errors.js';
import { LEASES } from '../leader-election.js';
import { DEFAULT_VNODES } from './hash-ring.js';

export const GROUP_LABEL = 'kactor.io/shard-group';
export const ACKED_RING_ANNOTATION = 'kactor.io/acked-ring';
export const ACKED_MEMBERS_ANNOTATION = 'kactor.io/acked-members';

export interface ShardingOptions {
  /** Namespace of the member Leases. @default 'kube-system' */
  namespace?: string;
  /** Replicas of one group split the workloads between them. @default 'kactor' */
  group?: string;
  /** @default hostname + '_' + random uuid */
  identity?: string;
  /** @default 15000 */
  leaseDurationMs?: number;
  /** Renewals failing this long fence the replica (it stops every turn). @default 10000 */
  renewDeadlineMs?: number;
  /** @default 2000 */
  retryPeriodMs?: number;
  /** Poll period while a handover is in progress. @default min(500, retryPeriodMs) */
  settlingPeriodMs?: number;
  /** Virtual nodes per member on the hash ring. @default 128 */
  vnodes?: number;
}

export type ResolvedShardingOptions = Required<ShardingOptions>;

export function resolveShardingOptions(o: ShardingOptions = {}): ResolvedShardingOptions {
  const r = {
    namespace: o.namespace ?? 'kube-system',
    group: o.group ?? 'kactor',
    identity: o.identity ?? `${hostname()}_${randomUUID().slice(0, 8)}`,
    leaseDurationMs: o.leaseDurationMs ?? 15_000,
    renewDeadlineMs: o.renewDeadlineMs ?? 10_000,
    retryPeriodMs: o.retryPeriodMs ?? 2_000,
    settlingPeriodMs: o.settlingPeriodMs ?? Math.min(500, o.retryPeriodMs ?? 2_000),
    vnodes: o.vnodes ?? DEFAULT_VNODES,
  };
  if (!(r.leaseDurationMs > r.renewDeadlineMs)) throw new RuntimeOptionsError('sharding.leaseDurationMs must be greater than renewDeadlineMs');
  if (!(r.renewDeadlineMs > r.retryPeriodMs)) throw new RuntimeOptionsError('sharding.renewDeadlineMs must be greater than retryPeriodMs');
  if (!(r.retryPeriodMs > 0)) throw new RuntimeOptionsError('sharding.retryPeriodMs must be positive');
  if (!(r.settlingPeriodMs > 0)) throw new RuntimeOptionsError('sharding.settlingPeriodMs must be positive');
  if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(r.group)) throw new RuntimeOptionsError(`sharding.group must be a DNS label (got "${r.group}")`);
  if (!Number.isInteger(r.vnodes) || r.vnodes < 1) throw new RuntimeOptionsError('sharding.vnodes must be a positive integer');
  return r;
}

/** Lease names are DNS subdomains: lower-case the identity and replace anything else with '-'. */
export function memberLeaseName(group: string, identity: string): string {
  const id = identity.toLowerCase().replace(/[^a-z0-9.-]/g, '-').replace(/^[-.]+|[-.]+$/g, '');
  return `${group}-shard-${id}`.slice(0, 253);
}

export interface MemberObservation {
  /** Live members (this replica included while its renewals succeed). */
  members: string[];
  /** Each live member's published acked ring. */
  acks: Map<string, string | undefined>;
  /** Renewal of our own Lease succeeded in this round. */
  renewed: boolean;
}

interface Seen {
  rv: string | undefined;
  at: number;
}

/** One replica's member Lease and its view of the group's Leases. */
export class MemberLease {
  readonly o: ResolvedShardingOptions;
  readonly #client: RestClient;
  readonly #clock: Clock;
  readonly #name: string;
  readonly #seen = new Map<string, Seen>();
  #own: Lease | undefined;
  #ack: { ring: string; members: string[] } | undefined;
  #lastRenew: number;

  constructor(client: RestClient, clock: Clock, options: ShardingOptions) {
    this.o = resolveShardingOptions(options);
    this.#client = client;
    this.#clock = clock;
    this.#name = memberLeaseName(this.o.group, this.o.identity);
    this.#lastRenew = clock.now();
  }

  get identity(): string {
    return this.o.identity;
  }

  get leaseName(): string {
    return this.#name;
  }

  /** Clock time of the last successful renewal. */
  get lastRenewMs(): number {
    return this.#lastRenew;
  }

  /** Renews (or creates) our Lease carrying the current ack, then lists and judges the group. */
  async poll(): Promise<MemberObservation> {
    const renewed = await this.renew();
    const now = this.#clock.now();
    const members: string[] = [];
    const acks = new Map<string, string | undefined>();
    let items: Lease[];
    try {
      items = (await this.#client.list(LEASES, { namespace: this.o.namespace, labelSelector: `${GROUP_LABEL}=${this.o.group}` })).items as Lease[];
    } catch {
      items = [];
      // Without a fresh list we cannot see peers: keep the last judgement, aging as time passes.
      for (const [id, s] of this.#seen) if (id !== this.o.identity && now - s.at < this.o.leaseDurationMs) members.push(id);
      return { members: renewed ? [...members, this.o.identity] : members, acks: this.#lastAcks, renewed };
    }
    const present = new Set<string>();
    const nextAcks = new Map<string, string | undefined>();
    for (const l of items) {
      const id = l.spec?.holderIdentity;
      if (!id) continue; // released on shutdown
      present.add(id);
      const rv = l.metadata?.resourceVersion;
      const prev = this.#seen.get(id);
      if (!prev || prev.rv !== rv) this.#seen.set(id, { rv, at: now });
      const at = this.#seen.get(id)!.at;
      const durMs = (l.spec?.leaseDurationSeconds ?? this.o.leaseDurationMs / 1000) * 1000;
      nextAcks.set(id, l.metadata?.annotations?.[ACKED_RING_ANNOTATION]);
      if (id === this.o.identity ? renewed : now - at < durMs) members.push(id);
    }
    for (const id of [...this.#seen.keys()]) if (!present.has(id)) this.#seen.delete(id);
    if (renewed && !members.includes(this.o.identity)) members.push(this.o.identity);
    this.#lastAcks = nextAcks;
    return { members, acks: nextAcks, renewed };
  }

  #lastAcks = new Map<string, string | undefined>();

  /** Publishes "released up to `ring`" on our Lease (renewing it at the same time). */
  async publishAck(ring: string, members: string[]): Promise<boolean> {
    this.#ack = { ring, members };
    return this.renew();
  }

  async renew(): Promise<boolean> {
    const now = this.#clock.now();
    const desired = (base: Lease | undefined): Lease => ({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        ...base?.metadata,
        name: this.#name,
        namespace: this.o.namespace,
        labels: { ...base?.metadata?.labels, [GROUP_LABEL]: this.o.group },
        annotations: {
          ...base?.metadata?.annotations,
          ...(this.#ack ? { [ACKED_RING_ANNOTATION]: this.#ack.ring, [ACKED_MEMBERS_ANNOTATION]: this.#ack.members.join(',') } : {}),
        },
      },
      spec: {
        holderIdentity: this.o.identity,
        leaseDurationSeconds: Math.max(1, Math.round(this.o.leaseDurationMs / 1000)),
        acquireTime: (base?.spec?.holderIdentity === this.o.identity ? base.spec.acquireTime : undefined) ?? microTime(now),
        renewTime: microTime(now),
        leaseTransitions: base?.spec?.leaseTransitions ?? 0,
      },
    });
    try {
      if (this.#own) {
        this.#own = (await this.#client.update(LEASES, desired(this.#own) as never)) as Lease;
      } else {
        try {
          this.#own = (await this.#client.create(LEASES, desired(undefined) as never)) as Lease;
        } catch (err) {
          if (!isApiError(err, 409)) throw err;
          const current = (await this.#client.get(LEASES, this.o.namespace, this.#name)) as Lease;
          this.#own = (await this.#client.update(LEASES, desired(current) as never)) as Lease;
        }
      }
      this.#lastRenew = now;
      return true;
    } catch (err) {
      // 409: someone (an older incarnation?) wrote it; re-read next time.
      if (isApiError(err, 409) || isApiError(err, 404)) this.#own = undefined;
      return false;
    }
  }

  /** Leaves the group at once (graceful shutdown): deletes our Lease so peers need not wait for expiry. */
  async leave(): Promise<void> {
    try {
      await this.#client.delete(LEASES, this.o.namespace, this.#name);
    } catch {
      // best effort: the Lease expires anyway
    }
    this.#own = undefined;
  }
}

/** metav1.MicroTime: RFC 3339 with microseconds. */
function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
