// Where a BroadcastJob's pods are and should be (reconcile steps 7 and 9): the node → pod map (a second
// pod on a node is reported, the later one wins), and per node in name order: desired with its pod,
// desired and needing a pod, or holding a pod that no longer fits (to delete). Pure.
import type { Node, Pod, PodSpec } from '../../api/index.js';
import { nodeFitsPod, type NodeFitOptions } from '../common/node-fit.js';
import { nodeNameOfPod } from './pods.js';

/** Kruise checks allocatable pods/resources (other pods not counted) and cordoned nodes. */
export const BROADCASTJOB_NODE_FIT: NodeFitOptions = { checkResources: true, checkUnschedulable: true };

export interface NodePodMap {
  byNode: Map<string, Pod>;
  duplicates: Array<{ pod: string; node: string }>;
}

/** Pods in creation order (then name); a later pod on the same node replaces the earlier in the map. */
export function mapNodesToPods(pods: readonly Pod[]): NodePodMap {
  const byNode = new Map<string, Pod>();
  const duplicates: NodePodMap['duplicates'] = [];
  for (const pod of pods) {
    const node = nodeNameOfPod(pod);
    if (node === undefined) continue;
    if (byNode.has(node)) duplicates.push({ pod: pod.metadata?.name ?? '', node });
    byNode.set(node, pod);
  }
  return { byNode, duplicates };
}

export interface Placement {
  /** Nodes that fit, in name order, with their pod if they have one. */
  desired: Array<{ node: string; pod?: Pod }>;
  /** Desired nodes without a pod, in name order. */
  needing: string[];
  /** Non-terminating pods on nodes that no longer fit. */
  unfit: Pod[];
}

export function placePods(nodes: readonly Node[], byNode: ReadonlyMap<string, Pod>, template: PodSpec): Placement {
  const placement: Placement = { desired: [], needing: [], unfit: [] };
  const sorted = [...nodes].sort((a, b) => cmp(a.metadata?.name ?? '', b.metadata?.name ?? ''));
  for (const node of sorted) {
    const name = node.metadata?.name ?? '';
    const pod = byNode.get(name);
    if (pod) {
      const fits = nodeFitsPod(node, pod.spec ?? { containers: [] }, BROADCASTJOB_NODE_FIT).fits;
      if (!fits && pod.metadata?.deletionTimestamp == null) placement.unfit.push(pod);
      else placement.desired.push({ node: name, pod });
    } else if (nodeFitsPod(node, template, BROADCASTJOB_NODE_FIT).fits) {
      placement.desired.push({ node: name });
      placement.needing.push(name);
    }
  }
  return placement;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
