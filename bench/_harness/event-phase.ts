// A phase measured from object events rather than pods becoming Ready (a cron burst's children, a
// BroadcastJob's pods succeeding): percentile helpers, a cumulative "count over time" series, the
// controller's write-queue wait from its /metrics, and assembling the harness's PhaseResult so the
// report, the charts and the index treat it like any other phase.
import type { BenchContext } from './phase.js';
import { writesPerSecond } from './phase.js';
import { metricSum, requestsByVerb, type PromSample } from './controller.js';
import type { Check, PhaseResult } from './result.js';
import { downsample } from './svg.js';
import { diffWrites, type WriteCounts } from './write-counter.js';

/** Nearest-rank percentile (p in 0..100); null for no values. */
export function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!;
}

export interface Spread {
  min: number | null;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

export function spread(values: number[]): Spread {
  return {
    min: values.length ? Math.min(...values) : null,
    p50: percentile(values, 50),
    p99: percentile(values, 99),
    max: values.length ? Math.max(...values) : null,
  };
}

/** Cumulative count over time: event times (ms, relative to the phase start) → [[s, n]]. */
export function cumulative(timesMs: number[], startAt = 0): Array<[number, number]> {
  const s = [...timesMs].sort((a, b) => a - b);
  const pts: Array<[number, number]> = [[0, startAt]];
  s.forEach((t, i) => pts.push([t / 1000, startAt + i + 1]));
  return downsample(pts);
}

/** Start of an event phase: what to diff at the end. */
export interface EventPhaseMark {
  /** performance.now() at the start. */
  t: number;
  writes: WriteCounts;
  scrape: PromSample[];
}

export async function markEventPhase(ctx: BenchContext): Promise<EventPhaseMark> {
  return { t: performance.now(), writes: ctx.writes.snapshot(), scrape: await scrapeQuietly(ctx) };
}

export interface EventPhaseSpec {
  name: string;
  description: string;
  expected: number;
  final: number;
  /** performance.now() when the phase's clock starts (the scheduled time, the create write). */
  tStart: number;
  /** performance.now() when it ended (the last child, Complete). */
  tEnd: number;
  ideal: { ms: number; formula: string; curve: Array<[number, number]> } | null;
  /** [s, n] of the measured count (what the "ready" chart shows). */
  series: Array<[number, number]>;
  /** [s, n] of what is still missing (the "unavailable" chart). */
  missing: Array<[number, number]>;
  podsCreated: number;
  podsDeleted: number;
  invariants: Check[];
  metrics: Record<string, number | string | null>;
}

export async function finishEventPhase(ctx: BenchContext, mark: EventPhaseMark, s: EventPhaseSpec): Promise<{ phase: PhaseResult; writeQueueWaitMeanMs: number | null }> {
  const after = await scrapeQuietly(ctx);
  const reqs: Record<string, number> = {};
  const before = requestsByVerb(mark.scrape);
  for (const [k, v] of Object.entries(requestsByVerb(after))) if (v - (before[k] ?? 0) !== 0) reqs[k] = v - (before[k] ?? 0);
  const waitSum = metricSum(after, 'kactor_write_queue_wait_seconds_sum') - metricSum(mark.scrape, 'kactor_write_queue_wait_seconds_sum');
  const waitCount = metricSum(after, 'kactor_write_queue_wait_seconds_count') - metricSum(mark.scrape, 'kactor_write_queue_wait_seconds_count');
  const writeQueueWaitMeanMs = after.length && waitCount > 0 ? (waitSum * 1000) / waitCount : null;
  const wallMs = s.tEnd - s.tStart;
  let ctlWrites = 0;
  for (const [verb, v] of Object.entries(reqs)) if (verb !== 'get' && verb !== 'list' && verb !== 'watch') ctlWrites += v;
  const wps = writesPerSecond(ctx.writes.times, ctx.writes.t0, Math.min(mark.t, s.tStart), s.tEnd);
  const peakMissing = Math.max(0, ...s.missing.map((p) => p[1]));
  ctx.progress.done(`${s.name}: ${s.final}/${s.expected} in ${(wallMs / 1000).toFixed(2)} s` + (s.ideal ? ` (${(wallMs / s.ideal.ms).toFixed(2)} × ideal ${(s.ideal.ms / 1000).toFixed(2)} s)` : ''));
  return {
    writeQueueWaitMeanMs,
    phase: {
      name: s.name,
      description: s.description,
      expectedReady: s.expected,
      finalReady: s.final,
      unavailable: { definition: 'expected objects not there yet', limit: null, peak: peakMissing },
      ideal: s.ideal ? { ms: s.ideal.ms, formula: s.ideal.formula } : null,
      wallMs,
      ratioToIdeal: s.ideal ? wallMs / s.ideal.ms : null,
      podsCreated: s.podsCreated,
      podsDeleted: s.podsDeleted,
      writes: diffWrites(ctx.writes.snapshot(), mark.writes),
      peakWritesPerSecond: Math.max(0, ...wps.map((p) => p[1])),
      controllerRequests: reqs,
      invariants: s.invariants,
      metrics: {
        ...s.metrics,
        controllerWritesPerSecond: ctlWrites / Math.max(0.001, (s.tEnd - mark.t) / 1000),
        controllerWriteQueueWaitMeanMs: writeQueueWaitMeanMs === null ? null : Math.round(writeQueueWaitMeanMs),
      },
      series: {
        ready: s.series,
        idealReady: s.ideal ? s.ideal.curve.map(([t, n]) => [t / 1000, n] as [number, number]) : [],
        unavailable: downsample(s.missing, 400, true),
        writesPerSecond: wps.map(([t, n]) => [t - Math.max(0, (s.tStart - mark.t) / 1000), n] as [number, number]),
      },
    },
  };
}

async function scrapeQuietly(ctx: BenchContext): Promise<PromSample[]> {
  if (!ctx.controller) return [];
  try {
    return await ctx.controller.scrape();
  } catch {
    return [];
  }
}
