import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/api/clock.js';
import { loadKubeConfig } from '../../src/runtime/client/kubeconfig.js';
import { RestClient } from '../../src/runtime/client/rest-client.js';
import { EventRecorder } from '../../src/runtime/event-recorder.js';
import { startFakeApiServer, type FakeApiServer } from './support/fake-apiserver.js';

const ref = { apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', namespace: 'default', name: 'web', uid: 'u1' };

describe('EventRecorder', () => {
  let server: FakeApiServer;
  let client: RestClient;
  beforeEach(async () => {
    server = await startFakeApiServer();
    client = await RestClient.fromKubeConfig(loadKubeConfig(server.kubeconfigPath));
  });
  afterEach(async () => {
    client.close();
    await server.stop();
  });

  const events = () => [...server.objects.values()].filter((o) => o.kind === 'Event') as any[];

  it('aggregates repeats of one (object, reason, message) into one Event with count and lastTimestamp', async () => {
    const clock = new FakeClock();
    const rec = new EventRecorder(client, { component: 'kactor-sts', clock });
    rec.record(ref, 'Normal', 'SuccessfulCreate', 'create Pod web-0 in StatefulSet web successful');
    clock.advance(5000);
    rec.record(ref, 'Normal', 'SuccessfulCreate', 'create Pod web-0 in StatefulSet web successful');
    clock.advance(5000);
    rec.record(ref, 'Normal', 'SuccessfulCreate', 'create Pod web-0 in StatefulSet web successful');
    rec.record(ref, 'Normal', 'SuccessfulCreate', 'create Pod web-1 in StatefulSet web successful');
    await new Promise((r) => setTimeout(r, 50));
    await rec.flush();
    const all = events().sort((a, b) => a.message.localeCompare(b.message));
    expect(all).toHaveLength(2);
    expect(all[0]).toMatchObject({
      count: 3,
      reason: 'SuccessfulCreate',
      source: { component: 'kactor-sts' },
      involvedObject: { kind: 'StatefulSet', name: 'web', uid: 'u1' },
      firstTimestamp: '2026-01-01T00:00:00Z',
      lastTimestamp: '2026-01-01T00:00:10Z',
    });
    expect(all[1].count).toBe(1);
  });

  it('drops events beyond the per-object burst and never blocks the caller', async () => {
    const clock = new FakeClock();
    const rec = new EventRecorder(client, { component: 'c', clock, perObject: { burst: 5, qps: 1 / 300 } });
    const t0 = performance.now();
    for (let i = 0; i < 50; i++) rec.record(ref, 'Warning', 'FailedCreate', `attempt ${i}`);
    expect(performance.now() - t0).toBeLessThan(50);
    await new Promise((r) => setTimeout(r, 50));
    await rec.flush();
    expect(events()).toHaveLength(5);
    expect(rec.stats.dropped).toBe(45);
  });
});
