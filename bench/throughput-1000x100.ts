// Scenario 3 (issue 8): `throughput-1000x100` — 1,000 Advanced StatefulSets × 100 replicas (100,000
// pods), zero latency (pods Ready as soon as the simulated kubelet writes their status), the controller
// unthrottled (--qps 0). Measures time to all Ready; the controller's pod-create rate against the API
// server's raw create rate, measured by a plain client in the same run (pods bound to a node nobody
// simulates, so nothing else reacts to them); controller RSS and heap per pod from its /metrics (after a
// forced GC); API requests per pod. `--sets N --replicas M` shrink it; --quick is 20 × 10.
import { intFlag, parseBenchArgs } from './_harness/args.js';
import { forEachConcurrently, measureRawCreates, type RawCreateResult } from './_harness/bulk.js';
import { memoryOf, metricSum, requestsByVerb, type PromSample } from './_harness/controller.js';
import { atLeast, atMost } from './_harness/moonshots.js';
import { measurePhase } from './_harness/phase.js';
import type { PhaseResult, ScenarioResult } from './_harness/result.js';
import { finishScenario, openBench, resolveOutDir, type BenchEnv } from './_harness/scenario.js';
import { createStatefulSet } from './_harness/statefulset.js';
import type { BenchArgs } from './_harness/args.js';

export const SCENARIO = 'throughput-1000x100';

export interface ThroughputOptions {
  sets: number;
  replicas: number;
  workers: number;
  rawPods: number;
  /** A definitions module URL (the planner-heavy variant of `workers`). */
  definitionsModule?: string;
  label?: string;
}

export interface ThroughputRun {
  phase: PhaseResult;
  raw?: RawCreateResult;
  controllerCreatesPerSecond: number;
  memory: { baseline: ReturnType<typeof memoryOf>; end: ReturnType<typeof memoryOf> };
  requestsPerPod: number;
  requestsByVerb: Record<string, number>;
  /** Reconciles (turns) and total planner time (inline or on workers, including transfer) during the phase. */
  turns: number;
  plannerSeconds: number;
  clusterInfo: Record<string, unknown>;
  controllerInfo: Record<string, unknown>;
  notes: string[];
}

/** Nodes for `pods` pods at 2,000 pods per node (zero latency: capacity is all that matters). */
export function nodesFor(pods: number): number {
  return Math.max(2, Math.ceil(pods / 2000));
}

/** One throughput run on a fresh cluster (also what `workers` runs per variant). */
export async function runThroughput(a: BenchArgs, scenario: string, o: ThroughputOptions): Promise<ThroughputRun> {
  const pods = o.sets * o.replicas;
  const nodes = nodesFor(pods);
  const env = await openBench(a, scenario, {
    cluster: { nodes, node: { pods: 2000, cpu: '1000', memory: '4000Gi' }, latency: { imagePullMs: 0, containerStartMs: 0, stopMs: 0 }, timeScale: 1, events: false, concurrency: 128 },
    controller: { workers: o.workers, qps: 0, burst: 1000, definitionsModule: o.definitionsModule, nodeArgs: ['--expose-gc', '--max-old-space-size=4096'] },
  });
  try {
    let raw: RawCreateResult | undefined;
    if (o.rawPods > 0) {
      const ns = `${env.namespace}-raw`.slice(0, 63);
      await env.cluster.client.create({ apiVersion: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      raw = await measureRawCreates(env.cluster.client, ns, o.rawPods, 64);
      process.stderr.write(`[${scenario}] raw creates by a plain client: ${o.rawPods} pods in ${raw.wallMs.toFixed(0)} ms = ${raw.createsPerSecond.toFixed(0)} creates/s\n`);
    }
    await env.controller!.collectGarbage();
    const before = await env.controller!.scrape();
    const phase = await measurePhase(env, {
      name: `${o.label ?? 'controller'}: ${o.sets} × ${o.replicas} pods`,
      description: `Create ${o.sets} StatefulSets of ${o.replicas} replicas (Parallel, no scale budget) by a plain client at concurrency 64; the controller (--workers ${o.workers}, --qps 0) creates ${pods} pods; zero-latency kubelets mark them Ready.`,
      expectedReady: pods,
      unavailable: { definition: 'notReady', limit: null },
      timeoutMs: 120_000 + pods * 20,
      settleMs: 500,
      start: async () => {
        const ids = Array.from({ length: o.sets }, (_, i) => i);
        await forEachConcurrently(ids, 64, (i) =>
          createStatefulSet(env.cluster.client, { name: `s${i}`, namespace: env.namespace, replicas: o.replicas, image: 'registry.local/app:v1', podManagementPolicy: 'Parallel' }),
        );
      },
    });
    await env.controller!.collectGarbage(2000);
    let after: PromSample[] = [];
    try {
      after = await env.controller!.scrape();
    } catch (err) {
      env.notes.push(`controller /metrics unreadable after the phase (memory and request counts missing): ${(err as Error).message}`);
    }
    const createWindowMs = Math.max(1, (phase.metrics.lastCreateMs as number) - (phase.metrics.firstCreateMs as number));
    const controllerCreatesPerSecond = (pods * 1000) / createWindowMs;
    const byVerb = requestsByVerb(after);
    const beforeByVerb = requestsByVerb(before);
    for (const k of Object.keys(byVerb)) byVerb[k]! -= beforeByVerb[k] ?? 0;
    const requests = Object.values(byVerb).reduce((x, y) => x + y, 0);
    const run: ThroughputRun = {
      phase,
      raw,
      controllerCreatesPerSecond,
      memory: { baseline: memoryOf(before), end: memoryOf(after) },
      requestsPerPod: requests / pods,
      requestsByVerb: byVerb,
      turns: metricSum(after, 'controller_runtime_reconcile_total') - metricSum(before, 'controller_runtime_reconcile_total'),
      plannerSeconds: metricSum(after, 'kactor_worker_task_seconds_sum') - metricSum(before, 'kactor_worker_task_seconds_sum'),
      clusterInfo: env.clusterInfo,
      controllerInfo: env.controllerInfo,
      notes: env.notes,
    };
    phase.metrics.controllerCreatesPerSecond = controllerCreatesPerSecond;
    if (raw) phase.metrics.rawCreatesPerSecond = raw.createsPerSecond;
    phase.metrics.controllerHeapPerPodBytes = run.memory.end.heapUsedBytes / pods;
    phase.metrics.controllerHeapGrowthPerPodBytes = (run.memory.end.heapUsedBytes - run.memory.baseline.heapUsedBytes) / pods;
    phase.metrics.controllerRssPerPodBytes = run.memory.end.rssBytes / pods;
    phase.metrics.controllerRssGrowthPerPodBytes = (run.memory.end.rssBytes - run.memory.baseline.rssBytes) / pods;
    phase.metrics.controllerRequestsPerPod = run.requestsPerPod;
    phase.metrics.serverWritesPerPod = phase.writes.total / pods;
    phase.metrics.turns = run.turns;
    phase.metrics.plannerSeconds = run.plannerSeconds;
    return run;
  } finally {
    await env.close();
  }
}

/** What bounds the controller's create rate, in this run's numbers. */
function createRateLimit(r: ThroughputRun): string {
  const m = r.phase.metrics as Record<string, number | null>;
  const other = r.phase.writes.total / r.phase.expectedReady - 1;
  return `the raw rate was measured with nothing else running; while the controller created pods the same bench process (API server + simulated scheduler and kubelets, one event loop) also served ${other.toFixed(1)} other writes per pod (binds, kubelet status, events, set status) — the simulated scheduler bound a pod a median ${Math.round((m.medianCreateToBoundMs ?? 0) / 100) / 10} s after its creation — so each create waited on a busy server; the controller sent ${r.requestsPerPod.toFixed(2)} requests per pod`;
}

export default async function run(argv: string[]): Promise<ScenarioResult> {
  const a = resolveOutDir(parseBenchArgs(argv), argv);
  const startedAt = new Date();
  const sets = intFlag(a, 'sets', a.quick ? 20 : 1000);
  const replicas = intFlag(a, 'replicas', a.quick ? 10 : 100);
  const pods = sets * replicas;
  const rawPods = intFlag(a, 'raw-pods', Math.min(pods, a.quick ? 200 : 5000));
  const r = await runThroughput(a, SCENARIO, { sets, replicas, workers: a.workers ?? 0, rawPods });
  const ratio = r.raw ? r.controllerCreatesPerSecond / r.raw.createsPerSecond : null;
  const heapGrowthPerPod = (r.memory.end.heapUsedBytes - r.memory.baseline.heapUsedBytes) / pods;
  const full = pods >= 100_000;
  return finishScenario(a, startedAt, {
    scenario: SCENARIO,
    title: `Throughput: ${sets} StatefulSets × ${replicas} replicas (${pods} pods), zero latency`,
    cluster: r.clusterInfo,
    controller: r.controllerInfo,
    parameters: { sets, replicas, pods, rawPods, rawConcurrency: 64, setCreateConcurrency: 64, latency: 'zero', qps: 0 },
    phases: [r.phase],
    moonshots: [
      atLeast('create-rate', 'controller pod-create rate ≥ 0.8 × the API server\'s raw create rate', 0.8, ratio, ' ×',
        createRateLimit(r)),
      atMost('100k-ready', '100,000 pods Ready in ≤ 60 s on 2 cores', 60, full ? r.phase.wallMs / 1000 : null, ' s',
        full ? 'server-side writes per pod (create + bind + kubelet status + events + set status) at the API server\'s write rate' : `not measured at full size (this run: ${pods} pods in ${(r.phase.wallMs / 1000).toFixed(1)} s)`),
      atMost('heap-per-pod', '≤ 1 KB controller heap per pod', 1024, heapGrowthPerPod, ' B',
        'the informer cache holds every pod as a parsed object (several KB each); expectations and per-actor state on top'),
    ],
    headline: {
      'pods': pods,
      'time to all Ready (s)': r.phase.wallMs / 1000,
      'pods Ready / s': (pods * 1000) / r.phase.wallMs,
      'controller creates / s': r.controllerCreatesPerSecond,
      'raw creates / s (plain client)': r.raw?.createsPerSecond ?? null,
      'controller / raw': ratio,
      'controller heap growth / pod (B)': heapGrowthPerPod,
      'controller RSS / pod (B)': r.memory.end.rssBytes / pods,
      'controller requests / pod': r.requestsPerPod,
      'server writes / pod (all clients)': r.phase.writes.total / pods,
    },
    notes: [
      `Controller requests by verb: ${JSON.stringify(r.requestsByVerb)}.`,
      `Controller memory after a forced GC: baseline ${JSON.stringify(r.memory.baseline)}, end ${JSON.stringify(r.memory.end)}.`,
      ...r.notes,
    ],
  }, argv);
}
