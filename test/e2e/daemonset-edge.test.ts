// Advanced DaemonSet e2e for the spec's edge cases with kubectl and the embedded stack (master1 tainted,
// node1, node2): a deleted pod comes back; taints added later (NoSchedule keeps the pod, misscheduled;
// NoExecute removes it); minReadySeconds splits Ready from available; OnDelete; the preDelete hook paces
// the rollout; an env change under InPlaceIfPossible recreates. Invariants after every event.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbedded, type Embedded } from '../support/embedded.js';
import { watchDaemonSet, type DaemonSetMonitor } from './daemonset-invariants.js';
import { apply, daemonPods, getJson, settled, sleep, until } from './daemonset-support.js';

let k: Embedded;
const monitors: DaemonSetMonitor[] = [];

function daemonSet(name: string, spec: { image?: string; env?: string; rollingUpdate?: Record<string, unknown>; type?: string; extra?: Record<string, unknown>; podLabels?: Record<string, string> } = {}) {
  return {
    apiVersion: 'apps.kruise.io/v1alpha1',
    kind: 'DaemonSet',
    metadata: { name, namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: name } },
      updateStrategy: spec.type === 'OnDelete' ? { type: 'OnDelete' } : { type: 'RollingUpdate', rollingUpdate: spec.rollingUpdate ?? { maxUnavailable: 1 } },
      ...spec.extra,
      template: {
        metadata: { labels: { app: name, ...spec.podLabels } },
        spec: { containers: [{ name: 'c', image: spec.image ?? 'busybox:1', ...(spec.env ? { env: [{ name: 'E', value: spec.env }] } : {}) }] },
      },
    },
  };
}

async function watch(name: string): Promise<DaemonSetMonitor> {
  const m = await watchDaemonSet(k.kubeconfigPath, name, `app=${name}`);
  monitors.push(m);
  return m;
}

beforeAll(async () => {
  k = await startEmbedded({ timeScale: 0.02 });
}, 60_000);

afterAll(async () => {
  for (const m of monitors) m.stop();
  await k?.stop();
});

describe('pods follow the cluster', () => {
  it('a deleted pod is recreated on its node', async () => {
    const m = await watch('revive');
    await apply(k, daemonSet('revive'));
    const { pods } = await settled(k, 'revive', 'app=revive');
    const victim = pods.find((p) => p.node === 'node1')!;
    expect((await k.kubectl(['delete', 'pod', victim.name, '--wait=false'])).code).toBe(0);
    const after = await until('node1 pod recreated', async () => {
      const s = await settled(k, 'revive', 'app=revive');
      return s.pods.some((p) => p.node === 'node1' && p.name !== victim.name) && s.pods;
    });
    expect(after.map((p) => p.node)).toEqual(['node1', 'node2']);
    expect(m.report()).toEqual([]);
  });

  it('a NoSchedule taint added later keeps the pod (misscheduled, not desired); a NoExecute taint removes it', async () => {
    const m = await watch('taint');
    await apply(k, daemonSet('taint'));
    const { pods } = await settled(k, 'taint', 'app=taint');
    expect((await k.kubectl(['taint', 'node', 'node2', 'ds=x:NoSchedule'])).code).toBe(0);
    const ds = await until('node2 not desired', async () => {
      const d = await getJson(k, ['daemon', 'taint']);
      return d.status.desiredNumberScheduled === 1 && d;
    });
    expect(ds.status).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1, numberMisscheduled: 1 });
    await sleep(500);
    expect((await daemonPods(k, 'app=taint')).map((p) => p.name)).toEqual(pods.map((p) => p.name));

    m.unavailable.forgetNode('node2');
    expect((await k.kubectl(['taint', 'node', 'node2', 'ds=x:NoExecute'])).code).toBe(0);
    await until('node2 pod removed', async () => {
      const d = await getJson(k, ['daemon', 'taint']);
      const ps = await daemonPods(k, 'app=taint');
      return d.status.numberMisscheduled === 0 && ps.length === 1 && ps[0]!.node === 'node1';
    });
    expect((await k.kubectl(['taint', 'node', 'node2', 'ds-'])).code).toBe(0);
    const back = await settled(k, 'taint', 'app=taint');
    expect(back.pods.map((p) => p.node)).toEqual(['node1', 'node2']);
    expect(m.report()).toEqual([]);
  });
});

describe('strategies', () => {
  it('minReadySeconds 2: Ready pods are counted available only 2 s later', async () => {
    await apply(k, daemonSet('slow', { extra: { minReadySeconds: 2 } }));
    const ready = await until('both Ready', async () => {
      const d = await getJson(k, ['daemon', 'slow']);
      return d?.status?.numberReady === 2 && d;
    });
    expect(ready.status.numberAvailable).toBeLessThan(2);
    const avail = await until('both available', async () => {
      const d = await getJson(k, ['daemon', 'slow']);
      return d?.status?.numberAvailable === 2 && d;
    }, 15_000);
    expect(avail.status.numberUnavailable).toBe(0);
  });

  it('OnDelete: a new template changes nothing until a pod is deleted, which comes back at the new revision', async () => {
    await apply(k, daemonSet('ondel', { type: 'OnDelete' }));
    const { pods } = await settled(k, 'ondel', 'app=ondel');
    await apply(k, daemonSet('ondel', { type: 'OnDelete', image: 'busybox:2' }));
    const ds = await until('observed', async () => {
      const d = await getJson(k, ['daemon', 'ondel']);
      return d.status.observedGeneration === 2 && d;
    });
    await sleep(800);
    expect((await daemonPods(k, 'app=ondel')).map((p) => [p.name, p.image])).toEqual(pods.map((p) => [p.name, 'busybox:1']));
    expect(ds.status.updatedNumberScheduled).toBe(0);
    await k.kubectl(['delete', 'pod', pods[0]!.name, '--wait=false']);
    const after = await until('node1 recreated at busybox:2', async () => {
      const ps = await daemonPods(k, 'app=ondel');
      return ps.length === 2 && ps.every((p) => p.ready && !p.terminating) && ps.some((p) => p.image === 'busybox:2') && ps;
    });
    expect(after.map((p) => [p.node, p.image])).toEqual([['node1', 'busybox:2'], ['node2', 'busybox:1']]);
  });

  it('InPlaceIfPossible: an env change recreates the pods (new names), each on its node', async () => {
    const m = await watch('envs');
    const ru = { rollingUpdateType: 'InPlaceIfPossible', maxUnavailable: 1 };
    await apply(k, daemonSet('envs', { rollingUpdate: ru, env: 'a' }));
    const { pods } = await settled(k, 'envs', 'app=envs');
    await apply(k, daemonSet('envs', { rollingUpdate: ru, env: 'b' }));
    const after = await until('recreated', async () => {
      const s = await settled(k, 'envs', 'app=envs');
      return s.pods.every((p) => !pods.some((o) => o.name === p.name)) && s.pods;
    });
    expect(after.map((p) => [p.node, p.restarts])).toEqual([['node1', 0], ['node2', 0]]);
    expect(m.report()).toEqual([]);
  });

  it('preDelete hook: one pod at a time goes PreparingDelete and is deleted only when the hook label is removed', async () => {
    const m = await watch('hooked');
    const extra = { lifecycle: { preDelete: { labelsHandler: { 'my-pre-delete': 'true' } } } };
    const podLabels = { 'my-pre-delete': 'true' };
    await apply(k, daemonSet('hooked', { extra, podLabels }));
    const { pods } = await settled(k, 'hooked', 'app=hooked');
    await apply(k, daemonSet('hooked', { extra, podLabels, image: 'busybox:2' }));
    const preparing = await until('one pod PreparingDelete', async () => {
      const list = await getJson(k, ['pods', '-l', 'app=hooked']);
      const p = list.items.filter((x: any) => x.metadata.labels['lifecycle.apps.kruise.io/state'] === 'PreparingDelete');
      return p.length > 0 && p;
    });
    expect(preparing).toHaveLength(1);
    await sleep(800);
    const still = await getJson(k, ['pods', '-l', 'app=hooked']);
    expect(still.items.map((x: any) => x.metadata.name).sort()).toEqual(pods.map((p) => p.name).sort());
    expect(still.items.filter((x: any) => x.metadata.labels['lifecycle.apps.kruise.io/state'] === 'PreparingDelete')).toHaveLength(1);

    const name = preparing[0].metadata.name;
    expect((await k.kubectl(['label', 'pod', name, 'my-pre-delete-'])).code).toBe(0);
    await until(`${name} replaced`, async () => {
      const ps = await daemonPods(k, 'app=hooked');
      return !ps.some((p) => p.name === name) && ps.some((p) => p.image === 'busybox:2' && p.ready);
    });
    // The second pod is prepared next (the new pod keeps the hook label from the template).
    const second = await until('second PreparingDelete', async () => {
      const list = await getJson(k, ['pods', '-l', 'app=hooked']);
      const p = list.items.filter((x: any) => x.metadata.labels['lifecycle.apps.kruise.io/state'] === 'PreparingDelete');
      return p.length > 0 && p;
    });
    expect(second.map((x: any) => x.metadata.name)).toEqual(pods.filter((p) => p.name !== name).map((p) => p.name));
    expect(m.report()).toEqual([]);
  });
});
