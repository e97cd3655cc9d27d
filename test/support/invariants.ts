// Test helper: an invariant monitor for e2e tests. It watches a workload and its pods (plain list+watch
// over HTTPS with the test cluster's kubeconfig — deliberately not the runtime's informer, so it shares no
// bug with the code under test) and runs every check after EVERY event. A check is a small pluggable
// object (`Invariant`); violations are recorded with the event that caused them, and a check may expose a
// gauge (e.g. unavailable pods) whose peak the monitor keeps. StatefulSet checks live here; DaemonSet /
// BroadcastJob tests add `podsPerNode()` or their own. `feed()` is synchronous so checks are unit-testable
// with synthetic events (test/support/invariants.test.ts).
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { KubeObject, Pod } from '../../src/api/index.js';

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

// ——— pod and StatefulSet facts, written independently of src/workloads ———

export const REVISION_LABEL = 'controller-revision-hash';

export function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Running, Ready and not terminating. */
export function isAvailable(pod: Pod | undefined): boolean {
  return !!pod && pod.metadata?.deletionTimestamp == null && pod.status?.phase === 'Running' && isReady(pod);
}

/** The ordinal of `<set>-<n>`; strict (no leading zeros), undefined otherwise. */
export function ordinalOf(set: string, podName: string): number | undefined {
  const m = /^(.*)-(0|[1-9]\d*)$/.exec(podName);
  return m && m[1] === set ? Number(m[2]) : undefined;
}

/** Reserved ordinals of a StatefulSet spec: ints and "a-b" ranges. */
export function reservedOrdinals(workload: KubeObject | undefined): Set<number> {
  const out = new Set<number>();
  for (const item of ((workload as any)?.spec?.reserveOrdinals ?? []) as Array<number | string>) {
    if (typeof item === 'number') out.add(item);
    else {
      const m = /^(\d+)-(\d+)$/.exec(item);
      if (m) for (let i = Number(m[1]); i <= Number(m[2]); i++) out.add(i);
    }
  }
  return out;
}

/** The ordinals a StatefulSet wants: `replicas` non-reserved ordinals upward from 0. */
export function desiredOrdinals(workload: KubeObject | undefined): Set<number> {
  const out = new Set<number>();
  if (!workload) return out;
  const replicas = ((workload as any).spec?.replicas ?? 1) as number;
  const reserved = reservedOrdinals(workload);
  for (let o = 0; out.size < replicas; o++) if (!reserved.has(o)) out.add(o);
  return out;
}

/** int-or-percent of `total`, percent rounded down, at least 1 (StatefulSet rules). */
export function resolveBudget(value: number | string | undefined, total: number, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number') return Math.max(1, value);
  const m = /^(\d+)%$/.exec(value);
  return m ? Math.max(1, Math.floor((Number(m[1]) * total) / 100)) : fallback;
}

function podsByOrdinal(state: MonitorState): Map<number, Pod> {
  const set = state.workload?.metadata?.name ?? '';
  const out = new Map<number, Pod>();
  for (const [name, pod] of state.pods) {
    const o = ordinalOf(set, name);
    if (o !== undefined) out.set(o, pod);
  }
  return out;
}

// ——— StatefulSet invariants ———

export const MAX_UNAVAILABLE = 'maxUnavailable';

/** No two live pods claim one ordinal (by name or by the pod-index label), and identity labels agree. */
export function noDuplicateOrdinal(): Invariant {
  return {
    name: 'noDuplicateOrdinal',
    check(_e, state) {
      const set = state.workload?.metadata?.name;
      if (!set) return [];
      const seen = new Map<number, string>();
      const out: string[] = [];
      for (const [name, pod] of state.pods) {
        const labels = pod.metadata?.labels ?? {};
        const index = labels['apps.kubernetes.io/pod-index'];
        const o = ordinalOf(set, name) ?? (index !== undefined ? Number(index) : undefined);
        if (o === undefined) continue;
        if (index !== undefined && Number(index) !== o) out.push(`${name} has pod-index label ${index}`);
        const other = seen.get(o);
        if (other) out.push(`ordinal ${o} is held by both ${other} and ${name}`);
        seen.set(o, name);
      }
      return out;
    },
  };
}

/** No pod is created at an ordinal the spec reserves. */
export function noReservedOrdinal(): Invariant {
  return {
    name: 'noReservedOrdinal',
    check(e, state) {
      if (e.kind !== 'Pod' || e.type !== 'ADDED' || !state.workload) return [];
      const o = ordinalOf(state.workload.metadata?.name ?? '', e.object.metadata?.name ?? '');
      return o !== undefined && reservedOrdinals(state.workload).has(o) ? [`pod ${e.object.metadata?.name} created at reserved ordinal ${o}`] : [];
    },
  };
}

export interface MaxUnavailableOptions {
  /** The allowed number for the current workload; undefined = no limit. @default statefulSetLimit */
  limit?: (workload: KubeObject, state: MonitorState) => number | undefined;
}

/**
 * Never more unavailable than allowed. Counted over the ordinals the spec wants: a slot that has held a
 * Ready pod ("established") counts while its pod is missing, terminating or not Running+Ready; a slot
 * never established counts while its pod exists and is not available. Without scaleStrategy, burst
 * (Parallel) creation is unbounded, so fresh slots are then not limited.
 */
export function maxUnavailable(opts: MaxUnavailableOptions = {}): Invariant {
  const established = new Set<number>();
  let counted = 0;
  let counts = { established: 0, fresh: 0 };
  const count = (state: MonitorState) => {
    const desired = desiredOrdinals(state.workload);
    for (const o of established) if (!desired.has(o)) established.delete(o);
    const pods = podsByOrdinal(state);
    counts = { established: 0, fresh: 0 };
    for (const o of desired) {
      const pod = pods.get(o);
      if (isAvailable(pod)) established.add(o);
      else if (established.has(o)) counts.established++;
      else if (pod) counts.fresh++;
    }
    return counts;
  };
  return {
    name: MAX_UNAVAILABLE,
    check(_e, state) {
      if (!state.workload) return [];
      const c = count(state);
      const burst = (state.workload as any).spec?.podManagementPolicy === 'Parallel' && (state.workload as any).spec?.scaleStrategy?.maxUnavailable === undefined;
      const n = (counted = burst ? c.established : c.established + c.fresh);
      const limit = (opts.limit ?? statefulSetLimit)(state.workload, state);
      if (limit === undefined || n <= limit + state.disruptions) return [];
      return [`${n} unavailable > ${limit} allowed${state.disruptions ? ` + ${state.disruptions} disrupted by the test` : ''}`];
    },
    /** The number compared with the limit (burst-created pods excluded when they are unbounded). */
    gauge: () => counted,
  };
}

/** OrderedReady: 1. Parallel: rollingUpdate.maxUnavailable, or the larger of it and scaleStrategy.maxUnavailable. */
export function statefulSetLimit(workload: KubeObject): number {
  const spec = (workload as any).spec ?? {};
  if (spec.podManagementPolicy !== 'Parallel') return 1;
  const replicas = desiredOrdinals(workload).size;
  const update = resolveBudget(spec.updateStrategy?.rollingUpdate?.maxUnavailable, replicas, 1);
  const scale = spec.scaleStrategy?.maxUnavailable;
  return scale === undefined ? update : Math.max(update, resolveBudget(scale, replicas, 1));
}

/** A pod that reached the update revision never shows up at another revision while that revision stands (judged when the status is current). */
export function noRollback(): Invariant {
  const updatedTo = new Map<number, string>();
  return {
    name: 'noRollback',
    check(e, state) {
      if (e.kind !== 'Pod' || e.type === 'DELETED' || !state.workload) return [];
      const w = state.workload as any;
      // Judge only against a status that has seen the current spec: a new template bumps the generation at
      // once, while status.updateRevision follows with the controller's status write, after its pod writes.
      if (w.status?.observedGeneration !== w.metadata?.generation) return [];
      const updateRevision = w.status?.updateRevision as string | undefined;
      const o = ordinalOf(state.workload.metadata?.name ?? '', e.object.metadata?.name ?? '');
      if (o === undefined || !updateRevision) return [];
      const revision = e.object.metadata?.labels?.[REVISION_LABEL];
      const was = updatedTo.get(o);
      if (revision === updateRevision) updatedTo.set(o, revision);
      else if (was === updateRevision) return [`${e.object.metadata?.name} went back from ${was} to ${revision}`];
      return [];
    },
  };
}

/** OrderedReady: a pod is created only when every wanted lower ordinal has an available pod. */
export function orderedCreation(): Invariant {
  return {
    name: 'orderedCreation',
    check(e, state) {
      const w = state.workload as any;
      if (e.kind !== 'Pod' || e.type !== 'ADDED' || !w || w.spec?.podManagementPolicy === 'Parallel') return [];
      const o = ordinalOf(w.metadata?.name ?? '', e.object.metadata?.name ?? '');
      if (o === undefined) return [];
      const pods = podsByOrdinal(state);
      const blocking = [...desiredOrdinals(w)].filter((d) => d < o && !isAvailable(pods.get(d)));
      return blocking.length ? [`${e.object.metadata?.name} created while ordinal(s) ${blocking.join(',')} not Running+Ready`] : [];
    },
  };
}

/** The workload status never contradicts itself: observedGeneration never goes back; ready/available/updated/current ≤ replicas. */
export function statusConsistency(): Invariant {
  let observed = 0;
  return {
    name: 'statusConsistency',
    check(e, state) {
      const st = (state.workload as any)?.status;
      if (e.kind === 'Pod' || !st) return [];
      const out: string[] = [];
      if ((st.observedGeneration ?? 0) < observed) out.push(`observedGeneration went back from ${observed} to ${st.observedGeneration}`);
      observed = Math.max(observed, st.observedGeneration ?? 0);
      for (const f of ['readyReplicas', 'availableReplicas', 'updatedReplicas', 'currentReplicas']) {
        if ((st[f] ?? 0) > (st.replicas ?? 0)) out.push(`status.${f} ${st[f]} > status.replicas ${st.replicas}`);
      }
      if ((st.availableReplicas ?? 0) > (st.readyReplicas ?? 0)) out.push(`status.availableReplicas ${st.availableReplicas} > readyReplicas ${st.readyReplicas}`);
      return out;
    },
  };
}

/** Every StatefulSet invariant of issue 5, plus status consistency. */
export function statefulSetInvariants(opts: MaxUnavailableOptions = {}): Invariant[] {
  return [noDuplicateOrdinal(), noReservedOrdinal(), maxUnavailable(opts), noRollback(), orderedCreation(), statusConsistency()];
}

// ——— per-node invariants (DaemonSet, BroadcastJob) ———

export interface PodsPerNodeOptions {
  /** How many nodes may run a surge pod (a second pod) at once; 0 = never. @default () => 0 */
  maxSurge?: (workload: KubeObject | undefined, state: MonitorState) => number;
  /** Whether terminating pods count. @default false */
  countTerminating?: boolean;
}

export const PODS_PER_NODE = 'podsPerNode';

/** At most one pod per node outside a surge; at most two on a surged node; never more surged nodes than maxSurge. Gauge: surged nodes. */
export function podsPerNode(opts: PodsPerNodeOptions = {}): Invariant {
  let surged = 0;
  return {
    name: PODS_PER_NODE,
    check(_e, state) {
      const perNode = new Map<string, string[]>();
      for (const [name, pod] of state.pods) {
        const node = pod.spec?.nodeName ?? nodeOfAffinity(pod);
        if (!node || (!opts.countTerminating && pod.metadata?.deletionTimestamp != null)) continue;
        perNode.set(node, [...(perNode.get(node) ?? []), name]);
      }
      const out: string[] = [];
      const allowed = opts.maxSurge?.(state.workload, state) ?? 0;
      surged = 0;
      for (const [node, names] of perNode) {
        if (names.length < 2) continue;
        surged++;
        if (allowed === 0 || names.length > 2) out.push(`node ${node} runs ${names.length} pods: ${names.sort().join(', ')}`);
      }
      if (allowed > 0 && surged > allowed) out.push(`${surged} nodes surged > maxSurge ${allowed}`);
      return out;
    },
    gauge: () => surged,
  };
}

/** The node a DaemonSet/BroadcastJob pod is pinned to through its matchFields affinity (before binding). */
function nodeOfAffinity(pod: Pod): string | undefined {
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const t of terms) for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In') return f.values?.[0];
  return undefined;
}

// ——— the watch ———

export interface WatchTarget {
  kubeconfigPath: string;
  namespace?: string;
  /** The workload's collection path, e.g. /apis/apps.kruise.io/v1beta1/namespaces/default/statefulsets. */
  workloadPath: string;
  /** The workload's name (other objects of the collection are ignored). */
  name: string;
  /** Label selector of the pods to watch, e.g. app=nginx. */
  podSelector: string;
  kind?: string;
}

export interface WatchedMonitor extends InvariantMonitor {
  stop(): void;
  /** Resolves when the first list of both streams was applied. */
  ready: Promise<void>;
}

interface Conn {
  server: URL;
  ca: string;
  token: string;
}

function connOf(kubeconfigPath: string): Conn {
  const kc = parse(readFileSync(kubeconfigPath, 'utf8'));
  const cluster = kc.clusters[0].cluster;
  return { server: new URL(cluster.server), ca: Buffer.from(cluster['certificate-authority-data'], 'base64').toString(), token: kc.users[0].user.token };
}

/**
 * Starts a monitor fed by list+watch of the workload and its pods. A watch that ends is resumed from the
 * last resourceVersion; one that fails (410 Gone, connection error) is replaced by a relist whose
 * differences are fed as ADDED/MODIFIED/DELETED events, so the checks always see a consistent state.
 */
export function watchInvariants(target: WatchTarget, checks: Invariant[]): WatchedMonitor {
  const monitor = new InvariantMonitor(checks) as WatchedMonitor;
  const conn = connOf(target.kubeconfigPath);
  const ns = target.namespace ?? 'default';
  let stopped = false;
  const aborts = new Set<() => void>();
  const get = (url: string, onBody: (res: IncomingMessage) => void, onError: (e: Error) => void) => {
    const req = request(new URL(url, conn.server), { ca: conn.ca, headers: { authorization: `Bearer ${conn.token}` } }, onBody);
    const abort = () => req.destroy();
    req.on('error', onError);
    req.on('close', () => aborts.delete(abort));
    aborts.add(abort);
    req.end();
  };
  const stream = (path: string, kind: string, accept: (o: KubeObject) => boolean): Promise<void> =>
    new Promise((resolveListed, rejectListed) => {
      let listed = false;
      const sep = path.includes('?') ? '&' : '?';
      const known = new Map<string, KubeObject>();
      const apply = (type: EventType, o: KubeObject) => {
        const name = o.metadata?.name ?? '';
        if (type === 'DELETED') known.delete(name);
        else known.set(name, o);
        monitor.feed(type, kind, o);
      };
      const retry = () => (stopped ? undefined : setTimeout(list, 100));
      const list = () => {
        if (stopped) return;
        get(path, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => {
            if (res.statusCode !== 200) return listed ? retry() : rejectListed(new Error(`list ${path}: ${res.statusCode} ${body}`));
            const items = ((JSON.parse(body).items ?? []) as KubeObject[]).filter(accept);
            const names = new Set(items.map((i) => i.metadata?.name ?? ''));
            for (const [name, o] of known) if (!names.has(name)) apply('DELETED', o);
            for (const item of items) {
              const was = known.get(item.metadata?.name ?? '');
              if (was?.metadata?.resourceVersion !== item.metadata?.resourceVersion) apply(was ? 'MODIFIED' : 'ADDED', item);
            }
            if (!listed) resolveListed();
            listed = true;
            watch(JSON.parse(body).metadata?.resourceVersion);
          });
        }, () => (listed ? retry() : rejectListed(new Error(`list ${path} failed`))));
      };
      const watch = (rv: string) => {
        if (stopped) return;
        let failed = false;
        get(`${path}${sep}watch=1&resourceVersion=${rv}`, (res) => {
          let buf = '';
          res.on('data', (d) => {
            buf += d;
            let nl: number;
            while ((nl = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, nl).trim();
              buf = buf.slice(nl + 1);
              if (!line) continue;
              const ev = JSON.parse(line);
              if (ev.type === 'ERROR') {
                failed = true;
                continue;
              }
              rv = ev.object?.metadata?.resourceVersion ?? rv;
              if (ev.type === 'BOOKMARK' || !accept(ev.object)) continue;
              apply(ev.type, ev.object);
            }
          });
          res.on('end', () => (failed || res.statusCode !== 200 ? retry() : watch(rv)));
        }, retry);
      };
      list();
    });
  const sel = encodeURIComponent(target.podSelector);
  monitor.ready = Promise.all([
    stream(target.workloadPath, target.kind ?? 'Workload', (o) => o.metadata?.name === target.name),
    stream(`/api/v1/namespaces/${ns}/pods?labelSelector=${sel}`, 'Pod', () => true),
  ]).then(() => undefined);
  monitor.stop = () => {
    stopped = true;
    for (const a of aborts) a();
  };
  return monitor;
}

/** The monitor for a StatefulSet in `default` with all of issue 5's invariants. */
export function watchStatefulSet(kubeconfigPath: string, name: string, podSelector: string, opts: MaxUnavailableOptions = {}): WatchedMonitor {
  return watchInvariants(
    { kubeconfigPath, name, podSelector, kind: 'StatefulSet', workloadPath: '/apis/apps.kruise.io/v1beta1/namespaces/default/statefulsets' },
    statefulSetInvariants(opts),
  );
}
