// The pod sampler: on every pod event of the scenario's pods it records, with a timestamp, how many
// exist, how many are Ready (and not terminating), how many are Ready at the target revision, and how
// many were created and deleted. Counters are kept incrementally (O(1) per event: 100,000 pods are fine).
// Waiters (`until`) are checked on every event.
import type { KubeObject, Pod } from '../../src/api/index.js';
import { isPodReady } from '../../src/api/pod.js';
import { BenchTimeoutError } from './errors.js';
import { PODS, subscribe, type Subscription } from './event-source.js';
import type { BenchCluster } from './cluster.js';

export interface PodCounts {
  total: number;
  ready: number;
  terminating: number;
  /** Ready, not terminating, and `isUpdated` (at the rollout's target). */
  updatedReady: number;
  created: number;
  deleted: number;
}

export interface SamplerOptions {
  /** Which pods count (e.g. a label). @default every pod */
  matches?: (pod: Pod) => boolean;
  /** Whether a pod is at the target revision (for rollouts). @default always */
  isUpdated?: (pod: Pod) => boolean;
}

interface PodState {
  pod: Pod;
  ready: boolean;
  terminating: boolean;
  updated: boolean;
}

/** Columnar timeline: one entry per event, times in ms since the sampler started (performance.now based). */
export interface Timeline {
  t: number[];
  total: number[];
  ready: number[];
  updatedReady: number[];
}

/** When (ms since the sampler started) a pod was first seen, bound to a node, and last became Ready. */
export interface PodLifecycle {
  created: number;
  bound?: number;
  ready?: number;
}

export class PodSampler {
  /** Per pod uid; kept for pods created after the sampler started. */
  readonly lifecycles = new Map<string, PodLifecycle>();
  /** Times a pod became Ready (any revision). */
  readonly readyTransitions: number[] = [];
  /** Times a Ready pod became not Ready (an in-place update starting), and [start, end] of each such outage. */
  readonly unreadyTransitions: number[] = [];
  readonly outages: Array<[number, number]> = [];
  #unreadySince = new Map<string, number>();
  readonly counts: PodCounts = { total: 0, ready: 0, terminating: 0, updatedReady: 0, created: 0, deleted: 0 };
  readonly timeline: Timeline = { t: [], total: [], ready: [], updatedReady: [] };
  readonly t0 = performance.now();
  #pods = new Map<string, PodState>();
  #waiters = new Set<() => void>();
  #sub: Subscription;
  #matches: (pod: Pod) => boolean;
  #isUpdated: (pod: Pod) => boolean;
  /** Called after every counted event (progress bar). */
  onChange?: (c: PodCounts) => void;

  constructor(cluster: BenchCluster, opts: SamplerOptions = {}) {
    this.#matches = opts.matches ?? (() => true);
    this.#isUpdated = opts.isUpdated ?? (() => true);
    this.#sub = subscribe(cluster, PODS, (type, obj) => this.#onEvent(type, obj));
  }

  get ready(): Promise<void> {
    return this.#sub.ready;
  }

  /** Milliseconds since the sampler started. */
  now(): number {
    return performance.now() - this.t0;
  }

  /** Changes what "at the target" means (a new phase) and recounts every pod under it. */
  setIsUpdated(fn: (pod: Pod) => boolean): void {
    this.#isUpdated = fn;
    let n = 0;
    for (const st of this.#pods.values()) {
      st.updated = st.ready && fn(st.pod);
      if (st.updated) n++;
    }
    this.counts.updatedReady = n;
  }

  #onEvent(type: string, obj: KubeObject): void {
    const pod = obj as Pod;
    if (!this.#matches(pod)) return;
    const uid = pod.metadata?.uid ?? `${pod.metadata?.namespace}/${pod.metadata?.name}`;
    const before = this.#pods.get(uid);
    const c = this.counts;
    if (before) this.#count(before, -1);
    if (type === 'DELETED') {
      if (before) {
        this.#pods.delete(uid);
        c.deleted++;
      }
    } else {
      const now = this.now();
      if (!before) c.created++;
      const terminating = pod.metadata?.deletionTimestamp != null;
      const ready = !terminating && isPodReady(pod);
      let lc = this.lifecycles.get(uid);
      if (!lc && type === 'ADDED') this.lifecycles.set(uid, (lc = { created: now }));
      if (lc && lc.bound === undefined && pod.spec?.nodeName) lc.bound = now;
      if (ready && !before?.ready) {
        this.readyTransitions.push(now);
        if (lc) lc.ready = now;
        const since = this.#unreadySince.get(uid);
        if (since !== undefined) {
          this.outages.push([since, now]);
          this.#unreadySince.delete(uid);
        }
      }
      if (!ready && !terminating && before?.ready) {
        this.unreadyTransitions.push(now);
        this.#unreadySince.set(uid, now);
      }
      const st: PodState = { pod, ready, terminating, updated: ready && this.#isUpdated(pod) };
      this.#pods.set(uid, st);
      this.#count(st, +1);
    }
    const tl = this.timeline;
    tl.t.push(this.now());
    tl.total.push(c.total);
    tl.ready.push(c.ready);
    tl.updatedReady.push(c.updatedReady);
    this.onChange?.(c);
    for (const w of [...this.#waiters]) w();
  }

  #count(st: PodState, d: 1 | -1): void {
    const c = this.counts;
    c.total += d;
    if (st.ready) c.ready += d;
    if (st.terminating) c.terminating += d;
    if (st.updated) c.updatedReady += d;
  }

  /** Resolves when `pred(counts)` holds (checked now and on every event); rejects after `timeoutMs`. */
  until(what: string, pred: (c: PodCounts) => boolean, timeoutMs: number): Promise<void> {
    if (pred(this.counts)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!pred(this.counts)) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new BenchTimeoutError(`timed out after ${timeoutMs} ms waiting for ${what} (now ${JSON.stringify(this.counts)})`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
    });
  }

  /** Index into the timeline for "from now on" (phase boundaries). */
  mark(): number {
    return this.timeline.t.length;
  }

  stop(): Promise<void> {
    for (const w of this.#waiters) this.#waiters.delete(w);
    return this.#sub.cancel();
  }
}
