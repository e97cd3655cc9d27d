// Spec scenarios 1, 3, 6–8 through the whole stack with kubectl (tutorial manifest 01 made OrderedReady):
// ordered creation, one-at-a-time rolling update from the highest ordinal, deleted pods keep their side of
// the partition, reverse-order scale-down. The monitor checks ordered creation and the rest after every event.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apply, manifest, PARALLEL, pods, rolledOut, startStack, type PodView, type Stack } from './statefulset-support.js';

let stack: Stack;
const names = (...o: number[]) => o.map((i) => `web-${i}`);
const lastSeq = () => stack.monitor.events.at(-1)?.seq ?? 0;

/** 01 as an OrderedReady set (maxUnavailable must then be 1) with `edit` applied to its spec. */
const ordered = (edit: (spec: any) => void = () => undefined) =>
  manifest(PARALLEL, (m) => {
    delete m.spec.podManagementPolicy;
    delete m.spec.updateStrategy.rollingUpdate.maxUnavailable;
    m.spec.replicas = 3;
    edit(m.spec);
  });

/** Pod names in the order they were first ADDED / first seen terminating after `seq`. */
const added = (seq: number) => stack.monitor.events.filter((e) => e.seq > seq && e.type === 'ADDED').map((e) => e.name);
function deleted(seq: number): string[] {
  const out: string[] = [];
  for (const e of stack.monitor.events) if (e.seq > seq && (e.terminating || e.type === 'DELETED') && !out.includes(e.name)) out.push(e.name);
  return out;
}

beforeAll(async () => {
  stack = await startStack({ timeScale: 0.1 });
});
afterAll(async () => stack?.stop());
afterEach(() => expect(stack.monitor.report()).toEqual([]));

describe('OrderedReady StatefulSet through kubectl', { timeout: 120_000 }, () => {
  let before: Map<string, PodView>;

  it('creates web-0, web-1, web-2 strictly in order, each after the previous is Running+Ready', async () => {
    const seq = lastSeq();
    await apply(stack.cluster, ordered());
    before = await rolledOut(stack, names(0, 1, 2));
    expect(added(seq)).toEqual(names(0, 1, 2));
    expect(stack.monitor.peakUnavailable).toBe(1);
  });

  it('partition 2: only web-2 moves to the new revision; deleted pods come back on their side of the partition', async () => {
    await apply(stack.cluster, ordered((s) => {
      s.template.spec.containers[0].image = 'nginx:1.25';
      s.updateStrategy.rollingUpdate.partition = 2;
    }));
    const row = 'web 3 2 1 3';
    await stack.monitor.until(row, (s) => {
      const w = s.workload as any;
      return w?.status?.observedGeneration === w?.metadata?.generation && `web 3 ${w.status.currentReplicas} ${w.status.updatedReplicas} ${w.status.readyReplicas}` === row;
    });
    const sts = (stack.monitor.state.workload as any).status;
    stack.monitor.disruptions = 2;
    for (const n of ['web-0', 'web-2']) expect((await stack.cluster.kubectl(['delete', 'po', n, '--wait=false'])).code).toBe(0);
    const back = await stack.monitor.until('web-0 and web-2 back and Ready', (s) => {
      const ps = names(0, 2).map((n) => s.pods.get(n));
      return ps.every((p) => p && p.metadata?.deletionTimestamp == null && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) &&
        ps.every((p) => p!.metadata?.uid !== before.get(p!.metadata!.name!)?.uid) && ps;
    });
    stack.monitor.disruptions = 0;
    expect(back.map((p) => p!.metadata?.labels?.['controller-revision-hash'])).toEqual([sts.currentRevision, sts.updateRevision]);
    expect(back.map((p) => p!.spec?.containers[0]!.image)).toEqual(['nginx', 'nginx:1.25']);
  });

  it('partition 0 finishes the rollout one pod at a time from the highest ordinal; status currentRevision catches up', async () => {
    const seq = lastSeq();
    stack.monitor.resetPeaks();
    await apply(stack.cluster, ordered((s) => (s.template.spec.containers[0].image = 'nginx:1.25')));
    before = await rolledOut(stack, names(0, 1, 2));
    expect(deleted(seq)).toEqual(names(1, 0));
    expect(stack.monitor.peakUnavailable).toBe(1);
    const w = stack.monitor.state.workload as any;
    await stack.monitor.until('currentRevision = updateRevision', (s) => (s.workload as any).status.currentRevision === w.status.updateRevision);
  });

  it('scale to 1 deletes web-2 then web-1, one at a time', async () => {
    const seq = lastSeq();
    await apply(stack.cluster, ordered((s) => {
      s.template.spec.containers[0].image = 'nginx:1.25';
      s.replicas = 1;
    }));
    const now = await rolledOut(stack, names(0));
    expect(now.get('web-0')!.uid).toBe(before.get('web-0')!.uid);
    expect(deleted(seq)).toEqual(names(2, 1));
    // web-1 was not touched before web-2 was gone
    const goneAt = stack.monitor.events.find((e) => e.seq > seq && e.type === 'DELETED' && e.name === 'web-2')!.seq;
    const web1At = stack.monitor.events.find((e) => e.seq > seq && e.name === 'web-1' && e.terminating)!.seq;
    expect(web1At).toBeGreaterThan(goneAt);
    expect(await pods(stack.cluster)).toHaveProperty('size', 1);
  });
});
