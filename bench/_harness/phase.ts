// Measuring one phase of a scenario (a scale-up, a rollout, a burst of creates): start it with a write,
// wait until the pods reach the target, then compute from the sampler's timeline the wall time, the
// ratio to the ideal, the peak of unavailable pods against the limit, writes/s and the invariants.
import type { Pod } from '../../src/api/index.js';
import type { BenchArgs } from './args.js';
import type { BenchCluster } from './cluster.js';
import { memoryOf, requestsByVerb, type ControllerProcess, type PromSample } from './controller.js';
import type { Progress } from './progress.js';
import type { Check, PhaseResult } from './result.js';
import type { PodCounts, PodSampler } from './sampler.js';
import { downsample } from './svg.js';
import { diffWrites, type WriteCounter } from './write-counter.js';

export interface BenchContext {
  args: BenchArgs;
  cluster: BenchCluster;
  controller?: ControllerProcess;
  sampler: PodSampler;
  writes: WriteCounter;
  progress: Progress;
  notes: string[];
}

export interface PhaseSpec {
  name: string;
  description: string;
  expectedReady: number;
  /**
   * notReady: pods that exist but are not Ready (scaleStrategy.maxUnavailable: counts created pods only);
   * belowDesired: desired − Ready non-terminating pods (a rollout's maxUnavailable: a missing pod counts).
   */
  unavailable: { definition: 'notReady' | 'belowDesired'; desired?: number; limit: number | null };
  ideal?: { ms: number; formula: string; curve: Array<[number, number]> };
  /** The write(s) that start the phase. */
  start: () => Promise<void>;
  /** @default all expected pods Ready at the target and no other pod left */
  done?: (c: PodCounts) => boolean;
  timeoutMs: number;
  /** Which pods are at the phase's target (a rollout's new image). @default every pod */
  isUpdated?: (pod: Pod) => boolean;
  /** Quiet time after done, to catch a late breach or an extra pod. @default 300 */
  settleMs?: number;
  /** A sampler of this phase's pods only (e.g. one workload among several). @default the context's */
  sampler?: PodSampler;
}

export async function measurePhase(ctx: BenchContext, spec: PhaseSpec): Promise<PhaseResult> {
  const { writes, progress } = ctx;
  const sampler = spec.sampler ?? ctx.sampler;
  sampler.setIsUpdated(spec.isUpdated ?? (() => true));
  const before = await scrapeQuietly(ctx.controller);
  const writesBefore = writes.snapshot();
  const created0 = sampler.counts.created;
  const deleted0 = sampler.counts.deleted;
  const mark = sampler.mark();
  const tStart = sampler.now();
  progress.phase(spec.name, spec.expectedReady);
  const unav = (total: number, ready: number) =>
    spec.unavailable.definition === 'notReady' ? total - ready : Math.max(0, (spec.unavailable.desired ?? spec.expectedReady) - ready);
  sampler.onChange = (c) => progress.update(c.updatedReady, { unavailable: unav(c.total, c.ready) });
  await spec.start();
  const done = spec.done ?? ((c: PodCounts) => c.updatedReady === spec.expectedReady && c.total === spec.expectedReady);
  let timedOut: string | undefined;
  try {
    const waiting = sampler.until(`${spec.name}: ${spec.expectedReady} pods Ready`, done, spec.timeoutMs);
    const crashed = ctx.controller?.exited.then((code) => {
      throw new Error(`the controller process exited (code ${code}) during ${spec.name}`);
    });
    await (crashed ? Promise.race([waiting, crashed]) : waiting);
  } catch (err) {
    timedOut = (err as Error).message;
  }
  const tEnd = sampler.now();
  await new Promise((r) => setTimeout(r, spec.settleMs ?? 300));
  sampler.onChange = undefined;
  const after = await scrapeQuietly(ctx.controller);
  const end = sampler.mark();
  const wallMs = tEnd - tStart;

  const tl = sampler.timeline;
  const ready: Array<[number, number]> = [[0, mark > 0 ? tl.updatedReady[mark - 1]! : 0]];
  const unavailable: Array<[number, number]> = [[0, mark > 0 ? unav(tl.total[mark - 1]!, tl.ready[mark - 1]!) : 0]];
  let peak = unavailable[0]![1];
  for (let i = mark; i < end; i++) {
    const t = (tl.t[i]! - tStart) / 1000;
    const u = unav(tl.total[i]!, tl.ready[i]!);
    if (u > peak) peak = u;
    ready.push([t, tl.updatedReady[i]!]);
    unavailable.push([t, u]);
  }
  const c = sampler.counts;
  const finalReady = c.updatedReady;
  const limit = spec.unavailable.limit;
  const invariants: Check[] = [
    { name: 'all pods Ready at the end', ok: !timedOut && finalReady === spec.expectedReady && c.total === spec.expectedReady, detail: timedOut ?? `${finalReady}/${spec.expectedReady} Ready at the target, ${c.total} pods` },
  ];
  if (limit !== null) invariants.push({ name: 'peak unavailable within the limit', ok: peak <= limit, detail: `peak ${peak}, limit ${limit}` });
  if (spec.ideal) invariants.push({ name: 'ideal computed', ok: spec.ideal.ms > 0, detail: `${spec.ideal.ms.toFixed(0)} ms = ${spec.ideal.formula}` });

  const latency = lifecycleBreakdown(sampler, tStart, tEnd);
  const wps = writesPerSecond(writes.times, writes.t0, sampler.t0 + tStart, sampler.t0 + tEnd);
  const reqs = diffRecord(requestsByVerb(after), requestsByVerb(before));
  const mem = after.length ? memoryOf(after) : undefined;
  progress.done(`${spec.name}: ${finalReady}/${spec.expectedReady} Ready in ${(wallMs / 1000).toFixed(2)} s` +
    (spec.ideal ? ` (${(wallMs / spec.ideal.ms).toFixed(2)} × ideal ${(spec.ideal.ms / 1000).toFixed(2)} s)` : '') +
    `, peak unavailable ${peak}${limit !== null ? `/${limit}` : ''}`);
  return {
    name: spec.name,
    description: spec.description,
    expectedReady: spec.expectedReady,
    finalReady,
    unavailable: { definition: spec.unavailable.definition === 'notReady' ? 'pods created but not Ready' : 'desired replicas − Ready pods (missing pods count)', limit, peak },
    ideal: spec.ideal ? { ms: spec.ideal.ms, formula: spec.ideal.formula } : null,
    wallMs,
    ratioToIdeal: spec.ideal ? wallMs / spec.ideal.ms : null,
    podsCreated: c.created - created0,
    podsDeleted: c.deleted - deleted0,
    writes: diffWrites(writes.snapshot(), writesBefore),
    peakWritesPerSecond: Math.max(0, ...wps.map((p) => p[1])),
    controllerRequests: reqs,
    invariants,
    metrics: { ...latency, controllerWritesPerSecond: controllerWrites(reqs) / Math.max(0.001, wallMs / 1000), ...(mem ? { controllerRssBytes: mem.rssBytes, controllerHeapUsedBytes: mem.heapUsedBytes } : {}) },
    series: {
      ready: downsample(ready),
      idealReady: spec.ideal ? spec.ideal.curve.map(([t, n]) => [t / 1000, n] as [number, number]) : [],
      unavailable: downsample(unavailable, 400, true),
      writesPerSecond: wps,
    },
  };
}

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function p99(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.99))]!;
}

/**
 * Where a pod's time goes, for pods created in the phase: created → bound (scheduler), bound → Ready
 * (kubelet: the latency model plus status writes), and a pod becoming Ready → the controller's next
 * create (reaction: watch → turn → plan → create round trip).
 */
export function lifecycleBreakdown(sampler: PodSampler, from: number, to: number): Record<string, number | null> {
  const toBound: number[] = [];
  const toReady: number[] = [];
  const creates: number[] = [];
  for (const lc of sampler.lifecycles.values()) {
    if (lc.created < from || lc.created > to) continue;
    creates.push(lc.created);
    if (lc.bound !== undefined) toBound.push(lc.bound - lc.created);
    if (lc.bound !== undefined && lc.ready !== undefined) toReady.push(lc.ready - lc.bound);
  }
  creates.sort((a, b) => a - b);
  const readies = sampler.readyTransitions.filter((t) => t >= from && t <= to);
  const reaction: number[] = [];
  let j = -1;
  for (const c of creates) {
    while (j + 1 < readies.length && readies[j + 1]! <= c) j++;
    if (j >= 0) reaction.push(c - readies[j]!);
  }
  // In-place updates: how long a pod stays not Ready, and from a pod's Ready event to the next pod going not Ready.
  const outages = sampler.outages.filter(([a]) => a >= from && a <= to).map(([a, b]) => b - a);
  const unready = sampler.unreadyTransitions.filter((t) => t >= from && t <= to);
  const inPlaceReaction: number[] = [];
  let k = -1;
  for (const u of unready) {
    while (k + 1 < readies.length && readies[k + 1]! <= u) k++;
    if (k >= 0) inPlaceReaction.push(u - readies[k]!);
  }
  const r = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
  return {
    medianNotReadyOutageMs: r(median(outages)),
    p99NotReadyOutageMs: r(p99(outages)),
    medianReadyToNextNotReadyMs: r(median(inPlaceReaction)),
    medianCreateToBoundMs: r(median(toBound)),
    medianBoundToReadyMs: r(median(toReady)),
    p99BoundToReadyMs: r(p99(toReady)),
    medianReadyToNextCreateMs: r(median(reaction)),
    firstCreateMs: creates.length ? r(creates[0]! - from) : null,
    lastCreateMs: creates.length ? r(creates[creates.length - 1]! - from) : null,
  };
}

async function scrapeQuietly(c: ControllerProcess | undefined): Promise<PromSample[]> {
  if (!c) return [];
  try {
    return await c.scrape();
  } catch {
    return [];
  }
}

/** The controller's mutating requests (its /metrics verbs other than get/list/watch). */
function controllerWrites(byVerb: Record<string, number>): number {
  let n = 0;
  for (const [verb, v] of Object.entries(byVerb)) if (verb !== 'get' && verb !== 'list' && verb !== 'watch') n += v;
  return n;
}

function diffRecord(a: Record<string, number>, b: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(a)) if (v - (b[k] ?? 0) !== 0) out[k] = v - (b[k] ?? 0);
  return out;
}

/** Writes per second in bins over [from, to] (absolute performance.now times). */
export function writesPerSecond(times: number[], t0: number, from: number, to: number): Array<[number, number]> {
  const span = Math.max(1, to - from);
  const binMs = Math.min(1000, Math.max(100, Math.round(span / 60 / 100) * 100 || 100));
  const bins = new Array<number>(Math.ceil(span / binMs) + 1).fill(0);
  for (const tt of times) {
    const abs = t0 + tt;
    if (abs < from || abs > to) continue;
    bins[Math.floor((abs - from) / binMs)]!++;
  }
  return bins.map((n, i) => [(i * binMs) / 1000, (n * 1000) / binMs]);
}

/** An ideal step curve: `waves` waves of `perWave` pods each, one every `waveMs`. */
export function stepCurve(total: number, perWave: number, waveMs: number, firstWaveMs = waveMs): Array<[number, number]> {
  const pts: Array<[number, number]> = [[0, 0]];
  let n = 0;
  let t = firstWaveMs;
  while (n < total) {
    n = Math.min(total, n + perWave);
    pts.push([t, n]);
    t += waveMs;
  }
  return pts;
}

/** "What limits it" for a wave-paced phase, from its lifecycle breakdown (numbers, not guesses). */
export function waveCost(p: PhaseResult, podStartMs: number, qps?: number): string {
  const m = p.metrics as Record<string, number | null>;
  const w = m.controllerWritesPerSecond;
  const capped = qps && w !== null && w !== undefined && w >= 0.8 * qps ? `the controller's writes ran at ${Math.round(w)}/s against --qps ${qps}: its rate limiter paces the rollout, not the budget; ` : '';
  const f = (x: number | null | undefined) => (x === null || x === undefined ? '?' : `${Math.round(x)} ms`);
  const over = (x: number | null | undefined) => (x === null || x === undefined ? null : x - podStartMs);
  return `${capped}per pod: scheduler bind ${f(m.medianCreateToBoundMs)} (median); kubelet Ready ${f(over(m.medianBoundToReadyMs))} median / ${f(over(m.p99BoundToReadyMs))} p99 later than L (timer lateness on a loaded 2-core machine: a wave waits for its slowest pod); controller reaction from a pod's Ready event to the next create ${f(m.medianReadyToNextCreateMs)} (median); first create ${f(m.firstCreateMs)} after the write`;
}

/** "What limits it" for an in-place rollout: each pod's outage against g + pull + restart, and the controller's reaction. */
export function inPlaceCost(p: PhaseResult, perPodMs: number): string {
  const m = p.metrics as Record<string, number | null>;
  const f = (x: number | null | undefined) => (x === null || x === undefined ? '?' : `${Math.round(x)} ms`);
  return `per pod: not Ready for ${f(m.medianNotReadyOutageMs)} median / ${f(m.p99NotReadyOutageMs)} p99 against an ideal ${Math.round(perPodMs)} ms (g + pull + restart: the rest is the InPlaceUpdateReady=False write → grace → image patch → kubelet restart → status → controller sets InPlaceUpdateReady=True → kubelet Ready); controller reaction from a pod's Ready event to the next pod going not Ready ${f(m.medianReadyToNextNotReadyMs)} (median)`;
}
