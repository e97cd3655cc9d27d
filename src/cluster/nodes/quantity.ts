// Resource quantities as the scheduler needs them: cpu in millicores, memory in bytes, and the
// summed requests of a pod. Pure.
import type { Pod } from 'kubernetes-types/core/v1.js';

const SUFFIX: Record<string, number> = {
  '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** Parses a Kubernetes quantity (`500m`, `2`, `1Gi`, `1e3`) into a plain number; NaN when malformed. */
export function parseQuantity(q: string | number | undefined | null): number {
  if (q === undefined || q === null) return 0;
  if (typeof q === 'number') return q;
  const m = q.trim().match(/^([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)([a-zA-Z]*)$/);
  if (!m) return NaN;
  const mult = SUFFIX[m[2]!];
  return mult === undefined ? NaN : Number(m[1]) * mult;
}

export interface PodRequests {
  cpuMilli: number;
  memBytes: number;
}

/** Sum of the containers' requests (the larger of that and any init container's, as the scheduler does). */
export function podRequests(pod: Pod): PodRequests {
  let cpu = 0;
  let mem = 0;
  for (const c of pod.spec?.containers ?? []) {
    cpu += parseQuantity(c.resources?.requests?.cpu as string | undefined) || 0;
    mem += parseQuantity(c.resources?.requests?.memory as string | undefined) || 0;
  }
  for (const c of pod.spec?.initContainers ?? []) {
    cpu = Math.max(cpu, parseQuantity(c.resources?.requests?.cpu as string | undefined) || 0);
    mem = Math.max(mem, parseQuantity(c.resources?.requests?.memory as string | undefined) || 0);
  }
  return { cpuMilli: Math.round(cpu * 1000), memBytes: Math.round(mem) };
}
