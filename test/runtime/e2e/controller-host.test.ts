// End to end against the embedded API server: the Echo test workload reconciled by the controller
// host, a restart midway leaving no duplicates, a 409 on the status write leading to a re-plan, and
// the probe/metrics endpoints.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/index.js';
import { loadKubeConfig } from '../../../src/runtime/client/kubeconfig.js';
import { RestClient } from '../../../src/runtime/client/rest-client.js';
import { startController, type Controller } from '../../../src/runtime/controller-host.js';
import { createLogger } from '../../../src/runtime/logger.js';
import type { ResourceType } from '../../../src/runtime/workload-definition.js';
import { startTestCluster, type TestCluster } from '../../support/cluster.js';
import { CONFIGMAPS, ECHO_CRD, ECHOES, INDEX_LABEL, OWNER_LABEL, definitions, echo } from '../support/echo-workload.js';
import { waitFor } from '../support/wait.js';

const CRDS: ResourceType = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', namespaced: false };
const silent = createLogger('silent');

let statusConflicts = 0;
let cluster: TestCluster;
let client: RestClient;

beforeAll(async () => {
  cluster = await startTestCluster({
    installKruiseCrds: false,
    // The first status write of the Echo named "conflicted" is answered 409, as a concurrent writer would
    // cause (the API server's test-only fault injection; admission does not see /status writes).
    faults: {
      conflictRate: 1,
      match: (req) => {
        if (req.method !== 'PUT' && req.method !== 'PATCH') return false;
        if (!req.path.includes('/echoes/conflicted/status')) return false;
        return statusConflicts++ === 0;
      },
    },
  });
  client = await RestClient.fromKubeConfig(loadKubeConfig(cluster.kubeconfigPath));
  await client.create(CRDS, ECHO_CRD);
  await waitFor(async () => {
    try {
      await client.list(ECHOES, { namespace: 'default' });
      return true;
    } catch {
      return false;
    }
  }, 10_000, 'Echo CRD served');
}, 30_000);

afterAll(async () => {
  client?.close();
  await cluster?.stop();
});

async function children(echoName?: string): Promise<KubeObject[]> {
  const l = await client.list(CONFIGMAPS, { namespace: 'default', labelSelector: echoName ? `${OWNER_LABEL}=${echoName}` : OWNER_LABEL });
  return l.items;
}

/** Invariant: no Echo ever has two live children with the same index. */
function assertNoDuplicates(items: KubeObject[]): void {
  const seen = new Set<string>();
  for (const c of items) {
    if (c.metadata?.deletionTimestamp) continue;
    const k = `${c.metadata?.labels?.[OWNER_LABEL]}/${c.metadata?.labels?.[INDEX_LABEL]}`;
    expect(seen.has(k), `duplicate child ${k}`).toBe(false);
    seen.add(k);
  }
}

function start(extra: Partial<Parameters<typeof startController>[0]> = {}): Promise<Controller> {
  return startController({
    kubeconfig: cluster.kubeconfigPath,
    definitions,
    metricsBindAddress: '0',
    healthProbeBindAddress: '0',
    logger: silent,
    qps: 0,
    ...extra,
  });
}

async function deleteAllEchoes(): Promise<void> {
  for (const e of (await client.list(ECHOES, { namespace: 'default' })).items) await client.delete(ECHOES, 'default', e.metadata!.name!);
  for (const c of await children()) await client.delete(CONFIGMAPS, 'default', c.metadata!.name!);
}

describe('controller host against the embedded API server', () => {
  it('reconciles Echoes end to end: creates, patches and deletes children, writes status, records events', async () => {
    const ctl = await start({ metricsBindAddress: ':0', healthProbeBindAddress: ':0' });
    try {
      await ctl.synced;
      const ready = await fetch(`${ctl.probeUrl}/readyz`);
      expect(ready.status).toBe(200);
      for (let i = 0; i < 5; i++) await client.create(ECHOES, echo(`e${i}`, { replicas: 3, data: { v: '1' } }));
      await waitFor(async () => (await children()).length === 15, 10_000, '15 children');
      await waitFor(async () => {
        const es = (await client.list(ECHOES, { namespace: 'default' })).items;
        return es.every((e) => (e.status as { replicas?: number } | undefined)?.replicas === 3);
      }, 10_000, 'status.replicas = 3');

      const e0 = await client.get(ECHOES, 'default', 'e0');
      await client.update(ECHOES, { ...e0, spec: { replicas: 1, data: { v: '2' } } });
      await waitFor(async () => {
        const c = (await children('e0')).filter((x) => !x.metadata?.deletionTimestamp);
        return c.length === 1 && (c[0] as { data?: Record<string, string> }).data?.v === '2';
      }, 10_000, 'e0 scaled down to one patched child');
      assertNoDuplicates(await children());

      const events = (await client.list({ apiVersion: 'v1', kind: 'Event', plural: 'events', namespaced: true }, { namespace: 'default' })).items as any[];
      const created = events.filter((e) => e.reason === 'SuccessfulCreate');
      expect(created.length).toBeGreaterThan(0);
      expect(created[0].source.component).toBe('echo-controller');
      expect(events.some((e) => e.reason === 'SuccessfulDelete')).toBe(true);

      const metrics = await (await fetch(`${ctl.metricsUrl}/metrics`)).text();
      expect(metrics).toMatch(/controller_runtime_reconcile_total\{controller="echo-controller",result="success"\} [1-9]/);
      expect(metrics).toMatch(/kactor_api_requests_total\{verb="create",code="201"\} [1-9]/);
      for (const name of ['workqueue_queue_duration_seconds_bucket', 'workqueue_depth', 'workqueue_adds_total', 'workqueue_retries_total', 'controller_runtime_reconcile_time_seconds_bucket',
        'kactor_mailbox_depth', 'kactor_actors{shard="0"}', 'kactor_worker_task_seconds_bucket', 'kactor_write_queue_wait_seconds_bucket', 'kactor_informer_reconnects_total']) {
        expect(metrics).toContain(name);
      }
    } finally {
      await ctl.stop();
      await deleteAllEchoes();
    }
  });

  it('a controller restart midway leaves no duplicate children', async () => {
    // Slow writes (10 qps) so the first controller is stopped with work left to do.
    const a = await start({ qps: 10, burst: 10 });
    await a.synced;
    for (let i = 0; i < 8; i++) await client.create(ECHOES, echo(`r${i}`, { replicas: 5, data: { v: 'x' } }));
    await waitFor(async () => (await children()).length >= 12, 10_000, 'first children');
    await a.stop(2000);
    const midway = (await children()).length;
    expect(midway).toBeLessThan(40);
    assertNoDuplicates(await children());

    const b = await start();
    try {
      await waitFor(async () => (await children()).length >= 40, 15_000, 'all 40 children');
      await new Promise((r) => setTimeout(r, 300)); // let any duplicate creation land
      const all = await children();
      assertNoDuplicates(all);
      expect(all.length).toBe(40);
    } finally {
      await b.stop();
      await deleteAllEchoes();
    }
  });

  it('a 409 on the status write ends the turn and the actor re-plans until the status lands', async () => {
    const ctl = await start();
    try {
      await client.create(ECHOES, echo('conflicted', { replicas: 1 }));
      await waitFor(async () => ((await client.get(ECHOES, 'default', 'conflicted')).status as { replicas?: number } | undefined)?.replicas === 1, 10_000, 'status after a conflict');
      expect(statusConflicts).toBeGreaterThanOrEqual(2);
      expect(ctl.stats().retries).toBeGreaterThanOrEqual(1);
    } finally {
      await ctl.stop();
      await deleteAllEchoes();
    }
  });

  for (const snapshotTransport of ['resident', 'json'] as const) {
    it(`plans on a worker thread with --workers 1, snapshots ${snapshotTransport === 'json' ? 'shipped as JSON per turn' : 'mirrored resident in the worker'}`, async () => {
      const ctl = await start({ workers: 1, snapshotTransport, definitions: undefined, definitionsModule: new URL('../support/echo-workload.ts', import.meta.url) });
      try {
        for (let i = 0; i < 3; i++) await client.create(ECHOES, echo(`w${i}`, { replicas: 2, data: { v: 'w' } }));
        await waitFor(async () => (await children()).length === 6, 15_000, '6 children planned on a worker');
        await waitFor(async () => ((await client.get(ECHOES, 'default', 'w2')).status as { replicas?: number } | undefined)?.replicas === 2, 10_000, 'status from the worker plan');
        const w0 = await client.get(ECHOES, 'default', 'w0');
        await client.update(ECHOES, { ...w0, spec: { replicas: 1, data: { v: 'changed' } } });
        await waitFor(async () => {
          const c = (await children('w0')).filter((x) => !x.metadata?.deletionTimestamp);
          return c.length === 1 && (c[0] as { data?: Record<string, string> }).data?.v === 'changed';
        }, 10_000, 'w0 scaled down and patched from the worker');
        assertNoDuplicates(await children());
      } finally {
        await ctl.stop();
        await deleteAllEchoes();
      }
    });
  }

  it('with leader election only the Lease holder reconciles; a successor takes over when it stops', async () => {
    const le = (identity: string) => ({ identity, namespace: 'default', name: 'echo-test', leaseDurationMs: 1500, renewDeadlineMs: 1000, retryPeriodMs: 200 });
    const a = await start({ leaderElection: le('a') });
    await waitFor(() => a.isLeader(), 5000, 'a leads');
    const b = await start({ leaderElection: le('b') });
    try {
      await client.create(ECHOES, echo('le1', { replicas: 2 }));
      await waitFor(async () => (await children('le1')).length === 2, 10_000, 'children by the leader');
      expect(b.isLeader()).toBe(false);
      expect(b.stats().turns).toBe(0);
      await a.stop();
      await waitFor(() => b.isLeader(), 5000, 'b takes over');
      await client.create(ECHOES, echo('le2', { replicas: 2 }));
      await waitFor(async () => (await children('le2')).length === 2, 10_000, 'children by the successor');
      assertNoDuplicates(await children());
    } finally {
      await a.stop();
      await b.stop();
      await deleteAllEchoes();
    }
  });
});
