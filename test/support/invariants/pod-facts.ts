// Pod and StatefulSet facts for the invariant checks, written independently of src/workloads (a check
// must not share a bug with the code it checks).
import type { KubeObject, Pod } from '../../../src/api/index.js';
import type { MonitorState } from './monitor.js';

export const REVISION_LABEL = 'controller-revision-hash';

export function isReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Running, Ready and not terminating. */
export function isAvailable(pod: Pod | undefined): boolean {
  return !!pod && pod.metadata?.deletionTimestamp == null && pod.status?.phase === 'Running' && isReady(pod);
}

/** The ordinal of `<set>-<n>`; strict (no leading zeros), undefined otherwise. */
export function ordinalOf(set: string, podName: string): number | undefined {
  const m = /^(.*)-(0|[1-9]\d*)$/.exec(podName);
  return m && m[1] === set ? Number(m[2]) : undefined;
}

/** Reserved ordinals of a StatefulSet spec: ints and "a-b" ranges. */
export function reservedOrdinals(workload: KubeObject | undefined): Set<number> {
  const out = new Set<number>();
  for (const item of ((workload as any)?.spec?.reserveOrdinals ?? []) as Array<number | string>) {
    if (typeof item === 'number') out.add(item);
    else {
      const m = /^(\d+)-(\d+)$/.exec(item);
      if (m) for (let i = Number(m[1]); i <= Number(m[2]); i++) out.add(i);
    }
  }
  return out;
}

/** The ordinals a StatefulSet wants: `replicas` non-reserved ordinals upward from 0. */
export function desiredOrdinals(workload: KubeObject | undefined): Set<number> {
  const out = new Set<number>();
  if (!workload) return out;
  const replicas = ((workload as any).spec?.replicas ?? 1) as number;
  const reserved = reservedOrdinals(workload);
  for (let o = 0; out.size < replicas; o++) if (!reserved.has(o)) out.add(o);
  return out;
}

/** int-or-percent of `total`, percent rounded down, at least 1 (StatefulSet rules). */
export function resolveBudget(value: number | string | undefined, total: number, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value === 'number') return Math.max(1, value);
  const m = /^(\d+)%$/.exec(value);
  return m ? Math.max(1, Math.floor((Number(m[1]) * total) / 100)) : fallback;
}

export function podsByOrdinal(state: MonitorState): Map<number, Pod> {
  const set = state.workload?.metadata?.name ?? '';
  const out = new Map<number, Pod>();
  for (const [name, pod] of state.pods) {
    const o = ordinalOf(set, name);
    if (o !== undefined) out.set(o, pod);
  }
  return out;
}
