// Acceptance: a client-node 1.4 informer lists, watches, survives a server-side watch close, relists
// after 410 Expired, and sees every change once and in order.
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../src/cluster/apiserver/storage/memory.js';
import { ResourceVersionTooOldError, type StoreEvent, type StoreWatch } from '../../src/cluster/apiserver/storage/types.js';
import { startTestCluster, type TestCluster } from '../support/cluster.js';

/** A store whose next watch fails as if its history had been compacted. */
class ExpiringStorage extends MemoryStorage {
  expireNextWatch = false;
  override watch(resource: string, sinceRv: number, sink: (ev: StoreEvent) => void): StoreWatch {
    if (this.expireNextWatch && sinceRv > 0) {
      this.expireNextWatch = false;
      throw new ResourceVersionTooOldError(sinceRv, this.currentRv);
    }
    return super.watch(resource, sinceRv, sink);
  }
}

let c: TestCluster;
let storage: ExpiringStorage;
let core: k8s.CoreV1Api;
let kc: k8s.KubeConfig;

beforeAll(async () => {
  storage = new ExpiringStorage();
  c = await startTestCluster({ installKruiseCrds: false, storage });
  kc = new k8s.KubeConfig();
  kc.loadFromFile(c.kubeconfigPath);
  core = kc.makeApiClient(k8s.CoreV1Api);
});
afterAll(async () => {
  await c?.stop();
});

async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('client-node informer against the embedded server', () => {
  it('lists, watches, survives a watch close, relists after 410, and sees each change once and in order', async () => {
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'pre' }, data: { v: '0' } } });
    let lists = 0;
    const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/configmaps', () => {
      lists++;
      return core.listNamespacedConfigMap({ namespace: 'default' });
    });
    const seen: string[] = [];
    // Every namespace also holds the kube-root-ca.crt ConfigMap (as kube-controller-manager publishes it): not this test's.
    const record = (type: string) => (obj: k8s.V1ConfigMap) => {
      if (obj.metadata!.name !== 'kube-root-ca.crt') seen.push(`${type} ${obj.metadata!.name} ${obj.metadata!.resourceVersion}`);
    };
    informer.on('add', record('add'));
    informer.on('update', record('update'));
    informer.on('delete', record('delete'));
    const errors: unknown[] = [];
    informer.on('error', (err) => errors.push(err));
    await informer.start();
    try {
      expect(lists).toBe(1);
      await until(() => seen.length === 1, 'the listed object');

      const expected: string[] = [seen[0]!];
      const write = async (type: string, fn: () => Promise<k8s.V1ConfigMap>) => {
        const obj = await fn();
        expected.push(`${type} ${obj.metadata!.name} ${obj.metadata!.resourceVersion}`);
      };
      for (let i = 0; i < 5; i++) await write('add', () => core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: `cm-${i}` }, data: { v: '1' } } }));
      await until(() => seen.length === expected.length, 'five adds');

      expect(c.server.closeWatches()).toBeGreaterThan(0);
      for (let i = 0; i < 5; i++) await write('update', () => core.patchNamespacedConfigMap({ namespace: 'default', name: `cm-${i}`, body: { data: { v: '2' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch)));
      await write('delete', async () => {
        const before = await core.readNamespacedConfigMap({ namespace: 'default', name: 'pre' });
        await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'pre' });
        return before;
      });
      await until(() => seen.length === expected.length, 'updates after the watch close');
      expect(lists).toBe(1);
      // A delete is reported with the object's last known state.
      expect(seen.slice(0, -1)).toEqual(expected.slice(0, -1));
      expect(seen.at(-1)).toMatch(/^delete pre /);

      storage.expireNextWatch = true;
      c.server.closeWatches();
      await until(() => lists === 2, 'a relist after 410');
      await write('update', () => core.patchNamespacedConfigMap({ namespace: 'default', name: 'cm-0', body: { data: { v: '3' } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch)));
      await until(() => seen.length === expected.length, 'the change after the relist');
      expect(seen.at(-1)).toBe(expected.at(-1));
      const rvs = seen.map((s) => Number(s.split(' ')[2]));
      expect(new Set(seen).size).toBe(seen.length);
      expect(rvs.slice(0, -1).every((rv, i) => i === 0 || rv > rvs[i - 1]! || seen[i]!.startsWith('delete'))).toBe(true);
      expect(errors).toEqual([]);
      expect(informer.list('default').map((o) => o.metadata!.name).filter((n) => n !== 'kube-root-ca.crt').sort()).toEqual(['cm-0', 'cm-1', 'cm-2', 'cm-3', 'cm-4']);
    } finally {
      await informer.stop();
    }
  });
});
