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
});
