// A scheduler for pods with schedulerName default-scheduler: binds each unscheduled pod through
// pods/binding to the feasible node with the fewest pods (scheduling.ts decides), records Scheduled, or
// marks it PodScheduled=False/Unschedulable with a FailedScheduling event. Unschedulable pods are retried
// when nodes change or capacity frees up. Feasibility is cached per pod signature until a node's
// scheduling-relevant fields change; per-node usage is kept incrementally from pod events (and assumed
// at bind time, as kube-scheduler's cache does).
import type PQueue from 'p-queue';
import { KeyBatcher } from './key-batcher.js';
import type { Node, Pod } from 'kubernetes-types/core/v1.js';
import type { Clock, KubeObject } from '../../api/index.js';
import { formatTime } from '../../api/index.js';
import type { RestClient } from '../../runtime/client/rest-client.js';
import type { InformerEvent } from '../../runtime/informer/informer.js';
import type { StoreReader } from '../../runtime/informer/store.js';
import { isConflict, isNotFound } from './errors.js';
import type { EventSink } from './event-sink.js';
import { PODS } from './kubelet.js';
import { mergeConditions } from './pod-status.js';
import { podRequests } from './quantity.js';
import {
  chooseNode, filterNodes, LeastPodsPicker, nodeFingerprint, nodeInfoOf, pinnedNodeNames, podSignature, type NodeInfo, type NodeUsage,
} from './scheduling.js';

export interface SchedulerDeps {
  client: RestClient;
  queue: PQueue;
  clock: Clock;
  pods: StoreReader<KubeObject>;
  events: EventSink;
  onError: (err: unknown, context: string) => void;
}

interface Contribution {
  node: string;
  cpuMilli: number;
  memBytes: number;
}

interface Feasibility {
  feasible: NodeInfo[];
  failures: Map<string, number>;
  picker?: LeastPodsPicker;
}

function keyOf(pod: KubeObject): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

function isTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

export function wantsScheduling(pod: Pod): boolean {
  return !pod.spec?.nodeName && !pod.metadata?.deletionTimestamp && !isTerminal(pod) && (pod.spec?.schedulerName ?? 'default-scheduler') === 'default-scheduler';
}

export class Scheduler {
  readonly #d: SchedulerDeps;
  readonly #nodes = new Map<string, NodeInfo>();
  readonly #fingerprints = new Map<string, string>();
  readonly #usage = new Map<string, NodeUsage>();
  readonly #contrib = new Map<string, Contribution>();
  readonly #feasible = new Map<string, Feasibility>();
  readonly #binding = new Set<string>();
  readonly #unschedulable = new Map<string, string>();
  #retryScheduled = false;
  readonly stats = { bound: 0, unschedulable: 0, bindErrors: 0 };

  readonly #queue = new KeyBatcher((key) => this.#schedule(key), (err, key) => this.#d.onError(err, `schedule pod ${key}`));

  constructor(deps: SchedulerDeps) {
    this.#d = deps;
  }

  onNodeEvent(ev: InformerEvent<KubeObject>): void {
    const node = ev.object as unknown as Node;
    const name = node.metadata?.name ?? '';
    if (ev.type === 'DELETED') {
      this.#nodes.delete(name);
      this.#fingerprints.delete(name);
      this.#feasible.clear();
      return;
    }
    const info = nodeInfoOf(node);
    const fp = `${nodeFingerprint(info)}|${info.allocPods}|${info.allocCpuMilli}|${info.allocMemBytes}`;
    this.#nodes.set(name, info);
    if (this.#fingerprints.get(name) === fp) return;
    this.#fingerprints.set(name, fp);
    this.#feasible.clear();
    this.#retryUnschedulable();
  }

  onPodEvent(ev: InformerEvent<KubeObject>): void {
    const pod = ev.object as unknown as Pod;
    const key = keyOf(ev.object);
    const freed = this.#account(key, ev.type === 'DELETED' ? undefined : pod);
    if (freed && this.#unschedulable.size) this.#retryUnschedulable();
    if (ev.type === 'DELETED' || !wantsScheduling(pod)) {
      this.#unschedulable.delete(key);
      return;
    }
    const known = this.#unschedulable.get(key);
    if (known !== undefined && ev.old && podSignature(ev.old as never) === podSignature(pod)) {
      const cond = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
      if (cond?.status === 'False' && cond.message === known) return;
    }
    this.#queue.add(key);
  }

  /** Keeps per-node usage in step with a pod; returns whether capacity was freed. */
  #account(key: string, pod: Pod | undefined): boolean {
    const next: Contribution | undefined = pod && pod.spec?.nodeName && !isTerminal(pod) ? { node: pod.spec.nodeName, ...podRequests(pod) } : undefined;
    const prev = this.#contrib.get(key);
    if (prev && next && prev.node === next.node && prev.cpuMilli === next.cpuMilli && prev.memBytes === next.memBytes) return false;
    if (prev) this.#addUsage(prev, -1);
    if (next) {
      this.#contrib.set(key, next);
      this.#addUsage(next, 1);
    } else this.#contrib.delete(key);
    return !!prev && !next;
  }

  #addUsage(c: Contribution, sign: 1 | -1): void {
    let u = this.#usage.get(c.node);
    if (!u) this.#usage.set(c.node, (u = { pods: 0, cpuMilli: 0, memBytes: 0 }));
    u.pods += sign;
    u.cpuMilli += sign * c.cpuMilli;
    u.memBytes += sign * c.memBytes;
  }

  #retryUnschedulable(): void {
    if (this.#retryScheduled) return;
    this.#retryScheduled = true;
    this.#d.clock.setTimer(50, () => {
      this.#retryScheduled = false;
      for (const key of this.#unschedulable.keys()) this.#queue.add(key);
    });
  }

  #usageOf = (name: string): NodeUsage | undefined => this.#usage.get(name);

  #filter(pod: Pod): Feasibility {
    const pinned = pinnedNodeNames(pod);
    if (pinned && pinned.length <= 4) {
      const candidates = pinned.map((n) => this.#nodes.get(n)).filter((n): n is NodeInfo => !!n);
      const r = filterNodes(pod, candidates);
      if (r.feasible.length) return r;
    }
    const sig = podSignature(pod);
    let r = this.#feasible.get(sig);
    if (!r) {
      r = filterNodes(pod, [...this.#nodes.values()].sort((a, b) => (a.name < b.name ? -1 : 1)));
      (r as Feasibility).picker = new LeastPodsPicker(r.feasible, this.#usageOf);
      this.#feasible.set(sig, r);
    }
    return r;
  }

  #schedule(key: string): void {
    if (this.#binding.has(key)) return;
    const pod = this.#d.pods.get(key) as unknown as Pod | undefined;
    if (!pod || !wantsScheduling(pod)) return;
    const { feasible, failures, picker } = this.#filter(pod);
    const req = podRequests(pod);
    const fast = picker?.pick(req, this.#usageOf);
    if (fast) return this.#bind(key, pod, fast.name);
    const result = chooseNode(req, feasible, this.#usageOf, failures, this.#nodes.size);
    if ('message' in result) this.#markUnschedulable(key, pod, result.message);
    else this.#bind(key, pod, result.node);
  }

  #bind(key: string, pod: Pod, node: string): void {
    this.#binding.add(key);
    this.#unschedulable.delete(key);
    this.#account(key, { ...pod, spec: { ...pod.spec!, nodeName: node } });
    const ns = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    const binding = { apiVersion: 'v1', kind: 'Binding', metadata: { name, namespace: ns, uid: pod.metadata?.uid }, target: { apiVersion: 'v1', kind: 'Node', name: node } };
    void this.#d.queue
      .add(() => this.#d.client.transport.json('POST', `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(name)}/binding`, binding, 'application/json', 'create'))
      .then(
        () => {
          this.stats.bound++;
          this.#d.events.record({
            involved: { kind: 'Pod', apiVersion: 'v1', namespace: ns, name, uid: pod.metadata?.uid },
            type: 'Normal', reason: 'Scheduled', message: `Successfully assigned ${ns}/${name} to ${node}`, component: 'default-scheduler',
          });
        },
        (err: unknown) => {
          this.stats.bindErrors++;
          const cached = this.#d.pods.get(key) as unknown as Pod | undefined;
          this.#account(key, cached);
          if (!isNotFound(err) && !isConflict(err)) {
            this.#d.onError(err, `bind pod ${key} to ${node}`);
            this.#d.clock.setTimer(1000, () => this.#queue.add(key));
          }
        },
      )
      .finally(() => this.#binding.delete(key));
  }

  #markUnschedulable(key: string, pod: Pod, message: string): void {
    const known = this.#unschedulable.get(key);
    this.#unschedulable.set(key, message);
    const cond = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (known === message && cond?.status === 'False' && cond.message === message) return;
    this.stats.unschedulable++;
    const ns = pod.metadata?.namespace ?? '';
    const name = pod.metadata?.name ?? '';
    this.#d.events.record({
      involved: { kind: 'Pod', apiVersion: 'v1', namespace: ns, name, uid: pod.metadata?.uid },
      type: 'Warning', reason: 'FailedScheduling', message, component: 'default-scheduler',
    });
    if (cond?.status === 'False' && cond.reason === 'Unschedulable' && cond.message === message) return;
    const mine = { type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastTransitionTime: cond?.status === 'False' ? cond.lastTransitionTime : formatTime(this.#d.clock.now()) };
    const body = { metadata: { resourceVersion: pod.metadata?.resourceVersion }, status: { phase: pod.status?.phase ?? 'Pending', conditions: mergeConditions(pod.status?.conditions ?? [], [mine]) } };
    void this.#d.queue
      .add(() => this.#d.client.patch(PODS, ns, name, 'strategic', body, { subresource: 'status' }))
      .catch((err: unknown) => {
        if (!isNotFound(err) && !isConflict(err)) this.#d.onError(err, `mark pod ${key} unschedulable`);
      });
  }
}
