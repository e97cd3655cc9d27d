// Per-node desired state of a DaemonSet: which nodes should run its pod (shouldRun) and on which an
// existing pod may stay (shouldContinueRunning), from the template plus the tolerations a DaemonSet
// adds by default; and the pod → node index every later step reads. Pure.
import type { Node, Pod, PodSpec, Toleration } from '../../api/index.js';
import { nodeFitsPod, resolveNodeFitOptions, type NodeFitOptions } from '../common/node-fit.js';

/** The tolerations every DaemonSet pod gets (upstream AddOrUpdateDaemonPodTolerations). */
export function daemonSetDefaultTolerations(hostNetwork: boolean): Toleration[] {
  const t: Toleration[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
  ];
  if (hostNetwork) t.push({ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' });
  return t;
}

export interface NodeDecision {
  /** A pod should be created here if none exists. */
  shouldRun: boolean;
  /** An existing pod may stay here. */
  shouldContinueRunning: boolean;
}

/**
 * Spec §4: nodeName and required affinity/nodeSelector must match (else neither); an untolerated
 * NoSchedule/NoExecute taint → not shouldRun; an untolerated NoExecute taint → not shouldContinueRunning.
 * Node readiness, spec.unschedulable and resources are not considered.
 */
export function nodeShouldRunDaemonPod(node: Node, podSpec: PodSpec, defaultTolerations: readonly Toleration[] | NodeFitOptions): NodeDecision {
  const opts = Array.isArray(defaultTolerations) ? daemonFitOptions(defaultTolerations) : (defaultTolerations as NodeFitOptions);
  const fit = nodeFitsPod(node, podSpec, opts);
  if (!fit.nodeSelectionMatches) return { shouldRun: false, shouldContinueRunning: false };
  return { shouldRun: fit.fits, shouldContinueRunning: !fit.untoleratedNoExecute };
}

/** Node-fit options for DaemonSet eligibility (resolve once per plan and pass to nodeShouldRunDaemonPod). */
export function daemonFitOptions(defaultTolerations: readonly Toleration[]): Readonly<Required<NodeFitOptions>> {
  return resolveNodeFitOptions({ extraTolerations: [...defaultTolerations], checkUnschedulable: false, checkResources: false });
}

/** The node a DaemonSet pod is for: `spec.nodeName`, else its required affinity `matchFields metadata.name In [node]`. */
export function podTargetNode(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const f of term.matchFields ?? []) {
      if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
    }
  }
  return undefined;
}

/** Pods grouped by target node (pods with no target are dropped), each group oldest first. */
export function indexPodsByNode(pods: readonly Pod[]): Map<string, Pod[]> {
  const byNode = new Map<string, Pod[]>();
  for (const pod of pods) {
    const node = podTargetNode(pod);
    if (node === undefined) continue;
    let list = byNode.get(node);
    if (!list) byNode.set(node, (list = []));
    list.push(pod);
  }
  for (const list of byNode.values()) if (list.length > 1) list.sort(compareOldestFirst);
  return byNode;
}

/** Upstream podByCreationTimestampAndPhase: scheduled before unscheduled, then creation time, then name. */
export function compareOldestFirst(a: Pod, b: Pod): number {
  const sa = a.spec?.nodeName ? 0 : 1;
  const sb = b.spec?.nodeName ? 0 : 1;
  if (sa !== sb) return sa - sb;
  const ta = String(a.metadata?.creationTimestamp ?? '');
  const tb = String(b.metadata?.creationTimestamp ?? '');
  if (ta !== tb) return Date.parse(ta || '0') - Date.parse(tb || '0') || (ta < tb ? -1 : 1);
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}
