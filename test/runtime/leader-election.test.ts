import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { realClock } from '../../src/api/clock.js';
import { loadKubeConfig } from '../../src/runtime/client/kubeconfig.js';
import { RestClient } from '../../src/runtime/client/rest-client.js';
import { LeaderElector, resolveLeaderElectionOptions } from '../../src/runtime/leader-election.js';
import { RuntimeOptionsError } from '../../src/runtime/errors.js';
import { startFakeApiServer, type FakeApiServer } from './support/fake-apiserver.js';
import { waitFor } from './support/wait.js';

const fast = { leaseDurationMs: 1000, renewDeadlineMs: 600, retryPeriodMs: 100 };

describe('LeaderElector', () => {
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

  function elector(identity: string, log: string[]) {
    return new LeaderElector(client, realClock, { ...fast, identity }, {
      onStartedLeading: () => log.push(`${identity} leads`),
      onStoppedLeading: () => log.push(`${identity} stopped`),
    });
  }

  it('only one of two candidates leads; the other takes over when the leader releases the lease', async () => {
    const log: string[] = [];
    const a = elector('a', log);
    a.start();
    await waitFor(() => a.isLeader);
    const b = elector('b', log);
    b.start();
    await new Promise((r) => setTimeout(r, 400));
    expect(b.isLeader).toBe(false);
    await a.stop();
    await waitFor(() => b.isLeader, 3000, 'b to take over');
    expect(log).toEqual(['a leads', 'b leads']);
    const lease = [...server.objects.values()].find((o) => o.kind === 'Lease') as any;
    expect(lease.spec.holderIdentity).toBe('b');
    expect(lease.spec.leaseTransitions).toBe(1);
    await b.stop();
  });

  it('a leader that cannot renew for renewDeadline stops leading', async () => {
    const log: string[] = [];
    const a = elector('a', log);
    a.start();
    await waitFor(() => a.isLeader);
    server.failNext('*', 500, 1000);
    await waitFor(() => !a.isLeader, 3000, 'leadership lost');
    expect(log).toEqual(['a leads', 'a stopped']);
    await a.stop();
  });

  it('validates the durations as client-go does', () => {
    expect(() => resolveLeaderElectionOptions({ leaseDurationMs: 5000, renewDeadlineMs: 5000 })).toThrow(RuntimeOptionsError);
    expect(() => resolveLeaderElectionOptions({ renewDeadlineMs: 2000, retryPeriodMs: 2000 })).toThrow('leaderElection.renewDeadlineMs must be greater than retryPeriodMs');
    expect(resolveLeaderElectionOptions({})).toMatchObject({ leaseDurationMs: 15000, renewDeadlineMs: 10000, retryPeriodMs: 2000 });
  });
});
