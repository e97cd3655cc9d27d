import { describe, expect, it } from 'vitest';
import type { Node, PodSpec, Taint } from '../../../src/api/index.js';
import { nodeFitsPod, parseQuantity, resolveNodeFitOptions, tolerationToleratesTaint } from '../../../src/workloads/common/node-fit.js';

function node(name: string, extra: { labels?: Record<string, string>; taints?: Taint[]; unschedulable?: boolean; allocatable?: Record<string, string> } = {}): Node {
  return {
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...extra.labels } },
    spec: { taints: extra.taints, unschedulable: extra.unschedulable },
    status: { allocatable: extra.allocatable },
  };
}
const spec = (s: Partial<PodSpec> = {}): PodSpec => ({ containers: [{ name: 'c', image: 'nginx' }], ...s });

describe('nodeFitsPod', () => {
  it('a plain pod fits an untainted node', () => {
    expect(nodeFitsPod(node('n1'), spec())).toMatchObject({ fits: true, reasons: [] });
  });

  it('nodeSelector requires every pair on the node labels', () => {
    const s = spec({ nodeSelector: { color: 'blue', zone: 'a' } });
    expect(nodeFitsPod(node('n1', { labels: { color: 'blue', zone: 'a' } }), s).fits).toBe(true);
    const r = nodeFitsPod(node('n1', { labels: { color: 'blue' } }), s);
    expect(r.fits).toBe(false);
    expect(r.reasons).toEqual(["node(s) didn't match Pod's node affinity/selector"]);
    expect(r.nodeSelectionMatches).toBe(false);
  });

  it('required node affinity terms are ORed, expressions within a term ANDed, Gt/Lt compare integers', () => {
    const s = spec({
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['4'] }, { key: 'gpu', operator: 'DoesNotExist' }] },
              { matchExpressions: [{ key: 'tier', operator: 'In', values: ['edge'] }] },
            ],
          },
        },
      },
    });
    expect(nodeFitsPod(node('a', { labels: { cores: '8' } }), s).fits).toBe(true);
    expect(nodeFitsPod(node('b', { labels: { cores: '4' } }), s).fits).toBe(false);
    expect(nodeFitsPod(node('c', { labels: { cores: '8', gpu: '1' } }), s).fits).toBe(false);
    expect(nodeFitsPod(node('d', { labels: { tier: 'edge' } }), s).fits).toBe(true);
    expect(nodeFitsPod(node('e', { labels: { cores: 'x' } }), s).fits).toBe(false);
    const lt = spec({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'cores', operator: 'Lt', values: ['4'] }] }] } } } });
    expect(nodeFitsPod(node('f', { labels: { cores: '2' } }), lt).fits).toBe(true);
    expect(nodeFitsPod(node('g'), lt).fits).toBe(false);
  });

  it('matchFields metadata.name pins the pod to one node; an empty term matches nothing', () => {
    const pinned = spec({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node1'] }] }] } } } });
    expect(nodeFitsPod(node('node1'), pinned).fits).toBe(true);
    expect(nodeFitsPod(node('node2'), pinned).fits).toBe(false);
    const empty = spec({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{}] } } } });
    expect(nodeFitsPod(node('node1'), empty).fits).toBe(false);
  });

  it('spec.nodeName must equal the node', () => {
    expect(nodeFitsPod(node('n1'), spec({ nodeName: 'n2' })).reasons).toEqual(["node(s) didn't match the requested node name"]);
    expect(nodeFitsPod(node('n2'), spec({ nodeName: 'n2' })).fits).toBe(true);
  });

  it('an untolerated NoSchedule taint rejects, PreferNoSchedule is ignored, NoExecute is flagged separately', () => {
    const master = node('master1', { taints: [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }] });
    const r = nodeFitsPod(master, spec());
    expect(r).toMatchObject({ fits: false, untoleratedNoSchedule: true, untoleratedNoExecute: false, nodeSelectionMatches: true });
    expect(r.reasons).toEqual(['node(s) had untolerated taint {node-role.kubernetes.io/master: }']);
    expect(nodeFitsPod(node('n', { taints: [{ key: 'x', effect: 'PreferNoSchedule' }] }), spec()).fits).toBe(true);
    expect(nodeFitsPod(node('n', { taints: [{ key: 'x', value: 'y', effect: 'NoExecute' }] }), spec())).toMatchObject({ fits: false, untoleratedNoExecute: true });
  });

  it('tolerations from the pod and from options.extraTolerations both count', () => {
    const n = node('n', { taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }, { key: 'dedicated', value: 'infra', effect: 'NoSchedule' }] });
    const s = spec({ tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'infra', effect: 'NoSchedule' }] });
    expect(nodeFitsPod(n, s).fits).toBe(false);
    expect(nodeFitsPod(n, s, { extraTolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' }] }).fits).toBe(true);
  });

  it('toleration matching follows upstream: empty effect matches all effects, Exists with empty key matches all keys', () => {
    expect(tolerationToleratesTaint({ operator: 'Exists' }, { key: 'a', effect: 'NoExecute' })).toBe(true);
    expect(tolerationToleratesTaint({ key: 'a', operator: 'Exists' }, { key: 'a', value: 'v', effect: 'NoSchedule' })).toBe(true);
    expect(tolerationToleratesTaint({ key: 'a', value: 'w' }, { key: 'a', value: 'v', effect: 'NoSchedule' })).toBe(false);
    expect(tolerationToleratesTaint({ key: 'a', value: 'v', effect: 'NoExecute' }, { key: 'a', value: 'v', effect: 'NoSchedule' })).toBe(false);
    expect(tolerationToleratesTaint({ key: 'b', operator: 'Exists' }, { key: 'a', effect: 'NoSchedule' })).toBe(false);
  });

  it('spec.unschedulable rejects unless tolerated or the check is off', () => {
    const cordoned = node('n', { unschedulable: true });
    expect(nodeFitsPod(cordoned, spec()).reasons).toEqual(['node(s) were unschedulable']);
    expect(nodeFitsPod(cordoned, spec(), { checkUnschedulable: false }).fits).toBe(true);
    expect(nodeFitsPod(cordoned, spec({ tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] })).fits).toBe(true);
  });

  it('checkResources requires allocatable pods ≥ 1 and each request ≤ allocatable (other pods not counted)', () => {
    const s = spec({ containers: [{ name: 'a', resources: { requests: { cpu: '500m', memory: '1Gi' } } }, { name: 'b', resources: { requests: { cpu: '600m' } } }] });
    const big = node('n', { allocatable: { pods: '110', cpu: '2', memory: '4Gi' } });
    expect(nodeFitsPod(big, s, { checkResources: true }).fits).toBe(true);
    expect(nodeFitsPod(big, s).fits).toBe(true);
    const small = node('n', { allocatable: { pods: '0', cpu: '1', memory: '512Mi' } });
    expect(nodeFitsPod(small, s, { checkResources: true }).reasons).toEqual(['Too many pods', 'Insufficient cpu', 'Insufficient memory']);
    expect(nodeFitsPod(node('n'), spec(), { checkResources: true }).reasons).toEqual(['Too many pods']);
    const init = spec({ initContainers: [{ name: 'i', resources: { requests: { cpu: '3' } } }] });
    expect(nodeFitsPod(big, init, { checkResources: true }).reasons).toEqual(['Insufficient cpu']);
  });

  it('reports every failed predicate', () => {
    const n = node('n', { unschedulable: true, taints: [{ key: 't', effect: 'NoSchedule' }] });
    expect(nodeFitsPod(n, spec({ nodeSelector: { a: 'b' } })).reasons).toHaveLength(3);
  });
});

describe('parseQuantity', () => {
  it.each([
    ['500m', 0.5], ['2', 2], ['1Gi', 2 ** 30], ['128Mi', 128 * 2 ** 20], ['1k', 1000], ['12e6', 12e6], ['1.5', 1.5], ['.5', 0.5],
  ])('%s → %d', (text, value) => expect(parseQuantity(text)).toBeCloseTo(value));
  it('malformed → NaN', () => expect(parseQuantity('lots')).toBeNaN());
});

describe('resolveNodeFitOptions', () => {
  it('defaults and precise messages', () => {
    expect(resolveNodeFitOptions()).toEqual({ extraTolerations: [], checkUnschedulable: true, checkResources: false });
    expect(() => resolveNodeFitOptions({ checkResources: 'yes' as unknown as boolean })).toThrow('options.checkResources must be a boolean');
    expect(() => resolveNodeFitOptions({ extraTolerations: {} as never })).toThrow('options.extraTolerations must be an array of tolerations');
    expect(() => resolveNodeFitOptions({ checkUnschedulable: 1 as unknown as boolean })).toThrow('options.checkUnschedulable must be a boolean');
  });
});
