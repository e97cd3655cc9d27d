import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKubeConfig } from '../../../src/runtime/client/kubeconfig.js';
import { RestClient } from '../../../src/runtime/client/rest-client.js';
import type { InformerEvent } from '../../../src/runtime/informer/informer.js';
import type { ResourceType } from '../../../src/runtime/workload-definition.js';
import { SharedInformers } from '../../../src/cluster/nodes/shared-informers.js';
import { startFakeApiServer, type FakeApiServer } from '../../runtime/support/fake-apiserver.js';
import { waitFor } from '../../runtime/support/wait.js';

const configMaps: ResourceType = { apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true };
const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { a: '1' } });
const seen = (events: InformerEvent[]) => events.map((e) => `${e.type} ${e.object.metadata?.name}`);

describe('SharedInformers (the simulated cluster reads each kind through one watch, metadata-only where that is all it needs)', () => {
  let server: FakeApiServer;
  let client: RestClient;
  let informers: SharedInformers;
  beforeEach(async () => {
    server = await startFakeApiServer();
    client = await RestClient.fromKubeConfig(loadKubeConfig(server.kubeconfigPath));
    informers = new SharedInformers(client, { backoffInitialMs: 20 });
  });
  afterEach(async () => {
    await informers.stop();
    client.close();
    await server.stop();
  });

  it('serves two subscribers of one kind from one watch; the later one first gets the cache as ADDED, then both get every change once', async () => {
    server.put(cm('before'), 'configmaps');
    const first: InformerEvent[] = [];
    const second: InformerEvent[] = [];
    const a = informers.subscribe(configMaps, (e) => first.push(e));
    await a.synced;
    server.put(cm('between'), 'configmaps');
    await waitFor(() => first.length === 2, 5000, 'the first subscriber sees "between"');
    const b = informers.subscribe(configMaps, (e) => second.push(e));
    expect(b).toBe(a);
    expect(seen(second).sort()).toEqual(['ADDED before', 'ADDED between']);
    server.put(cm('after'), 'configmaps');
    await waitFor(() => second.length === 3 && first.length === 3, 5000, 'both see "after"');
    expect(seen(first)).toEqual(['ADDED before', 'ADDED between', 'ADDED after']);
    expect(seen(second).at(-1)).toBe('ADDED after');
    expect(server.openWatches()).toBe(1);
    expect(informers.watches(configMaps)).toBe(1);
  });

  it('joins a full watch already open, and opens its own (metadata) watch when none is', async () => {
    const full = informers.subscribe(configMaps, () => {});
    const meta = informers.subscribe(configMaps, () => {}, { metadataOnly: true });
    expect(meta).toBe(full);
    expect(informers.watches(configMaps)).toBe(1);
    const secrets: ResourceType = { apiVersion: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true };
    const metaOnly = informers.subscribe(secrets, () => {}, { metadataOnly: true });
    const second = informers.subscribe(secrets, () => {}, { metadataOnly: true });
    expect(second).toBe(metaOnly);
    const fullAfter = informers.subscribe(secrets, () => {});
    expect(fullAfter).not.toBe(metaOnly); // a full reader cannot use a metadata-only cache
    expect(informers.watches(secrets)).toBe(2);
    await Promise.all([full.synced, metaOnly.synced, fullAfter.synced]);
  });
});
