// Planner table tests: one per numbered scenario of spec advanced-statefulset.md §14, driven through
// the simulated step (plan → apply → kubelet) with invariants checked after every step.
import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../src/api/index.js';
import { makeSet, Sim } from './sim.js';
import { computeUpdateOrder } from '../../../src/workloads/statefulset/update-order.js';
import { buildControllerRevision, revisionDataOf } from '../../../src/workloads/common/revision.js';
import type { StatefulSet } from '../../../src/workloads/statefulset/types.js';

const ordered = (replicas: number, extra: StatefulSet['spec'] = {}) => makeSet({ replicas, ...extra });
const parallel = (replicas: number, extra: StatefulSet['spec'] = {}) => makeSet({ replicas, podManagementPolicy: 'Parallel', ...extra });
const rolling = (ru: Record<string, unknown>) => ({ updateStrategy: { type: 'RollingUpdate' as const, rollingUpdate: ru } });
const withGate = (s: StatefulSet) => {
  s.spec!.template!.spec!.readinessGates = [{ conditionType: 'InPlaceUpdateReady' }];
  return s;
};
const state = (sim: Sim, n: string) => sim.pods.get(n)!.metadata!.labels!['lifecycle.apps.kruise.io/state'];
const cond = (sim: Sim, n: string, t: string) => sim.pods.get(n)!.status!.conditions?.find((c) => c.type === t)?.status;
function terminate(sim: Sim, name: string) {
  (sim.pods.get(name)!.metadata as { deletionTimestamp?: string }).deletionTimestamp = '2026-01-01T00:00:00Z';
}

describe('Advanced StatefulSet spec scenarios (§14)', () => {
  it('1. Ordered creation: pod-0 alone, pod-1 only after pod-0 is Running+Ready, then pod-2', () => {
    const sim = new Sim(ordered(3));
    expect(sim.step().created).toEqual(['web-0']);
    expect(sim.step().created).toEqual([]);
    sim.run('web-0');
    expect(sim.step().created).toEqual(['web-1']);
    sim.run('web-1');
    expect(sim.step().created).toEqual(['web-2']);
    expect(sim.log.filter((l) => l.startsWith('create'))).toEqual(['create web-0', 'create web-1', 'create web-2']);
    expect(sim.violations).toEqual([]);
  });

  it('2. Scale-up halts on an unhealthy pod until it is ready again', () => {
    const sim = new Sim(ordered(1));
    sim.settle();
    sim.setUnready('web-0');
    sim.update((s) => (s.replicas = 3));
    expect(sim.step().created).toEqual([]);
    expect(sim.step().created).toEqual([]);
    sim.run('web-0');
    expect(sim.step().created).toEqual(['web-1']);
    sim.run('web-1');
    expect(sim.step().created).toEqual(['web-2']);
    expect(sim.violations).toEqual([]);
  });

  it('3. Reverse-order scale-down halts on unhealthy pods, then deletes 2, 1, 0 one at a time', () => {
    const sim = new Sim(ordered(3));
    sim.settle();
    for (const n of ['web-0', 'web-1', 'web-2']) sim.setUnready(n);
    sim.update((s) => (s.replicas = 0));
    expect(sim.step().deleted).toEqual([]);
    sim.kubelet();
    const order = [sim.step().deleted, sim.step().deleted, sim.step().deleted];
    expect(order).toEqual([['web-2'], ['web-1'], ['web-0']]);
  });

  it('4. Burst scaling ignores health: 3 pods at once, then all deleted at once', () => {
    const sim = new Sim(parallel(1));
    sim.settle();
    sim.setUnready('web-0');
    sim.update((s) => (s.replicas = 3));
    expect(sim.step().created).toEqual(['web-1', 'web-2']);
    sim.update((s) => (s.replicas = 0));
    const r = sim.step();
    expect(r.deleted.sort()).toEqual(['web-0', 'web-1', 'web-2']);
    // first the pod-readiness writes of the two fresh pods (KruisePodReady), then slow-start batches 1, 2
    expect(r.plan.phases.map((p) => p.length)).toEqual([2, 1, 2]);
    expect(r.plan.phases[0]!.map((a) => a.type === 'patch' && a.subresource === 'status' && a.ref.name).sort()).toEqual(['web-1', 'web-2']);
  });

  it('5. Partition larger than replicas: new update revision, no pod changes', () => {
    const sim = new Sim(ordered(3, rolling({ partition: 3 })));
    sim.settle();
    const before = sim.set.status!.currentRevision;
    sim.setImage('nginx:2');
    sim.settle();
    expect(sim.set.status!.updateRevision).not.toBe(before);
    expect(sim.set.status!.currentRevision).toBe(before);
    expect(sim.names().map((n) => sim.image(n))).toEqual(['nginx:1', 'nginx:1', 'nginx:1']);
  });

  function canary() {
    const sim = new Sim(ordered(3, rolling({ partition: 3 })));
    sim.settle();
    sim.setImage('nginx:2');
    sim.settle();
    sim.update((s) => (s.updateStrategy!.rollingUpdate!.partition = 2));
    sim.settle();
    return sim;
  }

  it('6. Canary: partition 2 moves only pod-2 to the new image and revision', () => {
    const sim = canary();
    expect(sim.names().map((n) => sim.image(n))).toEqual(['nginx:1', 'nginx:1', 'nginx:2']);
    expect(sim.revisionOf('web-2')).toBe(sim.set.status!.updateRevision);
    expect(sim.revisionOf('web-0')).toBe(sim.set.status!.currentRevision);
  });

  it('7. Deleted pods keep their side of the partition', () => {
    const sim = canary();
    sim.pods.delete('web-0');
    sim.pods.delete('web-2');
    sim.settle();
    expect(sim.image('web-0')).toBe('nginx:1');
    expect(sim.image('web-2')).toBe('nginx:2');
    expect(sim.violations).toEqual([]);
  });

  it('8. Phased rollout completes status: partition 1 then 0 → currentRevision == updateRevision', () => {
    const sim = canary();
    sim.update((s) => (s.updateStrategy!.rollingUpdate!.partition = 1));
    sim.settle();
    expect(sim.names().map((n) => sim.image(n))).toEqual(['nginx:1', 'nginx:2', 'nginx:2']);
    sim.update((s) => (s.updateStrategy!.rollingUpdate!.partition = 0));
    sim.settle();
    expect(sim.names().map((n) => sim.image(n))).toEqual(['nginx:2', 'nginx:2', 'nginx:2']);
    expect(sim.set.status!.currentRevision).toBe(sim.set.status!.updateRevision);
    expect(sim.violations).toEqual([]);
  });

  it('9. maxUnavailable 2 with partition 3: deletes 5,4; then 3 while 5 is unready; 0,1,2 stay old', () => {
    const sim = new Sim(parallel(6, rolling({ partition: 3, maxUnavailable: 2 })));
    sim.settle();
    sim.setImage('nginx:2');
    expect(sim.step().deleted).toEqual(['web-5', 'web-4']);
    expect(sim.step().created.sort()).toEqual(['web-4', 'web-5']);
    sim.run('web-4');
    sim.run('web-5', false);
    expect(sim.step().deleted).toEqual(['web-3']);
    sim.settle();
    expect(sim.names().map((n) => sim.image(n))).toEqual(['nginx:1', 'nginx:1', 'nginx:1', 'nginx:2', 'nginx:2', 'nginx:2']);
  });

  it('10. Terminating pods eat the budget', () => {
    const sim = new Sim(parallel(6, rolling({ partition: 3, maxUnavailable: 2 })));
    sim.settle();
    terminate(sim, 'web-0');
    sim.setImage('nginx:2');
    expect(sim.step().deleted).toEqual(['web-5']);
    sim.step();
    sim.run('web-5');
    terminate(sim, 'web-2');
    const r = sim.step();
    expect(r.deleted).toEqual([]);
    expect(r.patched).toEqual([]);
  });

  it('11. In-place update one at a time: same UID, InPlaceUpdateReady False→True, lifecycle Updating→Normal', () => {
    const sim = new Sim(withGate(parallel(3, rolling({ partition: 1, podUpdatePolicy: 'InPlaceIfPossible' }))));
    sim.settle();
    const uid2 = sim.pods.get('web-2')!.metadata!.uid;
    sim.setImage('nginx:2');
    const r = sim.step();
    expect(r.patched).toEqual(['web-2', 'web-2']);
    expect(r.events.map((e) => e.message)).toContain(`successfully update pod web-2 in-place(revision ${sim.set.status!.updateRevision})`);
    const p2 = sim.pods.get('web-2')!;
    expect(p2.metadata!.uid).toBe(uid2);
    expect(sim.image('web-2')).toBe('nginx:2');
    expect(sim.revisionOf('web-2')).toBe(sim.set.status!.updateRevision);
    expect(cond(sim, 'web-2', 'InPlaceUpdateReady')).toBe('False');
    expect(state(sim, 'web-2')).toBe('Updating');
    expect(sim.step().patched).toEqual([]); // imageID unchanged: pod-1 untouched
    sim.kubelet(); // container restarts with the new imageID
    expect(sim.pods.get('web-2')!.status!.containerStatuses![0]!.restartCount).toBe(1);
    sim.step();
    expect(state(sim, 'web-2')).toBe('Normal');
    expect(cond(sim, 'web-2', 'InPlaceUpdateReady')).toBe('True');
    sim.kubelet();
    sim.step();
    expect(state(sim, 'web-1')).toBe('Updating');
    sim.settle();
    expect(sim.names().map((n) => sim.image(n))).toEqual(['nginx:1', 'nginx:2', 'nginx:2']);
  });

  it('12. In-place lifecycle hook: PreparingUpdate until unhooked, Updated after, Normal when re-hooked', () => {
    const set = withGate(parallel(3, { ...rolling({ partition: 2, podUpdatePolicy: 'InPlaceIfPossible' }), lifecycle: { inPlaceUpdate: { labelsHandler: { 'unready-block': 'true' } } } }));
    set.spec!.template!.metadata!.labels!['unready-block'] = 'true';
    const sim = new Sim(set);
    sim.settle();
    sim.setImage('nginx:2');
    sim.step();
    expect(state(sim, 'web-2')).toBe('PreparingUpdate');
    expect(sim.image('web-2')).toBe('nginx:1');
    sim.step();
    expect(state(sim, 'web-2')).toBe('PreparingUpdate');
    sim.pods.get('web-2')!.metadata!.labels!['unready-block'] = 'false';
    sim.step();
    expect(state(sim, 'web-2')).toBe('Updating');
    expect(sim.image('web-2')).toBe('nginx:2');
    expect(cond(sim, 'web-2', 'InPlaceUpdateReady')).toBe('False');
    sim.kubelet();
    sim.step();
    expect(state(sim, 'web-2')).toBe('Updated');
    sim.pods.get('web-2')!.metadata!.labels!['unready-block'] = 'true';
    sim.step();
    expect(state(sim, 'web-2')).toBe('Normal');
    sim.settle();
    expect(state(sim, 'web-1')).toBe('Normal');
    expect(sim.image('web-1')).toBe('nginx:1');
  });

  describe('13. Lifecycle state table', () => {
    it('created pod: Normal without preNormal hook; PreparingNormal until all hook labels are present', () => {
      const sim = new Sim(parallel(1, { lifecycle: { preNormal: { labelsHandler: { a: '1', b: '1' } } } }));
      sim.step();
      expect(state(sim, 'web-0')).toBe('PreparingNormal');
      sim.run('web-0');
      sim.pods.get('web-0')!.metadata!.labels!.a = '1';
      sim.step();
      expect(state(sim, 'web-0')).toBe('PreparingNormal');
      sim.pods.get('web-0')!.metadata!.labels!.b = '1';
      sim.step();
      expect(state(sim, 'web-0')).toBe('Normal');
      const plain = new Sim(parallel(1));
      plain.step();
      expect(state(plain, 'web-0')).toBe('Normal');
    });
    it('recreate update of a PreparingNormal pod hooked by preDelete → PreparingDelete, kept; unhooked → deleted', () => {
      const set = parallel(1, { lifecycle: { preNormal: { labelsHandler: { n: '1' } }, preDelete: { labelsHandler: { hold: 'true' } } } });
      set.spec!.template!.metadata!.labels!.hold = 'true';
      const sim = new Sim(set);
      sim.step();
      sim.run('web-0');
      expect(state(sim, 'web-0')).toBe('PreparingNormal');
      sim.setImage('nginx:2');
      const r = sim.step();
      expect(r.deleted).toEqual([]);
      expect(state(sim, 'web-0')).toBe('PreparingDelete');
      sim.pods.get('web-0')!.metadata!.labels!.hold = 'false';
      expect(sim.step().deleted).toEqual(['web-0']);
    });
    it('in-place update of a Normal pod hooked by inPlaceUpdate → PreparingUpdate (old image); unhooked → Updating (new image and revision); Updated without hook → Normal', () => {
      const set = withGate(parallel(1, { ...rolling({ podUpdatePolicy: 'InPlaceIfPossible' }), lifecycle: { inPlaceUpdate: { labelsHandler: { hold: 'true' } } } }));
      set.spec!.template!.metadata!.labels!.hold = 'true';
      const sim = new Sim(set);
      sim.settle();
      sim.setImage('nginx:2');
      sim.step();
      expect([state(sim, 'web-0'), sim.image('web-0')]).toEqual(['PreparingUpdate', 'nginx:1']);
      sim.pods.get('web-0')!.metadata!.labels!.hold = 'no';
      sim.step();
      expect([state(sim, 'web-0'), sim.image('web-0'), sim.revisionOf('web-0')]).toEqual(['Updating', 'nginx:2', sim.set.status!.updateRevision]);
      sim.kubelet();
      sim.step();
      expect(state(sim, 'web-0')).toBe('Updated');
      sim.update((s) => delete s.lifecycle!.inPlaceUpdate);
      sim.step();
      expect(state(sim, 'web-0')).toBe('Normal');
    });
  });

  it('14. Scale budget on creation: 2 pods while Pending; one more when pod-1 is Running+Ready', () => {
    const sim = new Sim(parallel(5, { scaleStrategy: { maxUnavailable: 2 } }));
    sim.step();
    sim.step();
    expect(sim.pods.size).toBe(2);
    expect(sim.set.status!.replicas).toBe(2);
    sim.run('web-1');
    sim.step();
    sim.step();
    expect(sim.pods.size).toBe(3);
  });

  it('15. Scale budget e2e: 3 ready, replicas 10 with maxUnavailable 2 → holds at 5, then grows to 10', () => {
    const sim = new Sim(parallel(3, { scaleStrategy: { maxUnavailable: 2 } }));
    sim.settle();
    sim.update((s) => (s.replicas = 10));
    sim.step();
    sim.step();
    expect(sim.pods.size).toBe(5);
    sim.settle();
    expect(sim.pods.size).toBe(10);
  });

  describe('16. Reserve ordinals', () => {
    it('replicas 4, reserve [1] → 0,2,3,4; append 3 → pod-3 deleted and pod-5 created', () => {
      const sim = new Sim(parallel(4, { reserveOrdinals: [1] }));
      sim.settle();
      expect(sim.names()).toEqual(['web-0', 'web-2', 'web-3', 'web-4']);
      sim.update((s) => s.reserveOrdinals!.push(3));
      const r = sim.step();
      expect(r.created).toEqual(['web-5']);
      expect(r.deleted).toEqual(['web-3']);
      sim.settle();
      expect(sim.names()).toEqual(['web-0', 'web-2', 'web-4', 'web-5']);
      expect(sim.violations).toEqual([]);
    });
    it('append 3 and set replicas 3 instead → pod-3 deleted only', () => {
      const sim = new Sim(parallel(4, { reserveOrdinals: [1] }));
      sim.settle();
      sim.update((s) => { s.reserveOrdinals!.push(3); s.replicas = 3; });
      const r = sim.step();
      expect(r.created).toEqual([]);
      expect(r.deleted).toEqual(['web-3']);
      sim.settle();
      expect(sim.names()).toEqual(['web-0', 'web-2', 'web-4']);
    });
  });

  it('17. Start ordinal with reserves (gate StatefulSetStartOrdinal on)', () => {
    const cases: Array<[number, number, Array<number | string>, string[]]> = [
      [3, 2, [], ['web-2', 'web-3', 'web-4']],
      [3, 2, [0, 4], ['web-2', 'web-3', 'web-5']],
      [3, 2, [0, 2, 3, 4, 5], ['web-6', 'web-7', 'web-8']],
      [4, 1, [1, 3, 4], ['web-2', 'web-5', 'web-6', 'web-7']],
      [3, 0, ['3-5'], ['web-0', 'web-1', 'web-2']],
    ];
    for (const [replicas, start, reserve, names] of cases) {
      const sim = new Sim(parallel(replicas, { ordinals: { start }, reserveOrdinals: reserve }), { featureGates: { StatefulSetStartOrdinal: true } });
      sim.settle();
      expect(sim.names()).toEqual(names);
    }
    const off = new Sim(parallel(3, { ordinals: { start: 2 } }));
    off.settle();
    expect(off.names()).toEqual(['web-0', 'web-1', 'web-2']);
  });

  it('18. Rollback re-uses a revision: r2 re-numbered 4, update revision r2, current stays r1', () => {
    const set = parallel(0);
    const tpl = (image: string) => ({ metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image }] } });
    const sim = new Sim(set);
    const revs = ['a', 'b', 'c'].map((img, i) => buildControllerRevision({ owner: set, name: `web-r${i + 1}`, hash: `r${i + 1}`, data: revisionDataOf(tpl(img)), revision: i + 1, labels: { app: 'nginx' } }));
    for (const r of revs) sim.revisions.set(r.metadata!.name!, { ...r, metadata: { ...r.metadata, resourceVersion: '1' } });
    sim.set.status = { replicas: 0, readyReplicas: 0, availableReplicas: 0, currentReplicas: 0, updatedReplicas: 0, currentRevision: 'web-r1', updateRevision: 'web-r3' };
    sim.set.spec!.updateStrategy = { type: 'OnDelete' };
    sim.set.spec!.template = tpl('b');
    const plan = sim.plan();
    const writes = plan.phases.flat();
    expect(writes.filter((a) => a.type === 'create')).toEqual([]);
    expect(writes).toContainEqual(expect.objectContaining({ type: 'patch', ref: expect.objectContaining({ kind: 'ControllerRevision', name: 'web-r2' }), patch: { revision: 4 } }));
    expect(plan.status).toMatchObject({ updateRevision: 'web-r2', currentRevision: 'web-r1' });
  });

  it('19. Specified delete under budget (partition ignored, replacements on their side of the partition)', () => {
    const sim = new Sim(withGate(parallel(6, rolling({ partition: 3, maxUnavailable: 3, podUpdatePolicy: 'InPlaceIfPossible' }))));
    sim.settle();
    const label = (n: string) => (sim.pods.get(n)!.metadata!.labels!['apps.kruise.io/specified-delete'] = 'true');
    label('web-0');
    sim.setImage('nginx:2');
    const r = sim.step();
    expect(r.deleted).toEqual(['web-0']);
    expect(new Set(r.patched)).toEqual(new Set(['web-5', 'web-4']));
    sim.kubelet();
    expect(sim.step().created).toEqual(['web-0']); // and pods 4, 5 finish their in-place update
    // as the unit test does: the new pod-0 becomes ready before the next pass (gate condition set directly)
    const p0 = sim.pods.get('web-0')! as { status: { conditions?: unknown[] } };
    p0.status.conditions = [{ type: 'InPlaceUpdateReady', status: 'True' }];
    sim.kubelet();
    expect(sim.image('web-0')).toBe('nginx:1');
    expect(sim.pods.get('web-0')!.metadata!.labels!['apps.kruise.io/specified-delete']).toBeUndefined();
    expect(sim.names().map((n) => sim.image(n))).toEqual(['nginx:1', 'nginx:1', 'nginx:1', 'nginx:1', 'nginx:2', 'nginx:2']);
    for (const n of ['web-1', 'web-2', 'web-5', 'web-0']) label(n);
    const r2 = sim.step();
    expect(r2.deleted).toEqual(['web-5', 'web-2', 'web-1']); // pod-0 left: budget full; pod-3 not updated
    expect(r2.patched).toEqual([]);
    expect(sim.step().created).toEqual(['web-1', 'web-2', 'web-5']);
    for (const n of ['web-1', 'web-2', 'web-5']) (sim.pods.get(n)! as { status: { conditions?: unknown[] } }).status.conditions = [{ type: 'InPlaceUpdateReady', status: 'True' }];
    sim.kubelet();
    expect(sim.names().map((n) => sim.image(n))).toEqual(['nginx:1', 'nginx:1', 'nginx:1', 'nginx:1', 'nginx:2', 'nginx:2']);
    label('web-3');
    const r3 = sim.step();
    expect(r3.deleted).toEqual(['web-3', 'web-0']);
    sim.settle();
    expect(sim.names().map((n) => sim.image(n))).toEqual(['nginx:1', 'nginx:1', 'nginx:1', 'nginx:2', 'nginx:2', 'nginx:2']);
    expect(sim.violations).toEqual([]);
  });

  it('20. OnDelete: image change does nothing; deleted pods come back at the update revision', () => {
    const sim = new Sim(ordered(3, { updateStrategy: { type: 'OnDelete' } }));
    sim.settle();
    sim.setImage('nginx:2');
    const before = sim.log.length;
    sim.settle();
    expect(sim.log.slice(before)).toEqual([]);
    expect(sim.names().map((n) => sim.image(n))).toEqual(['nginx:1', 'nginx:1', 'nginx:1']);
    for (const n of ['web-0', 'web-1', 'web-2']) sim.pods.delete(n);
    sim.settle();
    expect(sim.names().map((n) => sim.image(n))).toEqual(['nginx:2', 'nginx:2', 'nginx:2']);
    expect(sim.names().every((n) => sim.revisionOf(n) === sim.set.status!.updateRevision)).toBe(true);
    expect(sim.set.status!.currentRevision).not.toBe(sim.set.status!.updateRevision);
  });

  describe('21. Unordered priority order', () => {
    const pod = (i: number, rev: string, labels: Record<string, string> = {}): Pod => ({ metadata: { name: `web-${i}`, labels: { 'controller-revision-hash': rev, ...labels } } });
    const weights = { unorderedUpdate: undefined, priorityStrategy: { weightPriority: [{ weight: 20, matchSelector: { matchLabels: { k: 'v1' } } }, { weight: 10, matchSelector: { matchLabels: { k: 'v2' } } }] } };
    it('already-updated first, then highest ordinals, truncated to replicas − partition', () => {
      const slots = Array.from({ length: 10 }, (_, i) => pod(i, i === 6 || i === 7 ? 'new' : 'old'));
      expect(computeUpdateOrder(slots, { updateRevision: 'new', replicas: 10, partition: 6, unordered: weights })).toEqual([7, 6, 9, 8]);
    });
    it('reserved slots 3 and 10 in a 12-slot list, pods 7 and 8 updated → 8, 7, 11, 9', () => {
      const slots = Array.from({ length: 12 }, (_, i) => (i === 3 || i === 10 ? undefined : pod(i, i === 7 || i === 8 ? 'new' : 'old')));
      expect(computeUpdateOrder(slots, { updateRevision: 'new', replicas: 10, partition: 6, unordered: weights })).toEqual([8, 7, 11, 9]);
    });
    it('ordered strategy with partition 2 on [p0, ∅, p2, ∅, p4] → only slot 4', () => {
      const slots = [pod(0, 'old'), undefined, pod(2, 'old'), undefined, pod(4, 'old')];
      expect(computeUpdateOrder(slots, { updateRevision: 'new', replicas: 3, partition: 2 })).toEqual([4]);
    });
    it('weights and order keys sort the waiting pods; pods without any order key go first', () => {
      const slots = [pod(0, 'old', { k: 'v1' }), pod(1, 'old', { k: 'v2' }), pod(2, 'old')];
      expect(computeUpdateOrder(slots, { updateRevision: 'new', replicas: 3, partition: 0, unordered: weights })).toEqual([0, 1, 2]);
      const keyed = [pod(0, 'old', { o: 'sts-10' }), pod(1, 'old', { o: 'sts-2' }), pod(2, 'old')];
      expect(computeUpdateOrder(keyed, { updateRevision: 'new', replicas: 3, partition: 0, unordered: { priorityStrategy: { orderPriority: [{ orderedKey: 'o' }] } } })).toEqual([2, 0, 1]);
    });
  });

  it('22. In-place env from label: metadata-only update in place, complete only once the node agent reports', () => {
    const set = withGate(parallel(1, rolling({ podUpdatePolicy: 'InPlaceIfPossible' })));
    set.spec!.template!.metadata!.labels!['test-env'] = 'foo';
    set.spec!.template!.spec!.containers[0]!.env = [{ name: 'TEST_ENV', valueFrom: { fieldRef: { fieldPath: "metadata.labels['test-env']" } } }];
    const sim = new Sim(set);
    sim.settle();
    const uid = sim.pods.get('web-0')!.metadata!.uid;
    sim.update((s) => (s.template!.metadata!.labels!['test-env'] = 'bar'));
    const r = sim.step();
    expect(r.deleted).toEqual([]);
    const p = sim.pods.get('web-0')!;
    expect(p.metadata!.uid).toBe(uid);
    expect(p.metadata!.labels!['test-env']).toBe('bar');
    expect(JSON.parse(p.metadata!.annotations!['apps.kruise.io/inplace-update-state']!)).toMatchObject({ updateEnvFromMetadata: true });
    sim.kubelet();
    sim.step();
    expect(state(sim, 'web-0')).toBe('Updating'); // no kruise-daemon: never completes
    const cid = sim.pods.get('web-0')!.status!.containerStatuses![0]!.containerID;
    sim.pods.get('web-0')!.metadata!.annotations!['apps.kruise.io/runtime-containers-meta'] = JSON.stringify({ containers: [{ name: 'nginx', containerID: cid }] });
    sim.step();
    expect(state(sim, 'web-0')).toBe('Normal');
  });

  it('23. QoS/resources change forces recreate even with InPlaceIfPossible', () => {
    const sim = new Sim(withGate(parallel(2, rolling({ podUpdatePolicy: 'InPlaceIfPossible', maxUnavailable: 2 }))));
    sim.settle();
    const uids = sim.names().map((n) => sim.pods.get(n)!.metadata!.uid);
    sim.update((s) => (s.template!.spec!.containers[0]!.resources = { requests: { cpu: '1', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } }));
    expect(sim.step().deleted).toEqual(['web-1', 'web-0']);
    sim.settle();
    expect(sim.names().map((n) => sim.pods.get(n)!.metadata!.uid)).not.toContain(uids[0]);
    expect(sim.pods.get('web-0')!.status!.containerStatuses![0]!.restartCount).toBe(0);
  });
});
