// DaemonSet checks for the invariant monitor of test/support/invariants.ts (issue 6): per-node pod count
// and the surge bound (`podsPerNode`, terminating pods counted — kactor treats a node as surged until the
// old pod is really gone), and never more unavailable nodes than maxUnavailable allows. Budgets are
// resolved here from the DaemonSet spec, written independently of src/workloads/daemonset.
import type { KubeObject } from '../../src/api/index.js';
import {
  isAvailable, podsPerNode, watchInvariants, type Invariant, type MonitorState, type WatchedMonitor,
} from '../support/invariants.js';

export const DS_MAX_UNAVAILABLE = 'daemonSetMaxUnavailable';
export const DS_PATH = '/apis/apps.kruise.io/v1alpha1/namespaces/default/daemonsets';

/** int-or-percent against `total`, percent rounded up (DaemonSet rules). */
function scaledUp(value: unknown, total: number): number {
  if (typeof value === 'number') return value;
  const m = typeof value === 'string' ? /^(\d+)%$/.exec(value) : null;
  return m ? Math.ceil((Number(m[1]) * total) / 100) : 0;
}

/** The node a DaemonSet pod runs on (nodeName, else the matchFields pin). */
export function nodeOf(pod: any): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const t of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In') return f.values?.[0];
  }
  return undefined;
}

/** Nodes that have run a pod of the DaemonSet (a lower bound of desired before status is written). */
function nodesWithPods(state: MonitorState): Set<string> {
  const out = new Set<string>();
  for (const pod of state.pods.values()) {
    const n = nodeOf(pod);
    if (n) out.add(n);
  }
  return out;
}

/** maxSurge and maxUnavailable of a DaemonSet resolved against `desired` (spec §6.4 step 1). */
export function daemonSetBudgets(ds: KubeObject | undefined, desired: number): { maxSurge: number; maxUnavailable: number } {
  const ru = (ds as any)?.spec?.updateStrategy?.rollingUpdate ?? {};
  const surging = ru.rollingUpdateType === 'Surging';
  const maxSurge = scaledUp(ru.maxSurge ?? (surging && ru.maxUnavailable === undefined ? 1 : 0), desired);
  let maxUnavailable = scaledUp(ru.maxUnavailable ?? (ru.maxSurge === undefined && !surging ? 1 : 0), desired);
  if (desired > 0 && maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

function desiredOf(state: MonitorState, established: number): number {
  const status = (state.workload as any)?.status?.desiredNumberScheduled ?? 0;
  return Math.max(status, established, nodesWithPods(state).size);
}

export interface DaemonSetUnavailable extends Invariant {
  /** The node left the cluster (the test removed it): it no longer counts. */
  forgetNode(node: string): void;
}

/**
 * Never more unavailable nodes than maxUnavailable. A node is "established" once it has held an
 * available (Running, Ready, not terminating) pod; it counts as unavailable while it has none. A node
 * whose first pod is starting does not count (creation is not budgeted).
 */
export function daemonSetMaxUnavailable(): DaemonSetUnavailable {
  const established = new Set<string>();
  let unavailable = 0;
  return {
    name: DS_MAX_UNAVAILABLE,
    forgetNode: (node) => established.delete(node),
    check(_e, state) {
      if (!state.workload) return [];
      const availableOn = new Set<string>();
      for (const pod of state.pods.values()) if (isAvailable(pod) && nodeOf(pod)) availableOn.add(nodeOf(pod)!);
      for (const n of availableOn) established.add(n);
      const down = [...established].filter((n) => !availableOn.has(n));
      unavailable = down.length;
      const { maxUnavailable } = daemonSetBudgets(state.workload, desiredOf(state, established.size));
      return unavailable > maxUnavailable ? [`${unavailable} nodes without an available pod (${down.sort().join(', ')}) > maxUnavailable ${maxUnavailable}`] : [];
    },
    gauge: () => unavailable,
  };
}

export interface DaemonSetMonitor extends WatchedMonitor {
  unavailable: DaemonSetUnavailable;
}

/** A monitor on DaemonSet `name` in `default` with both checks run after every pod or DaemonSet event. */
export async function watchDaemonSet(kubeconfigPath: string, name: string, podSelector: string): Promise<DaemonSetMonitor> {
  const unavailable = daemonSetMaxUnavailable();
  const perNode = podsPerNode({
    countTerminating: true,
    maxSurge: (ds, state) => daemonSetBudgets(ds, desiredOf(state, 0)).maxSurge,
  });
  const monitor = watchInvariants({ kubeconfigPath, name, podSelector, kind: 'DaemonSet', workloadPath: DS_PATH }, [perNode, unavailable]) as DaemonSetMonitor;
  monitor.unavailable = unavailable;
  await monitor.ready;
  return monitor;
}
