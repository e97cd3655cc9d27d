// Builds a planner's Snapshot from the caches: the workload, what it controls (by owner uid), the
// adoption candidates (controller-less objects in its namespace matching its selector), and nodes.
// Reads only; never fetches.
import { controllerOf, selectorMatches, type KubeObject, type Node } from '../api/index.js';
import { INDEX_CONTROLLER_UID, INDEX_NAMESPACE, type StoreReader } from './informer/store.js';
import type { PendingWrite, Snapshot, WorkloadDefinition } from './workload-definition.js';

export function buildSnapshot(
  def: WorkloadDefinition,
  workload: KubeObject,
  stores: (kind: string) => StoreReader | undefined,
  pending: PendingWrite[] = [],
): Snapshot {
  const uid = workload.metadata?.uid ?? '';
  const ns = workload.metadata?.namespace ?? '';
  const selector = def.selectorOf?.(workload);
  const owned: Record<string, KubeObject[]> = {};
  const orphans: Record<string, KubeObject[]> = {};
  for (const rt of def.owns) {
    const store = stores(rt.kind);
    owned[rt.kind] = store ? store.byIndex(INDEX_CONTROLLER_UID, uid) : [];
    const candidates: KubeObject[] = [];
    if (store && selector) {
      const pool = rt.namespaced ? store.byIndex(INDEX_NAMESPACE, ns) : store.list();
      for (const o of pool) {
        if (!controllerOf(o) && !o.metadata?.deletionTimestamp && selectorMatches(selector, o.metadata?.labels)) candidates.push(o);
      }
    }
    orphans[rt.kind] = candidates;
  }
  const nodes = def.watchesNodes ? ((stores('Node')?.list() ?? []) as Node[]) : [];
  return { workload, owned, orphans, nodes, pending };
}
