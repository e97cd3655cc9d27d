// The planner-heavy variant for the `workers` scenario: the real StatefulSet definition whose plan()
// also does a fixed amount of pure CPU work (a deterministic xorshift loop, BENCH_PLAN_WORK iterations,
// default 500,000 ≈ 2–5 ms on this machine), standing in for an expensive planner. No I/O, no clock: still pure.
// No top-level await (shard workers require this module).
import statefulSetDefinition from '../../src/workloads/statefulset/index.js';
import type { WorkloadDefinition } from '../../src/runtime/workload-definition.js';

const WORK = Number(process.env.BENCH_PLAN_WORK ?? 500_000);

/** A fixed amount of CPU work whose result depends on the input (so it cannot be skipped). */
export function burn(seed: number, iterations = WORK): number {
  let x = seed | 1;
  for (let i = 0; i < iterations; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
  }
  return x;
}

const base = statefulSetDefinition as unknown as WorkloadDefinition;

export const heavyStatefulSetDefinition: WorkloadDefinition = {
  ...base,
  plan: (snapshot, nowMs) => {
    const plan = base.plan(snapshot, nowMs);
    if (burn((snapshot.workload.metadata?.name?.length ?? 1) + 1) === 0.5) throw new Error('unreachable');
    return plan;
  },
};

export const definitions: WorkloadDefinition[] = [heavyStatefulSetDefinition];
