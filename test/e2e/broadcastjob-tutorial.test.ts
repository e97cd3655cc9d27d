// Tutorial section 3 (BroadcastJob) replayed with kubectl against the embedded stack (API server, simulated
// master1 + node1 + node2, the controller): bcj-demo, ttlSecondsAfterFinished, activeDeadlineSeconds and
// completionPolicy Never with a node that joins later.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbedded, type Embedded } from '../support/embedded.js';
import { getJson, items, row, run, table, until } from '../support/jobs-e2e.js';

const MANIFEST = readFileSync(new URL('./manifests/06-BroadcastJob.yaml', import.meta.url), 'utf8');

let k: Embedded;
const kubectl = (args: string[], input?: string) => k.kubectl(args, input);

/** A BroadcastJob like bcj-demo with the given completionPolicy and pod annotations. */
function bcj(name: string, completionPolicy: Record<string, unknown>, podAnnotations: Record<string, string> = {}): string {
  return JSON.stringify({
    apiVersion: 'apps.kruise.io/v1alpha1',
    kind: 'BroadcastJob',
    metadata: { name },
    spec: {
      completionPolicy,
      template: {
        metadata: { annotations: podAnnotations },
        spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['sh', '-c', 'echo hi'] }] },
      },
    },
  });
}

const podsOf = (job: string) => items(kubectl, ['pods', '-l', `broadcastjob-name=${job}`]);
const nodesOf = (pods: any[]) => pods.map((p) => p.spec.nodeName).sort();
const eventsOf = async (job: string) =>
  (await items(kubectl, ['events', '--field-selector', `involvedObject.kind=BroadcastJob,involvedObject.name=${job}`]));

beforeAll(async () => {
  k = await startEmbedded();
}, 60_000);

afterAll(async () => {
  await k?.stop();
});

describe('tutorial 3.1: kubectl apply -f 06-BroadcastJob.yaml', () => {
  it('kubectl get bcj prints bcj-demo 2 0 2 0, with one Completed pod on node1 and one on node2 and none on master1', async () => {
    await run(kubectl, ['apply', '-f', '-'], MANIFEST);
    const cells = await until('bcj-demo 2 0 2 0', async () => {
      const r = await row(kubectl, 'bcj', 'bcj-demo');
      return r?.slice(1, 5).join(' ') === '2 0 2 0' && r;
    });
    expect(cells.slice(0, 5)).toEqual(['bcj-demo', '2', '0', '2', '0']);
    expect(table(await run(kubectl, ['get', 'bcj']))[0]).toEqual(['NAME', 'DESIRED', 'ACTIVE', 'SUCCEEDED', 'FAILED', 'AGE']);

    const wide = table(await run(kubectl, ['get', 'po', '-o', 'wide', '-l', 'broadcastjob-name=bcj-demo']));
    const header = wide[0]!;
    const rows = wide.slice(1).map((c) => ({ status: c[header.indexOf('STATUS')], node: c[header.indexOf('NODE')] }));
    expect(rows.sort((a, b) => a.node!.localeCompare(b.node!))).toEqual([
      { status: 'Completed', node: 'node1' },
      { status: 'Completed', node: 'node2' },
    ]);

    const job = await getJson(kubectl, ['bcj', 'bcj-demo']);
    expect(job.status).toMatchObject({ phase: 'completed', desired: 2, active: 0, succeeded: 2, failed: 0 });
    expect(job.status.conditions).toEqual([expect.objectContaining({ type: 'Complete', status: 'True', message: 'Job completed, 2 pods succeeded, 0 pods failed' })]);
  });

  it('records SuccessfulCreate per pod and JobComplete, and never creates a second pod for a node', async () => {
    const events = await until('JobComplete event', async () => {
      const evs = await eventsOf('bcj-demo');
      return evs.some((e) => e.reason === 'JobComplete') && evs;
    });
    const pods = await podsOf('bcj-demo');
    const created = events.filter((e) => e.reason === 'SuccessfulCreate').map((e) => e.message).sort();
    expect(created).toEqual(pods.map((p) => `Created pod: ${p.metadata.name}`).sort());
    expect(events.find((e) => e.reason === 'JobComplete')).toMatchObject({ type: 'Normal', message: 'Job default/bcj-demo is completed, 2 pods succeeded, 0 pods failed' });
    expect(nodesOf(pods)).toEqual(['node1', 'node2']);
  });
});

describe('tutorial 3.2: completionPolicy Always with ttlSecondsAfterFinished', () => {
  it('the job completes on both nodes and is deleted once the TTL (2 s) has passed since completionTime', async () => {
    await run(kubectl, ['apply', '-f', '-'], bcj('bcj-ttl', { type: 'Always', ttlSecondsAfterFinished: 2 }));
    const done = await until('bcj-ttl completed', async () => {
      const j = await getJson(kubectl, ['bcj', 'bcj-ttl']);
      return j?.status?.phase === 'completed' && j;
    });
    expect(done.status).toMatchObject({ desired: 2, succeeded: 2, failed: 0, active: 0 });
    await until('bcj-ttl deleted', async () => (await kubectl(['get', 'bcj', 'bcj-ttl'])).code !== 0, 20_000, 50);
    // Not before the TTL: completionTime is truncated to the second, so this lower bound is safe.
    expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(done.status.completionTime) + 2000);
  });
});

describe('tutorial 3.3: completionPolicy Always with activeDeadlineSeconds', () => {
  it('running pods past the deadline (3 s) are deleted and the job is failed: 2 0 0 2, DeadlineExceeded', async () => {
    // The simulator keeps these pods running for 50000 simulated seconds.
    await run(kubectl, ['apply', '-f', '-'], bcj('bcj-deadline', { type: 'Always', activeDeadlineSeconds: 3 }, { 'sim.kactor.io/run-seconds': '50000' }));
    const running = await until('two running pods', async () => {
      const pods = await podsOf('bcj-deadline');
      return pods.length === 2 && pods.every((p) => p.status?.phase === 'Running') && pods;
    });
    expect(nodesOf(running)).toEqual(['node1', 'node2']);

    const failed = await until('bcj-deadline failed', async () => {
      const j = await getJson(kubectl, ['bcj', 'bcj-deadline']);
      return j?.status?.phase === 'failed' && j;
    });
    expect(failed.status).toMatchObject({ desired: 2, active: 0, succeeded: 0, failed: 2 });
    expect(failed.status.conditions).toEqual([expect.objectContaining({
      type: 'Failed', status: 'True', reason: 'Failed', message: 'Job default/bcj-deadline was active longer than specified deadline',
    })]);
    // Both timestamps are truncated to the second; floor(c) − floor(s) ≥ 3 whenever c − s ≥ 3.
    expect(Date.parse(failed.status.completionTime) - Date.parse(failed.status.startTime)).toBeGreaterThanOrEqual(3000);
    expect((await row(kubectl, 'bcj', 'bcj-deadline'))?.slice(1, 5)).toEqual(['2', '0', '0', '2']);

    // The running pods are deleted (the simulated kubelet then removes them).
    await until('running pods gone', async () => {
      const names = new Set((await podsOf('bcj-deadline')).map((p) => p.metadata.name));
      return running.every((p) => !names.has(p.metadata.name));
    });
    const events = await eventsOf('bcj-deadline');
    expect(events.filter((e) => e.reason === 'SuccessfulDelete').map((e) => e.message).sort())
      .toEqual(running.map((p) => `Delete pod: ${p.metadata.name}`).sort());
    expect(events.find((e) => e.reason === 'DeadlineExceeded')).toMatchObject({
      type: 'Warning', message: 'Job default/bcj-deadline was active longer than specified deadline: 0 pods succeeded, 2 pods failed',
    });
  });
});

describe('a pod template with activeDeadlineSeconds (issue 16)', () => {
  it('the kubelet fails pods running `sleep 60` at their 1 s deadline (DeadlineExceeded) and the job sees failed pods', async () => {
    const manifest = JSON.stringify({
      apiVersion: 'apps.kruise.io/v1alpha1', kind: 'BroadcastJob', metadata: { name: 'bcj-pod-deadline' },
      spec: {
        completionPolicy: { type: 'Always' },
        template: { spec: { restartPolicy: 'Never', activeDeadlineSeconds: 1, containers: [{ name: 'c', image: 'busybox', command: ['sleep', '60'] }] } },
      },
    });
    await run(kubectl, ['apply', '-f', '-'], manifest);
    const failed = await until('bcj-pod-deadline failed', async () => {
      const j = await getJson(kubectl, ['bcj', 'bcj-pod-deadline']);
      return j?.status?.phase === 'failed' && j;
    });
    expect(failed.status).toMatchObject({ desired: 2, active: 0, succeeded: 0, failed: 2 });
    // The failed job deletes its pods (the simulated kubelet then removes them): read those still there.
    const pods = await podsOf('bcj-pod-deadline');
    for (const p of pods) {
      expect([p.status.phase, p.status.reason, p.status.message]).toEqual(['Failed', 'DeadlineExceeded', 'Pod was active on the node longer than the specified deadline']);
    }
  });
});

describe('tutorial 3.4: completionPolicy Never', () => {
  it('keeps running after every pod succeeded, and a node added later gets a pod (kactor shows what the tutorial could not)', async () => {
    await run(kubectl, ['apply', '-f', '-'], bcj('bcj-never', { type: 'Never' }));
    await until('2 pods succeeded', async () => (await getJson(kubectl, ['bcj', 'bcj-never']))?.status?.succeeded === 2);
    const before = await getJson(kubectl, ['bcj', 'bcj-never']);
    expect(before.status).toMatchObject({ phase: 'running', desired: 2, active: 0, succeeded: 2 });
    expect(before.status.conditions ?? []).toEqual([]);

    await k.sim.addNode('node3');
    const pods = await until('a Completed pod on node3', async () => {
      const ps = await podsOf('bcj-never');
      return ps.some((p) => p.spec.nodeName === 'node3' && p.status?.phase === 'Succeeded') && ps;
    });
    expect(nodesOf(pods)).toEqual(['node1', 'node2', 'node3']);
    const after = await until('status counts node3', async () => {
      const j = await getJson(kubectl, ['bcj', 'bcj-never']);
      return j?.status?.succeeded === 3 && j;
    });
    expect(after.status).toMatchObject({ phase: 'running', desired: 3, active: 0, succeeded: 3, failed: 0 });
    expect(after.status.conditions ?? []).toEqual([]);
    expect((await row(kubectl, 'bcj', 'bcj-never'))?.slice(1, 5)).toEqual(['3', '0', '3', '0']);
    // master1 (tainted) never got a pod from any job.
    const all = await items(kubectl, ['pods', '-l', 'broadcastjob-name']);
    expect(all.length).toBeGreaterThanOrEqual(5);
    expect(all.filter((p) => p.spec.nodeName === 'master1').map((p) => p.metadata.name)).toEqual([]);
  });
});
