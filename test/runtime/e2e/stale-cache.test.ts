// A lagging cache must never double children: while the watch of ConfigMaps is held back, the Echo's
// own status event wakes its actor, which must wait for its creates to be observed instead of
// planning them again.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startController } from '../../../src/runtime/controller-host.js';
import { createLogger } from '../../../src/runtime/logger.js';
import { startFakeApiServer, type FakeApiServer } from '../support/fake-apiserver.js';
import { definitions, echo, INDEX_LABEL } from '../support/echo-workload.js';
import { waitFor } from '../support/wait.js';

describe('expectations against a lagging cache', () => {
  let server: FakeApiServer;
  beforeEach(async () => {
    server = await startFakeApiServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  const children = () => [...server.objects.entries()].filter(([k]) => k.startsWith('/api/v1/configmaps|')).map(([, o]) => o);

  it('creates each child once although the cache sees the creates only 1 s later', async () => {
    const ctl = await startController({ kubeconfig: server.kubeconfigPath, definitions, metricsBindAddress: '0', healthProbeBindAddress: '0', logger: createLogger('silent'), qps: 0 });
    try {
      await ctl.synced;
      server.hold('/api/v1/configmaps');
      const e = server.put(echo('lag', { replicas: 3 }) as never, 'echoes');
      await waitFor(() => children().length >= 3, 5000, 'three creates');
      // The status write's event reaches the actor meanwhile; give it time to (wrongly) plan again.
      await waitFor(() => (server.objects.get('/apis/test.kactor.io/v1/echoes|default/lag') as any)?.status !== undefined, 5000, 'status write');
      await new Promise((r) => setTimeout(r, 1000));
      expect(children()).toHaveLength(3);
      expect(ctl.stats().expectations).toBe(1);
      server.release('/api/v1/configmaps');
      await waitFor(() => ctl.stats().expectations === 0, 5000, 'expectations observed');
      server.put({ ...structuredClone(server.objects.get('/apis/test.kactor.io/v1/echoes|default/lag') as any), spec: { replicas: 4 } }, 'echoes');
      await waitFor(() => children().length === 4, 5000, 'scale to 4');
      await new Promise((r) => setTimeout(r, 300));
      const idx = children().map((c) => c.metadata.labels[INDEX_LABEL]).sort();
      expect(idx).toEqual(['0', '1', '2', '3']);
      void e;
    } finally {
      await ctl.stop();
    }
  });
});
