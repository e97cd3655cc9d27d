import { describe, expect, it } from 'vitest';
import { podSummary } from '../../../../src/cluster/apiserver/tables/printers/pods.js';
import { renderTable } from '../../../../src/cluster/apiserver/tables/render.js';
import type { KubeObject, Pod } from '../../../../src/api/objects.js';

const asObj = (p: Pod) => p as unknown as KubeObject;

const now = Date.parse('2026-01-01T12:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();
const running = { running: { startedAt: ago(60_000) } };
function pod(status: Pod['status'], extra: Partial<Pod> = {}, containers = ['app']): Pod {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: 'web-0', namespace: 'default', creationTimestamp: ago(5 * 60_000), ...(extra.metadata ?? {}) },
    spec: { containers: containers.map((name) => ({ name, image: 'nginx' })), ...(extra.spec ?? {}) },
    status,
  };
}

describe('pod STATUS, READY and RESTARTS as kubectl computes them', () => {
  it.each<[string, Pod, string, string, string]>([
    ['a pending pod with no container status', pod({ phase: 'Pending' }), 'Pending', '0/1', '0'],
    ['a container waiting in ContainerCreating', pod({ phase: 'Pending', containerStatuses: [{ name: 'app', image: 'nginx', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] }), 'ContainerCreating', '0/1', '0'],
    ['a running ready container', pod({ phase: 'Running', containerStatuses: [{ name: 'app', image: 'nginx', imageID: 'x', ready: true, restartCount: 0, state: running }] }), 'Running', '1/1', '0'],
    ['a running but unready container', pod({ phase: 'Running', containerStatuses: [{ name: 'app', image: 'nginx', imageID: 'x', ready: false, restartCount: 0, state: running }] }), 'Running', '0/1', '0'],
    ['a completed container', pod({ phase: 'Succeeded', containerStatuses: [{ name: 'app', image: 'busybox', imageID: 'x', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }), 'Completed', '0/1', '0'],
    ['a failed container with reason Error', pod({ phase: 'Failed', containerStatuses: [{ name: 'app', image: 'busybox', imageID: 'x', ready: false, restartCount: 0, state: { terminated: { exitCode: 1, reason: 'Error' } } }] }), 'Error', '0/1', '0'],
    ['a terminated container without reason', pod({ phase: 'Failed', containerStatuses: [{ name: 'app', image: 'busybox', imageID: 'x', ready: false, restartCount: 0, state: { terminated: { exitCode: 137 } } }] }), 'ExitCode:137', '0/1', '0'],
    ['a signalled container', pod({ phase: 'Failed', containerStatuses: [{ name: 'app', image: 'busybox', imageID: 'x', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, signal: 9 } } }] }), 'Signal:9', '0/1', '0'],
    ['a crash-looping container', pod({ phase: 'Running', containerStatuses: [{ name: 'app', image: 'nginx', imageID: 'x', ready: false, restartCount: 5, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(5 * 60_000) } } }] }), 'CrashLoopBackOff', '0/1', '5 (5m ago)'],
    ['restarts without a last termination time', pod({ phase: 'Running', containerStatuses: [{ name: 'app', image: 'nginx', imageID: 'x', ready: true, restartCount: 1, state: running }] }), 'Running', '1/1', '1'],
    ['a deleting running pod', pod({ phase: 'Running', containerStatuses: [{ name: 'app', image: 'nginx', imageID: 'x', ready: true, restartCount: 0, state: running }] }, { metadata: { name: 'web-0', deletionTimestamp: ago(1000), creationTimestamp: ago(60_000) } }), 'Terminating', '1/1', '0'],
    ['a deleting finished pod keeps its status', pod({ phase: 'Succeeded', containerStatuses: [{ name: 'app', image: 'b', imageID: 'x', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] }, { metadata: { name: 'p', deletionTimestamp: ago(1000) } }), 'Completed', '0/1', '0'],
    ['a pod with status.reason Evicted', pod({ phase: 'Failed', reason: 'Evicted' }), 'Evicted', '0/1', '0'],
    ['one completed and one running container, pod Ready', pod({ phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [
      { name: 'a', image: 'x', imageID: 'x', ready: true, restartCount: 0, state: running },
      { name: 'b', image: 'x', imageID: 'x', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
    ] }, {}, ['a', 'b']), 'Running', '1/2', '0'],
    ['one completed and one running container, pod not Ready', pod({ phase: 'Running', containerStatuses: [
      { name: 'a', image: 'x', imageID: 'x', ready: true, restartCount: 0, state: running },
      { name: 'b', image: 'x', imageID: 'x', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
    ] }, {}, ['a', 'b']), 'NotReady', '1/2', '0'],
    ['an init container still running', pod({ phase: 'Pending', initContainerStatuses: [{ name: 'init', image: 'x', imageID: '', ready: false, restartCount: 0, state: running }] }, { spec: { containers: [{ name: 'app' }], initContainers: [{ name: 'init' }] } }), 'Init:0/1', '0/1', '0'],
    ['an init container failed', pod({ phase: 'Pending', initContainerStatuses: [{ name: 'init', image: 'x', imageID: '', ready: false, restartCount: 2, state: { terminated: { exitCode: 1, reason: 'Error' } } }] }, { spec: { containers: [{ name: 'app' }], initContainers: [{ name: 'init' }] } }), 'Init:Error', '0/1', '2'],
    ['an init container crash-looping', pod({ phase: 'Pending', initContainerStatuses: [{ name: 'init', image: 'x', imageID: '', ready: false, restartCount: 3, state: { waiting: { reason: 'CrashLoopBackOff' } } }] }, { spec: { containers: [{ name: 'app' }], initContainers: [{ name: 'init' }] } }), 'Init:CrashLoopBackOff', '0/1', '3'],
    ['a started sidecar counts in READY', pod({ phase: 'Running', initContainerStatuses: [{ name: 'side', image: 'x', imageID: '', ready: true, started: true, restartCount: 0, state: running }], containerStatuses: [{ name: 'app', image: 'x', imageID: 'x', ready: true, restartCount: 0, state: running }], conditions: [{ type: 'Initialized', status: 'True' }] }, { spec: { containers: [{ name: 'app' }], initContainers: [{ name: 'side', restartPolicy: 'Always' }] } }), 'Running', '2/2', '0'],
    ['a scheduling-gated pod', pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] }), 'SchedulingGated', '0/1', '0'],
  ])('%s', (_name, p, status, ready, restarts) => {
    expect(podSummary(p, now)).toEqual({ status, ready, restarts });
  });
});

describe('pods table', () => {
  const p = pod(
    { phase: 'Running', podIP: '10.0.0.5', podIPs: [{ ip: '10.0.0.5' }], conditions: [{ type: 'InPlaceUpdateReady', status: 'True' }, { type: 'Ready', status: 'False' }], containerStatuses: [{ name: 'app', image: 'nginx', imageID: 'x', ready: true, restartCount: 0, state: running }] },
    { spec: { containers: [{ name: 'app' }], nodeName: 'node1', readinessGates: [{ conditionType: 'InPlaceUpdateReady' }, { conditionType: 'KruisePodReady' }] } },
  );

  it('has the columns of a real cluster, the -o wide ones at priority 1', () => {
    const t = renderTable({ group: '', version: 'v1', kind: 'Pod', plural: 'pods', objects: [asObj(p)], nowMs: now });
    expect(t.columnDefinitions.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0', 'Ready:0', 'Status:0', 'Restarts:0', 'Age:0', 'IP:1', 'Node:1', 'Nominated Node:1', 'Readiness Gates:1',
    ]);
    expect(t.columnDefinitions[0]!.format).toBe('name');
    expect(t.rows[0]!.cells).toEqual(['web-0', '1/1', 'Running', '0', '5m', '10.0.0.5', 'node1', '<none>', '1/2']);
  });

  it('prints <none> for a pod without IP, node and readiness gates', () => {
    const t = renderTable({ group: '', version: 'v1', kind: 'Pod', plural: 'pods', objects: [asObj(pod({ phase: 'Pending' }))], nowMs: now });
    expect(t.rows[0]!.cells.slice(5)).toEqual(['<none>', '<none>', '<none>', '<none>']);
  });

  it('marks succeeded and failed pods with a Completed row condition', () => {
    const t = renderTable({ group: '', version: 'v1', kind: 'Pod', plural: 'pods', objects: [asObj(pod({ phase: 'Succeeded' })), asObj(pod({ phase: 'Running' }))], nowMs: now });
    expect(t.rows[0]!.conditions).toEqual([{ type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' }]);
    expect(t.rows[1]!.conditions).toBeUndefined();
  });
});
