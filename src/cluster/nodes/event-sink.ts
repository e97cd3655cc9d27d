// Writes core/v1 Events as a kubelet or kube-scheduler does (source component and host, fieldPath of
// the container), through the simulator's write queue. Like client-go's broadcaster it never blocks
// the caller and drops events when too many are pending.
import type PQueue from 'p-queue';
import type { Clock } from '../../api/index.js';
import { formatTime } from '../../api/index.js';
import type { RestClient } from '../../runtime/client/rest-client.js';
import type { ResourceType } from '../../runtime/workload-definition.js';

export const EVENTS_RESOURCE: ResourceType = { apiVersion: 'v1', kind: 'Event', plural: 'events', namespaced: true };

export interface InvolvedObject {
  kind: string;
  apiVersion: string;
  namespace?: string;
  name: string;
  uid?: string;
  fieldPath?: string;
}

export interface SimEvent {
  involved: InvolvedObject;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** source.component: kubelet, default-scheduler, job-controller. */
  component: string;
  /** source.host (the node, for the kubelet). */
  host?: string;
}

export class EventSink {
  readonly #client: RestClient;
  readonly #queue: PQueue;
  readonly #clock: Clock;
  readonly #maxPending: number;
  readonly #enabled: boolean;
  readonly #onError: (err: unknown, context: string) => void;
  #pending = 0;
  #seq = 0;
  readonly stats = { written: 0, dropped: 0, failed: 0 };

  constructor(client: RestClient, queue: PQueue, clock: Clock, opts: { enabled: boolean; maxPending?: number; onError: (err: unknown, context: string) => void }) {
    this.#client = client;
    this.#queue = queue;
    this.#clock = clock;
    this.#enabled = opts.enabled;
    this.#maxPending = opts.maxPending ?? 1000;
    this.#onError = opts.onError;
  }

  record(ev: SimEvent): void {
    if (!this.#enabled) return;
    if (this.#pending >= this.#maxPending) {
      this.stats.dropped++;
      return;
    }
    this.#pending++;
    const now = this.#clock.now();
    const ts = formatTime(now);
    const ns = ev.involved.namespace || 'default';
    const body = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${ev.involved.name}.${(BigInt(now) * 1_000_000n + BigInt(this.#seq++ % 1_000_000)).toString(16)}`, namespace: ns },
      involvedObject: ev.involved,
      reason: ev.reason,
      message: ev.message,
      type: ev.type,
      source: { component: ev.component, ...(ev.host ? { host: ev.host } : {}) },
      firstTimestamp: ts,
      lastTimestamp: ts,
      eventTime: null,
      count: 1,
      reportingComponent: ev.component,
      reportingInstance: ev.host ?? '',
    };
    void this.#queue
      .add(() => this.#client.create(EVENTS_RESOURCE, body), { priority: -1 })
      .then(
        () => this.stats.written++,
        (err: unknown) => {
          this.stats.failed++;
          this.#onError(err, `event ${ev.reason} on ${ns}/${ev.involved.name}`);
        },
      )
      .finally(() => this.#pending--);
  }
}
