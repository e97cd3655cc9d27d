// Scenario 1 (issue 8): `scale-100-at-10pct` — an Advanced StatefulSet scaled 0 → 100 replicas, Parallel,
// scaleStrategy.maxUnavailable 10%, every pod taking L to become Ready (images pre-pulled, no jitter).
// Ideal: the budget allows 10 not-Ready pods at once, so ceil(100 / 10) waves × L. Invariants: never more
// than 10 pods created but not Ready; all 100 Ready at the end.
import { parseBenchArgs } from './_harness/args.js';
import { rolloutMoonshot, unavailableMoonshot } from './_harness/moonshots.js';
import { measurePhase, stepCurve, waveCost } from './_harness/phase.js';
import type { ScenarioResult } from './_harness/result.js';
import { finishScenario, openBench, resolveOutDir } from './_harness/scenario.js';
import { createStatefulSet } from './_harness/statefulset.js';

export const SCENARIO = 'scale-100-at-10pct';

export default async function run(argv: string[]): Promise<ScenarioResult> {
  const a = resolveOutDir(parseBenchArgs(argv), argv);
  const startedAt = new Date();
  const replicas = a.quick ? 20 : 100;
  const percent = 10;
  const budget = Math.max(1, Math.floor((replicas * percent) / 100));
  const podStartMs = 1000; // L, simulated
  const timeScale = a.timeScale ?? (a.quick ? 0.1 : 1);
  const L = podStartMs * timeScale;
  const waves = Math.ceil(replicas / budget);
  const nodes = a.quick ? 2 : 10;
  const env = await openBench(a, SCENARIO, {
    cluster: { nodes, latency: { imagePullMs: 0, containerStartMs: podStartMs, stopMs: 0 }, timeScale },
  });
  try {
    const phase = await measurePhase(env, {
      name: `scale 0 to ${replicas}`,
      description: `Create the StatefulSet with ${replicas} replicas, Parallel, scaleStrategy.maxUnavailable ${percent}% (= ${budget} pods); each pod becomes Ready ${L} ms after it is bound (containerStart ${podStartMs} ms simulated × time scale ${timeScale}, images present, no jitter).`,
      expectedReady: replicas,
      unavailable: { definition: 'notReady', limit: budget },
      ideal: { ms: waves * L, formula: `ceil(${replicas} / ${budget}) waves × L (${L} ms)`, curve: stepCurve(replicas, budget, L) },
      timeoutMs: Math.max(60_000, waves * L * 10),
      start: () =>
        createStatefulSet(env.cluster.client, {
          name: 'web', namespace: env.namespace, replicas, image: 'nginx:1.25', podManagementPolicy: 'Parallel', scaleMaxUnavailable: `${percent}%`,
        }).then(() => undefined),
    });
    const cluster = env.clusterInfo;
    const controller = env.controllerInfo;
    await env.close();
    return finishScenario(a, startedAt, {
      scenario: SCENARIO,
      title: `Scale an Advanced StatefulSet 0 → ${replicas} at scaleStrategy.maxUnavailable ${percent}%`,
      cluster,
      controller,
      parameters: { replicas, podManagementPolicy: 'Parallel', scaleMaxUnavailable: `${percent}%`, budget, podStartMsSimulated: podStartMs, timeScale, podStartMsWall: L, nodes },
      phases: [phase],
      moonshots: [
        rolloutMoonshot(phase.ratioToIdeal, waveCost(phase, L, env.controllerInfo.qps as number)),
        unavailableMoonshot([{ name: phase.name, peak: phase.unavailable.peak, limit: phase.unavailable.limit }]),
      ],
      headline: {
        'time to 100% Ready (s)': phase.wallMs / 1000,
        'ideal (s)': phase.ideal!.ms / 1000,
        'time / ideal': phase.ratioToIdeal,
        'peak unavailable': phase.unavailable.peak,
        'limit': budget,
        'controller requests per pod': Object.values(phase.controllerRequests).reduce((x, y) => x + y, 0) / replicas,
      },
      notes: env.notes,
    }, argv);
  } catch (err) {
    await env.close();
    throw err;
  }
}
