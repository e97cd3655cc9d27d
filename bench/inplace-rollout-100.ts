// Scenario 2 (issue 8): `inplace-rollout-100` — an image rollout of 100 replicas three ways, in one run
// on one cluster (one pod of each StatefulSet per node, so every pod pulls its new image):
//   A. InPlaceIfPossible, maxUnavailable 10, inPlaceUpdateStrategy.gracePeriodSeconds g
//   B. InPlaceIfPossible, maxUnavailable 3 (the tutorial's), same g
//   C. ReCreate, maxUnavailable 1, OrderedReady — the native StatefulSet's behaviour, the baseline
// Ideal in place: ceil(100 / maxUnavailable) waves × (g + pull + restart). Ideal ReCreate: 100 × (stop +
// pull + start). Reports speed-up over C and pods recreated (in place: 0). Each set has its own images,
// so no set finds its new image already pulled by another.
import type { Pod } from '../src/api/index.js';
import { intFlag, parseBenchArgs } from './_harness/args.js';
import { atLeast, rolloutMoonshot, unavailableMoonshot } from './_harness/moonshots.js';
import { inPlaceCost, measurePhase, stepCurve, type PhaseSpec } from './_harness/phase.js';
import type { Moonshot, PhaseResult, ScenarioResult } from './_harness/result.js';
import { PodSampler } from './_harness/sampler.js';
import { finishScenario, openBench, resolveOutDir, type BenchEnv } from './_harness/scenario.js';
import { createStatefulSet, runsImage, setImage, type StatefulSetParams } from './_harness/statefulset.js';

export const SCENARIO = 'inplace-rollout-100';

interface Variant {
  key: string;
  label: string;
  policy: 'InPlaceIfPossible' | 'ReCreate';
  maxUnavailable: number;
  podManagementPolicy: 'Parallel' | 'OrderedReady';
}

export default async function run(argv: string[]): Promise<ScenarioResult> {
  const a = resolveOutDir(parseBenchArgs(argv), argv);
  const startedAt = new Date();
  const replicas = intFlag(a, 'replicas', a.quick ? 12 : 100);
  const g = intFlag(a, 'grace', a.quick ? 0 : 1);
  const timeScale = a.timeScale ?? (a.quick ? 0.05 : 0.2);
  const lat = { imagePullMs: 1000, containerStartMs: 500, stopMs: 1000 };
  const pull = lat.imagePullMs * timeScale;
  const restart = lat.containerStartMs * timeScale;
  const stop = lat.stopMs * timeScale;
  const variants: Variant[] = [
    { key: 'a', label: `in place, maxUnavailable ${a.quick ? 4 : 10}`, policy: 'InPlaceIfPossible', maxUnavailable: a.quick ? 4 : 10, podManagementPolicy: 'Parallel' },
    { key: 'b', label: 'in place, maxUnavailable 3', policy: 'InPlaceIfPossible', maxUnavailable: 3, podManagementPolicy: 'Parallel' },
    { key: 'c', label: 'ReCreate, maxUnavailable 1, OrderedReady', policy: 'ReCreate', maxUnavailable: 1, podManagementPolicy: 'OrderedReady' },
  ];
  const env = await openBench(a, SCENARIO, { cluster: { nodes: replicas, latency: lat, timeScale, events: true } });
  const phases: PhaseResult[] = [];
  const rollouts = new Map<string, PhaseResult>();
  try {
    for (const v of variants) {
      const { setup, rollout } = await runVariant(env, v, { replicas, g, pull, restart, stop });
      phases.push(setup, rollout);
      rollouts.set(v.key, rollout);
    }
  } finally {
    await env.close();
  }
  const A = rollouts.get('a')!;
  const B = rollouts.get('b')!;
  const C = rollouts.get('c')!;
  const speedA = C.wallMs / A.wallMs;
  const speedB = C.wallMs / B.wallMs;
  const perPod = g * 1000 + pull + restart;
  const moonshots: Moonshot[] = [
    { ...rolloutMoonshot(A.ratioToIdeal, inPlaceCost(A, perPod)), statement: `in-place rollout ≤ 1.05 × ideal (${variants[0]!.label})` },
    { ...rolloutMoonshot(B.ratioToIdeal, inPlaceCost(B, perPod)), statement: 'in-place rollout ≤ 1.05 × ideal (maxUnavailable 3)' },
    unavailableMoonshot([A, B, C].map((p) => ({ name: p.name, peak: p.unavailable.peak, limit: p.unavailable.limit }))),
    atLeast('inplace-speedup', `in-place 100-replica rollout ≥ 10 × faster than serial recreate (${variants[0]!.label})`, 10, speedA, ' ×',
      `the in-place wave costs g (${g} s, controller clock) + pull + restart; with g ≥ 1 s the grace period alone bounds the speed-up to ~ (stop + pull + start) × maxUnavailable / (g + pull + restart)`),
  ];
  return finishScenario(a, startedAt, {
    scenario: SCENARIO,
    title: `In-place rollout of ${replicas} replicas vs native-style serial recreate`,
    cluster: env.clusterInfo,
    controller: env.controllerInfo,
    parameters: { replicas, gracePeriodSeconds: g, latencySimulatedMs: lat, timeScale, wallMs: { pull, restart, stop }, nodes: replicas, variants },
    phases,
    moonshots,
    headline: {
      [`in place mu=${variants[0]!.maxUnavailable} (s)`]: A.wallMs / 1000,
      [`in place mu=${variants[0]!.maxUnavailable} / ideal`]: A.ratioToIdeal,
      'in place mu=3 (s)': B.wallMs / 1000,
      'in place mu=3 / ideal': B.ratioToIdeal,
      'ReCreate mu=1 OrderedReady (s)': C.wallMs / 1000,
      [`speed-up mu=${variants[0]!.maxUnavailable} vs ReCreate`]: speedA,
      'speed-up mu=3 vs ReCreate': speedB,
      'pods recreated in place (A+B)': A.podsDeleted + B.podsDeleted,
      'pods recreated ReCreate': C.podsDeleted,
    },
    notes: [
      `gracePeriodSeconds is controller time (not scaled by the simulator's time scale ${timeScale}); the tutorial uses 10 s, which scales the in-place ideal linearly.`,
      ...env.notes,
    ],
  }, argv);
}

async function runVariant(
  env: BenchEnv,
  v: Variant,
  p: { replicas: number; g: number; pull: number; restart: number; stop: number },
): Promise<{ setup: PhaseResult; rollout: PhaseResult }> {
  const name = `set-${v.key}`;
  const v1 = `registry.local/app-${v.key}:v1`;
  const v2 = `registry.local/app-${v.key}:v2`;
  const sampler = new PodSampler(env.cluster, { matches: (pod: Pod) => pod.metadata?.namespace === env.namespace && pod.metadata?.labels?.app === name });
  await sampler.ready;
  try {
    const params: StatefulSetParams = {
      name, namespace: env.namespace, replicas: p.replicas, image: v1, podManagementPolicy: v.podManagementPolicy,
      podUpdatePolicy: v.policy, maxUnavailable: v.maxUnavailable, gracePeriodSeconds: p.g,
    };
    const setup = await measurePhase(env, {
      name: `${v.key}: create ${p.replicas} (${v.podManagementPolicy})`,
      description: `Setup of ${v.label}: create ${p.replicas} pods at ${v1} (not a rollout; no ideal).`,
      expectedReady: p.replicas,
      unavailable: { definition: 'notReady', limit: null },
      timeoutMs: 30_000 + p.replicas * (p.pull + p.restart) * 20,
      sampler,
      isUpdated: runsImage(v1),
      start: () => createStatefulSet(env.cluster.client, params).then(() => undefined),
    });
    const waves = Math.ceil(p.replicas / v.maxUnavailable);
    const inPlace = v.policy === 'InPlaceIfPossible';
    const waveMs = inPlace ? p.g * 1000 + p.pull + p.restart : p.stop + p.pull + p.restart;
    const spec: PhaseSpec = {
      name: `${v.key}: rollout ${v.label}`,
      description: inPlace
        ? `Image ${v1} → ${v2}, InPlaceIfPossible, maxUnavailable ${v.maxUnavailable}, gracePeriodSeconds ${p.g}: each pod is marked not ready, waits g, restarts its container with the new image (pull ${p.pull} ms + restart ${p.restart} ms wall).`
        : `Image ${v1} → ${v2}, ReCreate, maxUnavailable 1, OrderedReady: each pod is deleted (stop ${p.stop} ms wall), recreated, pulls (${p.pull} ms) and starts (${p.restart} ms), one at a time.`,
      expectedReady: p.replicas,
      unavailable: { definition: 'belowDesired', desired: p.replicas, limit: v.maxUnavailable },
      ideal: {
        ms: waves * waveMs,
        formula: inPlace
          ? `ceil(${p.replicas} / ${v.maxUnavailable}) waves × (g ${p.g * 1000} + pull ${p.pull} + restart ${p.restart} ms)`
          : `${p.replicas} × (stop ${p.stop} + pull ${p.pull} + start ${p.restart} ms) — nominal: a recreated pod placed on a node that already pulled the new image skips the pull, so this one can be beaten`,
        curve: stepCurve(p.replicas, v.maxUnavailable, waveMs),
      },
      timeoutMs: Math.max(60_000, waves * waveMs * 10),
      sampler,
      isUpdated: runsImage(v2),
      start: () => setImage(env.cluster.client, env.namespace, name, v2).then(() => undefined),
    };
    const rollout = await measurePhase(env, spec);
    rollout.metrics.podsRecreated = rollout.podsDeleted;
    rollout.invariants.push(inPlace
      ? { name: 'no pod recreated (in place)', ok: rollout.podsDeleted === 0 && rollout.podsCreated === 0, detail: `${rollout.podsDeleted} deleted, ${rollout.podsCreated} created` }
      : { name: 'every pod recreated once', ok: rollout.podsDeleted === p.replicas, detail: `${rollout.podsDeleted} deleted, ${rollout.podsCreated} created` });
    return { setup, rollout };
  } finally {
    await sampler.stop();
  }
}
