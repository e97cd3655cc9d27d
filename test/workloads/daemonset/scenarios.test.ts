// Every scenario of spec advanced-daemonset.md §11, as planner table tests on the step simulator.
// One "sync" of Kruise's unit tests observes its own writes at once; in kactor a turn that manages pods
// stops until the cache has seen those writes, so where Kruise does "N creates + M deletes" in one sync
// (the surge hand-over) kactor does the M deletes, then — once they are observed gone — the N creates.
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../src/api/index.js';
import { buildView } from '../../../src/workloads/daemonset/view.js';
import { eligibleNodes, rollingUpdateBudgets, rollingUpdateNodes } from '../../../src/workloads/daemonset/rolling-update.js';
import { resolveStrategy } from '../../../src/workloads/daemonset/strategy.js';
import type { DaemonSet } from '../../../src/workloads/daemonset/types.js';
import { DsSim, T0, makeDaemonSet, makeNode, type StepResult } from './sim.js';
import { checkInvariants } from './invariants.js';

const nodesN = (n: number, prefix = 'node-') => Array.from({ length: n }, (_, i) => makeNode(`${prefix}${i}`));
const counts = (r: StepResult) => [r.creates.length, r.deletes.length];

function readySet(ds: DaemonSet, nodes = nodesN(5), opts = {}): DsSim {
  const sim = new DsSim(ds, nodes, opts);
  sim.step();
  sim.markReady();
  sim.step();
  return sim;
}

describe('scenario 1: runs on every node and revives deleted pods', () => {
  it('one pod per schedulable node, status desired = current = ready; a deleted pod comes back on its node', () => {
    const sim = readySet(makeDaemonSet(), [makeNode('a'), makeNode('b'), makeNode('c', { taints: [{ key: 'x', effect: 'NoSchedule' }] })]);
    expect(sim.livePods().map((p) => p.spec!.nodeName).sort()).toEqual(['a', 'b']);
    expect(sim.ds.status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, numberReady: 2 });
    const victim = sim.podsOn('a')[0]!;
    sim.pods.delete(victim.metadata!.name!);
    const r = sim.step();
    expect(r.createNodes).toEqual(['a']);
    expect(sim.podsOn('a')[0]!.metadata!.name).not.toBe(victim.metadata!.name);
  });
});

describe('scenario 2: maxUnavailable 2 on 5 nodes (TestDaemonSetUpdatesPods)', () => {
  it('deletes 2, creates 2, … never more than 2 unavailable', () => {
    const sim = readySet(makeDaemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } } }));
    sim.setTemplateImage('nginx:2');
    const limits = { maxUnavailable: 2, maxSurge: 0, nodes: [...Array(5).keys()].map((i) => `node-${i}`) };
    const seq: Array<number[] | 'ready'> = [[0, 2], [2, 0], 'ready', [0, 2], [2, 0], 'ready', [0, 1], [1, 0], 'ready', [0, 0]];
    for (const expected of seq) {
      if (expected === 'ready') sim.markReady();
      else expect(counts(sim.step())).toEqual(expected);
      checkInvariants(sim, limits);
    }
    expect(sim.ds.status).toMatchObject({ updatedNumberScheduled: 5, numberAvailable: 5 });
  });
});

describe('scenario 3: surge 2 on 5 nodes (TestDaemonSetUpdatesPodsWithMaxSurge)', () => {
  it('creates 2 surge pods, retires old pods once new ones are ready, never more than 2 nodes doubled', () => {
    const sim = readySet(makeDaemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: 0 } } }));
    sim.setTemplateImage('nginx:2');
    const limits = { maxUnavailable: 0, maxSurge: 2, nodes: [...Array(5).keys()].map((i) => `node-${i}`) };
    // Kruise: [2,0] [0,0] ready [2,2] [0,0] ready [1,2] ready [0,1]
    const seq: Array<number[] | 'ready'> = [[2, 0], [0, 0], 'ready', [0, 2], [2, 0], [0, 0], 'ready', [0, 2], [1, 0], 'ready', [0, 1], [0, 0]];
    for (const expected of seq) {
      if (expected === 'ready') sim.markReady();
      else expect(counts(sim.step())).toEqual(expected);
      checkInvariants(sim, limits);
    }
    expect(sim.livePods()).toHaveLength(5);
    expect(sim.ds.status).toMatchObject({ updatedNumberScheduled: 5, numberAvailable: 5 });
  });
});

describe('scenario 4: new pods never become ready (TestDaemonSetUpdatesWhenNewPosIsNotReady)', () => {
  it('maxUnavailable 3: 3 deletes, 3 creates, then nothing while the new pods stay unready', () => {
    const sim = readySet(makeDaemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 3 } } }));
    sim.setTemplateImage('nginx:2');
    expect(counts(sim.step())).toEqual([0, 3]);
    expect(counts(sim.step())).toEqual([3, 0]);
    for (let i = 0; i < 3; i++) expect(counts(sim.step())).toEqual([0, 0]);
  });
});

describe('scenario 5: surge with unready old pods and minReadySeconds (TestDaemonSetUpdatesAllOldPodsNotReadyMaxSurge)', () => {
  it('unavailable old pods bypass the surge budget: 5 new pods at once, then the 5 old pods go', () => {
    const sim = new DsSim(makeDaemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 0 } } }), nodesN(5));
    sim.step(); // 5 old pods, never ready
    sim.step();
    sim.setTemplateImage('nginx:2');
    expect(counts(sim.step())).toEqual([5, 0]);
    expect(counts(sim.step())).toEqual([0, 5]);
  });

  it('with minReadySeconds 15: t=300 3 creates; t=310 1 create; t=320 3 deletes then 1 create; t=340 2 deletes; t=350 nothing', () => {
    const sim = new DsSim(makeDaemonSet({ minReadySeconds: 15, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 3, maxUnavailable: 0 } } }), nodesN(5));
    sim.step();
    sim.markReady();
    sim.now = T0 + 300_000;
    sim.setTemplateImage('nginx:2');
    const r300 = sim.step();
    expect(counts(r300)).toEqual([3, 0]);
    const newPods = () => sim.livePods().filter((p) => p.spec!.containers[0]!.image === 'nginx:2');
    sim.markReady(newPods().slice(0, 2)); // ready since 300
    sim.now = T0 + 310_000;
    const withoutNew = ['node-0', 'node-1', 'node-2', 'node-3', 'node-4'].find((n) => !r300.createNodes.includes(n))!;
    sim.markNotReady(sim.podsOn(withoutNew));
    expect(counts(sim.step())).toEqual([1, 0]);
    sim.now = T0 + 320_000;
    expect(counts(sim.step())).toEqual([0, 3]); // Kruise: 1 create + 3 deletes in one sync
    expect(counts(sim.step())).toEqual([1, 0]);
    sim.markReady();
    sim.now = T0 + 340_000;
    expect(counts(sim.step())).toEqual([0, 2]);
    sim.now = T0 + 350_000;
    expect(counts(sim.step())).toEqual([0, 0]);
    expect(sim.livePods().map((p) => p.spec!.containers[0]!.image)).toEqual(Array(5).fill('nginx:2'));
  });
});

describe('scenario 6: budget resolution (TestGetUnavailableNumbers)', () => {
  const pod = (name: string, node: string, o: { terminating?: boolean } = {}): Pod => ({
    metadata: { name, uid: name, labels: { 'k8s-app': 'nginx' }, creationTimestamp: '2026-01-01T00:00:00Z', ...(o.terminating ? { deletionTimestamp: '2026-01-01T00:00:01Z' } : {}) },
    spec: { nodeName: node, containers: [] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }] },
  });
  const budgets = (ru: Record<string, unknown>, nodes: string[], pods: Pod[]) => {
    const ds = makeDaemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: ru } });
    const view = buildView(ds, 'h', resolveStrategy(ds), nodes.map((n) => makeNode(n)), pods, T0);
    return { ...rollingUpdateBudgets(view), entries: [...rollingUpdateNodes(view)].map(([n, p]) => [n, p.length]) };
  };
  it.each([
    ['maxUnavailable 1, 2 ready nodes', { maxUnavailable: 1 }, 0, 1],
    ['maxUnavailable 50% of 2', { maxUnavailable: '50%' }, 0, 1],
    ['maxSurge 50% of 2', { maxSurge: '50%', maxUnavailable: 0 }, 1, 0],
    ['maxSurge 100% of 2', { maxSurge: '100%', maxUnavailable: 0 }, 2, 0],
  ])('%s', (_n, ru, surge, unavailable) => {
    expect(budgets(ru, ['a', 'b'], [pod('p1', 'a'), pod('p2', 'b')])).toMatchObject({ maxSurge: surge, maxUnavailable: unavailable });
  });
  it('maxUnavailable 0 with maxSurge 0 defaults to 1, and the pod-less node gets an empty entry', () => {
    expect(budgets({ maxUnavailable: 0, maxSurge: 0 }, ['a', 'b'], [pod('p1', 'a')])).toEqual({ maxSurge: 0, maxUnavailable: 1, entries: [['a', 1], ['b', 0]] });
  });
  it('3 desired nodes, pods on two (one terminating), maxUnavailable 50% → 2, one empty entry', () => {
    const r = budgets({ maxUnavailable: '50%' }, ['a', 'b', 'c'], [pod('p1', 'a'), pod('p2', 'b', { terminating: true })]);
    expect(r).toEqual({ maxSurge: 0, maxUnavailable: 2, entries: [['a', 1], ['b', 1], ['c', 0]] });
  });
});

describe('scenarios 7–9: eligible nodes under partition and selector (TestFilterDaemonPodsNodeToUpdate)', () => {
  const HASH = 'new';
  const pod = (name: string, node: string, hash: string, o: { terminating?: boolean } = {}): Pod => ({
    metadata: { name, uid: name, labels: { 'k8s-app': 'nginx', 'controller-revision-hash': hash }, ...(o.terminating ? { deletionTimestamp: '2026-01-01T00:00:01Z' } : {}) },
    spec: { nodeName: node, containers: [] },
  });
  const eligible = (ru: Record<string, unknown>, nodes: Array<[string, Record<string, string>?]>, pods: Pod[]) => {
    const ds = makeDaemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: ru } });
    const view = buildView(ds, HASH, resolveStrategy(ds), nodes.map(([n, l]) => makeNode(n, { labels: l })), pods, T0);
    return eligibleNodes(view, rollingUpdateNodes(view));
  };
  it('scenario 7 — Standard, partition=1: n1 new, n2 old, n3 old → [n1, n3]; n2 stays old', () => {
    expect(eligible({ partition: 1 }, [['n1'], ['n2'], ['n3']], [pod('p1', 'n1', HASH), pod('p2', 'n2', 'old'), pod('p3', 'n3', 'old')])).toEqual(['n1', 'n3']);
  });
  it('scenario 8 — Standard, partition=1, selector: n1 old, n2 new, n3 old+canary, n4 old → [n2, n3]', () => {
    const canary = { 'node-type': 'canary' };
    expect(
      eligible({ partition: 1, selector: { matchLabels: canary } }, [['n1'], ['n2'], ['n3', canary], ['n4']], [pod('p1', 'n1', 'old'), pod('p2', 'n2', HASH), pod('p3', 'n3', 'old'), pod('p4', 'n4', 'old')]),
    ).toEqual(['n2', 'n3']);
  });
  it('scenario 9 — a terminating old pod counts as updating: → [n2, n3, n1]; n4 (no label) never', () => {
    const canary = { 'node-type': 'canary' };
    expect(
      eligible({ partition: 0, selector: { matchLabels: canary } }, [['n1', canary], ['n2'], ['n3', canary], ['n4']], [
        pod('p1', 'n1', 'old'), pod('p2', 'n2', HASH), pod('p3', 'n3', 'old', { terminating: true }), pod('p4', 'n4', 'old'),
      ]),
    ).toEqual(['n2', 'n3', 'n1']);
  });
});

const inPlaceDs = (maxUnavailable: number) => makeDaemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { rollingUpdateType: 'InPlaceIfPossible', maxUnavailable } } });
const identity = (sim: DsSim) => sim.livePods().map((p) => `${p.metadata!.name}/${p.metadata!.uid}/${p.spec!.nodeName}`).sort();

describe('scenario 10: in-place image update', () => {
  it('InPlaceIfPossible, maxUnavailable 5: every pod gets the new image with the same name/UID/node and has the gate', () => {
    const sim = readySet(inPlaceDs(5), nodesN(3));
    sim.step(); // InPlaceUpdateReady=True on fresh pods
    const before = identity(sim);
    sim.setTemplateImage('nginx:2');
    const r = sim.step();
    expect(r.inPlace).toHaveLength(3);
    expect(r.deletes).toEqual([]);
    expect(identity(sim)).toEqual(before);
    for (const p of sim.livePods()) {
      expect(p.spec!.containers[0]!.image).toBe('nginx:2');
      expect(p.spec!.readinessGates).toContainEqual({ conditionType: 'InPlaceUpdateReady' });
      expect(p.status!.conditions!.find((c) => c.type === 'InPlaceUpdateReady')).toMatchObject({ status: 'False', reason: 'StartInPlaceUpdate' });
      expect(JSON.parse(p.metadata!.annotations!['apps.kruise.io/inplace-update-state']!)).toMatchObject({ lastContainerStatuses: { nginx: { imageID: 'docker.io/nginx:1.7.9@sha256:nginx:1.7.9' } } });
    }
    sim.markReady();
    sim.step(); // update complete (new imageID) → InPlaceUpdateReady=True
    sim.step();
    expect(sim.ds.status).toMatchObject({ updatedNumberScheduled: 3, numberReady: 3, numberAvailable: 3 });
  });
});

describe('scenario 11: image in place, env recreate', () => {
  it('an image change keeps the pods; adding an env var recreates them on the same nodes, with the gate', () => {
    const sim = readySet(inPlaceDs(20), nodesN(3));
    sim.step();
    const before = identity(sim);
    sim.setTemplateImage('nginx:2');
    sim.step();
    sim.markReady();
    sim.settle();
    expect(identity(sim)).toEqual(before);
    const t = structuredClone(sim.ds.spec!.template!);
    t.spec!.containers[0]!.env = [{ name: 'A', value: 'b' }];
    sim.updateSpec({ template: t });
    const r = sim.step();
    expect(r.deletes).toHaveLength(3);
    expect(r.inPlace).toEqual([]);
    sim.step();
    const after = sim.livePods();
    expect(after.map((p) => p.spec!.nodeName).sort()).toEqual(['node-0', 'node-1', 'node-2']);
    expect(after.every((p) => !before.some((b) => b.includes(p.metadata!.uid!)))).toBe(true);
    expect(after.every((p) => p.spec!.readinessGates?.some((g) => g.conditionType === 'InPlaceUpdateReady'))).toBe(true);
  });
});

describe('scenario 12: preDelete hook paces the rollout', () => {
  it('one pod goes PreparingDelete and nothing is deleted; once un-hooked it is deleted and replaced; then the next', () => {
    const hook = { 'my-pre-delete': 'true' };
    const ds = makeDaemonSet({
      lifecycle: { preDelete: { labelsHandler: hook } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: { metadata: { labels: { 'k8s-app': 'nginx', ...hook } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.7.9' }] } },
    });
    const sim = readySet(ds, nodesN(3));
    const t = structuredClone(sim.ds.spec!.template!);
    t.spec!.containers[0]!.env = [{ name: 'A', value: 'b' }];
    t.spec!.containers[0]!.resources = { requests: { cpu: '100m' } };
    sim.updateSpec({ template: t });
    const r = sim.step();
    expect(r.deletes).toEqual([]);
    expect(sim.ds.status!.observedGeneration).toBe(2);
    const preparing = () => sim.livePods().filter((p) => p.metadata!.labels!['lifecycle.apps.kruise.io/state'] === 'PreparingDelete');
    expect(preparing()).toHaveLength(1);
    for (let i = 0; i < 3; i++) expect(counts(sim.step())).toEqual([0, 0]);
    expect(preparing()).toHaveLength(1);
    const victim = preparing()[0]!;
    delete (victim.metadata!.labels as Record<string, string>)['my-pre-delete'];
    expect(sim.step().deletes).toEqual([victim.metadata!.name]);
    const created = sim.step();
    expect(created.createNodes).toEqual([victim.spec!.nodeName]);
    expect(sim.podsOn(victim.spec!.nodeName!)[0]!.metadata!.labels!['controller-revision-hash']).toBe(sim.ds.status!.daemonSetHash);
    expect(preparing()).toHaveLength(0);
    sim.markReady();
    sim.step();
    expect(preparing()).toHaveLength(1);
  });
});

describe('scenario 13: progressive creation (TestGetMaxCreateNum)', () => {
  const ds = (partition: number) =>
    makeDaemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition } } }, 'nginx', { 'daemonset.kruise.io/progressive-create-pod': 'true' });
  it('10 nodes, no pods: partition 10 → none; partition 9 → node-0', () => {
    expect(new DsSim(ds(10), nodesN(10)).step().createNodes).toEqual([]);
    expect(new DsSim(ds(9), nodesN(10)).step().createNodes).toEqual(['node-0']);
  });
  it('with 1 new pod and partition 5 → node-1..node-4', () => {
    const sim = new DsSim(ds(9), nodesN(10));
    sim.step();
    sim.setRollingUpdate({ partition: 5 });
    expect(sim.step().createNodes).toEqual(['node-1', 'node-2', 'node-3', 'node-4']);
  });
});

describe('scenario 14: non-progressive partition does not limit creation', () => {
  it('partition 9 of 10: the pod deleted by the rolling update is recreated at the new revision', () => {
    const sim = readySet(makeDaemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 9 } } }), nodesN(10));
    sim.setTemplateImage('nginx:2');
    const del = sim.step();
    expect(del.deletes).toHaveLength(1);
    const cr = sim.step();
    expect(cr.creates).toHaveLength(1);
    expect(sim.livePods().filter((p) => p.spec!.containers[0]!.image === 'nginx:2')).toHaveLength(1);
  });
  it('partition 5: an old pod deleted manually comes back at the new revision ("bad case 3")', () => {
    const sim = readySet(makeDaemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 10 } } }), nodesN(10));
    sim.updateSpec({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 5 } } });
    sim.setTemplateImage('nginx:2');
    for (let i = 0; i < 12; i++) {
      sim.step();
      sim.markReady();
    }
    const oldPods = sim.livePods().filter((p) => p.spec!.containers[0]!.image !== 'nginx:2');
    expect(oldPods).toHaveLength(5);
    sim.pods.delete(oldPods[0]!.metadata!.name!);
    const r = sim.step();
    expect(r.createNodes).toEqual([oldPods[0]!.spec!.nodeName]);
    expect(sim.podsOn(oldPods[0]!.spec!.nodeName!)[0]!.spec!.containers[0]!.image).toBe('nginx:2');
  });
});

describe('scenario 15: node label selection', () => {
  it('nodeSelector color=blue: no pods until a node is blue; relabelled green → pod removed', () => {
    const ds = makeDaemonSet();
    ds.spec!.template!.spec!.nodeSelector = { color: 'blue' };
    const sim = new DsSim(ds, [makeNode('a'), makeNode('b')]);
    expect(sim.step().creates).toEqual([]);
    expect(sim.ds.status).toMatchObject({ desiredNumberScheduled: 0, currentNumberScheduled: 0 });
    sim.nodes = [makeNode('a', { labels: { color: 'blue' } }), makeNode('b')];
    expect(sim.step().createNodes).toEqual(['a']);
    sim.nodes = [makeNode('a', { labels: { color: 'green' } }), makeNode('b')];
    expect(sim.step().deletes).toHaveLength(1);
    sim.step();
    expect(sim.livePods()).toEqual([]);
  });
});

describe('scenario 16: status ready/available split', () => {
  it('minReadySeconds 30: just-Ready pods are ready but not available; a requeue ~30 s later counts them', () => {
    const sim = new DsSim(makeDaemonSet({ minReadySeconds: 30 }), nodesN(3));
    sim.step();
    sim.markReady();
    sim.step();
    expect(sim.ds.status).toMatchObject({ desiredNumberScheduled: 3, numberReady: 3, numberAvailable: 0, numberUnavailable: 3 });
    expect(sim.lastPlan.requeueAfterMs).toBeGreaterThan(29_000);
    expect(sim.lastPlan.requeueAfterMs).toBeLessThanOrEqual(30_000);
    sim.advance(30_000);
    sim.step();
    expect(sim.ds.status).toMatchObject({ numberReady: 3, numberAvailable: 3, numberUnavailable: 0 });
    expect(sim.lastPlan.requeueAfterMs).toBeUndefined();
  });
});

describe('scenario 17: paused', () => {
  it('no pod replaced while paused; a new node gets a pod at the new hash; unpausing resumes', () => {
    const sim = readySet(makeDaemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { paused: true } } }), nodesN(3));
    sim.setTemplateImage('nginx:2');
    for (let i = 0; i < 3; i++) expect(counts(sim.step())).toEqual([0, 0]);
    sim.nodes = [...sim.nodes, makeNode('node-3')];
    const r = sim.step();
    expect(r.createNodes).toEqual(['node-3']);
    expect(sim.podsOn('node-3')[0]!.spec!.containers[0]!.image).toBe('nginx:2');
    sim.markReady();
    sim.setRollingUpdate({ paused: false });
    for (let i = 0; i < 12; i++) {
      sim.step();
      sim.markReady();
    }
    expect(sim.livePods().map((p) => p.spec!.containers[0]!.image)).toEqual(Array(4).fill('nginx:2'));
  });
});
