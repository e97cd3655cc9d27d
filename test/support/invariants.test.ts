// The invariant monitor's checks, fed synthetic events: each check must catch the violation it exists for
// and stay quiet on the legal sequence next to it.
import { describe, expect, it } from 'vitest';
import type { KubeObject, Pod } from '../../src/api/index.js';
import { InvariantMonitor, maxUnavailable, noDuplicateOrdinal, noReservedOrdinal, noRollback, orderedCreation, podsPerNode, statefulSetInvariants, statusConsistency } from './invariants.js';

function sts(spec: Record<string, unknown>, status: Record<string, unknown> = {}, generation = 1): KubeObject {
  return { apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default', generation }, spec, status: { observedGeneration: 1, ...status } } as KubeObject;
}

function pod(name: string, o: { ready?: boolean; revision?: string; node?: string; terminating?: boolean; index?: number } = {}): Pod {
  return {
    metadata: {
      name,
      uid: `${name}-uid`,
      labels: { 'controller-revision-hash': o.revision ?? 'r1', ...(o.index !== undefined ? { 'apps.kubernetes.io/pod-index': String(o.index) } : {}) },
      ...(o.terminating ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
    },
    spec: { containers: [], nodeName: o.node },
    status: { phase: o.ready ? 'Running' : 'Pending', conditions: [{ type: 'Ready', status: o.ready ? 'True' : 'False' }] },
  };
}

const parallel = (extra: Record<string, unknown> = {}, status: Record<string, unknown> = {}) =>
  sts({ replicas: 5, podManagementPolicy: 'Parallel', updateStrategy: { rollingUpdate: { maxUnavailable: 2 } }, ...extra }, status);

function readyFive(m: InvariantMonitor): void {
  for (let i = 0; i < 5; i++) m.feed('ADDED', 'Pod', pod(`web-${i}`, { ready: true }));
}

describe('invariant monitor', () => {
  it('maxUnavailable: a Parallel burst creation is unbounded, but a rollout may not take down more than the budget', () => {
    const m = new InvariantMonitor([maxUnavailable()]);
    m.feed('ADDED', 'StatefulSet', parallel());
    for (let i = 0; i < 5; i++) m.feed('ADDED', 'Pod', pod(`web-${i}`));
    expect(m.report()).toEqual([]);
    readyFive(m);
    m.feed('MODIFIED', 'Pod', pod('web-4', { ready: true, terminating: true }));
    m.feed('DELETED', 'Pod', pod('web-4'));
    m.feed('MODIFIED', 'Pod', pod('web-3', { terminating: true, ready: true }));
    expect(m.report()).toEqual([]);
    expect(m.peakUnavailable).toBe(2);
    m.feed('MODIFIED', 'Pod', pod('web-2', { terminating: true, ready: true }));
    expect(m.report()).toEqual([expect.stringMatching(/MODIFIED Pod\/web-2 .*\[maxUnavailable\] 3 unavailable > 2 allowed/)]);
    expect(m.peakUnavailable).toBe(3);
    m.disruptions = 2; // the test took two pods down itself: two more are tolerated
    m.feed('MODIFIED', 'Pod', pod('web-1', { terminating: true, ready: true }));
    m.feed('MODIFIED', 'Pod', pod('web-0', { terminating: true, ready: true }));
    expect(m.violations.map((v) => v.message).slice(1)).toEqual(['5 unavailable > 2 allowed + 2 disrupted by the test']);
  });

  it('maxUnavailable: with scaleStrategy, new pods that are not ready count against the scale budget', () => {
    const m = new InvariantMonitor([maxUnavailable()]);
    m.feed('ADDED', 'StatefulSet', parallel({ replicas: 20, scaleStrategy: { maxUnavailable: '10%' } }));
    m.feed('ADDED', 'Pod', pod('web-0'));
    m.feed('ADDED', 'Pod', pod('web-1'));
    expect(m.report()).toEqual([]);
    m.feed('ADDED', 'Pod', pod('web-2'));
    expect(m.violations.map((v) => v.message)).toEqual(['3 unavailable > 2 allowed']);
  });

  it('maxUnavailable: reserved and condemned ordinals do not count', () => {
    const m = new InvariantMonitor([maxUnavailable()]);
    m.feed('ADDED', 'StatefulSet', parallel({ updateStrategy: { rollingUpdate: { maxUnavailable: 1 } } }));
    readyFive(m);
    m.feed('MODIFIED', 'StatefulSet', parallel({ replicas: 3, reserveOrdinals: [1], updateStrategy: { rollingUpdate: { maxUnavailable: 1 } } }));
    for (const n of ['web-1', 'web-4']) m.feed('MODIFIED', 'Pod', pod(n, { ready: true, terminating: true }));
    expect(m.report()).toEqual([]);
  });

  it('noReservedOrdinal flags a pod created at a reserved ordinal', () => {
    const m = new InvariantMonitor([noReservedOrdinal()]);
    m.feed('ADDED', 'StatefulSet', parallel({ reserveOrdinals: [1, '3-4'] }));
    m.feed('ADDED', 'Pod', pod('web-2'));
    m.feed('ADDED', 'Pod', pod('web-4'));
    expect(m.violations.map((v) => v.message)).toEqual(['pod web-4 created at reserved ordinal 4']);
  });

  it('noDuplicateOrdinal flags two pods on one ordinal and a pod-index label that disagrees with the name', () => {
    const m = new InvariantMonitor([noDuplicateOrdinal()]);
    m.feed('ADDED', 'StatefulSet', parallel());
    m.feed('ADDED', 'Pod', pod('web-1', { index: 1 }));
    expect(m.report()).toEqual([]);
    m.feed('ADDED', 'Pod', pod('web-01', { index: 1 }));
    expect(m.violations.map((v) => v.message)).toEqual(['ordinal 1 is held by both web-1 and web-01']);
  });

  it('noRollback flags an updated ordinal that comes back at the old revision while the update revision stands', () => {
    const m = new InvariantMonitor([noRollback()]);
    m.feed('ADDED', 'StatefulSet', sts({ replicas: 2 }, { updateRevision: 'r2' }));
    m.feed('ADDED', 'Pod', pod('web-1', { revision: 'r1' }));
    m.feed('MODIFIED', 'Pod', pod('web-1', { revision: 'r2' }));
    m.feed('DELETED', 'Pod', pod('web-1', { revision: 'r2' }));
    expect(m.report()).toEqual([]);
    m.feed('ADDED', 'Pod', pod('web-1', { revision: 'r1' }));
    expect(m.violations.map((v) => v.message)).toEqual(['web-1 went back from r2 to r1']);
    m.feed('MODIFIED', 'StatefulSet', sts({ replicas: 2 }, { updateRevision: 'r2' }, 2)); // the user rolls back: legal,
    m.feed('MODIFIED', 'Pod', pod('web-1', { revision: 'r1' })); // even before the status shows it
    m.feed('MODIFIED', 'StatefulSet', sts({ replicas: 2 }, { updateRevision: 'r1', observedGeneration: 2 }, 2));
    m.feed('MODIFIED', 'Pod', pod('web-1', { revision: 'r1' }));
    expect(m.violations).toHaveLength(1);
  });

  it('orderedCreation flags an OrderedReady pod created while a lower one is not Running+Ready', () => {
    const m = new InvariantMonitor([orderedCreation()]);
    m.feed('ADDED', 'StatefulSet', sts({ replicas: 3 }));
    m.feed('ADDED', 'Pod', pod('web-0'));
    m.feed('MODIFIED', 'Pod', pod('web-0', { ready: true }));
    m.feed('ADDED', 'Pod', pod('web-1'));
    expect(m.report()).toEqual([]);
    m.feed('ADDED', 'Pod', pod('web-2'));
    expect(m.violations.map((v) => v.message)).toEqual(['web-2 created while ordinal(s) 1 not Running+Ready']);
  });

  it('podsPerNode: one pod per node without surge; with maxSurge 1, one surged node at a time', () => {
    const strict = new InvariantMonitor([podsPerNode()]);
    strict.feed('ADDED', 'Pod', pod('ds-a', { node: 'node1' }));
    strict.feed('ADDED', 'Pod', pod('ds-b', { node: 'node2' }));
    strict.feed('ADDED', 'Pod', pod('ds-old', { node: 'node1', terminating: true }));
    expect(strict.report()).toEqual([]);
    strict.feed('ADDED', 'Pod', pod('ds-c', { node: 'node1' }));
    expect(strict.violations.map((v) => v.message)).toEqual(['node node1 runs 2 pods: ds-a, ds-c']);

    const surge = new InvariantMonitor([podsPerNode({ maxSurge: () => 1 })]);
    for (const [n, node] of [['a', 'node1'], ['b', 'node2'], ['a2', 'node1']]) surge.feed('ADDED', 'Pod', pod(`ds-${n}`, { node }));
    expect(surge.report()).toEqual([]);
    surge.feed('ADDED', 'Pod', pod('ds-b2', { node: 'node2' }));
    expect(surge.violations.map((v) => v.message)).toEqual(['2 nodes surged > maxSurge 1']);
    expect(surge.peak('podsPerNode')).toBe(2);

    // DaemonSet/BroadcastJob pods not yet bound count on the node their matchFields affinity pins them to
    const pinned = new InvariantMonitor([podsPerNode()]);
    pinned.feed('ADDED', 'Pod', pod('ds-a', { node: 'node1' }));
    const unbound = pod('ds-b');
    unbound.spec!.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node1'] }] }] } } };
    pinned.feed('ADDED', 'Pod', unbound);
    expect(pinned.violations.map((v) => v.message)).toEqual(['node node1 runs 2 pods: ds-a, ds-b']);
  });

  it('statusConsistency flags an observedGeneration going back and counts above status.replicas', () => {
    const m = new InvariantMonitor([statusConsistency()]);
    m.feed('ADDED', 'StatefulSet', sts({}, { observedGeneration: 3, replicas: 2, readyReplicas: 2, availableReplicas: 2 }, 3));
    m.feed('MODIFIED', 'StatefulSet', sts({}, { observedGeneration: 3, replicas: 2, readyReplicas: 2, availableReplicas: 2, updatedReplicas: 2 }, 3));
    expect(m.report()).toEqual([]);
    m.feed('MODIFIED', 'StatefulSet', sts({}, { observedGeneration: 2, replicas: 2, readyReplicas: 3, availableReplicas: 1 }, 3));
    expect(m.violations.map((v) => v.message)).toEqual(['observedGeneration went back from 3 to 2', 'status.readyReplicas 3 > status.replicas 2']);
  });

  it('the StatefulSet bundle stays quiet on a legal rollout of the tutorial set', () => {
    const m = new InvariantMonitor(statefulSetInvariants());
    m.feed('ADDED', 'StatefulSet', parallel({ updateStrategy: { rollingUpdate: { maxUnavailable: 3 } } }, { updateRevision: 'r1' }));
    readyFive(m);
    m.feed('MODIFIED', 'StatefulSet', parallel({ updateStrategy: { rollingUpdate: { maxUnavailable: 3 } } }, { updateRevision: 'r2' }));
    for (const wave of [[4, 3, 2], [1, 0]]) {
      for (const i of wave) m.feed('MODIFIED', 'Pod', pod(`web-${i}`, { ready: true, terminating: true }));
      for (const i of wave) m.feed('DELETED', 'Pod', pod(`web-${i}`));
      for (const i of wave) m.feed('ADDED', 'Pod', pod(`web-${i}`, { revision: 'r2' }));
      for (const i of wave) m.feed('MODIFIED', 'Pod', pod(`web-${i}`, { revision: 'r2', ready: true }));
    }
    expect(m.report()).toEqual([]);
    expect(m.peakUnavailable).toBe(3);
  });
});
