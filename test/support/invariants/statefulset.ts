// StatefulSet invariants: no duplicate or reserved ordinal, maxUnavailable, no rollback, ordered creation,
// status consistent with the pods.
import type { KubeObject, Pod } from '../../../src/api/index.js';
import { MAX_UNAVAILABLE, type Invariant, type MonitorState } from './monitor.js';
import { desiredOrdinals, isAvailable, ordinalOf, podsByOrdinal, REVISION_LABEL, reservedOrdinals, resolveBudget } from './pod-facts.js';

/** No two live pods claim one ordinal (by name or by the pod-index label), and identity labels agree. */
export function noDuplicateOrdinal(): Invariant {
  return {
    name: 'noDuplicateOrdinal',
    check(_e, state) {
      const set = state.workload?.metadata?.name;
      if (!set) return [];
      const seen = new Map<number, string>();
      const out: string[] = [];
      for (const [name, pod] of state.pods) {
        const labels = pod.metadata?.labels ?? {};
        const index = labels['apps.kubernetes.io/pod-index'];
        const o = ordinalOf(set, name) ?? (index !== undefined ? Number(index) : undefined);
        if (o === undefined) continue;
        if (index !== undefined && Number(index) !== o) out.push(`${name} has pod-index label ${index}`);
        const other = seen.get(o);
        if (other) out.push(`ordinal ${o} is held by both ${other} and ${name}`);
        seen.set(o, name);
      }
      return out;
    },
  };
}

/** No pod is created at an ordinal the spec reserves. */
export function noReservedOrdinal(): Invariant {
  return {
    name: 'noReservedOrdinal',
    check(e, state) {
      if (e.kind !== 'Pod' || e.type !== 'ADDED' || !state.workload) return [];
      const o = ordinalOf(state.workload.metadata?.name ?? '', e.object.metadata?.name ?? '');
      return o !== undefined && reservedOrdinals(state.workload).has(o) ? [`pod ${e.object.metadata?.name} created at reserved ordinal ${o}`] : [];
    },
  };
}

export interface MaxUnavailableOptions {
  /** The allowed number for the current workload; undefined = no limit. @default statefulSetLimit */
  limit?: (workload: KubeObject, state: MonitorState) => number | undefined;
}

/**
 * Never more unavailable than allowed. Counted over the ordinals the spec wants: a slot that has held a
 * Ready pod ("established") counts while its pod is missing, terminating or not Running+Ready; a slot
 * never established counts while its pod exists and is not available. Without scaleStrategy, burst
 * (Parallel) creation is unbounded, so fresh slots are then not limited.
 */
export function maxUnavailable(opts: MaxUnavailableOptions = {}): Invariant {
  const established = new Set<number>();
  let counted = 0;
  let counts = { established: 0, fresh: 0 };
  const count = (state: MonitorState) => {
    const desired = desiredOrdinals(state.workload);
    for (const o of established) if (!desired.has(o)) established.delete(o);
    const pods = podsByOrdinal(state);
    counts = { established: 0, fresh: 0 };
    for (const o of desired) {
      const pod = pods.get(o);
      if (isAvailable(pod)) established.add(o);
      else if (established.has(o)) counts.established++;
      else if (pod) counts.fresh++;
    }
    return counts;
  };
  return {
    name: MAX_UNAVAILABLE,
    check(_e, state) {
      if (!state.workload) return [];
      const c = count(state);
      const burst = (state.workload as any).spec?.podManagementPolicy === 'Parallel' && (state.workload as any).spec?.scaleStrategy?.maxUnavailable === undefined;
      const n = (counted = burst ? c.established : c.established + c.fresh);
      const limit = (opts.limit ?? statefulSetLimit)(state.workload, state);
      if (limit === undefined || n <= limit + state.disruptions) return [];
      return [`${n} unavailable > ${limit} allowed${state.disruptions ? ` + ${state.disruptions} disrupted by the test` : ''}`];
    },
    /** The number compared with the limit (burst-created pods excluded when they are unbounded). */
    gauge: () => counted,
  };
}

/** OrderedReady: 1. Parallel: rollingUpdate.maxUnavailable, or the larger of it and scaleStrategy.maxUnavailable. */
export function statefulSetLimit(workload: KubeObject): number {
  const spec = (workload as any).spec ?? {};
  if (spec.podManagementPolicy !== 'Parallel') return 1;
  const replicas = desiredOrdinals(workload).size;
  const update = resolveBudget(spec.updateStrategy?.rollingUpdate?.maxUnavailable, replicas, 1);
  const scale = spec.scaleStrategy?.maxUnavailable;
  return scale === undefined ? update : Math.max(update, resolveBudget(scale, replicas, 1));
}

/** A pod that reached the update revision never shows up at another revision while that revision stands (judged when the status is current). */
export function noRollback(): Invariant {
  const updatedTo = new Map<number, string>();
  return {
    name: 'noRollback',
    check(e, state) {
      if (e.kind !== 'Pod' || e.type === 'DELETED' || !state.workload) return [];
      const w = state.workload as any;
      // Judge only against a status that has seen the current spec: a new template bumps the generation at
      // once, while status.updateRevision follows with the controller's status write, after its pod writes.
      if (w.status?.observedGeneration !== w.metadata?.generation) return [];
      const updateRevision = w.status?.updateRevision as string | undefined;
      const o = ordinalOf(state.workload.metadata?.name ?? '', e.object.metadata?.name ?? '');
      if (o === undefined || !updateRevision) return [];
      const revision = e.object.metadata?.labels?.[REVISION_LABEL];
      const was = updatedTo.get(o);
      if (revision === updateRevision) updatedTo.set(o, revision);
      else if (was === updateRevision) return [`${e.object.metadata?.name} went back from ${was} to ${revision}`];
      return [];
    },
  };
}

/** OrderedReady: a pod is created only when every wanted lower ordinal has an available pod. */
export function orderedCreation(): Invariant {
  return {
    name: 'orderedCreation',
    check(e, state) {
      const w = state.workload as any;
      if (e.kind !== 'Pod' || e.type !== 'ADDED' || !w || w.spec?.podManagementPolicy === 'Parallel') return [];
      const o = ordinalOf(w.metadata?.name ?? '', e.object.metadata?.name ?? '');
      if (o === undefined) return [];
      const pods = podsByOrdinal(state);
      const blocking = [...desiredOrdinals(w)].filter((d) => d < o && !isAvailable(pods.get(d)));
      return blocking.length ? [`${e.object.metadata?.name} created while ordinal(s) ${blocking.join(',')} not Running+Ready`] : [];
    },
  };
}

/** The workload status never contradicts itself: observedGeneration never goes back; ready/available/updated/current ≤ replicas. */
export function statusConsistency(): Invariant {
  let observed = 0;
  return {
    name: 'statusConsistency',
    check(e, state) {
      const st = (state.workload as any)?.status;
      if (e.kind === 'Pod' || !st) return [];
      const out: string[] = [];
      if ((st.observedGeneration ?? 0) < observed) out.push(`observedGeneration went back from ${observed} to ${st.observedGeneration}`);
      observed = Math.max(observed, st.observedGeneration ?? 0);
      for (const f of ['readyReplicas', 'availableReplicas', 'updatedReplicas', 'currentReplicas']) {
        if ((st[f] ?? 0) > (st.replicas ?? 0)) out.push(`status.${f} ${st[f]} > status.replicas ${st.replicas}`);
      }
      if ((st.availableReplicas ?? 0) > (st.readyReplicas ?? 0)) out.push(`status.availableReplicas ${st.availableReplicas} > readyReplicas ${st.readyReplicas}`);
      return out;
    },
  };
}

/** Every StatefulSet invariant of issue 5, plus status consistency. */
export function statefulSetInvariants(opts: MaxUnavailableOptions = {}): Invariant[] {
  return [noDuplicateOrdinal(), noReservedOrdinal(), maxUnavailable(opts), noRollback(), orderedCreation(), statusConsistency()];
}
