// Scenario 5a (issue 8): `daemonset-1000-nodes` — an Advanced DaemonSet (apps.kruise.io/v1alpha1) on N
// simulated nodes (default 1,000; --nodes), pods Ready L after they are bound (images present, no
// jitter, containers stop at once). Four phases on one cluster:
//   create (ideal L: every node at once; InPlaceIfPossible, so pods carry the in-place gate), in place at
//   maxUnavailable 10% (ideal ceil(N / 10%) × restart L), rolling update Standard at maxUnavailable 10% (ideal
//   ceil(N / 10%) waves × L), surge at maxSurge 10% / maxUnavailable 0 (ideal ceil(N / 10%) × L, never an
//   unavailable node). Phases are listed create, rolling update, surge, in place.
// Native reference points (issue 8, 100 nodes, 1 s pod start): create 4.98 s (ideal 1 s), rolling
// update at 10% 17.2 s (ideal 12 s), surge at 10% 13.4 s (ideal 10 s).
import { intFlag, parseBenchArgs } from './_harness/args.js';
import { rolloutMoonshot, unavailableMoonshot } from './_harness/moonshots.js';
import { inPlaceCost, measurePhase, stepCurve, waveCost } from './_harness/phase.js';
import type { PhaseResult, ScenarioResult } from './_harness/result.js';
import { finishScenario, openBench, resolveOutDir, type BenchEnv } from './_harness/scenario.js';
import { runsImage } from './_harness/statefulset.js';
import type { ResourceType } from '../src/runtime/workload-definition.js';

export const SCENARIO = 'daemonset-1000-nodes';
const DAEMONSETS: ResourceType = { apiVersion: 'apps.kruise.io/v1alpha1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true };

function manifest(namespace: string, image: string, rollingUpdate: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: DAEMONSETS.apiVersion,
    kind: 'DaemonSet',
    metadata: { name: 'fleet', namespace },
    spec: {
      selector: { matchLabels: { app: 'fleet' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate },
      template: { metadata: { labels: { app: 'fleet' } }, spec: { terminationGracePeriodSeconds: 5, containers: [{ name: 'main', image }] } },
    },
  };
}

export default async function run(argv: string[]): Promise<ScenarioResult> {
  const a = resolveOutDir(parseBenchArgs(argv), argv);
  const startedAt = new Date();
  const nodes = intFlag(a, 'nodes', a.quick ? 20 : 1000);
  const podStartMs = 1000;
  const timeScale = a.timeScale ?? (a.quick ? 0.1 : 1);
  const L = podStartMs * timeScale;
  const budget = Math.max(1, Math.floor(nodes / 10));
  const waves = Math.ceil(nodes / budget);
  const env = await openBench(a, SCENARIO, { cluster: { nodes, latency: { imagePullMs: 0, containerStartMs: podStartMs, stopMs: 0 }, timeScale, events: false } });
  const phases: PhaseResult[] = [];
  const timeoutMs = Math.max(120_000, waves * L * 20);
  try {
    phases.push(await measurePhase(env, {
      name: `create on ${nodes} nodes`,
      description: `Create the DaemonSet: one pod per node, each Ready ${L} ms after it is bound.`,
      expectedReady: nodes,
      unavailable: { definition: 'notReady', limit: null },
      ideal: { ms: L, formula: `L (${L} ms): every node at once`, curve: [[0, 0], [L, nodes]] },
      timeoutMs,
      isUpdated: runsImage('registry.local/agent:v1'),
      start: () => env.cluster.client.create(DAEMONSETS, manifest(env.namespace, 'registry.local/agent:v1', { rollingUpdateType: 'InPlaceIfPossible', maxUnavailable: '10%' }) as never).then(() => undefined),
    }));
    // In place first: the pods were created under InPlaceIfPossible and carry the InPlaceUpdateReady gate
    // (pods created without it are recreated when the strategy switches to in place, spec §9.4).
    const inplacePhase = await rollout(env, 'in place, maxUnavailable 10%', 'registry.local/agent:v2', { rollingUpdateType: 'InPlaceIfPossible', maxUnavailable: '10%', maxSurge: 0 }, nodes, budget, budget, L, timeoutMs, true);
    phases.push(await rollout(env, 'rolling update Standard, maxUnavailable 10%', 'registry.local/agent:v3', { rollingUpdateType: 'Standard', maxUnavailable: '10%', maxSurge: 0 }, nodes, budget, budget, L, timeoutMs));
    phases.push(await rollout(env, 'surge, maxSurge 10%, maxUnavailable 0', 'registry.local/agent:v4', { rollingUpdateType: 'Surging', maxSurge: '10%', maxUnavailable: 0 }, nodes, 0, budget, L, timeoutMs));
    phases.push(inplacePhase);
  } finally {
    await env.close();
  }
  const [create, standard, surge, inplace] = phases as [PhaseResult, PhaseResult, PhaseResult, PhaseResult];
  return finishScenario(a, startedAt, {
    scenario: SCENARIO,
    title: `Advanced DaemonSet on ${nodes} nodes: create, rolling update, surge, in place`,
    cluster: env.clusterInfo,
    controller: env.controllerInfo,
    parameters: { nodes, budget, podStartMsSimulated: podStartMs, timeScale, L, nativeReference100Nodes: { createS: 4.98, rollingUpdateS: 17.2, surgeS: 13.4 } },
    phases,
    moonshots: [
      { ...rolloutMoonshot(standard.ratioToIdeal, waveCost(standard, L, env.controllerInfo.qps as number)), statement: 'rolling update ≤ 1.05 × ideal' },
      { ...rolloutMoonshot(surge.ratioToIdeal, waveCost(surge, L, env.controllerInfo.qps as number)), statement: 'surge ≤ 1.05 × ideal' },
      { ...rolloutMoonshot(inplace.ratioToIdeal, inPlaceCost(inplace, L)), statement: 'in place ≤ 1.05 × ideal' },
      unavailableMoonshot(phases.map((p) => ({ name: p.name, peak: p.unavailable.peak, limit: p.unavailable.limit }))),
    ],
    headline: {
      'create (s)': create.wallMs / 1000,
      'create / ideal': create.ratioToIdeal,
      'rolling update 10% (s)': standard.wallMs / 1000,
      'rolling update / ideal': standard.ratioToIdeal,
      'surge 10% (s)': surge.wallMs / 1000,
      'surge / ideal': surge.ratioToIdeal,
      'in place 10% (s)': inplace.wallMs / 1000,
      'in place / ideal': inplace.ratioToIdeal,
    },
    notes: [`Native DaemonSet on 100 nodes with 1 s pod start (issue 8): create 4.98 s (4.98 × ideal), rolling update at 10% 17.2 s (1.43 ×), surge at 10% 13.4 s (1.34 ×).`, ...env.notes],
  }, argv);
}

async function rollout(
  env: BenchEnv, label: string, image: string, rollingUpdate: Record<string, unknown>,
  nodes: number, unavailableLimit: number, perWave: number, L: number, timeoutMs: number, inPlace = false,
): Promise<PhaseResult> {
  const waves = Math.ceil(nodes / perWave);
  const p = await measurePhase(env, {
    name: label,
    description: `Image → ${image} with ${JSON.stringify(rollingUpdate)}${inPlace ? ' (container restarted in place, no pod recreated)' : ''}.`,
    expectedReady: nodes,
    unavailable: { definition: 'belowDesired', desired: nodes, limit: unavailableLimit },
    ideal: { ms: waves * L, formula: `ceil(${nodes} / ${perWave}) waves × L (${L} ms)`, curve: stepCurve(nodes, perWave, L) },
    timeoutMs,
    isUpdated: runsImage(image),
    start: () =>
      env.cluster.client.patch(DAEMONSETS, env.namespace, 'fleet', 'merge', { spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate }, template: { spec: { containers: [{ name: 'main', image }] } } } }).then(() => undefined),
  });
  if (inPlace) p.invariants.push({ name: 'no pod recreated (in place)', ok: p.podsDeleted === 0, detail: `${p.podsDeleted} deleted` });
  return p;
}
