import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKubeConfig } from '../../../src/runtime/client/kubeconfig.js';
import { RestClient } from '../../../src/runtime/client/rest-client.js';
import { Informer, type InformerEvent } from '../../../src/runtime/informer/informer.js';
import { INDEX_CONTROLLER_UID, INDEX_NAMESPACE } from '../../../src/runtime/informer/store.js';
import type { ResourceType } from '../../../src/runtime/workload-definition.js';
import { startFakeApiServer, type FakeApiServer } from '../support/fake-apiserver.js';
import { waitFor } from '../support/wait.js';

const configMaps: ResourceType = { apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true };
const cm = (name: string, ns = 'default', ownerUid?: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, namespace: ns, ...(ownerUid ? { ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'o', uid: ownerUid, controller: true }] } : {}) },
  data: { a: '1' },
});

describe('Informer', () => {
  let server: FakeApiServer;
  let client: RestClient;
  let informer: Informer | undefined;
  const events: InformerEvent[] = [];

  beforeEach(async () => {
    server = await startFakeApiServer();
    client = await RestClient.fromKubeConfig(loadKubeConfig(server.kubeconfigPath));
    events.length = 0;
  });
  afterEach(async () => {
    await informer?.stop();
    client.close();
    await server.stop();
  });

  function start(opts: ConstructorParameters<typeof Informer>[2] = {}) {
    informer = new Informer(client, configMaps, { backoffInitialMs: 20, ...opts });
    informer.on((e) => events.push(e));
    informer.start();
    return informer;
  }

  it('delivers the initial list as source "list", syncs, and indexes by namespace and controller uid', async () => {
    server.put(cm('a'), 'configmaps');
    server.put(cm('b', 'other', 'owner-1'), 'configmaps');
    const inf = start();
    await inf.synced;
    expect(events.map((e) => [e.type, e.object.metadata?.name, e.source])).toEqual([
      ['ADDED', 'a', 'list'],
      ['ADDED', 'b', 'list'],
    ]);
    expect(inf.store.byIndex(INDEX_NAMESPACE, 'other').map((o) => o.metadata?.name)).toEqual(['b']);
    expect(inf.store.byIndex(INDEX_CONTROLLER_UID, 'owner-1').map((o) => o.metadata?.name)).toEqual(['b']);
    expect(inf.store.get('default/a')?.kind).toBe('ConfigMap');
  });

  it('stops at once when stopped during its first list, and opens no watch', async () => {
    server.put(cm('a'), 'configmaps');
    const inf = start();
    const t0 = performance.now();
    await inf.stop();
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(inf.state).toBe('Stopped');
    expect(server.openWatches()).toBe(0);
  });

  it('applies watch events to the store before telling handlers', async () => {
    const inf = start();
    await inf.synced;
    await waitFor(() => server.openWatches() === 1);
    const seen: Array<string | undefined> = [];
    inf.on((e) => seen.push(inf.store.get('default/x')?.metadata?.resourceVersion));
    const put = server.put(cm('x'), 'configmaps');
    await waitFor(() => seen.length === 1);
    expect(seen[0]).toBe(put.metadata.resourceVersion);
    server.remove('/api/v1/configmaps|default/x');
    await waitFor(() => events.some((e) => e.type === 'DELETED'));
    expect(inf.store.get('default/x')).toBeUndefined();
  });

  it('re-watches from the last resourceVersion after the server drops the socket, missing nothing', async () => {
    const inf = start();
    await inf.synced;
    await waitFor(() => server.openWatches() === 1);
    server.put(cm('before'), 'configmaps');
    await waitFor(() => inf.store.size === 1);
    server.dropWatches();
    server.put(cm('during'), 'configmaps'); // nobody watching: must come with the re-watch
    await waitFor(() => inf.store.size === 2, 5000, 'event written while disconnected');
    expect(inf.stats.reconnects).toBeGreaterThanOrEqual(1);
    expect(inf.stats.lists).toBe(1);
    server.put(cm('after'), 'configmaps');
    await waitFor(() => inf.store.size === 3);
  });

  it('keeps going after 500s on watch and list (client-node would stop)', async () => {
    server.failNext('WATCH', 500, 3);
    const inf = start();
    await inf.synced;
    await waitFor(() => server.openWatches() === 1, 5000, 'a watch after three 500s');
    expect(inf.stats.reconnects).toBe(3);
    expect(inf.state).toBe('Watching');
  });

  it('relists after 410 Gone and reports objects deleted in the gap as DELETED', async () => {
    server.put(cm('stays'), 'configmaps');
    server.put(cm('goes'), 'configmaps');
    const inf = start();
    await inf.synced;
    await waitFor(() => server.openWatches() === 1);
    server.silence(true);
    server.remove('/api/v1/configmaps|default/goes');
    server.silence(false);
    server.expireWatches();
    await waitFor(() => inf.stats.lists === 2, 5000, 'relist');
    expect(inf.store.get('default/goes')).toBeUndefined();
    const deleted = events.find((e) => e.type === 'DELETED');
    expect(deleted?.source).toBe('relist');
    expect(deleted?.object.metadata?.name).toBe('goes');
  });

  it('aborts a silent watch through the watchdog and catches up', async () => {
    const inf = start({ watchdogMs: 300 });
    await inf.synced;
    await waitFor(() => server.openWatches() === 1);
    server.silence(true);
    server.put(cm('unseen'), 'configmaps');
    server.silence(false);
    await waitFor(() => inf.store.size === 1, 5000, 'watchdog re-watch');
    expect(inf.stats.reconnects).toBeGreaterThanOrEqual(1);
  });
});
