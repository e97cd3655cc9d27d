// Per-node invariants (DaemonSet, BroadcastJob): at most (or exactly) one pod per eligible node.
import type { KubeObject, Pod } from '../../../src/api/index.js';
import type { Invariant, MonitorState } from './monitor.js';

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
