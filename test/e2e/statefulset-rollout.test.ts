// Tutorial §1 steps 1, 3 and 4 with kubectl against the embedded stack (API server, simulated nodes,
// controller): create `web`, roll a new image out Parallel with maxUnavailable 3, then partition 4 → 0.
// The invariant monitor watches `web` and its pods and checks every event (test/support/invariants.ts).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apply, awaitRow, manifest, PARALLEL, pods, rolledOut, startStack, until, type PodView, type Stack } from './statefulset-support.js';

let stack: Stack;
const names = ['web-0', 'web-1', 'web-2', 'web-3', 'web-4'];

beforeAll(async () => {
  stack = await startStack({ timeScale: 0.1 });
});
afterAll(async () => stack?.stop());
afterEach(() => expect(stack.monitor.report()).toEqual([]));

/** Names in the order their (old) pods were first seen terminating after monitor event `fromSeq`. */
function deletionOrder(fromSeq: number, oldUids: Set<string>): string[] {
  const out: string[] = [];
  for (const e of stack.monitor.events) {
    if (e.seq <= fromSeq || !e.uid || !oldUids.has(e.uid) || !(e.terminating || e.type === 'DELETED')) continue;
    if (!out.includes(e.name)) out.push(e.name);
  }
  return out;
}

/** Monitor seq at which a pod not in `oldUids` first became Ready, per name. */
function replacementReadyAt(fromSeq: number, oldUids: Set<string>): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of stack.monitor.events) {
    if (e.seq > fromSeq && e.uid && !oldUids.has(e.uid) && e.ready && !out.has(e.name)) out.set(e.name, e.seq);
  }
  return out;
}

function firstSeqOf(name: string, fromSeq: number, oldUids: Set<string>): number {
  return stack.monitor.events.find((e) => e.seq > fromSeq && e.name === name && e.uid && oldUids.has(e.uid) && (e.terminating || e.type === 'DELETED'))!.seq;
}

const lastSeq = () => stack.monitor.events.at(-1)?.seq ?? 0;

describe('Advanced StatefulSet, tutorial §1 with kubectl', { timeout: 120_000 }, () => {
  let before: Map<string, PodView>;

  it('step 1: apply 01 → web 5 5 5 5, pods web-0…web-4 1/1 Running on node1/node2 only', async () => {
    expect(await apply(stack.cluster, manifest(PARALLEL))).toBe('statefulset.apps.kruise.io/web created');
    before = await rolledOut(stack, names);
    for (const p of before.values()) {
      expect(p.restarts).toBe('0');
      expect(['node1', 'node2']).toContain(p.node);
    }
    expect(stack.monitor.events.filter((e) => e.node === 'master1')).toEqual([]);
  });

  it('step 3: a new image rolls out highest ordinals first, three at a time, every pod recreated', async () => {
    const seq = lastSeq();
    stack.monitor.resetPeaks();
    const old = new Set([...before.values()].map((p) => p.uid));
    expect(await apply(stack.cluster, manifest(PARALLEL, (m) => (m.spec.template.spec.containers[0].image = 'nginx:latest')))).toBe('statefulset.apps.kruise.io/web configured');
    const after = await rolledOut(stack, names);
    for (const p of after.values()) expect(old.has(p.uid)).toBe(false);
    expect(stack.monitor.peakUnavailable).toBe(3);
    const order = deletionOrder(seq, old);
    expect(order.slice(0, 3).sort()).toEqual(['web-2', 'web-3', 'web-4']);
    expect(order.slice(3).sort()).toEqual(['web-0', 'web-1']);
    // web-1 and web-0 are taken down only once a replacement of the first wave is Ready
    const readyAt = replacementReadyAt(seq, old);
    const firstWaveReady = Math.min(...['web-2', 'web-3', 'web-4'].map((n) => readyAt.get(n)!));
    for (const n of ['web-0', 'web-1']) expect(firstSeqOf(n, seq, old)).toBeGreaterThan(firstWaveReady);
    before = after;
  });

  it('step 3: describe po web-0 shows the kubelet events Scheduled, Pulled, Created, Started', async () => {
    const out = await until('Started in describe', async () => {
      const d = (await stack.cluster.kubectl(['describe', 'po', 'web-0'])).stdout;
      return d.includes('Started') && d;
    });
    expect(out).toMatch(/Scheduled\s.*default-scheduler\s+Successfully assigned default\/web-0 to node[12]/);
    expect(out).toMatch(/Pulled\s.*kubelet\s+/);
    expect(out).toMatch(/Created\s.*kubelet\s+Created container: nginx/);
    expect(out).toMatch(/Started\s.*kubelet\s+Started container nginx/);
  });

  // nginx:latest defaults to imagePullPolicy Always, so the kubelet pulls on every start (Pulling + "Successfully pulled").
  it('step 3: describe po web-0 shows Pulling (imagePullPolicy Always pulls on every start)', async () => {
    const d = (await stack.cluster.kubectl(['describe', 'po', 'web-0'])).stdout;
    expect(d).toMatch(/Pulling\s.*kubelet\s+Pulling image "nginx:latest"/);
  });

  it('step 4: partition 4 updates only web-4', async () => {
    const old = new Set([...before.values()].map((p) => p.uid));
    await apply(stack.cluster, manifest(PARALLEL, (m) => {
      m.spec.template.spec.containers[0].image = 'nginx:1.25';
      m.spec.updateStrategy.rollingUpdate.partition = 4;
    }));
    await awaitRow(stack, 'web 5 5 1 5');
    const now = await pods(stack.cluster);
    expect([...now.values()].filter((p) => !old.has(p.uid)).map((p) => p.name)).toEqual(['web-4']);
    for (const p of now.values()) expect(p.ready).toBe('1/1');
    before = now;
  });

  it('step 4: partition 0 updates web-1, web-2, web-3 together, and web-0 once one of them is done', async () => {
    const seq = lastSeq();
    stack.monitor.resetPeaks();
    const old = new Set([...before.values()].filter((p) => p.name !== 'web-4').map((p) => p.uid));
    await apply(stack.cluster, manifest(PARALLEL, (m) => {
      m.spec.template.spec.containers[0].image = 'nginx:1.25';
      m.spec.updateStrategy.rollingUpdate.partition = 0;
    }));
    const after = await rolledOut(stack, names);
    expect(after.get('web-4')!.uid).toBe(before.get('web-4')!.uid);
    const order = deletionOrder(seq, old);
    expect(order.slice(0, 3).sort()).toEqual(['web-1', 'web-2', 'web-3']);
    expect(order[3]).toBe('web-0');
    const readyAt = replacementReadyAt(seq, old);
    expect(firstSeqOf('web-0', seq, old)).toBeGreaterThan(Math.min(...['web-1', 'web-2', 'web-3'].map((n) => readyAt.get(n)!)));
    expect(stack.monitor.peakUnavailable).toBe(3);
  });
});
