import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { buildNode, computeNodeStatus } from '../../../src/cluster/nodes/node-template.js';
import {
  chooseNode, filterNodes, LeastPodsPicker, nodeInfoOf, pinnedNodeNames, staticFitFailure, unschedulableMessage, type NodeInfo,
} from '../../../src/cluster/nodes/scheduling.js';
import { podRequests } from '../../../src/cluster/nodes/quantity.js';

function readyNode(name: string, opts: Parameters<typeof buildNode>[1] = {}): NodeInfo {
  const n = buildNode(name, opts);
  (n as { status: unknown }).status = computeNodeStatus(n, Date.now(), '172.18.0.2');
  return nodeInfoOf(n);
}

const cluster = () => [readyNode('master1', { controlPlane: true }), readyNode('node1'), readyNode('node2')];
const pod = (spec: Partial<Pod['spec']> = {}): Pod => ({ metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec } });

describe('scheduling decisions', () => {
  it('never places an ordinary pod on the tainted control-plane node', () => {
    const { feasible, failures } = filterNodes(pod(), cluster());
    expect(feasible.map((n) => n.name)).toEqual(['node1', 'node2']);
    expect(failures.get('node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }')).toBe(1);
  });

  it('spreads pods to the node with the fewest pods', () => {
    const nodes = cluster().slice(1);
    const usage = new Map([['node1', { pods: 3, cpuMilli: 0, memBytes: 0 }], ['node2', { pods: 1, cpuMilli: 0, memBytes: 0 }]]);
    expect(chooseNode({ cpuMilli: 0, memBytes: 0 }, nodes, (n) => usage.get(n), new Map(), 3)).toEqual({ node: 'node2' });
  });

  it('explains an unschedulable pod like kube-scheduler', () => {
    const p = pod({ nodeSelector: { disk: 'ssd' } });
    const { feasible, failures } = filterNodes(p, cluster());
    const r = chooseNode(podRequests(p), feasible, () => undefined, failures, 3);
    expect(r).toEqual({
      message: "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector.",
    });
  });

  it('binds a DaemonSet-style pod pinned by matchFields metadata.name to exactly that node', () => {
    const p = pod({
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node2'] }] }] } } },
    });
    expect(pinnedNodeNames(p)).toEqual(['node2']);
    expect(filterNodes(p, cluster()).feasible.map((n) => n.name)).toEqual(['node2']);
  });

  it('honours tolerations, matchExpressions and cordoned nodes', () => {
    const tolerant = pod({ tolerations: [{ operator: 'Exists' }] });
    expect(filterNodes(tolerant, cluster()).feasible).toHaveLength(3);
    const cordoned = readyNode('node3', { unschedulable: true });
    expect(staticFitFailure(pod(), cordoned)).toBe('node(s) were unschedulable');
    const expr = pod({
      affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'NotIn', values: ['node1'] }] }] } } },
    });
    expect(filterNodes(expr, cluster()).feasible.map((n) => n.name)).toEqual(['node2']);
  });

  it('treats a node that is not Ready as tainted not-ready', () => {
    const n = nodeInfoOf(buildNode('node9'));
    expect(staticFitFailure(pod(), n)).toBe('node(s) had untolerated taint {node.kubernetes.io/not-ready: }');
  });

  it('respects the pods capacity and cpu requests', () => {
    const n = readyNode('small', { pods: 1, cpu: '1' });
    expect(chooseNode({ cpuMilli: 0, memBytes: 0 }, [n], () => ({ pods: 1, cpuMilli: 0, memBytes: 0 }), new Map(), 1)).toEqual({
      message: '0/1 nodes are available: 1 Too many pods.',
    });
    const big = pod({ containers: [{ name: 'c', image: 'x', resources: { requests: { cpu: '1500m' } } }] });
    expect(chooseNode(podRequests(big), [readyNode('small', { cpu: '1' })], () => undefined, new Map(), 1)).toEqual({
      message: '0/1 nodes are available: 1 Insufficient cpu.',
    });
  });

  it('the O(log n) picker spreads pods evenly and skips nodes that are full', () => {
    const nodes = [readyNode('a'), readyNode('b', { pods: 2 }), readyNode('c')];
    const usage = new Map<string, { pods: number; cpuMilli: number; memBytes: number }>();
    const usageOf = (n: string) => usage.get(n);
    const picker = new LeastPodsPicker(nodes, usageOf);
    const picks: string[] = [];
    for (let i = 0; i < 8; i++) {
      const n = picker.pick({ cpuMilli: 0, memBytes: 0 }, usageOf)!;
      picks.push(n.name);
      const u = usage.get(n.name) ?? { pods: 0, cpuMilli: 0, memBytes: 0 };
      usage.set(n.name, { ...u, pods: u.pods + 1 });
    }
    expect(picks.filter((p) => p === 'b')).toHaveLength(2);
    expect(picks.filter((p) => p === 'a')).toHaveLength(3);
    expect(picks.filter((p) => p === 'c')).toHaveLength(3);
    usage.set('a', { pods: 110, cpuMilli: 0, memBytes: 0 });
    usage.set('c', { pods: 110, cpuMilli: 0, memBytes: 0 });
    expect(picker.pick({ cpuMilli: 0, memBytes: 0 }, usageOf)).toBeUndefined();
  });

  it('says so when there are no nodes', () => {
    expect(unschedulableMessage(0, new Map())).toBe('no nodes available to schedule pods');
  });
});
