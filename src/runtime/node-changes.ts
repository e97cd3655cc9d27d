// Which node updates concern workloads: label, taint, schedulability, allocatable or condition
// status changes — not heartbeats (as the DaemonSet controller's shouldIgnoreNodeUpdate).
import type { KubeObject, Node } from '../api/index.js';
import { deepEqual } from './status.js';

export function nodeChangeMatters(old: KubeObject | undefined, next: KubeObject): boolean {
  if (!old) return true;
  const a = old as Node;
  const b = next as Node;
  if (!deepEqual(a.metadata?.labels, b.metadata?.labels)) return true;
  if (!deepEqual(a.spec, b.spec)) return true;
  if (!deepEqual(a.status?.allocatable, b.status?.allocatable)) return true;
  if ((a.metadata?.deletionTimestamp == null) !== (b.metadata?.deletionTimestamp == null)) return true;
  const conds = (n: Node) => Object.fromEntries((n.status?.conditions ?? []).map((c) => [c.type, c.status]));
  return !deepEqual(conds(a), conds(b));
}
