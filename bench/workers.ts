// Scenario 4 (issue 8): `workers` — the controller with --workers 0 (inline), 1 and 2, each on a fresh
// cluster: (a) scenario 3 shrunk (50 StatefulSets × 100 pods, zero latency), (b) a planner-heavy variant
// (200 StatefulSets × 5 pods whose planner also burns a fixed amount of CPU per call, see
// _harness/heavy-definitions.ts). Reports each time to all Ready and its ratio to inline (speed-up).
// --quick runs only (b), shrunk; --only heavy|shrunk runs one variant. BENCH_PLAN_WORK sets (b)'s CPU per plan.
import { fileURLToPath } from 'node:url';
import { intFlag, parseBenchArgs } from './_harness/args.js';
import { atLeast } from './_harness/moonshots.js';
import type { PhaseResult, ScenarioResult } from './_harness/result.js';
import { finishScenario, resolveOutDir } from './_harness/scenario.js';
import { runThroughput, type ThroughputRun } from './throughput-1000x100.js';

export const SCENARIO = 'workers';
const HEAVY = new URL('./_harness/heavy-definitions.ts', import.meta.url).href;

interface Variant {
  key: 'shrunk' | 'heavy';
  sets: number;
  replicas: number;
  definitionsModule?: string;
}

export default async function run(argv: string[]): Promise<ScenarioResult> {
  const a = resolveOutDir(parseBenchArgs(argv), argv);
  const startedAt = new Date();
  const workerCounts = [0, 1, 2];
  const variants: Variant[] = a.quick
    ? [{ key: 'heavy', sets: intFlag(a, 'heavy-sets', 20), replicas: 2, definitionsModule: HEAVY }]
    : [
        { key: 'shrunk', sets: intFlag(a, 'sets', 50), replicas: intFlag(a, 'replicas', 100) },
        { key: 'heavy', sets: intFlag(a, 'heavy-sets', 200), replicas: 5, definitionsModule: HEAVY },
      ];
  const only = typeof a.extra.only === 'string' ? a.extra.only : undefined; // --only heavy|shrunk
  if (only) variants.splice(0, variants.length, ...variants.filter((v) => v.key === only));
  const phases: PhaseResult[] = [];
  const runs = new Map<string, ThroughputRun>();
  let clusterInfo: Record<string, unknown> = {};
  const notes: string[] = [];
  for (const v of variants) {
    for (const w of workerCounts) {
      const r = await runThroughput(a, SCENARIO, { sets: v.sets, replicas: v.replicas, workers: w, rawPods: 0, definitionsModule: v.definitionsModule, label: `${v.key} --workers ${w}` });
      runs.set(`${v.key}/${w}`, r);
      phases.push(r.phase);
      clusterInfo = r.clusterInfo;
      notes.push(...r.notes);
    }
    const inline = runs.get(`${v.key}/0`)!;
    for (const w of workerCounts) {
      const r = runs.get(`${v.key}/${w}`)!;
      r.phase.metrics.speedUpOverInline = inline.phase.wallMs / r.phase.wallMs;
    }
  }
  const speed = (key: string, w: number) => {
    const inline = runs.get(`${key}/0`);
    const r = runs.get(`${key}/${w}`);
    return inline && r ? inline.phase.wallMs / r.phase.wallMs : null;
  };
  const headline: Record<string, number | string | null> = {};
  for (const v of variants) {
    for (const w of workerCounts) {
      const r = runs.get(`${v.key}/${w}`)!;
      headline[`${v.key} (${v.sets}×${v.replicas}) --workers ${w}: time (s)`] = r.phase.wallMs / 1000;
      if (w > 0) headline[`${v.key} --workers ${w} / inline speed-up`] = speed(v.key, w);
      headline[`${v.key} --workers ${w}: turns`] = r.turns;
      headline[`${v.key} --workers ${w}: planner call s (summed over overlapping turns, incl. waits)`] = r.plannerSeconds;
    }
  }
  return finishScenario(a, startedAt, {
    scenario: SCENARIO,
    title: 'Planner workers: --workers 0 (inline), 1, 2',
    cluster: clusterInfo,
    controller: { process: 'child', workers: workerCounts, qps: 0, definitions: { shrunk: 'bench/_harness/definitions.ts', heavy: fileURLToPath(HEAVY).replace(/.*\/bench\//, 'bench/') } },
    parameters: { variants: variants.map((v) => ({ ...v, definitionsModule: v.definitionsModule ? 'heavy' : 'statefulset' })), workerCounts, planWorkIterations: Number(process.env.BENCH_PLAN_WORK ?? 500_000) },
    phases,
    moonshots: [
      atLeast('workers-2x', '2 workers ≥ 1.6 × inline on a CPU-bound planner', 1.6, speed('heavy', 2), ' ×',
        '2 cores shared by the controller\'s main thread (informers, snapshots, writes), its 2 planner threads and the bench process (API server + simulated nodes); snapshots cross the thread boundary by structured clone'),
    ],
    headline,
    notes: [...new Set(notes)],
  }, argv);
}
