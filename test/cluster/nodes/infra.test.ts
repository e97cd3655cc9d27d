import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/api/clock.js';
import { DeadlineQueue } from '../../../src/cluster/nodes/deadlines.js';
import { IpPool } from '../../../src/cluster/nodes/ip-pool.js';
import { checkNodeName, parseLabel, parseTaint } from '../../../src/cluster/nodes/node-admin.js';
import { indexOfCidr } from '../../../src/cluster/nodes/node-agent.js';
import { buildNode, defaultNodeNames, podCidrForIndex } from '../../../src/cluster/nodes/node-template.js';
import { mergeConditions } from '../../../src/cluster/nodes/pod-status.js';

describe('batched deadlines', () => {
  it('fires every due key in one batch behind a single clock timer, earliest deadline wins', () => {
    const clock = new FakeClock();
    const batches: string[][] = [];
    const q = new DeadlineQueue(clock, (keys) => batches.push(keys));
    const t = clock.now();
    for (let i = 0; i < 1000; i++) q.schedule(`p${i}`, t + 100);
    q.schedule('early', t + 500);
    q.schedule('early', t + 50);
    q.schedule('late', t + 200);
    q.cancel('late');
    expect(clock.pendingTimers).toBe(1);
    clock.advance(60);
    expect(batches).toEqual([['early']]);
    clock.advance(40);
    expect(batches[1]).toHaveLength(1000);
    clock.advance(1000);
    expect(batches).toHaveLength(2);
    expect(q.size).toBe(0);
  });
});

describe('pod IPs', () => {
  it('hands out addresses of the node podCIDR, skipping the gateway, and honours claims', () => {
    const pool = new IpPool('10.244.1.0/24');
    pool.claim('10.244.1.2');
    expect(pool.allocate()).toBe('10.244.1.3');
    expect(pool.contains('10.244.2.3')).toBe(false);
    const ips = new Set<string>();
    for (let i = 0; i < 251; i++) ips.add(pool.allocate()!);
    expect(ips.size).toBe(251);
    expect(pool.allocate()).toBeUndefined();
    pool.release('10.244.1.77');
    expect(pool.allocate()).toBe('10.244.1.77');
  });

  it('numbers podCIDRs beyond 256 nodes and reads the index back', () => {
    expect(podCidrForIndex(0)).toBe('10.244.0.0/24');
    expect(podCidrForIndex(999)).toBe('10.247.231.0/24');
    expect(indexOfCidr(podCidrForIndex(999))).toBe(999);
    expect(indexOfCidr('192.168.0.0/24')).toBeUndefined();
  });
});

describe('node objects and flags', () => {
  it('builds the tutorial topology with the simulator label', () => {
    expect(defaultNodeNames(2, true)).toEqual(['master1', 'node1', 'node2']);
    const m = buildNode('master1', { controlPlane: true });
    expect(m.metadata!.labels).toMatchObject({ 'kubernetes.io/hostname': 'master1', 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'kactor.io/simulated': 'true', 'node-role.kubernetes.io/control-plane': '' });
    expect(m.metadata!.labels!['topology.kubernetes.io/zone']).toMatch(/^zone-[abc]$/);
    expect(m.spec!.taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
  });

  it('parses --label and --taint, and rejects bad names with precise messages', () => {
    expect(parseLabel('disk=ssd')).toEqual(['disk', 'ssd']);
    expect(parseTaint('dedicated=db:NoSchedule')).toEqual({ key: 'dedicated', value: 'db', effect: 'NoSchedule' });
    expect(parseTaint('gpu:NoExecute')).toEqual({ key: 'gpu', effect: 'NoExecute' });
    expect(() => parseTaint('gpu=1:Sometimes')).toThrow('taint "gpu=1:Sometimes" must look like key=value:Effect with Effect NoSchedule, PreferNoSchedule or NoExecute');
    expect(() => checkNodeName('Node_1')).toThrow(`node name "Node_1" must be a lowercase RFC 1123 subdomain (a-z, 0-9, '-', '.')`);
  });
});

describe('condition merging', () => {
  it('replaces the kubelet conditions by type and keeps everybody else’s as observed', () => {
    const observed = [{ type: 'InPlaceUpdateReady', status: 'False' }, { type: 'Ready', status: 'True' }];
    const merged = mergeConditions(observed, [{ type: 'Ready', status: 'False' }, { type: 'Initialized', status: 'True' }]);
    expect(merged).toEqual([{ type: 'InPlaceUpdateReady', status: 'False' }, { type: 'Ready', status: 'False' }, { type: 'Initialized', status: 'True' }]);
  });
});
