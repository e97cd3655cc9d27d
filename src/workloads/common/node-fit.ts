// Node fit: would a pod with this spec be allowed on this node? Pure predicates shared by the DaemonSet
// and BroadcastJob planners (they decide eligibility themselves instead of asking a scheduler):
// spec.nodeName, nodeSelector + required node affinity (matchExpressions incl. Gt/Lt, matchFields
// metadata.name), taints vs tolerations (NoSchedule/NoExecute; PreferNoSchedule ignored), optionally
// spec.unschedulable and allocatable pods/cpu/memory/other requests. Other pods on the node are never
// counted. Imports only src/api.
import type { Node, NodeSelectorTerm, PodSpec, Taint, Toleration } from '../../api/index.js';
import { requirementMatches, type SelectorRequirement } from '../../api/index.js';

export interface NodeFitOptions {
  /** Tolerations considered in addition to the pod's own (e.g. the DaemonSet defaults). @default [] */
  extraTolerations?: Toleration[];
  /** Reject a node with `spec.unschedulable` unless the pod tolerates `node.kubernetes.io/unschedulable:NoSchedule`. @default true */
  checkUnschedulable?: boolean;
  /** Require `status.allocatable.pods ≥ 1` and every container request ≤ allocatable (other pods not counted). @default false */
  checkResources?: boolean;
}

export const NODE_FIT_DEFAULTS: Required<NodeFitOptions> = {
  extraTolerations: [],
  checkUnschedulable: true,
  checkResources: false,
};

export class NodeFitOptionsError extends Error {
  readonly code = 'InvalidNodeFitOptions';
}

const resolved = new WeakSet<object>([NODE_FIT_DEFAULTS]);

/**
 * Defaults applied and checked. The result is frozen and remembered: passing it back to `nodeFitsPod`
 * skips resolution (resolve once per plan, not once per node).
 */
export function resolveNodeFitOptions(opts: NodeFitOptions = {}): Readonly<Required<NodeFitOptions>> {
  if (resolved.has(opts)) return opts as Required<NodeFitOptions>;
  const r = { ...NODE_FIT_DEFAULTS, ...stripUndefined(opts) };
  if (!Array.isArray(r.extraTolerations)) throw new NodeFitOptionsError('options.extraTolerations must be an array of tolerations');
  if (typeof r.checkUnschedulable !== 'boolean') throw new NodeFitOptionsError('options.checkUnschedulable must be a boolean');
  if (typeof r.checkResources !== 'boolean') throw new NodeFitOptionsError('options.checkResources must be a boolean');
  const frozen = Object.freeze(r);
  resolved.add(frozen);
  return frozen;
}

export interface NodeFit {
  fits: boolean;
  /** Scheduler-style reasons for every failed predicate (empty when it fits). */
  reasons: string[];
  /** The pod's nodeName (if any) and required node affinity / nodeSelector accept the node. */
  nodeSelectionMatches: boolean;
  /** Some NoExecute taint is not tolerated: a running pod must leave the node. */
  untoleratedNoExecute: boolean;
  /** Some NoSchedule taint is not tolerated. */
  untoleratedNoSchedule: boolean;
}

/** Evaluates every predicate (does not stop at the first failure) so that `reasons` is complete. */
export function nodeFitsPod(node: Node, podSpec: PodSpec, opts?: NodeFitOptions): NodeFit {
  const o = resolveNodeFitOptions(opts);
  const reasons: string[] = [];
  const nodeName = node.metadata?.name ?? '';
  const tolerations = o.extraTolerations.length ? [...(podSpec.tolerations ?? []), ...o.extraTolerations] : podSpec.tolerations ?? [];

  const nameOk = !podSpec.nodeName || podSpec.nodeName === nodeName;
  if (!nameOk) reasons.push("node(s) didn't match the requested node name");
  const affinityOk = matchesNodeSelectorAndAffinity(node, podSpec);
  if (!affinityOk) reasons.push("node(s) didn't match Pod's node affinity/selector");

  let untoleratedNoSchedule = false;
  let untoleratedNoExecute = false;
  for (const taint of node.spec?.taints ?? []) {
    if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
    if (tolerationsTolerateTaint(tolerations, taint)) continue;
    if (taint.effect === 'NoExecute') untoleratedNoExecute = true;
    else untoleratedNoSchedule = true;
    reasons.push(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`);
  }

  if (o.checkUnschedulable && node.spec?.unschedulable) {
    const t: Taint = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };
    if (!tolerationsTolerateTaint(tolerations, t)) reasons.push('node(s) were unschedulable');
  }
  if (o.checkResources) reasons.push(...insufficientResources(node, podSpec));

  return {
    fits: reasons.length === 0,
    reasons,
    nodeSelectionMatches: nameOk && affinityOk,
    untoleratedNoExecute,
    untoleratedNoSchedule,
  };
}

/** `nodeSelector` (all pairs) AND required node affinity (any term). */
export function matchesNodeSelectorAndAffinity(node: Node, podSpec: PodSpec): boolean {
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(podSpec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const required = podSpec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return (required.nodeSelectorTerms ?? []).some((term) => nodeSelectorTermMatches(node, term));
}

/** One term: all matchExpressions (labels) and all matchFields (only `metadata.name`); an empty term matches nothing. */
export function nodeSelectorTermMatches(node: Node, term: NodeSelectorTerm): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata?.labels ?? {};
  for (const e of exprs) {
    if (!requirementMatches(toRequirement(e.key, e.operator, e.values), labels)) return false;
  }
  const fieldValues = { 'metadata.name': node.metadata?.name ?? '' };
  for (const f of fields) {
    if (f.key !== 'metadata.name') return false;
    if (f.operator !== 'In' && f.operator !== 'NotIn') return false;
    if (!requirementMatches(toRequirement(f.key, f.operator, f.values), fieldValues)) return false;
  }
  return true;
}

/** Upstream ToleratesTaint: effect (empty = all), key (empty with Exists = all), operator Equal (default) / Exists. */
export function tolerationToleratesTaint(tol: Toleration, taint: Taint): boolean {
  if (tol.effect && tol.effect !== taint.effect) return false;
  if (tol.key && tol.key !== taint.key) return false;
  switch (tol.operator ?? 'Equal') {
    case 'Exists':
      return true;
    case 'Equal':
    case '':
      return (tol.value ?? '') === (taint.value ?? '');
    default:
      return false;
  }
}

export function tolerationsTolerateTaint(tolerations: readonly Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => tolerationToleratesTaint(t, taint));
}

function toRequirement(key: string, operator: string, values: string[] | undefined): SelectorRequirement {
  return { key, operator: operator as SelectorRequirement['operator'], values: values ?? [] };
}

// ---- resources -------------------------------------------------------------------------------------

function insufficientResources(node: Node, podSpec: PodSpec): string[] {
  const alloc = node.status?.allocatable ?? {};
  const reasons: string[] = [];
  const pods = alloc.pods === undefined ? 0 : parseQuantity(String(alloc.pods));
  if (!(pods >= 1)) reasons.push('Too many pods');
  for (const [name, need] of podRequests(podSpec)) {
    if (need <= 0) continue;
    const have = alloc[name] === undefined ? 0 : parseQuantity(String(alloc[name]));
    if (!(need <= have)) reasons.push(`Insufficient ${name}`);
  }
  return reasons;
}

/** Effective requests as the scheduler computes them: max(sum of containers, each init container) + overhead. */
export function podRequests(podSpec: PodSpec): Map<string, number> {
  const sum = new Map<string, number>();
  for (const c of podSpec.containers ?? []) addRequests(sum, c.resources?.requests);
  for (const c of podSpec.initContainers ?? []) {
    const one = new Map<string, number>();
    addRequests(one, c.resources?.requests);
    for (const [k, v] of one) if (v > (sum.get(k) ?? 0)) sum.set(k, v);
  }
  addRequests(sum, podSpec.overhead);
  return sum;
}

function addRequests(into: Map<string, number>, requests: Record<string, unknown> | undefined): void {
  for (const [k, v] of Object.entries(requests ?? {})) into.set(k, (into.get(k) ?? 0) + parseQuantity(String(v)));
}

const SUFFIXES: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** Parses a Kubernetes quantity (`500m`, `1Gi`, `1.5`, `12e6`) to a number; NaN when malformed. */
export function parseQuantity(text: string): number {
  const m = text.trim().match(/^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?)$/);
  if (!m) return NaN;
  const base = Number(m[1]);
  if (m[2]) return base * 10 ** Number(m[2].slice(1));
  return base * SUFFIXES[m[3] ?? '']!;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}
