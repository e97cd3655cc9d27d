// PodDisruptionBudgets as the eviction subresource reads them (pure). The embedded server runs no disruption
// controller, so the budget's allowance is computed at eviction time from the pods it selects: healthy pods
// (Running, Ready, not being deleted) minus the desired healthy count (minAvailable, or selected pods minus
// maxUnavailable; percentages of the selected pods, rounded up).
import type { KubeObject } from '../../../api/objects.js';
import { selectorMatches } from '../../../api/selectors.js';

interface Pdb { spec?: { minAvailable?: number | string; maxUnavailable?: number | string; selector?: { matchLabels?: Record<string, string>; matchExpressions?: unknown[] } } }

export function budgetSelects(pdb: Readonly<KubeObject>, pod: Readonly<KubeObject>): boolean {
  const selector = (pdb as Pdb).spec?.selector;
  // policy/v1: a null selector selects nothing, an empty one every pod of the namespace.
  if (!selector) return false;
  return selectorMatches(selector as never, pod.metadata?.labels ?? {});
}

export function isHealthy(pod: Readonly<KubeObject>): boolean {
  const status = pod.status as { phase?: string; conditions?: { type: string; status: string }[] } | undefined;
  return !pod.metadata?.deletionTimestamp && status?.phase === 'Running' && (status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

function scaled(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  const pct = /^(\d+)%$/.exec(value);
  return pct ? Math.ceil((Number(pct[1]) * total) / 100) : Number(value) || 0;
}

/** { currentHealthy, desiredHealthy, disruptionsAllowed } of a budget over the pods of its namespace. */
export function budgetAllowance(pdb: Readonly<KubeObject>, pods: readonly Readonly<KubeObject>[]): { currentHealthy: number; desiredHealthy: number; disruptionsAllowed: number } {
  const selected = pods.filter((p) => budgetSelects(pdb, p));
  const currentHealthy = selected.filter(isHealthy).length;
  const spec = (pdb as Pdb).spec ?? {};
  const expected = selected.length;
  const desiredHealthy = spec.maxUnavailable !== undefined ? Math.max(0, expected - scaled(spec.maxUnavailable, expected)) : scaled(spec.minAvailable ?? 0, expected);
  return { currentHealthy, desiredHealthy, disruptionsAllowed: Math.max(0, currentHealthy - desiredHealthy) };
}

/** PodDisruptionBudget create: the status kube-apiserver stores until the disruption controller writes one. */
export const PDB_ADMISSION = {
  group: 'policy',
  kind: 'PodDisruptionBudget',
  name: 'pdb-defaults',
  mutate(obj: KubeObject, _old: Readonly<KubeObject> | undefined, op: string): KubeObject {
    if (op === 'CREATE') obj.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
    return obj;
  },
};
