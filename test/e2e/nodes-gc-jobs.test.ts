// Garbage collection (background, foreground, orphan) and the batch/v1 Job runner through kubectl.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../support/cluster.js';
import { startSimulator, type SimulatorHandle } from '../../src/cluster/nodes/index.js';

let cluster: TestCluster;
let sim: SimulatorHandle;
const errors: string[] = [];

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last as T;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

async function getJson(args: string[]): Promise<any> {
  const r = await cluster.kubectl([...args, '-o', 'json']);
  return r.code === 0 ? JSON.parse(r.stdout) : undefined;
}

const exists = async (kind: string, name: string) => (await cluster.kubectl(['get', kind, name])).code === 0;

/** A suspended Job (so the Job runner creates nothing) and a pod it owns. */
async function ownerAndPod(job: string, pod: string, finalizers: string[] = []): Promise<void> {
  await cluster.kubectl(['apply', '-f', '-'], `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: ${job}\nspec:\n  suspend: true\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: c\n        image: busybox\n`);
  const j = await until('job', () => getJson(['get', 'job', job]));
  const manifest = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: pod, finalizers, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: job, uid: j.metadata.uid, blockOwnerDeletion: true }] },
    spec: { terminationGracePeriodSeconds: 30, containers: [{ name: 'c', image: 'nginx' }] },
  };
  await cluster.kubectl(['create', '-f', '-'], JSON.stringify(manifest));
  await until(`${pod} Running`, async () => (await getJson(['get', 'po', pod]))?.status?.phase === 'Running');
}

beforeAll(async () => {
  cluster = await startTestCluster();
  sim = await startSimulator({
    kubeconfigPath: cluster.kubeconfigPath, timeScale: 0.01, seed: 3,
    onError: (err, ctx) => errors.push(`${ctx}: ${(err as Error).message}`),
  });
});

afterAll(async () => {
  await sim?.stop();
  await cluster?.stop();
});

describe('garbage collector', () => {
  it('deleting an owner cascades in the background', async () => {
    await ownerAndPod('bg', 'bg-pod');
    expect((await cluster.kubectl(['delete', 'job', 'bg', '--cascade=background'])).code).toBe(0);
    await until('bg-pod gone', async () => !(await exists('po', 'bg-pod')));
  });

  it('collects dependents of kinds served only in a non-preferred version (a v1alpha1 BroadcastJob under apps.kruise.io, which prefers v1beta1)', async () => {
    await cluster.kubectl(['apply', '-f', '-'], `apiVersion: apps.kruise.io/v1alpha1\nkind: BroadcastJob\nmetadata:\n  name: bcj-owner\nspec:\n  paused: true\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: c\n        image: busybox\n`);
    const owner = await until('bcj', () => getJson(['get', 'bcj', 'bcj-owner']));
    const pod = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { name: 'bcj-dep', ownerReferences: [{ apiVersion: 'apps.kruise.io/v1alpha1', kind: 'BroadcastJob', name: 'bcj-owner', uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true }] },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    };
    await cluster.kubectl(['create', '-f', '-'], JSON.stringify(pod));
    await until('bcj-dep Running', async () => (await getJson(['get', 'po', 'bcj-dep']))?.status?.phase === 'Running');
    expect((await cluster.kubectl(['delete', 'bcj', 'bcj-owner'])).code).toBe(0);
    // Well under the collector's 30 s periodic sweep: the owner's kind is watched.
    await until('bcj-dep gone', async () => !(await exists('po', 'bcj-dep')), 10_000);
  });

  it('deletes the dependents of an owner that no longer exists (confirmed by a GET)', async () => {
    // `create -f` (a JSON body): kubectl ≥ 1.32's typed `create configmap` sends protobuf, which the embedded server does not decode.
    await cluster.kubectl(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner-cm' } }));
    const cm = await getJson(['get', 'cm', 'owner-cm']);
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'cm-pod', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner-cm', uid: cm.metadata.uid }] }, spec: { containers: [{ name: 'c', image: 'nginx' }] } };
    await cluster.kubectl(['create', '-f', '-'], JSON.stringify(pod));
    await until('cm-pod Running', async () => (await getJson(['get', 'po', 'cm-pod']))?.status?.phase === 'Running');
    await cluster.kubectl(['delete', 'cm', 'owner-cm']);
    await until('cm-pod gone', async () => !(await exists('po', 'cm-pod')));
  });

  it('foreground deletion keeps the owner until its blocking dependents are gone', async () => {
    // The pod's own finalizer keeps it (terminated) in the API until the test lets it go.
    await ownerAndPod('fg', 'fg-pod', ['example.com/hold']);
    expect((await cluster.kubectl(['delete', 'job', 'fg', '--cascade=foreground', '--wait=false'])).code).toBe(0);
    await until('fg-pod deleted by the GC', async () => (await getJson(['get', 'po', 'fg-pod']))?.metadata?.deletionTimestamp);
    await new Promise((r) => setTimeout(r, 300));
    const waiting = await getJson(['get', 'job', 'fg']);
    expect(waiting.metadata.deletionTimestamp).toBeDefined();
    expect(waiting.metadata.finalizers).toEqual(['foregroundDeletion']);
    await cluster.kubectl(['patch', 'po', 'fg-pod', '--type=json', '-p', '[{"op":"remove","path":"/metadata/finalizers"}]']);
    await until('fg-pod gone', async () => !(await exists('po', 'fg-pod')));
    await until('fg job gone', async () => !(await exists('job', 'fg')));
  });

  it('orphan deletion removes the owner reference and keeps the dependent', async () => {
    await ownerAndPod('or', 'or-pod');
    expect((await cluster.kubectl(['delete', 'job', 'or', '--cascade=orphan'])).code).toBe(0);
    await until('or job gone', async () => !(await exists('job', 'or')));
    const pod = await getJson(['get', 'po', 'or-pod']);
    expect(pod.metadata.ownerReferences ?? []).toEqual([]);
    expect(pod.metadata.deletionTimestamp).toBeUndefined();
  });
});

describe('Job runner', () => {
  it('a Job completes: completions pods succeed one at a time, status and conditions as Kubernetes writes them', async () => {
    await cluster.kubectl(['apply', '-f', '-'], 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: pi\nspec:\n  completions: 2\n  parallelism: 1\n  template:\n    metadata:\n      annotations:\n        sim.kactor.io/run-seconds: "2"\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: pi\n        image: perl:5.34\n');
    const job = await until('pi complete', async () => {
      const j = await getJson(['get', 'job', 'pi']);
      return j?.status?.conditions?.some((c: any) => c.type === 'Complete' && c.status === 'True') && j;
    });
    expect(job.status.succeeded).toBe(2);
    expect(job.status.completionTime).toBeDefined();
    expect(job.status.conditions.map((c: any) => c.type)).toEqual(['SuccessCriteriaMet', 'Complete']);
    const pods = await getJson(['get', 'po', '-l', 'job-name=pi']);
    expect(pods.items).toHaveLength(2);
    for (const p of pods.items) {
      expect(p.metadata.name).toMatch(/^pi-[a-z0-9]{5}$/);
      expect(p.metadata.labels['batch.kubernetes.io/controller-uid']).toBe(job.metadata.uid);
      expect(p.status.phase).toBe('Succeeded');
    }
    const d = (await cluster.kubectl(['describe', 'job', 'pi'])).stdout;
    expect(d).toMatch(/SuccessfulCreate\s.*job-controller\s+Created pod: pi-/);
  });

  it('a Job whose pods fail exceeds its backoff limit and is Failed', async () => {
    await cluster.kubectl(['apply', '-f', '-'], 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: doomed\nspec:\n  backoffLimit: 1\n  template:\n    metadata:\n      annotations:\n        sim.kactor.io/outcome: Failed\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: c\n        image: busybox\n');
    const job = await until('doomed failed', async () => {
      const j = await getJson(['get', 'job', 'doomed']);
      return j?.status?.conditions?.some((c: any) => c.type === 'Failed' && c.status === 'True') && j;
    });
    expect(job.status.failed).toBe(2);
    expect(job.status.conditions.find((c: any) => c.type === 'Failed').reason).toBe('BackoffLimitExceeded');
  });

  it('reports no unexpected errors', () => {
    expect(errors).toEqual([]);
  });
});
