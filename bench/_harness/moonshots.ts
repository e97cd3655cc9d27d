// The moonshots, each judged from measured numbers: met / missed (with what limits it) or not
// measured (null).
import type { Moonshot } from './result.js';

const r2 = (x: number) => x.toFixed(2);

export function rolloutMoonshot(ratio: number | null, limitedBy: string): Moonshot {
  return {
    id: 'rollout-ideal',
    statement: 'rollout ≤ 1.05 × ideal',
    target: '≤ 1.05',
    measured: ratio === null ? 'not measured' : `${r2(ratio)} × ideal`,
    met: ratio === null ? null : ratio <= 1.05,
    limitedBy: ratio !== null && ratio > 1.05 ? limitedBy : undefined,
  };
}

export function unavailableMoonshot(peaks: Array<{ peak: number; limit: number | null; name: string }>): Moonshot {
  const breaches = peaks.filter((p) => p.limit !== null && p.peak > p.limit);
  return {
    id: 'peak-unavailable',
    statement: 'peak unavailable never above the limit',
    target: '≤ limit in every phase',
    measured: peaks.map((p) => `${p.name}: ${p.peak}/${p.limit ?? '–'}`).join('; '),
    met: breaches.length === 0,
    limitedBy: breaches.length ? `breached in ${breaches.map((b) => b.name).join(', ')}` : undefined,
  };
}

export function atLeast(id: string, statement: string, target: number, value: number | null, unit: string, limitedBy: string): Moonshot {
  return {
    id,
    statement,
    target: `≥ ${target}${unit}`,
    measured: value === null ? 'not measured' : `${r2(value)}${unit}`,
    met: value === null ? null : value >= target,
    limitedBy: value === null ? limitedBy : value < target ? limitedBy : undefined,
  };
}

export function atMost(id: string, statement: string, target: number, value: number | null, unit: string, limitedBy: string): Moonshot {
  return {
    id,
    statement,
    target: `≤ ${target}${unit}`,
    measured: value === null ? 'not measured' : `${r2(value)}${unit}`,
    met: value === null ? null : value <= target,
    limitedBy: value === null ? limitedBy : value > target ? limitedBy : undefined,
  };
}
