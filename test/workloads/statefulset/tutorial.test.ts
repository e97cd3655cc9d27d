// Tutorial section 1 (Advanced StatefulSet) replayed as planner sequences through the simulated step,
// with the invariants checked after every step.
import { describe, expect, it } from 'vitest';
import { makeSet, Sim } from './sim.js';

const parallel5 = () =>
  makeSet({
    serviceName: 'nginx-headless',
    podManagementPolicy: 'Parallel',
    replicas: 5,
    updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 3 } },
    template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', ports: [{ name: 'web', containerPort: 80 }] }] } },
  });

const inPlace5 = () => {
  const s = parallel5();
  s.spec!.updateStrategy!.rollingUpdate!.podUpdatePolicy = 'InPlaceIfPossible';
  s.spec!.template!.spec!.readinessGates = [{ conditionType: 'InPlaceUpdateReady' }];
  s.spec!.template!.spec!.containers[0]!.image = 'nginx:1.7.9';
  return s;
};

describe('tutorial §1 Advanced StatefulSet', () => {
  it('step 1: 01 manifest creates web-0..web-4 at once; status web 5 5 5 5', () => {
    const sim = new Sim(parallel5());
    const r = sim.step();
    expect(r.created).toEqual(['web-0', 'web-1', 'web-2', 'web-3', 'web-4']);
    expect(r.events.filter((e) => e.reason === 'SuccessfulCreate').map((e) => e.message)).toContain('create Pod web-0 in StatefulSet web successful');
    sim.kubelet();
    sim.settle();
    expect(sim.set.status).toMatchObject({ replicas: 5, currentReplicas: 5, updatedReplicas: 5, readyReplicas: 5, availableReplicas: 5 });
    const pod = sim.pods.get('web-3')!;
    expect(pod.spec).toMatchObject({ hostname: 'web-3', subdomain: 'nginx-headless' });
    expect(pod.metadata!.labels).toMatchObject({
      app: 'nginx', 'statefulset.kubernetes.io/pod-name': 'web-3', 'apps.kubernetes.io/pod-index': '3',
      'controller-revision-hash': sim.set.status!.updateRevision, 'lifecycle.apps.kruise.io/state': 'Normal',
    });
    expect(sim.violations).toEqual([]);
  });

  it('step 3: image change recreates web-4, web-3, web-2 first (maxUnavailable 3), then web-1 and web-0', () => {
    const sim = new Sim(parallel5());
    sim.settle();
    const oldUids = new Map([...sim.pods].map(([n, p]) => [n, p.metadata!.uid]));
    sim.setImage('nginx:latest');
    sim.maxUnavailableInvariant = 3;
    const r1 = sim.step();
    expect(r1.deleted).toEqual(['web-4', 'web-3', 'web-2']);
    const r2 = sim.step();
    expect(r2.created.sort()).toEqual(['web-2', 'web-3', 'web-4']);
    expect(r2.deleted).toEqual([]);
    sim.run('web-3');
    const r3 = sim.step();
    expect(r3.deleted).toEqual(['web-1']);
    sim.settle();
    for (const [n, p] of sim.pods) {
      expect(p.spec!.containers[0]!.image).toBe('nginx:latest');
      expect(p.metadata!.uid).not.toBe(oldUids.get(n));
    }
    expect(sim.set.status!.currentRevision).toBe(sim.set.status!.updateRevision);
    expect(sim.violations).toEqual([]);
  });

  it('step 4: partition 4 → only web-4 updates; partition 0 → web-3, web-2, web-1 together, web-0 once one is done', () => {
    const sim = new Sim(parallel5());
    sim.settle();
    sim.maxUnavailableInvariant = 3;
    sim.update((s) => (s.updateStrategy!.rollingUpdate!.partition = 4));
    sim.setImage('nginx:latest');
    sim.settle();
    expect(sim.names().map((n) => sim.image(n))).toEqual(['nginx', 'nginx', 'nginx', 'nginx', 'nginx:latest']);
    sim.update((s) => (s.updateStrategy!.rollingUpdate!.partition = 0));
    expect(sim.step().deleted).toEqual(['web-3', 'web-2', 'web-1']);
    sim.step();
    expect(sim.step().deleted).toEqual([]);
    sim.run('web-2');
    expect(sim.step().deleted).toEqual(['web-0']);
    sim.settle();
    expect(sim.set.status!.currentRevision).toBe(sim.set.status!.updateRevision);
    expect(sim.violations).toEqual([]);
  });

  it('step 5: 02 manifest updates in place: same UID, READINESS GATES 1/2 then 2/2, RESTARTS 1, three at once then the rest', () => {
    const sim = new Sim(inPlace5());
    sim.settle();
    const uids = new Map([...sim.pods].map(([n, p]) => [n, p.metadata!.uid]));
    expect(sim.events.filter((e) => e.reason === 'SuccessfulCreate').map((e) => e.message)).toContain('create Pod web-4 in StatefulSet web successful');
    sim.maxUnavailableInvariant = 3;
    sim.setImage('nginx:1.9.1');
    const r = sim.step();
    const rev = sim.set.status!.updateRevision!;
    expect(rev).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    const inPlace = r.events.filter((e) => e.reason === 'SuccessfulUpdatePodInPlace').map((e) => e.message);
    expect(inPlace).toEqual(['web-4', 'web-3', 'web-2'].map((n) => `successfully update pod ${n} in-place(revision ${rev})`));
    const gate = (n: string) => sim.pods.get(n)!.status!.conditions!.find((c) => c.type === 'InPlaceUpdateReady')!.status;
    expect(['web-4', 'web-3', 'web-2'].map(gate)).toEqual(['False', 'False', 'False']); // READINESS GATES 1/2
    sim.settle();
    for (const [n, p] of sim.pods) {
      expect(p.metadata!.uid).toBe(uids.get(n));
      expect(p.spec!.containers[0]!.image).toBe('nginx:1.9.1');
      expect(p.status!.containerStatuses![0]!.restartCount).toBe(1);
      expect(gate(n)).toBe('True'); // 2/2
    }
    expect(sim.events.filter((e) => e.reason === 'SuccessfulUpdatePodInPlace')).toHaveLength(5);
    expect(sim.set.status).toMatchObject({ replicas: 5, readyReplicas: 5, updatedReplicas: 5, currentRevision: rev });
    expect(sim.violations).toEqual([]);
  });

  it('step 5 with gracePeriodSeconds: False first with the grace annotation, images after the grace, then True', () => {
    const set = inPlace5();
    set.spec!.updateStrategy!.rollingUpdate!.inPlaceUpdateStrategy = { gracePeriodSeconds: 10 };
    const sim = new Sim(set);
    sim.settle();
    sim.setImage('nginx:1.9.1');
    const r = sim.step();
    expect(r.plan.requeueAfterMs).toBe(10_000);
    expect(sim.image('web-4')).toBe('nginx:1.7.9');
    expect(sim.pods.get('web-4')!.metadata!.annotations!['apps.kruise.io/inplace-update-grace']).toBeDefined();
    expect(sim.step().plan.requeueAfterMs).toBe(10_000);
    sim.now += 10_000;
    sim.step();
    expect(sim.image('web-4')).toBe('nginx:1.9.1');
    expect(sim.pods.get('web-4')!.metadata!.annotations!['apps.kruise.io/inplace-update-grace']).toBeUndefined();
    for (let i = 0; i < 40; i++) {
      sim.kubelet();
      const step = sim.step();
      if (step.plan.phases.length === 0 && step.plan.requeueAfterMs === undefined) break;
      sim.now += step.plan.requeueAfterMs ?? 0;
    }
    expect(sim.names().map((n) => sim.image(n))).toEqual(Array(5).fill('nginx:1.9.1'));
  });

  it('step 6: paused stops the rollout; replicas are still managed', () => {
    const sim = new Sim(parallel5());
    sim.settle();
    sim.update((s) => (s.updateStrategy!.rollingUpdate!.paused = true));
    sim.setImage('nginx:latest');
    sim.settle();
    expect(sim.names().map((n) => sim.image(n))).toEqual(Array(5).fill('nginx'));
    sim.update((s) => (s.replicas = 6));
    sim.settle();
    expect(sim.image('web-5')).toBe('nginx:latest'); // new pods get the update revision
    sim.update((s) => (s.replicas = 4));
    sim.settle();
    expect(sim.names()).toEqual(['web-0', 'web-1', 'web-2', 'web-3']);
    sim.update((s) => (s.updateStrategy!.rollingUpdate!.paused = false));
    sim.settle();
    expect(sim.names().map((n) => sim.image(n))).toEqual(Array(4).fill('nginx:latest'));
  });

  it('step 7: reserveOrdinals [1] → 0,2,3,4; append 3 → 0,2,4,5; append 3 with replicas 3 → 0,2,4', () => {
    const base = () => { const s = parallel5(); s.spec!.replicas = 4; s.spec!.reserveOrdinals = [1]; return s; };
    const a = new Sim(base());
    a.settle();
    expect(a.names()).toEqual(['web-0', 'web-2', 'web-3', 'web-4']);
    a.update((s) => s.reserveOrdinals!.push(3));
    a.settle();
    expect(a.names()).toEqual(['web-0', 'web-2', 'web-4', 'web-5']);
    const b = new Sim(base());
    b.settle();
    b.update((s) => { s.reserveOrdinals!.push(3); s.replicas = 3; });
    b.settle();
    expect(b.names()).toEqual(['web-0', 'web-2', 'web-4']);
    expect([...a.violations, ...b.violations]).toEqual([]);
  });

  it('step 8: 100 replicas with scaleStrategy.maxUnavailable 10% → 10 first, then one per Ready pod, never more than 10 unavailable', () => {
    const set = parallel5();
    set.spec!.replicas = 100;
    set.spec!.scaleStrategy = { maxUnavailable: '10%' };
    const sim = new Sim(set);
    expect(sim.step().created).toHaveLength(10);
    expect(sim.step().created).toHaveLength(0);
    sim.maxUnavailableInvariant = 100;
    for (let i = 0; i < 90; i++) {
      const pending = sim.names().find((n) => !sim.isReady(sim.pods.get(n)!))!;
      sim.run(pending);
      const r = sim.step();
      expect(r.created).toHaveLength(1);
      const notReady = [...sim.pods.values()].filter((p) => !sim.isReady(p)).length;
      expect(notReady).toBeLessThanOrEqual(10);
    }
    sim.settle();
    expect(sim.set.status).toMatchObject({ replicas: 100, readyReplicas: 100 });
    expect(sim.violations).toEqual([]);
  });
});
