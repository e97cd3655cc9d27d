// The KruisePodReady readiness gate (spec README "Readiness gate facts", "Lifecycle hooks"): every pod a
// kactor workload creates carries it after the template's own gates, each planner writes
// KruisePodReady=True on its pods lacking the condition (one conditional status write, first phase), and
// markPodNotReady hooks turn it False with the JSON key list.
import { describe, expect, it } from 'vitest';
import type { Pod, PlanAction, PodCondition } from '../../../src/api/index.js';
import { conditionsForNotReadyKey, kruisePodReadyPatch, withKruisePodReadyGate } from '../../../src/workloads/common/pod-readiness.js';
import { newDaemonPod } from '../../../src/workloads/daemonset/pod-shape.js';
import { buildPod } from '../../../src/workloads/broadcastjob/pods.js';
import { DsSim, makeDaemonSet, tutorialNodes } from '../daemonset/sim.js';
import { makeSet, Sim } from '../statefulset/sim.js';

const NOW = Date.parse('2026-01-01T00:00:00Z');
const gated = (conditions: PodCondition[] = []): Pod => ({
  metadata: { name: 'p', resourceVersion: '7' },
  spec: { containers: [], readinessGates: [{ conditionType: 'KruisePodReady' }] },
  status: { conditions },
});
const readinessWrites = (phase: PlanAction[] | undefined) =>
  (phase ?? []).filter((a) => a.type === 'patch' && a.subresource === 'status').map((a) => a.type === 'patch' && { name: a.ref.name, rv: a.resourceVersion, conditions: (a.patch as { status: { conditions: { type: string; status: string }[] } }).status.conditions.map((c) => `${c.type}=${c.status}`) });

describe('the KruisePodReady gate on created pods', () => {
  it('comes after the template gates and is never added twice', () => {
    expect(withKruisePodReadyGate({ containers: [], readinessGates: [{ conditionType: 'a' }] }).readinessGates).toEqual([{ conditionType: 'a' }, { conditionType: 'KruisePodReady' }]);
    const twice = withKruisePodReadyGate({ containers: [], readinessGates: [{ conditionType: 'KruisePodReady' }, { conditionType: 'b' }] });
    expect(twice.readinessGates).toEqual([{ conditionType: 'KruisePodReady' }, { conditionType: 'b' }]);
  });

  it('DaemonSet pods under InPlaceIfPossible carry InPlaceUpdateReady then KruisePodReady (2 gates, as `kubectl get po -o wide` shows)', () => {
    const pod = newDaemonPod(makeDaemonSet(), { hash: 'h', nodeName: 'node1', inPlaceReadinessGate: true });
    expect(pod.spec!.readinessGates).toEqual([{ conditionType: 'InPlaceUpdateReady' }, { conditionType: 'KruisePodReady' }]);
  });

  it('BroadcastJob pods carry the gate without touching the job template', () => {
    const job = { metadata: { name: 'j', uid: 'u' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } } };
    expect(buildPod(job as never, 'node1', 'j-abcde').spec!.readinessGates).toEqual([{ conditionType: 'KruisePodReady' }]);
    expect((job.spec.template.spec as { readinessGates?: unknown }).readinessGates).toBeUndefined();
  });
});

describe('KruisePodReady=True, as the pod-readiness controller writes it', () => {
  it('is written only for a pod with the gate and without the condition', () => {
    expect(kruisePodReadyPatch(gated(), NOW)).toEqual({ status: { conditions: [{ type: 'KruisePodReady', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }] } });
    expect(kruisePodReadyPatch(gated([{ type: 'KruisePodReady', status: 'False' }]), NOW)).toBeUndefined();
    expect(kruisePodReadyPatch({ ...gated(), spec: { containers: [] } }, NOW)).toBeUndefined();
  });

  it('StatefulSet: the turn after the create writes it once, with the full conditions list and the pod resourceVersion', () => {
    const sim = new Sim(makeSet({ replicas: 1 }));
    expect(sim.step().created).toEqual(['web-0']);
    expect(sim.pods.get('web-0')!.spec!.readinessGates).toEqual([{ conditionType: 'KruisePodReady' }]);
    const rv = sim.pods.get('web-0')!.metadata!.resourceVersion;
    const r = sim.step();
    expect(readinessWrites(r.plan.phases[0])).toEqual([{ name: 'web-0', rv, conditions: ['KruisePodReady=True'] }]);
    expect(readinessWrites(sim.step().plan.phases.flat())).toEqual([]);
  });

  it('StatefulSet with InPlaceUpdateReady in the template: one write sets both conditions', () => {
    const set = makeSet({ replicas: 1, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { podUpdatePolicy: 'InPlaceIfPossible' } } });
    set.spec!.template!.spec!.readinessGates = [{ conditionType: 'InPlaceUpdateReady' }];
    const sim = new Sim(set);
    sim.step();
    expect(sim.pods.get('web-0')!.spec!.readinessGates).toEqual([{ conditionType: 'InPlaceUpdateReady' }, { conditionType: 'KruisePodReady' }]);
    expect(readinessWrites(sim.step().plan.phases.flat())).toEqual([{ name: 'web-0', rv: expect.any(String), conditions: ['InPlaceUpdateReady=True', 'KruisePodReady=True'] }]);
  });

  it('DaemonSet: the turn after the creates writes it for each new pod in the first phase; a Ready pod is then counted ready', () => {
    const sim = new DsSim(makeDaemonSet(), tutorialNodes());
    expect(sim.step().createNodes.sort()).toEqual(['node1', 'node2']);
    sim.step();
    const first = sim.lastPlan.phases[0];
    expect(readinessWrites(first).map((w) => w && w.conditions.filter((c) => c.startsWith('Kruise')))).toEqual([['KruisePodReady=True'], ['KruisePodReady=True']]);
    expect(readinessWrites(first).every((w) => w && w.rv)).toBe(true);
    sim.markReady();
    sim.step();
    expect(sim.ds.status).toMatchObject({ numberReady: 2, numberAvailable: 2 });
    expect(sim.lastPlan.phases).toEqual([]);
  });
});

describe('markPodNotReady', () => {
  it('adds and removes "not ready" keys as a JSON list; False while any remains, True without message after', () => {
    const ready = gated([{ type: 'ContainersReady', status: 'True' }, { type: 'Ready', status: 'True' }, { type: 'KruisePodReady', status: 'True' }]);
    const held = conditionsForNotReadyKey(ready, 'preDeleteHook', true, NOW)!;
    expect(held.find((c) => c.type === 'KruisePodReady')).toMatchObject({ status: 'False', message: '[{"userAgent":"Lifecycle","key":"preDeleteHook"}]' });
    expect(held.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ReadinessGatesNotReady' });
    const pod = { ...ready, status: { conditions: held } };
    expect(conditionsForNotReadyKey(pod, 'preDeleteHook', true, NOW)).toBeUndefined();
    const released = conditionsForNotReadyKey(pod, 'preDeleteHook', false, NOW)!;
    expect(released.find((c) => c.type === 'KruisePodReady')).toEqual({ type: 'KruisePodReady', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' });
    expect(conditionsForNotReadyKey({ ...pod, spec: { containers: [] } }, 'preDeleteHook', true, NOW)).toBeUndefined();
  });

  it('DaemonSet preDelete hook with markPodNotReady: the PreparingDelete patch comes with KruisePodReady=False', () => {
    const ds = makeDaemonSet({ lifecycle: { preDelete: { labelsHandler: { hold: 'true' }, markPodNotReady: true } } });
    ds.spec!.template!.metadata!.labels = { ...ds.spec!.template!.metadata!.labels, hold: 'true' };
    const sim = new DsSim(ds, tutorialNodes(), { autoReady: true });
    sim.settle();
    sim.setTemplateImage('nginx:2'); // Standard rolling update, maxUnavailable 1: one old pod to delete
    sim.step();
    const writes = sim.lastPlan.phases.flat().filter((a) => a.type === 'patch');
    expect(writes.map((a) => a.type === 'patch' && (a.subresource ?? 'object'))).toEqual(['object', 'status']);
    const victim = sim.pods.get(writes[0]!.type === 'patch' ? writes[0]!.ref.name : '')!;
    expect(victim.metadata!.labels!['lifecycle.apps.kruise.io/state']).toBe('PreparingDelete');
    const cond = sim.pods.get(victim.metadata!.name!)!.status!.conditions!.find((c) => c.type === 'KruisePodReady');
    expect(cond).toMatchObject({ status: 'False', message: '[{"userAgent":"Lifecycle","key":"preDeleteHook"}]' });
  });
});
