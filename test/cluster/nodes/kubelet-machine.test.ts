import { describe, expect, it } from 'vitest';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { LatencyModel, ZERO_LATENCY, type ResolvedLatency } from '../../../src/cluster/nodes/latency.js';
import {
  admitPod, advance, beginKill, NodeImageCache, podPhase, syncSpec, type MachineContext,
} from '../../../src/cluster/nodes/kubelet-machine.js';
import { computeOwnedStatus, statusPatch } from '../../../src/cluster/nodes/pod-status.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const fixed: ResolvedLatency = { imagePullMs: 1000, containerStartMs: 500, jobRunMs: 3000, stopMs: 2000, jitter: 0, failureRate: 0 };

function ctx(latency: ResolvedLatency = fixed, timeScale = 1): MachineContext {
  return { model: new LatencyModel(latency, 1), timeScale, images: new NodeImageCache() };
}

function pod(extra: Partial<Pod['spec']> = {}, annotations: Record<string, string> = {}): Pod {
  return {
    metadata: { name: 'web-0', namespace: 'default', uid: 'u1', annotations },
    spec: { nodeName: 'node1', containers: [{ name: 'nginx', image: 'nginx:alpine' }], ...extra },
    status: { phase: 'Pending', conditions: [] },
  };
}

describe('kubelet state machine', () => {
  it('pulls, creates and starts a container, with the kubelet events in order', () => {
    const c = ctx();
    const p = pod();
    const run = admitPod(p, T0, c);
    let r = advance(run, p, T0, c);
    expect(r.events.map((e) => e.reason)).toEqual(['Pulling']);
    expect(r.nextAt).toBe(T0 + 1000);
    expect(podPhase(run)).toBe('Pending');
    r = advance(run, p, T0 + 1000, c);
    expect(r.events[0]!.message).toBe('Successfully pulled image "nginx:alpine" in 1s (1s including waiting). Image size: ' + r.events[0]!.message.match(/size: (\d+)/)![1] + ' bytes.');
    r = advance(run, p, T0 + 1500, c);
    expect(r.events.map((e) => e.message)).toEqual(['Created container: nginx', 'Started container nginx']);
    expect(podPhase(run)).toBe('Running');
    expect(r.nextAt).toBeUndefined();
  });

  it('starts at once when the image is already on the node', () => {
    const c = ctx();
    const first = admitPod(pod(), T0, c);
    advance(first, pod(), T0 + 2000, c);
    const second = admitPod({ ...pod(), metadata: { name: 'web-1', namespace: 'default', uid: 'u2' } }, T0 + 3000, c);
    const r = advance(second, pod(), T0 + 3000, c);
    expect(r.events.map((e) => e.message)).toEqual(['Container image "nginx:alpine" already present on machine']);
    expect(r.nextAt).toBe(T0 + 3500);
  });

  it('restarts only the changed container on an image change: restartCount+1, new containerID and imageID', () => {
    const c = ctx();
    const p = pod({ containers: [{ name: 'nginx', image: 'nginx:alpine' }, { name: 'side', image: 'busybox' }] });
    const run = admitPod(p, T0, c);
    advance(run, p, T0 + 10_000, c);
    const before = computeOwnedStatus(run, p, T0 + 10_000, '172.18.0.3', '10.244.1.2');
    const changed = pod({ containers: [{ name: 'nginx', image: 'nginx:latest' }, { name: 'side', image: 'busybox' }] });
    const kills = syncSpec(run, changed, T0 + 11_000, c);
    expect(kills.map((e) => e.message)).toEqual(['Container nginx definition changed, will be restarted']);
    const during = computeOwnedStatus(run, changed, T0 + 11_000, '172.18.0.3', '10.244.1.2');
    expect(during.conditions.find((x) => x.type === 'ContainersReady')!.status).toBe('False');
    expect(during.containerStatuses[0]!.image).toBe('nginx:alpine');
    advance(run, changed, T0 + 20_000, c);
    const after = computeOwnedStatus(run, changed, T0 + 20_000, '172.18.0.3', '10.244.1.2');
    const [n0, n1] = [before.containerStatuses[0]!, after.containerStatuses[0]!];
    expect(n1.restartCount).toBe(1);
    expect(n1.image).toBe('nginx:latest');
    expect(n1.imageID).not.toBe(n0.imageID);
    expect(n1.containerID).not.toBe(n0.containerID);
    expect(after.containerStatuses[1]).toEqual(before.containerStatuses[1]);
    expect(after.conditions.find((x) => x.type === 'Ready')!.status).toBe('True');
  });

  it('keeps Ready False until every readiness gate condition is True', () => {
    const c = ctx(ZERO_LATENCY);
    const p = pod({ readinessGates: [{ conditionType: 'InPlaceUpdateReady' }] });
    const run = admitPod(p, T0, c);
    advance(run, p, T0, c);
    let st = computeOwnedStatus(run, p, T0, 'h', 'i');
    const ready = st.conditions.find((x) => x.type === 'Ready')!;
    expect(ready).toMatchObject({ status: 'False', reason: 'ReadinessGatesNotReady' });
    expect(ready.message).toBe('corresponding condition of pod readiness gate "InPlaceUpdateReady" does not exist.');
    p.status!.conditions = [{ type: 'InPlaceUpdateReady', status: 'True' }, ...st.conditions];
    st = computeOwnedStatus(run, p, T0 + 5000, 'h', 'i');
    expect(st.conditions.find((x) => x.type === 'Ready')!.status).toBe('True');
  });

  it('changes Ready.lastTransitionTime only when its status flips, and never patches foreign conditions', () => {
    const c = ctx(ZERO_LATENCY);
    const p = pod();
    const run = admitPod(p, T0, c);
    advance(run, p, T0, c);
    const st = computeOwnedStatus(run, p, T0, 'h', 'i');
    (p as { status: unknown }).status = { ...st, conditions: [...st.conditions, { type: 'InPlaceUpdateReady', status: 'True' }] };
    const later = computeOwnedStatus(run, p, T0 + 60_000, 'h', 'i');
    expect(later.conditions.find((x) => x.type === 'Ready')!.lastTransitionTime).toBe('2026-01-01T00:00:00Z');
    expect(statusPatch(p, later)).toBeUndefined();
    const patch = statusPatch({ ...p, status: { ...(p.status as object), conditions: [] } }, later)!;
    expect((patch.status.conditions as Array<{ type: string }>).map((x) => x.type)).not.toContain('InPlaceUpdateReady');
  });

  it('runs a Never pod to Succeeded, and an annotated one to Failed with exit code 1', () => {
    const c = ctx();
    const ok = pod({ restartPolicy: 'Never' });
    const run = admitPod(ok, T0, c);
    const r = advance(run, ok, T0 + 10_000, c);
    expect(r.events.map((e) => e.reason)).toEqual(['Pulling', 'Pulled', 'Created', 'Started']);
    expect(podPhase(run)).toBe('Succeeded');
    const st = computeOwnedStatus(run, ok, T0 + 10_000, 'h', 'i');
    expect(st.containerStatuses[0]!.state).toMatchObject({ terminated: { exitCode: 0, reason: 'Completed' } });
    const bad = pod({ restartPolicy: 'Never' }, { 'sim.kactor.io/outcome': 'Failed', 'sim.kactor.io/run-seconds': '1' });
    const run2 = admitPod(bad, T0, c);
    advance(run2, bad, T0 + 2000, c);
    expect(podPhase(run2)).toBe('Running');
    advance(run2, bad, T0 + 2600, c);
    expect(podPhase(run2)).toBe('Failed');
    expect(computeOwnedStatus(run2, bad, T0 + 2600, 'h', 'i').containerStatuses[0]!.state).toMatchObject({ terminated: { exitCode: 1, reason: 'Error' } });
  });

  it('restarts a failing OnFailure container at once, then after the kubelet back-off (CrashLoopBackOff 10 s), counting restarts', () => {
    const c = ctx(ZERO_LATENCY);
    const p = pod({ restartPolicy: 'OnFailure' }, { 'sim.kactor.io/failures': '2' });
    const run = admitPod(p, T0, c);
    advance(run, p, T0, c);
    expect(run.containers[0]!.restartCount).toBe(1);
    const st = computeOwnedStatus(run, p, T0, 'h', 'i').containerStatuses[0]!;
    expect(st.state).toEqual({ waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=nginx pod=web-0_default(u1)' } });
    expect(st.lastState?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    advance(run, p, T0 + 9_999, c);
    expect(run.containers[0]!.restartCount).toBe(1);
    advance(run, p, T0 + 10_000, c);
    expect(run.containers[0]!.restartCount).toBe(2);
    expect(podPhase(run)).toBe('Succeeded');
  });

  it('removes a deleted pod after min(grace, stop time), scaled', () => {
    const c = ctx(fixed, 0.01);
    const p = pod({ terminationGracePeriodSeconds: 30 });
    const run = admitPod(p, T0, c);
    advance(run, p, T0 + 100, c);
    const kills = beginKill(run, p, T0 + 100, c);
    expect(kills.map((e) => e.message)).toEqual(['Stopping container nginx']);
    expect(run.killAt).toBe(T0 + 120);
    const short = pod({ terminationGracePeriodSeconds: 1 });
    const run2 = admitPod(short, T0, c);
    advance(run2, short, T0 + 100, c);
    beginKill(run2, { ...short, metadata: { ...short.metadata, deletionGracePeriodSeconds: 0 } }, T0 + 100, c);
    expect(run2.killAt).toBe(T0 + 100);
  });
});

describe('a simulator restarted next to running pods', () => {
  it('adopts a running pod from its status (same container ID, restart count, image) and lets a job pod finish', async () => {
    const { adoptRunning } = await import('../../../src/cluster/nodes/kubelet.js');
    const c = ctx(ZERO_LATENCY);
    const p = pod({ restartPolicy: 'Never' });
    const status = {
      phase: 'Running', startTime: '2026-01-01T00:00:00Z',
      containerStatuses: [{ name: 'nginx', image: 'nginx:alpine', imageID: 'id1', containerID: 'containerd://x', restartCount: 2, ready: true, state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }],
    };
    (p as { status: unknown }).status = status;
    const run = adoptRunning(p, T0 + 1000);
    expect(run.containers[0]).toMatchObject({ phase: 'running', restartCount: 2, containerID: 'containerd://x', imageID: 'id1' });
    advance(run, p, T0 + 1000, c);
    expect(podPhase(run)).toBe('Succeeded');
  });

  it('keeps the end of an adopted container whose command exits (sleep 60 started 10 s ago ends in 50 s)', async () => {
    const { adoptRunning } = await import('../../../src/cluster/nodes/kubelet.js');
    const p = pod({ containers: [{ name: 'c', image: 'busybox', command: ['sleep', '60'] }] });
    (p as { status: unknown }).status = {
      phase: 'Running', startTime: '2026-01-01T00:00:00Z',
      containerStatuses: [{ name: 'c', image: 'busybox', imageID: 'id1', containerID: 'containerd://x', restartCount: 0, ready: true, state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }],
    };
    const run = adoptRunning(p, T0 + 10_000);
    expect(run.containers[0]!.exitAt).toBe(T0 + 60_000);
  });
});
