// Scheduling decisions (pure): does a pod fit a node (unschedulable, node name, taints/tolerations,
// node selector and required node affinity, pods capacity, cpu/memory), which feasible node has the
// fewest pods, and the "0/3 nodes are available: …" message of an unschedulable pod. The filters run
// in kube-scheduler's order and each node reports the first that fails, as kube-scheduler does.
import type { Node, Pod, Taint, Toleration, NodeSelectorTerm, NodeSelectorRequirement } from 'kubernetes-types/core/v1.js';
import { requirementMatches, type SelectorRequirement } from '../../api/index.js';
import { parseQuantity, type PodRequests } from './quantity.js';

export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
export const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable';

/** What the scheduler keeps of a node. */
export interface NodeInfo {
  name: string;
  labels: Record<string, string>;
  taints: Taint[];
  unschedulable: boolean;
  ready: boolean;
  allocPods: number;
  allocCpuMilli: number;
  allocMemBytes: number;
}

export interface NodeUsage {
  pods: number;
  cpuMilli: number;
  memBytes: number;
}

export function nodeInfoOf(node: Node): NodeInfo {
  const alloc = node.status?.allocatable ?? {};
  const ready = node.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  return {
    name: node.metadata?.name ?? '',
    labels: node.metadata?.labels ?? {},
    taints: node.spec?.taints ?? [],
    unschedulable: node.spec?.unschedulable === true,
    ready,
    allocPods: alloc.pods === undefined ? 0 : parseQuantity(alloc.pods as string) || 0,
    allocCpuMilli: alloc.cpu === undefined ? Infinity : Math.round((parseQuantity(alloc.cpu as string) || 0) * 1000),
    allocMemBytes: alloc.memory === undefined ? Infinity : parseQuantity(alloc.memory as string) || 0,
  };
}

/** The part of a node the static filters read; a change of it invalidates cached feasibility. */
export function nodeFingerprint(n: NodeInfo): string {
  return JSON.stringify([n.labels, n.taints, n.unschedulable, n.ready]);
}

/** The part of a pod the static filters read: pods with equal signatures fit the same nodes. */
export function podSignature(pod: Pod): string {
  const s = pod.spec;
  return JSON.stringify([s?.nodeName ?? '', s?.nodeSelector ?? null, s?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? null, s?.tolerations ?? null]);
}

export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.operator === 'Exists') return !toleration.key || toleration.key === taint.key;
  return toleration.key === taint.key && (toleration.value ?? '') === (taint.value ?? '');
}

function effectiveTaints(node: NodeInfo): Taint[] {
  return node.ready ? node.taints : [...node.taints, { key: NOT_READY_TAINT, effect: 'NoSchedule' }];
}

function nodeSelectorRequirementMatches(req: NodeSelectorRequirement, value: Record<string, string>): boolean {
  return requirementMatches({ key: req.key, operator: req.operator as SelectorRequirement['operator'], values: req.values ?? [] }, value);
}

/** One required node-affinity term: all its expressions (labels) and fields (metadata.name) must match. */
export function termMatches(term: NodeSelectorTerm, node: NodeInfo): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  for (const e of exprs) if (!nodeSelectorRequirementMatches(e, node.labels)) return false;
  for (const f of fields) {
    if (f.key !== 'metadata.name') return false;
    if (!nodeSelectorRequirementMatches(f, { 'metadata.name': node.name })) return false;
  }
  return true;
}

export function matchesNodeSelectorAndAffinity(pod: Pod, node: NodeInfo): boolean {
  for (const [k, v] of Object.entries(pod.spec?.nodeSelector ?? {})) if (node.labels[k] !== v) return false;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (required) return (required.nodeSelectorTerms ?? []).some((t) => termMatches(t, node));
  return true;
}

/** Static filters (independent of what runs on the node): the failure reason, or undefined when it passes. */
export function staticFitFailure(pod: Pod, node: NodeInfo): string | undefined {
  const tolerations = pod.spec?.tolerations ?? [];
  if (node.unschedulable && !tolerations.some((t) => tolerates(t, { key: UNSCHEDULABLE_TAINT, effect: 'NoSchedule' }))) {
    return 'node(s) were unschedulable';
  }
  const nodeName = pod.spec?.nodeName;
  if (nodeName && nodeName !== node.name) return "node(s) didn't match the requested node name";
  for (const taint of effectiveTaints(node)) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (!tolerations.some((t) => tolerates(t, taint))) return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
  }
  if (!matchesNodeSelectorAndAffinity(pod, node)) return "node(s) didn't match Pod's node affinity/selector";
  return undefined;
}

/** The resource filter: the failure reason, or undefined when the pod fits next to what runs there. */
export function resourceFitFailure(req: PodRequests, node: NodeInfo, usage: NodeUsage | undefined): string | undefined {
  const u = usage ?? { pods: 0, cpuMilli: 0, memBytes: 0 };
  if (u.pods + 1 > node.allocPods) return 'Too many pods';
  if (req.cpuMilli > 0 && u.cpuMilli + req.cpuMilli > node.allocCpuMilli) return 'Insufficient cpu';
  if (req.memBytes > 0 && u.memBytes + req.memBytes > node.allocMemBytes) return 'Insufficient memory';
  return undefined;
}

/** Node names a pod explicitly pins through `matchFields metadata.name In [...]` (DaemonSet/BroadcastJob pods). */
export function pinnedNodeNames(pod: Pod): string[] | undefined {
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms || terms.length === 0) return undefined;
  const names: string[] = [];
  for (const t of terms) {
    const f = t.matchFields?.find((x) => x.key === 'metadata.name' && x.operator === 'In');
    if (!f) return undefined;
    names.push(...(f.values ?? []));
  }
  return names;
}

export type ScheduleResult = { node: string } | { node?: undefined; message: string };

/**
 * Picks the feasible node with the fewest pods (ties by name order of `candidates`), or explains why none
 * fits. `feasible` are the candidates that passed the static filters; `staticFailures` counts the others
 * by reason; `total` is the number of nodes in the cluster.
 */
export function chooseNode(
  req: PodRequests,
  feasible: readonly NodeInfo[],
  usageOf: (name: string) => NodeUsage | undefined,
  staticFailures: ReadonlyMap<string, number>,
  total: number,
): ScheduleResult {
  let best: NodeInfo | undefined;
  let bestPods = Infinity;
  let failures: Map<string, number> | undefined;
  for (const n of feasible) {
    const usage = usageOf(n.name);
    const fail = resourceFitFailure(req, n, usage);
    if (fail) {
      failures ??= new Map();
      failures.set(fail, (failures.get(fail) ?? 0) + 1);
      continue;
    }
    const pods = usage?.pods ?? 0;
    if (pods < bestPods) {
      best = n;
      bestPods = pods;
      if (pods === 0) break;
    }
  }
  if (best) return { node: best.name };
  const all = new Map(staticFailures);
  for (const [r, c] of failures ?? []) all.set(r, (all.get(r) ?? 0) + c);
  return { message: unschedulableMessage(total, all) };
}

/** `0/3 nodes are available: 1 node(s) had untolerated taint {…}, 2 node(s) didn't match ….` */
export function unschedulableMessage(total: number, reasons: ReadonlyMap<string, number>): string {
  if (total === 0) return 'no nodes available to schedule pods';
  const parts = [...reasons].map(([r, c]) => `${c} ${r}`).sort();
  return `0/${total} nodes are available: ${parts.join(', ')}.`;
}

/** Runs the static filters over all nodes: the feasible ones and the failure counts of the rest. */
export function filterNodes(pod: Pod, nodes: Iterable<NodeInfo>): { feasible: NodeInfo[]; failures: Map<string, number> } {
  const feasible: NodeInfo[] = [];
  const failures = new Map<string, number>();
  for (const n of nodes) {
    const fail = staticFitFailure(pod, n);
    if (fail) failures.set(fail, (failures.get(fail) ?? 0) + 1);
    else feasible.push(n);
  }
  return { feasible, failures };
}

/**
 * Picks the node with the fewest pods among a fixed feasible set in O(log n): a min-heap of
 * (pods, node) with lazy updates — an entry whose count is stale is re-keyed when it surfaces. A node
 * whose count dropped is noticed only when its entry surfaces (a small, temporary imbalance).
 */
export class LeastPodsPicker {
  readonly #nodes: readonly NodeInfo[];
  readonly #key: number[] = [];
  readonly #idx: number[] = [];

  constructor(nodes: readonly NodeInfo[], usageOf: (name: string) => NodeUsage | undefined) {
    this.#nodes = nodes;
    nodes.forEach((n, i) => this.#push(usageOf(n.name)?.pods ?? 0, i));
  }

  pick(req: PodRequests, usageOf: (name: string) => NodeUsage | undefined): NodeInfo | undefined {
    const skipped: Array<[number, number]> = [];
    let chosen: NodeInfo | undefined;
    let guard = this.#nodes.length * 4 + 8;
    while (this.#key.length && guard-- > 0) {
      const [key, i] = this.#pop();
      const node = this.#nodes[i]!;
      const usage = usageOf(node.name);
      const pods = usage?.pods ?? 0;
      if (pods !== key) {
        this.#push(pods, i);
        continue;
      }
      if (resourceFitFailure(req, node, usage)) {
        skipped.push([key, i]);
        continue;
      }
      this.#push(pods + 1, i);
      chosen = node;
      break;
    }
    for (const [k, i] of skipped) this.#push(k, i);
    return chosen;
  }

  #less(a: number, b: number): boolean {
    return this.#key[a]! < this.#key[b]! || (this.#key[a] === this.#key[b] && this.#idx[a]! < this.#idx[b]!);
  }

  #swap(a: number, b: number): void {
    [this.#key[a], this.#key[b]] = [this.#key[b]!, this.#key[a]!];
    [this.#idx[a], this.#idx[b]] = [this.#idx[b]!, this.#idx[a]!];
  }

  #push(key: number, idx: number): void {
    this.#key.push(key);
    this.#idx.push(idx);
    let i = this.#key.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.#less(i, p)) break;
      this.#swap(i, p);
      i = p;
    }
  }

  #pop(): [number, number] {
    const top: [number, number] = [this.#key[0]!, this.#idx[0]!];
    const lastK = this.#key.pop()!;
    const lastI = this.#idx.pop()!;
    if (this.#key.length) {
      this.#key[0] = lastK;
      this.#idx[0] = lastI;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < this.#key.length && this.#less(l, m)) m = l;
        if (r < this.#key.length && this.#less(r, m)) m = r;
        if (m === i) break;
        this.#swap(i, m);
        i = m;
      }
    }
    return top;
  }
}
