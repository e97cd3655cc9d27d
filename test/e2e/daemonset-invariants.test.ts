// The DaemonSet invariant checks fed with synthetic events (no cluster): they must catch what the e2e
// files rely on them to catch — too many nodes without an available pod, too many surged nodes (a
// terminating old pod still counts), two pods on a node without surge — and stay quiet otherwise.
import { describe, expect, it } from 'vitest';
import type { KubeObject, Pod } from '../../src/api/index.js';
import { InvariantMonitor, podsPerNode } from '../support/invariants.js';
import { daemonSetBudgets, daemonSetMaxUnavailable } from './daemonset-invariants.js';

function ds(rollingUpdate: Record<string, unknown>, desired = 2): KubeObject {
  return { apiVersion: 'apps.kruise.io/v1alpha1', kind: 'DaemonSet', metadata: { name: 'd' }, spec: { updateStrategy: { type: 'RollingUpdate', rollingUpdate } }, status: { desiredNumberScheduled: desired } } as KubeObject;
}

function pod(name: string, node: string, o: { ready?: boolean; terminating?: boolean } = {}): Pod {
  return {
    metadata: { name, ...(o.terminating ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}) },
    spec: { nodeName: node, containers: [] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: o.ready === false ? 'False' : 'True' }] },
  } as Pod;
}

function monitor(workload: KubeObject) {
  const unavailable = daemonSetMaxUnavailable();
  const m = new InvariantMonitor([
    podsPerNode({ countTerminating: true, maxSurge: (w) => daemonSetBudgets(w, 2).maxSurge }),
    unavailable,
  ]);
  m.feed('ADDED', 'DaemonSet', workload);
  return { m, unavailable };
}

describe('daemonSetBudgets', () => {
  it('resolves as the spec says: default maxUnavailable 1; percents rounded up; Surging means maxSurge 1; both 0 → maxUnavailable 1', () => {
    expect(daemonSetBudgets(ds({}), 5)).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    expect(daemonSetBudgets(ds({ maxUnavailable: '10%' }), 5)).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    expect(daemonSetBudgets(ds({ maxSurge: '10%', maxUnavailable: 0 }), 100)).toEqual({ maxSurge: 10, maxUnavailable: 0 });
    expect(daemonSetBudgets(ds({ rollingUpdateType: 'Surging' }), 3)).toEqual({ maxSurge: 1, maxUnavailable: 0 });
    expect(daemonSetBudgets(ds({ maxSurge: 0, maxUnavailable: 0 }), 3)).toEqual({ maxSurge: 0, maxUnavailable: 1 });
  });
});

describe('DaemonSet invariants', () => {
  it('fresh pods starting do not count; one established node down is allowed with maxUnavailable 1, two are not', () => {
    const { m } = monitor(ds({ maxUnavailable: 1 }));
    m.feed('ADDED', 'Pod', pod('a', 'n1', { ready: false }));
    m.feed('ADDED', 'Pod', pod('b', 'n2', { ready: false }));
    expect(m.report()).toEqual([]);
    m.feed('MODIFIED', 'Pod', pod('a', 'n1'));
    m.feed('MODIFIED', 'Pod', pod('b', 'n2'));
    m.feed('MODIFIED', 'Pod', pod('a', 'n1', { terminating: true }));
    expect(m.report()).toEqual([]);
    m.feed('DELETED', 'Pod', pod('b', 'n2'));
    expect(m.report()).toEqual([expect.stringContaining('[daemonSetMaxUnavailable] 2 nodes without an available pod (n1, n2) > maxUnavailable 1')]);
  });

  it('without surge a second pod on a node is a violation even while the first is terminating', () => {
    const { m } = monitor(ds({ maxUnavailable: 1 }));
    m.feed('ADDED', 'Pod', pod('a', 'n1', { terminating: true }));
    m.feed('ADDED', 'Pod', pod('a2', 'n1', { ready: false }));
    expect(m.report()).toEqual([expect.stringContaining('node n1 runs 2 pods: a, a2')]);
  });

  it('with maxSurge 1 one surged node is fine, a second (its old pod terminating) is a violation', () => {
    const { m } = monitor(ds({ maxSurge: 1, maxUnavailable: 0 }));
    m.feed('ADDED', 'Pod', pod('a', 'n1'));
    m.feed('ADDED', 'Pod', pod('b', 'n2'));
    m.feed('ADDED', 'Pod', pod('a2', 'n1', { ready: false }));
    expect(m.report()).toEqual([]);
    m.feed('MODIFIED', 'Pod', pod('a2', 'n1'));
    m.feed('MODIFIED', 'Pod', pod('a', 'n1', { terminating: true }));
    m.feed('ADDED', 'Pod', pod('b2', 'n2', { ready: false }));
    expect(m.report()).toEqual([expect.stringContaining('2 nodes surged > maxSurge 1')]);
  });

  it('a node the test removed no longer counts as unavailable', () => {
    const { m, unavailable } = monitor(ds({ maxSurge: 1, maxUnavailable: 0 }));
    m.feed('ADDED', 'Pod', pod('a', 'n1'));
    unavailable.forgetNode('n1');
    m.feed('DELETED', 'Pod', pod('a', 'n1'));
    expect(m.report()).toEqual([]);
  });
});
