// Records core/v1 Events without ever blocking a turn: `record` only enqueues. Repeats of the same
// (involvedObject, type, reason, message) within the cache are aggregated into one Event whose count
// and lastTimestamp grow (as client-go's correlator); a per-object token bucket (burst 25, one per
// 5 minutes, as client-go's spam filter) and a bound on pending writes drop floods.
import { hostname } from 'node:os';
import { LRUCache } from 'lru-cache';
import PQueue from 'p-queue';
import { formatTime, type KubeObject, type ObjectRef } from '../api/index.js';
import type { Clock } from '../api/clock.js';
import type { RestClient } from './client/rest-client.js';
import { isApiError } from './errors.js';
import { TokenBucket } from './write/token-bucket.js';
import type { ResourceType } from './workload-definition.js';

export const EVENTS: ResourceType = { apiVersion: 'v1', kind: 'Event', plural: 'events', namespaced: true };

export interface EventRecorderOptions {
  component: string;
  clock: Clock;
  /** Events written at once. @default 4 */
  concurrency?: number;
  /** Pending event writes beyond which new events are dropped. @default 1000 */
  maxPending?: number;
  /** Per-object spam filter. @default { burst: 25, qps: 1/300 } */
  perObject?: { burst: number; qps: number };
  onError?: (err: unknown) => void;
}

interface Aggregate {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
  /** Serialises writes of one aggregate (create before patches). */
  chain: Promise<void>;
}

export type EventType = 'Normal' | 'Warning';

export class EventRecorder {
  readonly #client: RestClient;
  readonly #o: Required<Omit<EventRecorderOptions, 'onError'>> & Pick<EventRecorderOptions, 'onError'>;
  readonly #queue: PQueue;
  readonly #aggregates = new LRUCache<string, Aggregate>({ max: 4096 });
  readonly #spam = new LRUCache<string, TokenBucket>({ max: 4096 });
  readonly #host = hostname();
  #seq = 0;
  readonly #pending = new Set<Promise<void>>();
  readonly stats = { recorded: 0, created: 0, aggregated: 0, dropped: 0, failed: 0 };

  constructor(client: RestClient, options: EventRecorderOptions) {
    this.#client = client;
    this.#o = { concurrency: 4, maxPending: 1000, perObject: { burst: 25, qps: 1 / 300 }, ...options };
    this.#queue = new PQueue({ concurrency: this.#o.concurrency });
  }

  /** Enqueues an event on `involved`; returns at once. */
  record(involved: ObjectRef, type: EventType, reason: string, message: string): void {
    this.stats.recorded++;
    const objKey = `${involved.kind}/${involved.namespace ?? ''}/${involved.name}/${involved.uid ?? ''}`;
    let bucket = this.#spam.get(objKey);
    if (!bucket) this.#spam.set(objKey, (bucket = new TokenBucket(this.#o.clock, this.#o.perObject)));
    if (!bucket.tryTake() || this.#queue.size + this.#queue.pending >= this.#o.maxPending) {
      this.stats.dropped++;
      return;
    }
    const key = `${objKey}|${type}|${reason}|${message}`;
    const now = formatTime(this.#o.clock.now());
    let agg = this.#aggregates.get(key);
    if (!agg) {
      const namespace = involved.namespace || 'default';
      const name = `${involved.name}.${(this.#o.clock.now() * 1000 + (this.#seq++ % 1000)).toString(16)}`;
      agg = { name, namespace, count: 1, firstTimestamp: now, chain: Promise.resolve() };
      this.#aggregates.set(key, agg);
      const a = agg;
      const event = this.#eventObject(involved, type, reason, message, a, now);
      a.chain = this.#track(a.chain.then(() => this.#queue.add(() => this.#create(event, a))));
    } else {
      agg.count++;
      const a = agg;
      const count = a.count;
      a.chain = this.#track(
        a.chain.then(() => this.#queue.add(() => this.#aggregate(a, count, now, () => this.#eventObject(involved, type, reason, message, a, now)))),
      );
    }
  }

  #eventObject(involved: ObjectRef, type: EventType, reason: string, message: string, a: Aggregate, now: string): KubeObject {
    return {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: a.name, namespace: a.namespace },
      involvedObject: { apiVersion: involved.apiVersion, kind: involved.kind, name: involved.name, namespace: involved.namespace, uid: involved.uid },
      reason,
      message,
      type,
      source: { component: this.#o.component },
      reportingComponent: this.#o.component,
      reportingInstance: this.#host,
      firstTimestamp: a.firstTimestamp,
      lastTimestamp: now,
      count: a.count,
    };
  }

  async #create(event: KubeObject, _a: Aggregate): Promise<void> {
    try {
      await this.#client.create(EVENTS, event);
      this.stats.created++;
    } catch (err) {
      this.stats.failed++;
      this.#o.onError?.(err);
    }
  }

  async #aggregate(a: Aggregate, count: number, now: string, full: () => KubeObject): Promise<void> {
    try {
      await this.#client.patch(EVENTS, a.namespace, a.name, 'merge', { count, lastTimestamp: now });
      this.stats.aggregated++;
    } catch (err) {
      if (isApiError(err, 404)) return this.#create(full(), a); // expired or never created: start again
      this.stats.failed++;
      this.#o.onError?.(err);
    }
  }

  #track(p: Promise<void>): Promise<void> {
    this.#pending.add(p);
    void p.finally(() => this.#pending.delete(p));
    return p;
  }

  /** Resolves when every enqueued event has been written (or failed). */
  async flush(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
    await this.#queue.onIdle();
  }
}
