// The simulated kubelet honours what containers are told to run (sleep N, exit M), restarts them as the
// kubelet does (restartPolicy, back-off, lastState), and enforces activeDeadlineSeconds.
import { describe, expect, it } from 'vitest';
import type { Container, Pod } from 'kubernetes-types/core/v1.js';
import { LatencyModel, ZERO_LATENCY, type ResolvedLatency } from '../../../src/cluster/nodes/latency.js';
import { admitPod, advance, NodeImageCache, podPhase, syncSpec, type MachineContext, type PodRun } from '../../../src/cluster/nodes/kubelet-machine.js';
import { computeOwnedStatus } from '../../../src/cluster/nodes/pod-status.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function ctx(latency: ResolvedLatency = ZERO_LATENCY, timeScale = 1): MachineContext {
  return { model: new LatencyModel(latency, 1), timeScale, images: new NodeImageCache() };
}

function pod(container: Partial<Container>, spec: Partial<Pod['spec']> = {}, annotations: Record<string, string> = {}): Pod {
  return {
    metadata: { name: 'p', namespace: 'ns', uid: 'u1', annotations },
    spec: { nodeName: 'node1', containers: [{ name: 'c', image: 'busybox', ...container }], ...spec },
    status: { phase: 'Pending' },
  };
}

function status(run: PodRun, p: Pod, now: number) {
  return computeOwnedStatus(run, p, now, '172.18.0.2', '10.244.1.5');
}

describe('a container told to sleep and exit', () => {
  it('runs `sleep 60` for 60 simulated seconds, then the Never pod Succeeds with exit code 0', () => {
    const c = ctx();
    const p = pod({ command: ['sleep', '60'] }, { restartPolicy: 'Never' });
    const run = admitPod(p, T0, c);
    expect(advance(run, p, T0, c).nextAt).toBe(T0 + 60_000);
    expect(podPhase(run)).toBe('Running');
    advance(run, p, T0 + 60_000, c);
    expect(podPhase(run)).toBe('Succeeded');
    expect(status(run, p, T0 + 60_000).containerStatuses[0]!.state!.terminated).toMatchObject({
      exitCode: 0, reason: 'Completed', startedAt: iso(T0), finishedAt: iso(T0 + 60_000),
    });
  });

  it('scales the sleep by the time scale (simulated time)', () => {
    const c = ctx(ZERO_LATENCY, 0.1);
    const p = pod({ command: ['sleep', '60'] }, { restartPolicy: 'Never' });
    const run = admitPod(p, T0, c);
    expect(advance(run, p, T0, c).nextAt).toBe(T0 + 6000);
  });

  it('fails a Never pod whose `sh -c "sleep 5; exit 3"` exits 3 (reason Error)', () => {
    const c = ctx();
    const p = pod({ command: ['sh', '-c', 'sleep 5; exit 3'] }, { restartPolicy: 'Never' });
    const run = admitPod(p, T0, c);
    advance(run, p, T0 + 5000, c);
    expect(podPhase(run)).toBe('Failed');
    const st = status(run, p, T0 + 5000);
    expect(st.containerStatuses[0]!.state!.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect(st.conditions.find((x) => x.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodFailed' });
  });

  it('lets the sim.kactor.io annotations win over the command', () => {
    const c = ctx();
    const p = pod({ command: ['sleep', '60'] }, { restartPolicy: 'Never' }, { 'sim.kactor.io/run-seconds': '2', 'sim.kactor.io/outcome': 'Failed' });
    const run = admitPod(p, T0, c);
    advance(run, p, T0 + 2000, c);
    expect(podPhase(run)).toBe('Failed');
    expect(run.containers[0]!.exitCode).toBe(1);
  });

  it('keeps a long-running pod with an unrecognised command running forever', () => {
    const c = ctx();
    const p = pod({ command: ['nginx', '-g', 'daemon off;'] });
    const run = admitPod(p, T0, c);
    expect(advance(run, p, T0 + 3_600_000, c).nextAt).toBeUndefined();
    expect(podPhase(run)).toBe('Running');
  });

  it('restarts an Always container that exits 0: at once, then after 10 s, 20 s of back-off', () => {
    const c = ctx();
    const p = pod({ command: ['sleep', '5'] });
    const run = admitPod(p, T0, c);
    advance(run, p, T0 + 5000, c);
    expect(run.containers[0]!.restartCount).toBe(1);
    advance(run, p, T0 + 10_000, c);
    let st = status(run, p, T0 + 10_000).containerStatuses[0]!;
    expect(st.state!.waiting).toEqual({ reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container=c pod=p_ns(u1)' });
    expect(st.lastState!.terminated).toMatchObject({ exitCode: 0, reason: 'Completed', startedAt: iso(T0 + 5000), finishedAt: iso(T0 + 10_000) });
    expect(podPhase(run)).toBe('Running');
    expect(advance(run, p, T0 + 10_000, c).nextAt).toBe(T0 + 20_000);
    advance(run, p, T0 + 25_000, c);
    st = status(run, p, T0 + 25_000).containerStatuses[0]!;
    expect(st.restartCount).toBe(2);
    expect(st.state!.waiting!.message).toMatch(/^back-off 20s /);
  });

  it('restarts an OnFailure container that exits non-zero and keeps one that exits 0 terminated', () => {
    const c = ctx();
    const p = pod({ command: ['sh', '-c', 'exit 2'] }, { restartPolicy: 'OnFailure' });
    const run = admitPod(p, T0, c);
    advance(run, p, T0, c);
    const st = status(run, p, T0).containerStatuses[0]!;
    expect(st.restartCount).toBe(1);
    expect(st.lastState!.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
    expect(podPhase(run)).toBe('Running');
    const ok = pod({ command: ['true'] }, { restartPolicy: 'OnFailure' });
    const run2 = admitPod(ok, T0, c);
    advance(run2, ok, T0, c);
    expect(podPhase(run2)).toBe('Succeeded');
    expect(run2.containers[0]!.restartCount).toBe(0);
  });

  it('starts the back-off over for a container that ran longer than 600 s', () => {
    const c = ctx();
    const p = pod({ command: ['sleep', '700'] });
    const run = admitPod(p, T0, c);
    advance(run, p, T0 + 1_400_000, c);
    expect(run.containers[0]!.restartCount).toBe(2);
    expect(run.containers[0]!.phase).toBe('running');
  });
});

describe('activeDeadlineSeconds', () => {
  it('fails a pod running `sleep 60` under a 10 s deadline at 10 s: DeadlineExceeded, containers killed with 137', () => {
    const c = ctx({ ...ZERO_LATENCY, stopMs: 2000 });
    const p = pod({ command: ['sleep', '60'] }, { restartPolicy: 'Never', activeDeadlineSeconds: 10 });
    const run = admitPod(p, T0, c);
    expect(advance(run, p, T0, c).nextAt).toBe(T0 + 10_000);
    const r = advance(run, p, T0 + 10_000, c);
    expect(r.events.map((e) => [e.reason, e.message])).toEqual([
      ['DeadlineExceeded', 'Pod was active on the node longer than the specified deadline'],
      ['Killing', 'Stopping container c'],
    ]);
    expect(r.nextAt).toBe(T0 + 12_000);
    let st = status(run, p, T0 + 10_000);
    expect(st).toMatchObject({ phase: 'Failed', reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' });
    advance(run, p, T0 + 12_000, c);
    st = status(run, p, T0 + 12_000);
    expect(st.containerStatuses[0]!.state!.terminated).toMatchObject({ exitCode: 137, reason: 'Error', finishedAt: iso(T0 + 12_000) });
    expect(advance(run, p, T0 + 100_000, c).nextAt).toBeUndefined();
    expect(run.containers[0]!.restartCount).toBe(0);
  });

  it('does not apply to a pod that finished before its deadline', () => {
    const c = ctx();
    const p = pod({ command: ['sleep', '5'] }, { restartPolicy: 'Never', activeDeadlineSeconds: 10 });
    const run = admitPod(p, T0, c);
    const r = advance(run, p, T0 + 60_000, c);
    expect(podPhase(run)).toBe('Succeeded');
    expect(r.events.map((e) => e.reason)).not.toContain('DeadlineExceeded');
  });

  it('counts from the pod start time, also for a long-running pod, and reports a container that never started as unknown', () => {
    const c = ctx({ ...ZERO_LATENCY, imagePullMs: 20_000 });
    const p = pod({}, { activeDeadlineSeconds: 5 });
    const run = admitPod(p, T0, c);
    advance(run, p, T0 + 5000, c);
    const st = status(run, p, T0 + 5000);
    expect(st.phase).toBe('Failed');
    expect(st.containerStatuses[0]!.state).toEqual({
      terminated: { exitCode: 137, reason: 'ContainerStatusUnknown', message: 'The container could not be located when the pod was terminated' },
    });
  });
});

describe('container log lines', () => {
  it('writes the start, the command and the exit of each container instance', () => {
    const c = ctx();
    const p = pod({ command: ['sh', '-c', 'sleep 1; exit 1'] }, { restartPolicy: 'OnFailure' });
    const run = admitPod(p, T0, c);
    advance(run, p, T0 + 1000, c);
    expect(run.logs.map(({ id, ...rest }) => (id ? { ...rest, id: id === run.containers[0]!.last!.containerID ? 'first' : 'second' } : rest))).toEqual([
      { container: 'c', at: T0, text: 'simulated container c started (image busybox)', start: true, id: 'first' },
      { container: 'c', at: T0, text: 'simulated command: sh -c "sleep 1; exit 1"' },
      { container: 'c', at: T0 + 1000, text: 'simulated container c terminated: exit code 1 (Error)', end: true },
      { container: 'c', at: T0 + 1000, text: 'simulated container c restarted (image busybox, restart 1)', start: true, id: 'second' },
      { container: 'c', at: T0 + 1000, text: 'simulated command: sh -c "sleep 1; exit 1"' },
    ]);
  });

  it('writes the in-place image change: the old instance stops, the new one starts with the new image', () => {
    const c = ctx();
    const p = pod({});
    const run = admitPod(p, T0, c);
    advance(run, p, T0, c);
    run.logs.length = 0;
    const changed = pod({ image: 'busybox:1.36' });
    syncSpec(run, changed, T0 + 1000, c);
    advance(run, changed, T0 + 1000, c);
    expect(run.logs.map((l) => [l.text, !!l.start, !!l.end])).toEqual([
      ['simulated container c stopping: image changed from busybox to busybox:1.36, the kubelet restarts it', false, true],
      ['simulated container c restarted (image busybox:1.36, restart 1)', true, false],
    ]);
  });
});
