// FairQueue: items queued per tenant, served by weighted deficit round-robin (DRR) across tenants
// and, inside one tenant, highest priority first then FIFO. A tenant with a huge backlog takes at
// most `weight` items per round, so a tenant that arrives later waits at most one round. With a
// single tenant it is a plain priority FIFO. Work-conserving: an idle tenant's share goes to others.
import { Fifo } from './fifo.js';

export type TenantWeight = (tenant: string) => number;

interface TenantQueue<T> {
  tenant: string;
  /** priority → items; `priorities` holds the keys sorted high to low. */
  levels: Map<number, Fifo<T>>;
  priorities: number[];
  size: number;
  deficit: number;
  /** In the round-robin ring. */
  active: boolean;
}

export class FairQueue<T> {
  readonly #tenants = new Map<string, TenantQueue<T>>();
  readonly #ring = new Fifo<TenantQueue<T>>();
  readonly #weight: TenantWeight;
  /** The tenant being served in the current round (keeps its place until its deficit runs out). */
  #current: TenantQueue<T> | undefined;
  #size = 0;

  constructor(weight: TenantWeight = () => 1) {
    this.#weight = weight;
  }

  get size(): number {
    return this.#size;
  }

  /** Items queued for `tenant` (stale items a caller skips later included). */
  sizeOf(tenant: string): number {
    return this.#tenants.get(tenant)?.size ?? 0;
  }

  /** The first tenant with queued items that `pred` accepts (no allocation: it runs on hot paths). */
  findTenant(pred: (tenant: string, size: number) => boolean): string | undefined {
    for (const t of this.#tenants.values()) if (t.size > 0 && pred(t.tenant, t.size)) return t.tenant;
    return undefined;
  }

  /** Tenants with queued items. */
  tenants(): string[] {
    return [...this.#tenants.values()].filter((t) => t.size > 0).map((t) => t.tenant);
  }

  push(tenant: string, item: T, priority = 0): void {
    let t = this.#tenants.get(tenant);
    if (t === undefined) {
      t = { tenant, levels: new Map(), priorities: [], size: 0, deficit: 0, active: false };
      this.#tenants.set(tenant, t);
    }
    let level = t.levels.get(priority);
    if (level === undefined) {
      level = new Fifo();
      t.levels.set(priority, level);
      t.priorities.push(priority);
      t.priorities.sort((a, b) => b - a);
    }
    level.push(item);
    t.size++;
    this.#size++;
    if (!t.active) {
      t.active = true;
      this.#ring.push(t);
    }
  }

  /**
   * The next item by DRR. `live` lets a caller with lazy deletion skip stale items without
   * charging the tenant for them; tenants failing `eligible` are passed over this time.
   */
  shift(live?: (item: T) => boolean, eligible?: (tenant: string) => boolean): T | undefined {
    let skipped = 0;
    while (this.#size > 0) {
      const t = this.#current ?? this.#nextTenant();
      if (t === undefined) return undefined;
      if (t.size === 0) {
        this.#retire(t);
        continue;
      }
      if (eligible !== undefined && !eligible(t.tenant)) {
        // Not servable now (e.g. at its cap of running turns): to the back, no credit kept.
        t.deficit = 0;
        this.#current = undefined;
        this.#ring.push(t);
        if (++skipped >= this.#ring.size) return undefined;
        continue;
      }
      if (t.deficit < 1) {
        // Its quantum for this round is spent: to the back of the ring (a new quantum when it comes round).
        this.#current = undefined;
        this.#ring.push(t);
        continue;
      }
      const item = this.#take(t);
      if (live !== undefined && !live(item)) continue;
      t.deficit -= 1;
      if (t.size === 0) this.#retire(t);
      return item;
    }
    return undefined;
  }

  /**
   * The next item of one tenant (highest priority first), outside the round-robin: for callers that
   * serve a subset of tenants first (the write queue's reserve for tenants with short queues).
   */
  shiftTenant(tenant: string): T | undefined {
    const t = this.#tenants.get(tenant);
    if (t === undefined || t.size === 0) return undefined;
    const item = this.#take(t);
    if (t.size === 0) this.#retire(t);
    return item;
  }

  clear(): void {
    this.#tenants.clear();
    this.#ring.clear();
    this.#current = undefined;
    this.#size = 0;
  }

  #nextTenant(): TenantQueue<T> | undefined {
    const t = this.#ring.shift();
    if (t === undefined) return undefined;
    t.deficit += this.#quantum(t.tenant);
    this.#current = t;
    return t;
  }

  #take(t: TenantQueue<T>): T {
    for (let i = 0; i < t.priorities.length; i++) {
      const p = t.priorities[i]!;
      const level = t.levels.get(p)!;
      if (level.size === 0) continue;
      t.size--;
      this.#size--;
      return level.shift()!;
    }
    throw new Error('FairQueue invariant broken: tenant size > 0 with empty levels');
  }

  /** An emptied tenant leaves the ring and forgets its deficit (DRR: no credit for idleness). */
  #retire(t: TenantQueue<T>): void {
    if (this.#current === t) this.#current = undefined;
    t.active = false;
    t.deficit = 0;
    this.#tenants.delete(t.tenant);
  }

  #quantum(tenant: string): number {
    const w = this.#weight(tenant);
    return Number.isFinite(w) && w > 0 ? w : 1;
  }
}
