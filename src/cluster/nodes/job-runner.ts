// A minimal batch/v1 Job controller: watches Jobs (when served), finds each job's pods by controller uid
// in the shared pod cache, and carries out job-planner.ts's decisions — pod creates (counted as pending
// until the cache shows them, so a stale cache never creates twice), deletes, the status, job-controller
// events, and a wake-up at activeDeadlineSeconds. Its writes pass a token bucket like the real Job
// controller's client (kube-controller-manager's --kube-api-qps 20 / --kube-api-burst 30 by default).
import type PQueue from 'p-queue';
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Clock, KubeObject } from '../../api/index.js';
import { controllerOf } from '../../api/index.js';
import type { RestClient } from '../../runtime/client/rest-client.js';
import type { Informer, InformerEvent } from '../../runtime/informer/informer.js';
import type { StoreReader } from '../../runtime/informer/store.js';
import type { ResourceType } from '../../runtime/workload-definition.js';
import { DeadlineQueue } from './deadlines.js';
import { ResourceMapper } from './discovery.js';
import { isConflict, isNotFound } from './errors.js';
import type { EventSink } from './event-sink.js';
import { planJob } from './job-planner.js';
import { PODS } from './kubelet.js';
import type { SharedInformers } from './shared-informers.js';
import { BucketStoppedError, type TokenBucket } from '../../runtime/write/token-bucket.js';

export const JOBS: ResourceType = { apiVersion: 'batch/v1', kind: 'Job', plural: 'jobs', namespaced: true };

export interface JobRunnerDeps {
  client: RestClient;
  queue: PQueue;
  clock: Clock;
  pods: StoreReader<KubeObject>;
  events: EventSink;
  onError: (err: unknown, context: string) => void;
  /** Jobs come from the simulated cluster's shared informers (the garbage collector watches them too). */
  informers: SharedInformers;
  seed: number;
  /** The Job controller's client rate limit; none when absent. */
  limiter?: TokenBucket;
}

const EXPECTATION_TIMEOUT_MS = 5 * 60_000;

export class JobRunner {
  readonly #d: JobRunnerDeps;
  #jobs: Informer<KubeObject> | undefined;
  readonly #expected = new Map<string, { count: number; at: number }>();
  readonly #pending = new Set<string>();
  readonly #busy = new Set<string>();
  readonly #again = new Set<string>();
  readonly #deadlines: DeadlineQueue;
  #flushScheduled = false;
  readonly stats = { creates: 0, deletes: 0, statusWrites: 0 };

  constructor(deps: JobRunnerDeps) {
    this.#d = deps;
    this.#deadlines = new DeadlineQueue(deps.clock, (keys) => keys.forEach((k) => this.#enqueue(k)));
  }

  async start(): Promise<void> {
    const served = await new ResourceMapper(this.#d.client).resolve('batch/v1', 'Job');
    if (!served) return;
    this.#jobs = this.#d.informers.subscribe(JOBS, (ev) => this.#onJobEvent(ev));
    await this.#jobs.synced;
  }

  async stop(): Promise<void> {
    this.#deadlines.stop();
  }

  onPodEvent(ev: InformerEvent<KubeObject>): void {
    const ref = controllerOf(ev.object);
    if (!ref || ref.kind !== 'Job' || !this.#jobs) return;
    if (ev.type === 'ADDED') {
      const e = this.#expected.get(ref.uid);
      if (e && e.count > 0) e.count--;
    }
    const job = this.#jobs.store.getByUid(ref.uid);
    if (job) this.#enqueue(`${job.metadata?.namespace}/${job.metadata?.name}`);
  }

  #onJobEvent(ev: InformerEvent<KubeObject>): void {
    const key = `${ev.object.metadata?.namespace}/${ev.object.metadata?.name}`;
    if (ev.type === 'DELETED') {
      this.#expected.delete(ev.object.metadata?.uid ?? '');
      this.#deadlines.cancel(key);
      return;
    }
    this.#enqueue(key);
  }

  #enqueue(key: string): void {
    this.#pending.add(key);
    if (this.#flushScheduled) return;
    this.#flushScheduled = true;
    setImmediate(() => {
      this.#flushScheduled = false;
      const keys = [...this.#pending];
      this.#pending.clear();
      for (const k of keys) this.#start(k);
    });
  }

  #start(key: string): void {
    if (this.#busy.has(key)) {
      this.#again.add(key);
      return;
    }
    this.#busy.add(key);
    this.#sync(key)
      .catch((err: unknown) => {
        if (err instanceof BucketStoppedError) return; // the simulator is stopping
        if (!isConflict(err) && !isNotFound(err)) this.#d.onError(err, `sync job ${key}`);
        this.#d.clock.setTimer(1000, () => this.#enqueue(key));
      })
      .finally(() => {
        this.#busy.delete(key);
        if (this.#again.delete(key)) this.#enqueue(key);
      });
  }

  #pendingCreates(uid: string, now: number): number {
    const e = this.#expected.get(uid);
    if (!e || e.count <= 0 || now - e.at > EXPECTATION_TIMEOUT_MS) return 0;
    return e.count;
  }

  async #sync(key: string): Promise<void> {
    const job = this.#jobs?.store.get(key) as unknown as Job | undefined;
    if (!job || job.metadata?.deletionTimestamp) return;
    const uid = job.metadata?.uid ?? '';
    const ns = job.metadata?.namespace ?? '';
    const now = this.#d.clock.now();
    const pods = this.#d.pods.byIndex('controller-uid', uid) as unknown as Pod[];
    const plan = planJob(job, pods, this.#pendingCreates(uid, now), now);
    const involved = { kind: 'Job', apiVersion: 'batch/v1', namespace: ns, name: job.metadata?.name ?? '', uid };
    const record = (type: 'Normal' | 'Warning', reason: string, message: string) =>
      this.#d.events.record({ involved, type, reason, message, component: 'job-controller' });
    if (plan.creates.length) this.#expected.set(uid, { count: this.#pendingCreates(uid, now) + plan.creates.length, at: now });
    const writes: Promise<unknown>[] = [];
    for (const pod of plan.creates) {
      writes.push(
        this.#write(async () => {
          try {
            const created = await this.#d.client.create(PODS, pod as unknown as KubeObject);
            this.stats.creates++;
            record('Normal', 'SuccessfulCreate', `Created pod: ${created.metadata?.name}`);
          } catch (err) {
            const e = this.#expected.get(uid);
            if (e && e.count > 0) e.count--;
            record('Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`);
            throw err;
          }
        }),
      );
    }
    for (const pod of plan.deletes) {
      writes.push(
        this.#write(async () => {
          await this.#d.client.delete(PODS, ns, pod.metadata?.name ?? '', { preconditions: { uid: pod.metadata?.uid } }).catch((err: unknown) => {
            if (!isNotFound(err)) throw err;
          });
          this.stats.deletes++;
          record('Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata?.name}`);
        }),
      );
    }
    if (plan.status) {
      const patch: Record<string, unknown> = { ...plan.status };
      for (const k of Object.keys(job.status ?? {})) if (!(k in patch)) patch[k] = null;
      this.stats.statusWrites++;
      writes.push(this.#write(() => this.#d.client.patch(JOBS, ns, job.metadata?.name ?? '', 'merge', { metadata: { resourceVersion: job.metadata?.resourceVersion }, status: patch }, { subresource: 'status' })));
    }
    for (const e of plan.events) record(e.type, e.reason, e.message);
    if (plan.requeueAfterMs !== undefined) this.#deadlines.schedule(key, now + plan.requeueAfterMs);
    await Promise.all(writes);
  }

  /** A write through the limiter (its token taken in order, before a slot of the shared queue). */
  async #write<T>(fn: () => Promise<T>): Promise<T> {
    await this.#d.limiter?.take();
    return this.#d.queue.add(fn) as Promise<T>;
  }
}
