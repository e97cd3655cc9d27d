// Issue 6 at scale, in place: 100 simulated nodes, rollingUpdateType InPlaceIfPossible with
// maxUnavailable 10%. Every pod keeps its name and UID and restarts once; a node whose pod is being
// updated in place (InPlaceUpdateReady=False keeps it not Ready) counts as unavailable, so at most 10 at
// once — and the peak must reach 10, or the budget was not exercised.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbedded, type Embedded } from '../support/embedded.js';
import { DS_MAX_UNAVAILABLE, watchDaemonSet } from './daemonset-invariants.js';
import { apply, settled } from './daemonset-support.js';

const NODES = 100;
let k: Embedded;

beforeAll(async () => {
  k = await startEmbedded({ nodes: NODES, timeScale: 0.05, latency: { imagePullMs: 1000, containerStartMs: 500, jitter: 0.5 } });
}, 60_000);

afterAll(async () => {
  await k?.stop();
});

describe('100 nodes, InPlaceIfPossible with maxUnavailable 10%', () => {
  it('updates every pod in place (same names, one restart) with never more than 10 nodes unavailable, and the peak reaches 10', async () => {
    const m = await watchDaemonSet(k.kubeconfigPath, 'inplace', 'app=inplace');
    const ds = (image: string) => ({
      apiVersion: 'apps.kruise.io/v1alpha1',
      kind: 'DaemonSet',
      metadata: { name: 'inplace', namespace: 'default' },
      spec: {
        selector: { matchLabels: { app: 'inplace' } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { rollingUpdateType: 'InPlaceIfPossible', maxUnavailable: '10%' } },
        template: { metadata: { labels: { app: 'inplace' } }, spec: { containers: [{ name: 'c', image }] } },
      },
    });
    try {
      await apply(k, ds('busybox:1'));
      const { pods: before } = await settled(k, 'inplace', 'app=inplace', 40_000);
      expect(before).toHaveLength(NODES);
      m.resetPeaks();
      await apply(k, ds('busybox:2'));
      const { pods } = await settled(k, 'inplace', 'app=inplace', 60_000);
      expect(pods.map((p) => [p.node, p.name, p.uid, p.image, p.restarts])).toEqual(before.map((p) => [p.node, p.name, p.uid, 'busybox:2', 1]));
      expect(m.report()).toEqual([]);
      expect(m.peak(DS_MAX_UNAVAILABLE)).toBe(10);
    } finally {
      m.stop();
    }
  }, 120_000);
});
