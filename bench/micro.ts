// Micro-benchmarks of the hot pure functions, each beside a reference measured in the same run:
// CRD schema validation of a 100-container typed template (vs a JSON round trip of it), a server-side
// Table of 1,000 pods, a kubelet-style strategic merge patch, and the planners (a steady 100-pod
// StatefulSet, a 1,000-node DaemonSet mid-rollout) built with the planners' test simulators.
// `npm run bench -- micro`.
import { validateObject } from '../src/cluster/apiserver/schema/validate.js';
import { renderTable } from '../src/cluster/apiserver/tables/render.js';
import { strategicMergePatch } from '../src/cluster/apiserver/patch/strategic-merge.js';
import type { KubeObject } from '../src/api/objects.js';
import { object, schema } from './_fixtures/typed-pod-template.js';
import { planStatefulSet } from '../src/workloads/statefulset/planner.js';
import { makeSet, Sim as StatefulSetSim, T0 } from '../test/workloads/statefulset/sim.js';
import { DsSim, makeDaemonSet, makeNode } from '../test/workloads/daemonset/sim.js';

function steadyStatefulSet100() {
  const sim = new StatefulSetSim(makeSet({ replicas: 100, podManagementPolicy: 'Parallel' }));
  sim.settle();
  return sim.snapshot();
}

function daemonSet1000MidRollout(): DsSim {
  const sim = new DsSim(makeDaemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } } }), Array.from({ length: 1000 }, (_, i) => makeNode(`node-${i}`)));
  for (let i = 0; i < 6; i++) {
    sim.step();
    sim.markReady();
  }
  sim.setTemplateImage('nginx:2');
  return sim;
}

/** Best per-call time (µs) over 5 batches, after a warm-up. */
function measure(fn: () => unknown, perBatch: number): number {
  for (let i = 0; i < perBatch; i++) fn();
  let best = Infinity;
  for (let b = 0; b < 5; b++) {
    const t0 = performance.now();
    for (let i = 0; i < perBatch; i++) fn();
    best = Math.min(best, ((performance.now() - t0) / perBatch) * 1000);
  }
  return best;
}

function pods(n: number, now: number): KubeObject[] {
  return Array.from({ length: n }, (_, i) => ({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: `web-${i}`, namespace: 'default', uid: `u${i}`, creationTimestamp: new Date(now - i * 1000).toISOString() },
    spec: { nodeName: `node${i % 10}`, containers: [{ name: 'nginx', image: 'nginx:1.7.9' }], readinessGates: [{ conditionType: 'InPlaceUpdateReady' }] },
    status: { phase: 'Running', podIP: `10.0.${i >> 8}.${i & 255}`, conditions: [{ type: 'Ready', status: 'True' }, { type: 'InPlaceUpdateReady', status: 'True' }],
      containerStatuses: [{ name: 'nginx', image: 'nginx:1.7.9', imageID: 'x', ready: true, restartCount: 0, state: { running: {} } }] },
  }));
}

export default async function run(): Promise<Record<string, number>> {
  const now = Date.now();
  const list = pods(1000, now);
  const pod = list[0]!;
  const statusPatch = { status: { '$setElementOrder/conditions': [{ type: 'Ready' }, { type: 'InPlaceUpdateReady' }], conditions: [{ type: 'Ready', status: 'False' }], phase: 'Running' } };
  const results = {
    validate100ContainersUs: measure(() => validateObject(schema, object), 100),
    jsonRoundTripSameObjectUs: measure(() => JSON.parse(JSON.stringify(object)), 100),
    renderTable1000PodsUs: measure(() => renderTable({ group: '', version: 'v1', kind: 'Pod', plural: 'pods', objects: list, nowMs: now }), 10),
    strategicMergeStatusPatchUs: measure(() => strategicMergePatch(pod, statusPatch, { group: '', version: 'v1', kind: 'Pod' }), 500),
    planStatefulSetSteady100PodsUs: ((snap) => measure(() => planStatefulSet(snap, T0), 200))(steadyStatefulSet100()),
    planDaemonSet1000NodesMidRolloutUs: ((sim) => measure(() => sim.plan(), 10))(daemonSet1000MidRollout()),
  };
  console.table(Object.fromEntries(Object.entries(results).map(([k, v]) => [k, { microseconds: Number(v.toFixed(1)) }])));
  console.log(`validation costs ${(results.validate100ContainersUs / results.jsonRoundTripSameObjectUs).toFixed(2)}× a JSON round trip of the same object`);
  return results;
}
