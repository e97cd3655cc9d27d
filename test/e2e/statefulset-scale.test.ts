// Tutorial §1 steps 6–8 with kubectl: paused (rollout stops, scaling continues), the three reserveOrdinals
// cases, and 100 replicas under scaleStrategy.maxUnavailable 10%. Invariants after every event; the scale
// step asserts the monitor's peak of unavailable pods reaches the budget and never passes it.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apply, awaitRow, manifest, PARALLEL, pods, rolledOut, startStack, type PodView, type Stack } from './statefulset-support.js';

let stack: Stack;
const names = (...ordinals: number[]) => ordinals.map((o) => `web-${o}`);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const uids = (ps: Map<string, PodView>) => new Map([...ps].map(([n, p]) => [n, p.uid]));

/** 01 with the second image and the given edits. */
const web = (edit: (spec: any) => void = () => undefined) =>
  manifest(PARALLEL, (m) => {
    m.spec.template.spec.containers[0].image = 'nginx:1.25';
    edit(m.spec);
  });

beforeAll(async () => {
  stack = await startStack({ timeScale: 0.2 });
});
afterAll(async () => stack?.stop());
afterEach(() => expect(stack.monitor.report()).toEqual([]));

describe('Advanced StatefulSet scaling, tutorial §1 steps 6–8 with kubectl', { timeout: 120_000 }, () => {
  let current: Map<string, PodView>;

  it('step 6: paused stops the rollout, scaling continues (the new pod at the update revision), unpausing finishes it', async () => {
    await apply(stack.cluster, manifest(PARALLEL));
    const first = await rolledOut(stack, names(...range(5)));
    await apply(stack.cluster, web((s) => (s.updateStrategy.rollingUpdate.paused = true)));
    const seq = stack.monitor.events.at(-1)!.seq;
    await awaitRow(stack, 'web 5 5 0 5');
    await apply(stack.cluster, web((s) => {
      s.updateStrategy.rollingUpdate.paused = true;
      s.replicas = 6;
    }));
    await awaitRow(stack, 'web 6 6 1 6');
    const paused = await pods(stack.cluster);
    expect(stack.monitor.events.filter((e) => e.seq > seq && (e.terminating || e.type === 'DELETED'))).toEqual([]);
    for (const [n, uid] of uids(first)) expect(paused.get(n)!.uid).toBe(uid);
    await apply(stack.cluster, web((s) => (s.replicas = 6)));
    current = await rolledOut(stack, names(...range(6)));
    for (const [n, uid] of uids(first)) expect(current.get(n)!.uid).not.toBe(uid);
    expect(current.get('web-5')!.uid).toBe(paused.get('web-5')!.uid);
  });

  it('step 7: reserveOrdinals [1] with replicas 4 → pods 0, 2, 3, 4', async () => {
    await apply(stack.cluster, web((s) => {
      s.replicas = 4;
      s.reserveOrdinals = [1];
    }));
    const now = await rolledOut(stack, names(0, 2, 3, 4));
    for (const n of names(0, 2, 3, 4)) expect(now.get(n)!.uid).toBe(current.get(n)!.uid);
    current = now;
  });

  it('step 7: appending 3 → pod 3 deleted, pod 5 created (0, 2, 4, 5)', async () => {
    await apply(stack.cluster, web((s) => {
      s.replicas = 4;
      s.reserveOrdinals = [1, 3];
    }));
    const now = await rolledOut(stack, names(0, 2, 4, 5));
    for (const n of names(0, 2, 4)) expect(now.get(n)!.uid).toBe(current.get(n)!.uid);
    // back to reserve [1] for the third case: pod 5 deleted, pod 3 created
    await apply(stack.cluster, web((s) => {
      s.replicas = 4;
      s.reserveOrdinals = [1];
    }));
    current = await rolledOut(stack, names(0, 2, 3, 4));
  });

  it('step 7: appending 3 and lowering replicas to 3 → only pod 3 deleted (0, 2, 4)', async () => {
    const seq = stack.monitor.events.at(-1)!.seq;
    await apply(stack.cluster, web((s) => {
      s.replicas = 3;
      s.reserveOrdinals = [1, 3];
    }));
    const now = await rolledOut(stack, names(0, 2, 4));
    for (const n of names(0, 2, 4)) expect(now.get(n)!.uid).toBe(current.get(n)!.uid);
    const touched = new Set(stack.monitor.events.filter((e) => e.seq > seq && (e.terminating || e.type !== 'MODIFIED')).map((e) => e.name));
    expect([...touched]).toEqual(['web-3']);
  });

  it('step 8: replicas 100 with scaleStrategy.maxUnavailable 10% → all Ready, never more than 10 unavailable (and 10 reached)', async () => {
    stack.monitor.resetPeaks();
    await apply(stack.cluster, web((s) => {
      s.replicas = 100;
      s.scaleStrategy = { maxUnavailable: '10%' };
    }));
    const all = await rolledOut(stack, names(...range(100)), 100_000);
    expect(all.size).toBe(100);
    expect(stack.monitor.peakUnavailable).toBe(10);
  });
});
