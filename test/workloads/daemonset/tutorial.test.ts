// Tutorial section 2 (Advanced DaemonSet) replayed as planner sequences on the step simulator.
import { describe, expect, it } from 'vitest';
import { DsSim, makeDaemonSet, makeNode, tutorialNodes } from './sim.js';
import { checkInvariants } from './invariants.js';

const tutorial03 = () => makeDaemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { rollingUpdateType: 'Standard' } } });

function runningDaemonSet(ds = tutorial03()): DsSim {
  const sim = new DsSim(ds, tutorialNodes());
  sim.step(); // revision + 2 creates
  sim.markReady();
  sim.step(); // status
  return sim;
}

describe('tutorial 2.1: 03-daemonset-demo.yaml', () => {
  it('creates 2 pods, one on node1 and one on node2, none on the tainted master1', () => {
    const sim = new DsSim(tutorial03(), tutorialNodes());
    const r = sim.step();
    expect(r.createNodes.sort()).toEqual(['node1', 'node2']);
    expect(sim.events.filter((e) => e.reason === 'SuccessfulCreate').map((e) => e.message)).toEqual(r.creates.map((n) => `Created pod: ${n}`));
    sim.markReady();
    sim.step();
    expect(sim.ds.status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2, updatedNumberScheduled: 2, numberReady: 2, numberAvailable: 2, numberMisscheduled: 0, numberUnavailable: 0, observedGeneration: 1 });
    expect(sim.podsOn('master1')).toEqual([]);
  });
});

describe('tutorial 2.2: 04-daemonset-demo2.yaml (rollingUpdate.selector kubernetes.io/hostname=node1, new image)', () => {
  it('replaces only node1’s pod; node2 keeps its pod', () => {
    const sim = runningDaemonSet();
    const node2Pod = sim.podsOn('node2')[0]!.metadata!.name;
    const node1Pod = sim.podsOn('node1')[0]!.metadata!.name;
    sim.updateSpec({
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { rollingUpdateType: 'Standard', selector: { matchLabels: { 'kubernetes.io/hostname': 'node1' } } } },
    });
    sim.setTemplateImage('nginx');
    const limits = { maxUnavailable: 1, maxSurge: 0, nodes: ['node1', 'node2'] };
    for (let i = 0; i < 10; i++) {
      sim.step();
      checkInvariants(sim, limits, `step ${i}`);
      sim.markReady();
    }
    expect(sim.podsOn('node2').map((p) => p.metadata!.name)).toEqual([node2Pod]);
    expect(sim.podsOn('node1')).toHaveLength(1);
    expect(sim.podsOn('node1')[0]!.metadata!.name).not.toBe(node1Pod);
    expect(sim.podsOn('node1')[0]!.spec!.containers[0]!.image).toBe('nginx');
    expect(sim.podsOn('node2')[0]!.spec!.containers[0]!.image).toBe('nginx:1.7.9');
    expect(sim.events.map((e) => e.reason)).toEqual(['SuccessfulCreate', 'SuccessfulCreate', 'SuccessfulDelete', 'SuccessfulCreate']);
    expect(sim.ds.status).toMatchObject({ desiredNumberScheduled: 2, updatedNumberScheduled: 1, numberAvailable: 2, observedGeneration: 3 });
  });
});

describe('tutorial 2.2 with graceful termination', () => {
  it('the replacement on node1 is created only once the old pod is gone: never two pods on a node', () => {
    const sim = new DsSim(tutorial03(), tutorialNodes(), { graceful: true });
    sim.step();
    sim.markReady();
    sim.step();
    sim.updateSpec({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { selector: { matchLabels: { 'kubernetes.io/hostname': 'node1' } } } } });
    sim.setTemplateImage('nginx');
    const limits = { maxUnavailable: 1, maxSurge: 0, nodes: ['node1', 'node2'] };
    expect(sim.step().deletes).toHaveLength(1);
    checkInvariants(sim, limits);
    for (let i = 0; i < 3; i++) {
      expect(sim.step().creates).toEqual([]);
      checkInvariants(sim, limits);
    }
    sim.finishTerminating();
    expect(sim.step().createNodes).toEqual(['node1']);
    checkInvariants(sim, limits);
  });
});

describe('tutorial 2.3: partition and paused', () => {
  it('partition larger than desired updates nothing', () => {
    const sim = runningDaemonSet();
    const before = sim.livePods().map((p) => p.metadata!.name).sort();
    sim.setRollingUpdate({ rollingUpdateType: 'Standard', partition: 10 });
    sim.setTemplateImage('nginx');
    for (let i = 0; i < 5; i++) {
      sim.step();
      checkInvariants(sim, { maxUnavailable: 0, maxSurge: 0, nodes: ['node1', 'node2'] });
    }
    expect(sim.livePods().map((p) => p.metadata!.name).sort()).toEqual(before);
    expect(sim.ds.status).toMatchObject({ updatedNumberScheduled: 0, desiredNumberScheduled: 2 });
  });

  it('paused stops the rollout; unpausing resumes it', () => {
    const sim = runningDaemonSet();
    const before = sim.livePods().map((p) => p.metadata!.name).sort();
    sim.setRollingUpdate({ rollingUpdateType: 'Standard', paused: true });
    sim.setTemplateImage('nginx');
    for (let i = 0; i < 5; i++) {
      sim.step();
      checkInvariants(sim, { maxUnavailable: 0, maxSurge: 0, nodes: ['node1', 'node2'] });
    }
    expect(sim.livePods().map((p) => p.metadata!.name).sort()).toEqual(before);
    sim.setRollingUpdate({ rollingUpdateType: 'Standard', paused: false });
    for (let i = 0; i < 10; i++) {
      sim.step();
      checkInvariants(sim, { maxUnavailable: 1, maxSurge: 0, nodes: ['node1', 'node2'] });
      sim.markReady();
    }
    expect(sim.ds.status).toMatchObject({ updatedNumberScheduled: 2, numberAvailable: 2 });
  });
});

describe('tutorial 2.4: 05-daemonset-demo3.yaml (InPlaceIfPossible), then a new image', () => {
  it('updates both pods in place one node at a time: names kept, RESTARTS 1, events as in the tutorial', () => {
    const sim = runningDaemonSet(makeDaemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { rollingUpdateType: 'InPlaceIfPossible' } } }));
    expect(sim.livePods().every((p) => p.spec!.readinessGates?.some((g) => g.conditionType === 'InPlaceUpdateReady'))).toBe(true);
    // The controller sets InPlaceUpdateReady=True on fresh pods; only then do they become Ready (2/2 gates).
    sim.step();
    expect(sim.ds.status).toMatchObject({ numberReady: 2, numberAvailable: 2 });
    const names = sim.livePods().map((p) => p.metadata!.name).sort();
    sim.events = [];
    sim.setTemplateImage('nginx');
    const limits = { maxUnavailable: 1, maxSurge: 0, nodes: ['node1', 'node2'] };
    for (let i = 0; i < 10; i++) {
      sim.step();
      checkInvariants(sim, limits, `step ${i}`);
      if (i % 2 === 1) sim.markReady(); // containers restart, then become ready
    }
    expect(sim.livePods().map((p) => p.metadata!.name).sort()).toEqual(names);
    for (const p of sim.livePods()) {
      expect(p.spec!.containers[0]!.image).toBe('nginx');
      expect(p.status!.containerStatuses![0]!.restartCount).toBe(1);
    }
    const reasons = sim.events.map((e) => e.reason);
    expect(reasons.filter((r) => r === 'SuccessfulUpdatePodInPlace')).toHaveLength(2);
    expect(reasons).not.toContain('SuccessfulDelete');
    expect(reasons).not.toContain('SuccessfulCreate');
    const first = reasons.indexOf('SuccessfulUpdatePodInPlace');
    const warning = reasons.indexOf('numUnavailable >= maxUnavailable');
    expect(warning).toBeGreaterThan(first);
    expect(reasons.lastIndexOf('SuccessfulUpdatePodInPlace')).toBeGreaterThan(warning);
    expect(sim.events[warning]).toEqual({
      type: 'Warning',
      reason: 'numUnavailable >= maxUnavailable',
      message: 'default/nginx number of unavailable DaemonSet pods: 1, is equal to or exceeds allowed maximum: 1',
    });
    const inPlaceMessages = sim.events.filter((e) => e.reason === 'SuccessfulUpdatePodInPlace').map((e) => e.message);
    expect(inPlaceMessages.sort()).toEqual(names.map((n) => `successfully update pod ${n} in-place`));
    expect(sim.ds.status).toMatchObject({ updatedNumberScheduled: 2, numberAvailable: 2, numberReady: 2 });
  });
});

describe('tutorial issue acceptance: Surging, late nodes, 100 nodes', () => {
  it('Surging keeps the old pod on each node until the new one is Ready', () => {
    const sim = runningDaemonSet();
    sim.setRollingUpdate({ rollingUpdateType: 'Surging' });
    sim.setTemplateImage('nginx');
    const limits = { maxUnavailable: 0, maxSurge: 1, nodes: ['node1', 'node2'] };
    for (let i = 0; i < 12; i++) {
      sim.step();
      checkInvariants(sim, limits, `step ${i}`);
      for (const node of ['node1', 'node2']) {
        const pods = sim.podsOn(node);
        if (pods.some((p) => p.spec!.containers[0]!.image === 'nginx' && p.status?.conditions?.find((c) => c.type === 'Ready')?.status !== 'True')) {
          expect(pods.some((p) => p.spec!.containers[0]!.image === 'nginx:1.7.9'), `old pod kept on ${node}`).toBe(true);
        }
      }
      if (i % 2 === 1) sim.markReady();
    }
    expect(sim.livePods().map((p) => p.spec!.containers[0]!.image)).toEqual(['nginx', 'nginx']);
    expect(sim.ds.status).toMatchObject({ updatedNumberScheduled: 2, numberAvailable: 2 });
  });

  it('a node added later gets a pod at the current revision', () => {
    const sim = runningDaemonSet();
    sim.nodes = [...sim.nodes, makeNode('node3')];
    const r = sim.step();
    expect(r.createNodes).toEqual(['node3']);
    sim.markReady();
    sim.step();
    expect(sim.ds.status).toMatchObject({ desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3 });
  });

  it('100 nodes with maxSurge 10%: never more than 10 nodes with two pods, even with graceful termination', () => {
    const nodes = Array.from({ length: 100 }, (_, i) => makeNode(`node-${i}`));
    const sim = new DsSim(makeDaemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '10%', maxUnavailable: 0 } } }), nodes, { graceful: true });
    sim.step();
    sim.markReady();
    sim.step();
    sim.setTemplateImage('nginx');
    const limits = { maxUnavailable: 0, maxSurge: 10, nodes: nodes.map((n) => n.metadata!.name!) };
    let maxDoubled = 0;
    const done = () => sim.pods.size === 100 && sim.livePods().every((p) => p.spec!.containers[0]!.image === 'nginx');
    let steps = 0;
    for (let i = 0; i < 300 && !done(); i++, steps++) {
      sim.step();
      checkInvariants(sim, limits, `step ${i}`);
      maxDoubled = Math.max(maxDoubled, limits.nodes.filter((n) => sim.podsOn(n).length > 1).length);
      if (i % 3 === 1) sim.markReady();
      if (i % 3 === 2) sim.finishTerminating();
    }
    expect(done()).toBe(true);
    expect(maxDoubled).toBe(10);
    sim.markReady();
    sim.step();
    expect(sim.ds.status).toMatchObject({ updatedNumberScheduled: 100, numberAvailable: 100 });
  });
});
