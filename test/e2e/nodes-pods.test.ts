// Acceptance of the simulated nodes (issue 3) through kubectl against the embedded API server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubectlMinor } from '../support/kubectl-version.js';
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
  if (r.code !== 0) return undefined;
  return JSON.parse(r.stdout);
}

async function podRow(name: string): Promise<string[] | undefined> {
  const r = await cluster.kubectl(['get', 'po', name, '--no-headers', '-o', 'wide']);
  return r.code === 0 ? r.stdout.trim().split(/\s+/) : undefined;
}

beforeAll(async () => {
  cluster = await startTestCluster();
  sim = await startSimulator({
    kubeconfigPath: cluster.kubeconfigPath, timeScale: 0.01, seed: 7,
    onError: (err, ctx) => errors.push(`${ctx}: ${(err as Error).message}`),
  });
});

afterAll(async () => {
  await sim?.stop();
  await cluster?.stop();
});

describe('simulated nodes', () => {
  it('registers the tutorial cluster: master1 (tainted control plane), node1, node2 — all Ready', async () => {
    const nodes = await until('3 Ready nodes', async () => {
      const r = await cluster.kubectl(['get', 'nodes', '--no-headers']);
      const lines = r.stdout.trim().split('\n').filter(Boolean);
      return lines.length === 3 && lines.every((l) => l.split(/\s+/)[1] === 'Ready') && lines;
    });
    expect(nodes.map((l) => l.split(/\s+/)[0])).toEqual(['master1', 'node1', 'node2']);
    const master = await getJson(['get', 'node', 'master1']);
    expect(master.spec.taints).toEqual([{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }]);
    expect(master.metadata.labels['kactor.io/simulated']).toBe('true');
    const n1 = await getJson(['get', 'node', 'node1']);
    expect(n1.status.allocatable.pods).toBe('110');
    expect(n1.spec.podCIDR).toMatch(/^10\.244\.\d+\.0\/24$/);
    expect(n1.status.addresses[0].type).toBe('InternalIP');
    const lease = await until('node lease', () => getJson(['get', 'lease', '-n', 'kube-node-lease', 'node1']));
    expect(lease.spec.holderIdentity).toBe('node1');
  });

  it('a pod applied with kubectl becomes 1/1 Running on node1 or node2 with an IP, and describe shows the kubelet events', async () => {
    const r = await cluster.kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-0\nspec:\n  containers:\n  - name: nginx\n    image: nginx:alpine\n');
    expect(r.stderr).toBe('');
    const row = await until('web-0 Running', async () => {
      const cols = await podRow('web-0');
      return cols && cols[1] === '1/1' && cols[2] === 'Running' && cols;
    });
    expect(['node1', 'node2']).toContain(row[6]);
    expect(row[5]).toMatch(/^10\.244\.\d+\.\d+$/);
    const d = await until('events in describe', async () => {
      const out = (await cluster.kubectl(['describe', 'po', 'web-0'])).stdout;
      return out.includes('Started') && out;
    });
    expect(d).toMatch(/Scheduled\s.*default-scheduler\s+Successfully assigned default\/web-0 to node[12]/);
    expect(d).toMatch(/Pulling\s.*kubelet\s+Pulling image "nginx:alpine"/);
    expect(d).toMatch(/Pulled\s.*kubelet\s+Successfully pulled image "nginx:alpine" in [\d.]+m?s/);
    expect(d).toMatch(/Created\s.*kubelet\s+Created container: nginx/);
    expect(d).toMatch(/Started\s.*kubelet\s+Started container nginx/);
    const pod = await getJson(['get', 'po', 'web-0']);
    expect(pod.status.containerStatuses[0].imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(pod.status.hostIP).toMatch(/^172\.18\./);
  });

  // `kubectl patch --subresource=status` needs kubectl ≥ 1.24.
  it.skipIf(kubectlMinor() < 24)('a pod with a readiness gate stays 0/1 (READINESS GATES) and not Ready until the gate condition is set', async () => {
    await cluster.kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: gated\nspec:\n  readinessGates:\n  - conditionType: InPlaceUpdateReady\n  containers:\n  - name: nginx\n    image: nginx:alpine\n');
    await until('gated Running', async () => (await podRow('gated'))?.[2] === 'Running');
    await new Promise((r) => setTimeout(r, 300));
    expect((await podRow('gated'))!.at(-1)).toBe('0/1');
    const pod = await getJson(['get', 'po', 'gated']);
    expect(pod.status.conditions.find((c: any) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ReadinessGatesNotReady' });
    const conditions = [...pod.status.conditions, { type: 'InPlaceUpdateReady', status: 'True', lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }];
    const patch = JSON.stringify({ metadata: { resourceVersion: pod.metadata.resourceVersion }, status: { conditions } });
    const r = await cluster.kubectl(['patch', 'po', 'gated', '--subresource=status', '--type=merge', '-p', patch]);
    expect(r.stderr).toBe('');
    await until('gated gates 1/1', async () => (await podRow('gated'))?.at(-1) === '1/1');
    const after = await until('gated Ready', async () => {
      const p = await getJson(['get', 'po', 'gated']);
      return p.status.conditions.find((c: any) => c.type === 'Ready')?.status === 'True' && p;
    });
    expect(after.status.conditions.find((c: any) => c.type === 'InPlaceUpdateReady').status).toBe('True');
  });

  it('an in-place image patch yields RESTARTS 1 with the same UID, IP and node and a new imageID', async () => {
    const before = await getJson(['get', 'po', 'web-0']);
    const r = await cluster.kubectl(['patch', 'po', 'web-0', '-p', '{"spec":{"containers":[{"name":"nginx","image":"nginx:latest"}]}}']);
    expect(r.stderr).toBe('');
    const after = await until('restarted', async () => {
      const p = await getJson(['get', 'po', 'web-0']);
      const cs = p?.status?.containerStatuses?.[0];
      return cs?.restartCount === 1 && cs.ready && p;
    });
    expect(after.metadata.uid).toBe(before.metadata.uid);
    expect(after.status.podIP).toBe(before.status.podIP);
    expect(after.spec.nodeName).toBe(before.spec.nodeName);
    expect(after.status.containerStatuses[0].imageID).not.toBe(before.status.containerStatuses[0].imageID);
    expect(after.status.containerStatuses[0].containerID).not.toBe(before.status.containerStatuses[0].containerID);
    expect(after.status.containerStatuses[0].image).toBe('nginx:latest');
    const row = (await podRow('web-0'))!;
    expect(row.slice(1, 4)).toEqual(['1/1', 'Running', '1']);
  });

  it('a Never pod ends Completed, and an annotated one ends Error (Failed)', async () => {
    await cluster.kubectl(['apply', '-f', '-'], [
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: once\nspec:\n  restartPolicy: Never\n  containers:\n  - name: c\n    image: busybox\n',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: broken\n  annotations:\n    sim.kactor.io/outcome: Failed\nspec:\n  restartPolicy: Never\n  containers:\n  - name: c\n    image: busybox\n',
    ].join('---\n'));
    await until('once Completed', async () => (await podRow('once'))?.[2] === 'Completed');
    await until('broken Error', async () => (await podRow('broken'))?.[2] === 'Error');
    const broken = await getJson(['get', 'po', 'broken']);
    expect(broken.status.phase).toBe('Failed');
    expect(broken.status.containerStatuses[0].state.terminated.exitCode).toBe(1);
  });

  it('a pod that fits no node is marked Unschedulable with the scheduler message', async () => {
    await cluster.kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: picky\nspec:\n  nodeSelector:\n    disk: ssd\n  containers:\n  - name: c\n    image: nginx\n');
    const cond = await until('PodScheduled False', async () => {
      const p = await getJson(['get', 'po', 'picky']);
      return p?.status?.conditions?.find((c: any) => c.type === 'PodScheduled' && c.status === 'False');
    });
    expect(cond.reason).toBe('Unschedulable');
    expect(cond.message).toBe("0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector.");
    await until('FailedScheduling event', async () => (await cluster.kubectl(['describe', 'po', 'picky'])).stdout.includes('FailedScheduling'));
  });

  it('a node added with kubectl starts taking pods (and retries unschedulable ones)', async () => {
    await cluster.kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: Node\nmetadata:\n  name: node3\n  labels:\n    kactor.io/simulated: "true"\n    disk: ssd\n');
    await until('node3 Ready', async () => (await cluster.kubectl(['get', 'node', 'node3', '--no-headers'])).stdout.split(/\s+/)[1] === 'Ready');
    const row = await until('picky Running on node3', async () => {
      const cols = await podRow('picky');
      return cols && cols[2] === 'Running' && cols;
    });
    expect(row[6]).toBe('node3');
  });

  it('cordoned nodes (kubectl cordon) get no new pods', async () => {
    for (const n of ['node1', 'node3']) expect((await cluster.kubectl(['cordon', n])).code).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    await cluster.kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: after-cordon\nspec:\n  containers:\n  - name: c\n    image: nginx\n');
    const row = await until('after-cordon Running', async () => {
      const cols = await podRow('after-cordon');
      return cols && cols[2] === 'Running' && cols;
    });
    expect(row[6]).toBe('node2');
    for (const n of ['node1', 'node3']) await cluster.kubectl(['uncordon', n]);
  });

  it('a deleted pod is stopped (Killing) and removed', async () => {
    await cluster.kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: doomed\nspec:\n  containers:\n  - name: nginx\n    image: nginx:alpine\n');
    const r = await cluster.kubectl(['delete', 'po', 'doomed', '--wait=true']);
    expect(r.code).toBe(0);
    expect((await cluster.kubectl(['get', 'po', 'doomed'])).code).not.toBe(0);
  });

  it('reports no unexpected errors', () => {
    expect(errors.filter((e) => !/ECONNRESET|socket hang up/.test(e))).toEqual([]);
  });
});
