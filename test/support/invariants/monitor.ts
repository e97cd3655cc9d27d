// The invariant monitor: runs every check after EVERY event (`feed()` is synchronous, so checks are
// unit-testable with synthetic events), records violations with the event that caused them, and keeps the
// peak of each check's gauge (e.g. unavailable pods).
import type { KubeObject, Pod } from '../../../src/api/index.js';
import { isReady, REVISION_LABEL } from './pod-facts.js';

export const MAX_UNAVAILABLE = 'maxUnavailable';

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface MonitorEvent {
  seq: number;
  /** Wall-clock ms when the monitor applied it. */
  at: number;
  type: EventType;
  kind: string;
  object: KubeObject;
}

/** What the checks see: the latest workload and the live pods (by name), after the event was applied. */
export interface MonitorState {
  workload?: KubeObject;
  pods: ReadonlyMap<string, Pod>;
  /** Pods the test itself takes down (kubectl delete …): limits on unavailability grow by this much. */
  disruptions: number;
}

export interface Invariant {
  readonly name: string;
  /** Runs after every event; returns violation messages (empty when the invariant holds). */
  check(event: MonitorEvent, state: MonitorState): string[];
  /** A number whose peak the monitor records (e.g. unavailable pods). */
  gauge?(state: MonitorState): number;
}

export interface Violation {
  check: string;
  message: string;
  event: { seq: number; type: EventType; kind: string; name: string; resourceVersion?: string };
}

/** A compact record of each event, for tests that assert on order (which pods were deleted first …). */
export interface EventRecord {
  seq: number;
  at: number;
  type: EventType;
  kind: string;
  name: string;
  uid?: string;
  phase?: string;
  ready: boolean;
  terminating: boolean;
  revision?: string;
  node?: string;
  /** The first container's spec image. */
  image?: string;
}

export class InvariantMonitor {
  readonly violations: Violation[] = [];
  readonly events: EventRecord[] = [];
  readonly #checks: Invariant[];
  readonly #pods = new Map<string, Pod>();
  #workload: KubeObject | undefined;
  readonly #gauges = new Map<string, { current: number; peak: number }>();
  #seq = 0;
  readonly #waiters = new Set<(state: MonitorState) => boolean>();

  constructor(checks: Invariant[]) {
    this.#checks = checks;
  }

  /** Set by a test around its own disruptions (deleting pods with kubectl); reset it to 0 afterwards. */
  disruptions = 0;

  get state(): MonitorState {
    return { workload: this.#workload, pods: this.#pods, disruptions: this.disruptions };
  }

  /** Applies one event and runs every check. */
  feed(type: EventType, kind: string, obj: KubeObject | Pod): void {
    const object = obj as KubeObject;
    const event: MonitorEvent = { seq: ++this.#seq, at: Date.now(), type, kind, object };
    const name = object.metadata?.name ?? '';
    if (kind === 'Pod') {
      if (type === 'DELETED') this.#pods.delete(name);
      else this.#pods.set(name, object as Pod);
      this.events.push(recordOf(event));
    } else if (type === 'DELETED') this.#workload = undefined;
    else this.#workload = object;
    const state = this.state;
    for (const c of this.#checks) {
      for (const message of c.check(event, state)) {
        this.violations.push({ check: c.name, message, event: { seq: event.seq, type, kind, name, resourceVersion: object.metadata?.resourceVersion } });
      }
      if (c.gauge) {
        const v = c.gauge(state);
        const g = this.#gauges.get(c.name) ?? { current: 0, peak: 0 };
        g.current = v;
        g.peak = Math.max(g.peak, v);
        this.#gauges.set(c.name, g);
      }
    }
    for (const w of [...this.#waiters]) if (w(state)) this.#waiters.delete(w);
  }

  /**
   * Resolves with the predicate's value once it is truthy for the state after some event (or right away);
   * rejects after `timeoutMs` naming `what`. Waiting on the watch costs nothing, unlike polling kubectl.
   */
  until<T>(what: string, predicate: (state: MonitorState) => T | undefined | false, timeoutMs = 30_000): Promise<T> {
    const now = predicate(this.state);
    if (now) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const waiter = (state: MonitorState) => {
        const v = predicate(state);
        if (!v) return false;
        clearTimeout(timer);
        resolve(v);
        return true;
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(waiter);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.#waiters.add(waiter);
    });
  }

  /** Peak of a check's gauge (default: the `maxUnavailable` check). */
  peak(check = MAX_UNAVAILABLE): number {
    return this.#gauges.get(check)?.peak ?? 0;
  }

  get peakUnavailable(): number {
    return this.peak(MAX_UNAVAILABLE);
  }

  /** Forgets the recorded peaks (start of a new step). */
  resetPeaks(): void {
    for (const g of this.#gauges.values()) g.peak = g.current;
  }

  /** Human-readable violations, for `expect(monitor.report()).toEqual([])`. */
  report(): string[] {
    return this.violations.map((v) => `#${v.event.seq} ${v.event.type} ${v.event.kind}/${v.event.name} rv=${v.event.resourceVersion}: [${v.check}] ${v.message}`);
  }
}

function recordOf(e: MonitorEvent): EventRecord {
  const pod = e.object as Pod;
  return {
    seq: e.seq,
    at: e.at,
    type: e.type,
    kind: e.kind,
    name: pod.metadata?.name ?? '',
    uid: pod.metadata?.uid,
    phase: pod.status?.phase,
    ready: isReady(pod),
    terminating: pod.metadata?.deletionTimestamp != null,
    revision: pod.metadata?.labels?.[REVISION_LABEL],
    node: pod.spec?.nodeName,
    image: pod.spec?.containers?.[0]?.image,
  };
}
