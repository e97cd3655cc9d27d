// Advanced DaemonSet e2e beyond the tutorial's manifests, with kubectl and the embedded stack (master1
// tainted, node1, node2): the deprecated Surging type keeps each node's old pod until its new pod is
// Ready; nodes that join later (simulated or created with kubectl) get a pod and nodes that leave lose
// it; nodeSelector follows node labels.
// The invariant monitor checks after every event: never a node without an available pod during a surge
// (maxUnavailable resolves to 0), never more surged nodes than maxSurge, terminating pods included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbedded, type Embedded } from '../support/embedded.js';
import { PODS_PER_NODE } from '../support/invariants.js';
import { DS_MAX_UNAVAILABLE, nodeOf, watchDaemonSet, type DaemonSetMonitor } from './daemonset-invariants.js';
import { apply, daemonPods, getJson, settled, until } from './daemonset-support.js';

let k: Embedded;
let monitor: DaemonSetMonitor;

const SELECTOR = 'app=surge';

/** A DaemonSet `surge` whose pods take 3 simulated seconds (+ pull and start) to become Ready. */
function surgeDaemonSet(image: string, rollingUpdate: Record<string, unknown> = { rollingUpdateType: 'Surging' }) {
  return {
    apiVersion: 'apps.kruise.io/v1alpha1',
    kind: 'DaemonSet',
    metadata: { name: 'surge', namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: 'surge' } },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate },
      template: {
        metadata: { labels: { app: 'surge' }, annotations: { 'sim.kactor.io/start-delay-seconds': '3' } },
        spec: { containers: [{ name: 'c', image }] },
      },
    },
  };
}

beforeAll(async () => {
  k = await startEmbedded({ timeScale: 0.05 });
  monitor = await watchDaemonSet(k.kubeconfigPath, 'surge', SELECTOR);
}, 60_000);

afterAll(async () => {
  monitor?.stop();
  await k?.stop();
});

describe('Surging (deprecated): maxSurge 1, maxUnavailable 0', () => {
  it('the webhook rewrites Surging to Standard with maxSurge 1 and maxUnavailable 0', async () => {
    await apply(k, surgeDaemonSet('busybox:1'));
    const ds = await getJson(k, ['daemon', 'surge']);
    expect(ds.spec.updateStrategy.rollingUpdate).toMatchObject({ rollingUpdateType: 'Standard', maxSurge: 1, maxUnavailable: 0 });
    const { pods } = await settled(k, 'surge', SELECTOR);
    expect(pods.map((p) => p.node)).toEqual(['node1', 'node2']);
  });

  it('on each node the old pod is deleted only after the new pod is Ready, one node at a time', async () => {
    const { pods: before } = await settled(k, 'surge', SELECTOR);
    monitor.resetPeaks();
    await apply(k, surgeDaemonSet('busybox:2', { rollingUpdateType: 'Standard', maxSurge: 1, maxUnavailable: 0 }));
    const { pods: after } = await settled(k, 'surge', SELECTOR);
    expect(after.map((p) => [p.node, p.image])).toEqual([['node1', 'busybox:2'], ['node2', 'busybox:2']]);

    for (const old of before) {
      const fresh = after.find((p) => p.node === old.node)!;
      const firstReady = monitor.events.find((e) => e.name === fresh.name && e.ready)?.seq;
      const oldLeaving = monitor.events.find((e) => e.name === old.name && (e.terminating || e.type === 'DELETED'))?.seq;
      expect(firstReady, `${fresh.name} was seen Ready`).toBeDefined();
      expect(oldLeaving, `${old.name} was deleted`).toBeDefined();
      expect(oldLeaving!).toBeGreaterThan(firstReady!);
    }
    // A surge happened (a node held two pods) but never on both nodes; no node was ever without an available pod.
    expect(monitor.peak(PODS_PER_NODE)).toBe(1);
    expect(monitor.peak(DS_MAX_UNAVAILABLE)).toBe(0);
    expect(monitor.report()).toEqual([]);
  });
});

describe('nodes joining and leaving', () => {
  it('a node added later gets a pod at the current revision; removing it takes the pod away', async () => {
    await k.sim.addNode('node3');
    const { ds, pods } = await settled(k, 'surge', SELECTOR);
    expect(ds.status.desiredNumberScheduled).toBe(3);
    expect(pods.map((p) => [p.node, p.image])).toEqual([['node1', 'busybox:2'], ['node2', 'busybox:2'], ['node3', 'busybox:2']]);

    monitor.unavailable.forgetNode('node3');
    await k.sim.removeNode('node3');
    await until('node3 pod gone and desired 2', async () => {
      const d = await getJson(k, ['daemon', 'surge']);
      const ps = await daemonPods(k, SELECTOR);
      return d.status.desiredNumberScheduled === 2 && d.status.currentNumberScheduled === 2 && ps.every((p) => p.node !== 'node3') && ps.length === 2;
    });
    expect(monitor.report()).toEqual([]);
  });

  it('a Node created with kubectl gets a pod pinned to it; deleting the Node deletes that never-scheduled pod', async () => {
    // No simulated kubelet drives node4 (it stays NotReady), so its pod is never bound.
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node4', labels: { 'kubernetes.io/hostname': 'node4' } } };
    expect((await k.kubectl(['create', '-f', '-'], JSON.stringify(node))).code).toBe(0);
    const pinned = await until('a pod for node4', async () => {
      const list = await getJson(k, ['pods', '-l', SELECTOR]);
      return list.items.find((p: any) => nodeOf(p) === 'node4' && !p.spec.nodeName);
    });
    const ds = await until('desired 3', async () => {
      const d = await getJson(k, ['daemon', 'surge']);
      return d.status.desiredNumberScheduled === 3 && d.status.currentNumberScheduled === 3 && d;
    });
    expect(ds.status).toMatchObject({ numberReady: 2, updatedNumberScheduled: 3 });

    expect((await k.kubectl(['delete', 'node', 'node4'])).code).toBe(0);
    await until(`${pinned.metadata.name} deleted`, async () => {
      const ps = await daemonPods(k, SELECTOR);
      const d = await getJson(k, ['daemon', 'surge']);
      return !ps.some((p) => p.name === pinned.metadata.name) && d.status.desiredNumberScheduled === 2 && d.status.currentNumberScheduled === 2;
    });
    expect(monitor.report()).toEqual([]);
  });

  it('nodeSelector color=blue: a pod only on the node labelled blue, removed when it is relabelled green', async () => {
    const blue = {
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'DaemonSet',
      metadata: { name: 'blue', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'blue' } },
        template: { metadata: { labels: { app: 'blue' } }, spec: { nodeSelector: { color: 'blue' }, containers: [{ name: 'c', image: 'busybox:1' }] } },
      },
    };
    await apply(k, blue);
    const empty = await until('blue observed', async () => {
      const d = await getJson(k, ['daemon', 'blue']);
      return d?.status?.observedGeneration === 1 && d;
    });
    expect(empty.status).toMatchObject({ desiredNumberScheduled: 0, currentNumberScheduled: 0 });
    expect(await daemonPods(k, 'app=blue')).toEqual([]);

    expect((await k.kubectl(['label', 'node', 'node2', 'color=blue'])).code).toBe(0);
    const { pods } = await settled(k, 'blue', 'app=blue');
    expect(pods.map((p) => p.node)).toEqual(['node2']);

    expect((await k.kubectl(['label', 'node', 'node2', 'color=green', '--overwrite'])).code).toBe(0);
    await until('blue pod removed', async () => {
      const d = await getJson(k, ['daemon', 'blue']);
      return d.status.desiredNumberScheduled === 0 && (await daemonPods(k, 'app=blue')).length === 0;
    });
  });
});
