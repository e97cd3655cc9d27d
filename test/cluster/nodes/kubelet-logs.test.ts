// The simulated kubelet end to end, on a fake clock: containers run their `sleep`/`exit`, restart with
// the back-off, are killed at activeDeadlineSeconds, and `kubectl logs` reads what they wrote.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/api/clock.js';
import { ContainerLogStore, startSimulator, type SimulatorHandle } from '../../../src/cluster/nodes/index.js';
import { startTestCluster, type TestCluster } from '../../support/cluster.js';
import { apiClient, type ApiClient } from '../apiserver/http-client.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const PODS = '/api/v1/namespaces/default/pods';

let clock: FakeClock;
let cluster: TestCluster;
let sim: SimulatorHandle;
let api: ApiClient;
const errors: string[] = [];

beforeAll(async () => {
  clock = new FakeClock(T0);
  const containerLogs = new ContainerLogStore();
  cluster = await startTestCluster({ installKruiseCrds: false, podLogs: containerLogs, clock });
  api = apiClient(cluster.server);
  sim = await startSimulator({
    kubeconfigPath: cluster.kubeconfigPath, clock, latency: 'zero', nodes: 1, controlPlane: false, jobs: false, garbageCollector: false,
    containerLogs, onError: (err, ctx) => errors.push(`${ctx}: ${(err as Error).message}`),
  });
});

afterAll(async () => {
  api?.close();
  await sim?.stop();
  await cluster?.stop();
});

/** Reads the pod until `ok` holds (the simulator writes asynchronously over HTTPS). */
async function podWhen(name: string, ok: (pod: any) => boolean): Promise<any> {
  for (;;) {
    const res = await api.get(`${PODS}/${name}`);
    if (res.status === 200 && ok(res.json)) return res.json;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function create(name: string, spec: Record<string, unknown>): Promise<void> {
  expect((await api.post(PODS, { metadata: { name }, spec })).status).toBe(201);
}

describe('simulated containers on a fake clock', () => {
  it('kills a pod running `sleep 60` at its 10 s activeDeadlineSeconds: Failed, DeadlineExceeded, exit 137, and logs it', async () => {
    await create('deadline', { restartPolicy: 'Never', activeDeadlineSeconds: 10, containers: [{ name: 'c', image: 'busybox', command: ['sleep', '60'] }] });
    await podWhen('deadline', (p) => p.status?.phase === 'Running');
    await clock.advanceAsync(9_000);
    expect((await api.get(`${PODS}/deadline`)).json.status.phase).toBe('Running');
    await clock.advanceAsync(1_000);
    const pod = await podWhen('deadline', (p) => p.status?.phase === 'Failed' && p.status.containerStatuses?.[0]?.state?.terminated);
    expect(pod.status).toMatchObject({ reason: 'DeadlineExceeded', message: 'Pod was active on the node longer than the specified deadline' });
    expect(pod.status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 137, reason: 'Error', finishedAt: '2026-01-01T00:00:10Z' });
    const logs = await cluster.kubectl(['logs', 'deadline']);
    expect(logs.stdout).toBe([
      'simulated container c started (image busybox)',
      'simulated command: sleep 60',
      'simulated container c stopping: the pod was active longer than its activeDeadlineSeconds (10)',
      'simulated container c terminated: exit code 137 (Error)',
      '',
    ].join('\n'));
  });

  it('restarts `sh -c "sleep 5; exit 3"` under restartPolicy Always, keeps the previous instance\'s log, then backs off', async () => {
    await create('crash', { containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'sleep 5; exit 3'] }] });
    await podWhen('crash', (p) => p.status?.containerStatuses?.[0]?.state?.running);
    await clock.advanceAsync(5_000);
    const restarted = await podWhen('crash', (p) => p.status?.containerStatuses?.[0]?.restartCount === 1);
    expect(restarted.status.containerStatuses[0].lastState.terminated).toMatchObject({ exitCode: 3, reason: 'Error' });
    expect((await cluster.kubectl(['logs', 'crash', '--previous'])).stdout).toBe([
      'simulated container c started (image busybox)',
      'simulated command: sh -c "sleep 5; exit 3"',
      'simulated container c terminated: exit code 3 (Error)',
      '',
    ].join('\n'));
    await clock.advanceAsync(5_000);
    const backoff = await podWhen('crash', (p) => p.status?.containerStatuses?.[0]?.state?.waiting);
    expect(backoff.status.phase).toBe('Running');
    expect(backoff.status.containerStatuses[0].state.waiting).toMatchObject({ reason: 'CrashLoopBackOff', message: expect.stringMatching(/^back-off 10s restarting failed container=c pod=crash_default\(/) });
    expect((await cluster.kubectl(['logs', 'crash', '--tail=1'])).stdout).toBe('simulated container c terminated: exit code 3 (Error)\n');
    expect(errors).toEqual([]);
  });

  it('`kubectl logs -f` follows a Job-style container until it exits', async () => {
    await create('job', { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['sleep', '30'] }] });
    await podWhen('job', (p) => p.status?.containerStatuses?.[0]?.state?.running);
    const follow = cluster.kubectl(['logs', '-f', 'job']);
    await clock.advanceAsync(30_000);
    const r = await follow;
    expect(r.stdout).toBe('simulated container c started (image busybox)\nsimulated command: sleep 30\nsimulated container c terminated: exit code 0 (Completed)\n');
    expect((await podWhen('job', (p) => p.status?.phase === 'Succeeded')).status.containerStatuses[0].state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
  });
});
