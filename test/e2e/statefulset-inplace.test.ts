// Tutorial §1 step 5 with kubectl: 02-sts-RollingUpdate-InPlaceIfPossible.yaml. Applied over 01 it adds the
// InPlaceUpdateReady readiness gate (not an in-place change: pods are recreated); its next image change is
// done in place — same UID, IP and node, RESTARTS 1, the readiness gate False while the pod is updated.
// A slower time scale so `get po -o wide` samples catch pods mid-update. Invariants after every event.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apply, getJson, IN_PLACE, manifest, PARALLEL, pods, rolledOut, startStack, until, type PodView, type Stack } from './statefulset-support.js';

let stack: Stack;
const names = ['web-0', 'web-1', 'web-2', 'web-3', 'web-4'];

beforeAll(async () => {
  stack = await startStack({ timeScale: 0.4 });
});
afterAll(async () => stack?.stop());
afterEach(() => expect(stack.monitor.report()).toEqual([]));

describe('Advanced StatefulSet in-place update, tutorial §1 step 5 with kubectl', { timeout: 120_000 }, () => {
  let before: Map<string, PodView>;

  it('02 over 01 adds the InPlaceUpdateReady gate: pods are recreated (SuccessfulCreate) and show READINESS GATES 2/2 (InPlaceUpdateReady + KruisePodReady)', async () => {
    await apply(stack.cluster, manifest(PARALLEL));
    const first = await rolledOut(stack, names);
    expect(await apply(stack.cluster, manifest(IN_PLACE))).toBe('statefulset.apps.kruise.io/web configured');
    before = await rolledOut(stack, names);
    for (const p of before.values()) {
      expect(first.get(p.name)!.uid).not.toBe(p.uid);
      expect(p.gates).toBe('2/2');
    }
    expect(stack.monitor.peakUnavailable).toBe(3);
  });

  it('an image change is done in place: same UID/IP/node, RESTARTS 1, gates 1/2 while updating then 2/2, three pods at a time', async () => {
    const seq = stack.monitor.events.at(-1)!.seq;
    stack.monitor.resetPeaks();
    await apply(stack.cluster, manifest(IN_PLACE, (m) => (m.spec.template.spec.containers[0].image = 'nginx:1.9.1')));
    const samples: PodView[] = [];
    let done: Map<string, PodView> | undefined;
    const rolled = rolledOut(stack, names).then((r) => (done = r));
    while (!done) {
      samples.push(...(await pods(stack.cluster)).values());
      await new Promise((r) => setTimeout(r, 30));
    }
    const after = await rolled;
    for (const p of after.values()) {
      const b = before.get(p.name)!;
      expect({ uid: p.uid, ip: p.ip, node: p.node, gates: p.gates }).toEqual({ uid: b.uid, ip: b.ip, node: b.node, gates: '2/2' });
      expect(p.restarts).toMatch(/^1( \(.* ago\))?$/);
    }
    // kubectl samples may miss the short not-ready window on a loaded machine; what they show must be 1/2 or
    // 2/2, and the monitor (every watch event) must have seen each pod taken out of service.
    for (const s of samples) expect(['1/2', '2/2']).toContain(s.gates);
    // the first three pods taken out of service are the highest ordinals; then the rest
    const order: string[] = [];
    for (const e of stack.monitor.events) if (e.seq > seq && !e.ready && !order.includes(e.name)) order.push(e.name);
    expect([...order].sort()).toEqual([...names].sort());
    const firstOut = order.slice(0, 3);
    expect(firstOut.sort()).toEqual(['web-2', 'web-3', 'web-4']);
    expect(stack.monitor.peakUnavailable).toBe(3);
  });

  // The kubelet's strategic-merge status patch must null the reason/message of a condition back to True.
  it('after the in-place restart, Ready and ContainersReady carry no stale not-ready reason', async () => {
    const pod = (await getJson(stack.cluster, ['po', 'web-0'])) as any;
    for (const type of ['Ready', 'ContainersReady']) {
      const c = pod.status.conditions.find((x: any) => x.type === type);
      expect({ status: c.status, reason: c.reason }).toEqual({ status: 'True', reason: undefined });
    }
  });

  it('describe asts web lists SuccessfulCreate and SuccessfulUpdatePodInPlace for every pod, with the update revision', async () => {
    const sts = await getJson(stack.cluster, ['asts', 'web']);
    const revision = sts.status.updateRevision as string;
    expect(revision).toMatch(/^web-[0-9a-z]+$/);
    const d = await until('in-place events', async () => {
      const out = (await stack.cluster.kubectl(['describe', 'asts', 'web'])).stdout;
      return names.every((n) => out.includes(`successfully update pod ${n} in-place(revision ${revision})`)) && out;
    });
    for (const n of names) {
      expect(d).toMatch(new RegExp(`SuccessfulCreate\\s.*statefulset-controller\\s+create Pod ${n} in StatefulSet web successful`));
      expect(d).toMatch(new RegExp(`SuccessfulUpdatePodInPlace\\s.*statefulset-controller\\s+successfully update pod ${n} in-place\\(revision ${revision}\\)`));
    }
  });

  it('with gracePeriodSeconds 1 a pod is marked not ready first and changes its image only after the grace period', async () => {
    const seq = stack.monitor.events.at(-1)!.seq;
    const before = await pods(stack.cluster);
    await apply(stack.cluster, manifest(IN_PLACE, (m) => {
      m.spec.template.spec.containers[0].image = 'nginx:1.10';
      m.spec.updateStrategy.rollingUpdate.inPlaceUpdateStrategy = { gracePeriodSeconds: 1 };
    }));
    const after = await rolledOut(stack, names);
    for (const p of after.values()) expect(p.uid).toBe(before.get(p.name)!.uid);
    // every pod went not-ready while still running the old image, and got the new image ≥ 1 s later
    for (const n of names) {
      const evs = stack.monitor.events.filter((e) => e.seq > seq && e.name === n);
      const unready = evs.find((e) => !e.ready)!;
      expect(unready.image).toBe('nginx:1.9.1');
      const changed = evs.find((e) => e.image === 'nginx:1.10')!;
      if (process.env.DEBUG_GRACE) console.log(n, JSON.stringify(evs.map((e) => ({ at: e.at, ready: e.ready, image: e.image, type: (e as any).type }))));
      expect(changed.at - unready.at).toBeGreaterThanOrEqual(500);
    }
  });
});
