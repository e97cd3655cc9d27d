// The planner's read-only view of one DaemonSet in one turn, built once: nodes by name, each node's
// shouldRun/shouldContinueRunning decision, pods indexed by target node (oldest first), the current hash.
// Every sub-decision (manage, rolling update, surge, status) reads this instead of re-scanning pods.
import type { Node, Pod, PodSpec } from '../../api/index.js';
import type { DaemonSet } from './types.js';
import type { ResolvedStrategy } from './strategy.js';
import { daemonFitOptions, daemonSetDefaultTolerations, indexPodsByNode, nodeShouldRunDaemonPod, type NodeDecision } from './node-state.js';

export interface DaemonSetView {
  ds: DaemonSet;
  hash: string;
  nowMs: number;
  minReadySeconds: number;
  strategy: ResolvedStrategy;
  nodes: Map<string, Node>;
  decisions: Map<string, NodeDecision>;
  podsByNode: Map<string, Pod[]>;
  /** Number of nodes where shouldRun. */
  desired: number;
}

export function buildView(ds: DaemonSet, hash: string, strategy: ResolvedStrategy, nodes: readonly Node[], pods: readonly Pod[], nowMs: number): DaemonSetView {
  const podSpec: PodSpec = ds.spec?.template?.spec ?? { containers: [] };
  const fitOptions = daemonFitOptions(daemonSetDefaultTolerations(!!podSpec.hostNetwork));
  const byName = new Map<string, Node>();
  const decisions = new Map<string, NodeDecision>();
  let desired = 0;
  for (const node of nodes) {
    const name = node.metadata?.name ?? '';
    byName.set(name, node);
    const d = nodeShouldRunDaemonPod(node, podSpec, fitOptions);
    decisions.set(name, d);
    if (d.shouldRun) desired++;
  }
  return {
    ds, hash, nowMs, strategy,
    minReadySeconds: Math.max(0, ds.spec?.minReadySeconds ?? 0),
    nodes: byName, decisions,
    podsByNode: indexPodsByNode(pods),
    desired,
  };
}

export function sortedNames(names: Iterable<string>): string[] {
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
