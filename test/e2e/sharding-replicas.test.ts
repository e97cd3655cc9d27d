// Issue 9, acceptance 1 and 3: three `kactor run --shard-mode leases` processes against one embedded
// cluster (zero-latency simulated nodes) with 300 StatefulSets. Each replica owns about a third (from
// /metrics); the turn logs of all replicas (the ownership monitor) never show one key in two
// replicas' turns at overlapping times; SIGKILL of one mid-rollout → everything converges within
// lease duration + 10 s; a 4th replica joins → rebalance through the drain handshake, still no
// overlap. Lease timing is shortened by flags (3 s / 2 s / 0.5 s); production defaults stay 15/10/2.
// Every (verb, resource, subresource) the replicas issued is checked against deploy/controller.yaml.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/cluster/nodes/index.js';
import { workloadAdmissionHooks } from '../../src/cli/admission.js';
import { loadKubeConfig } from '../../src/runtime/client/kubeconfig.js';
import { RestClient } from '../../src/runtime/client/rest-client.js';
import { startTestCluster, type TestCluster } from '../support/cluster.js';
import { clusterRoleAllows, loadClusterRole } from '../sharding/rbac.js';
import { ASTS, NAMESPACES, PODS, apiCalls, converged, createAll, metricSum, overlaps, scrape, startReplica, statefulSet, waitUntil, type Replica } from './sharding-support.js';

const SETS = 300;
const NS = ['team-a', 'team-b', 'team-c'];
const LEASE_MS = 3000;
const FLAGS = ['--shard-mode', 'leases', '--lease-duration', '3s', '--renew-deadline', '2s', '--retry-period', '500ms', '--qps', '0', '--leader-election-namespace', 'default'];

let cluster: TestCluster;
let sim: SimulatorHandle;
let client: RestClient;
const replicas: Replica[] = [];
const report: Record<string, unknown> = {};

async function listSets(): Promise<any[]> {
  return (await client.list(ASTS)).items;
}

beforeAll(async () => {
  cluster = await startTestCluster({ port: 0, admission: workloadAdmissionHooks() });
  sim = await startSimulator({ kubeconfigPath: cluster.kubeconfigPath, nodes: 8, latency: 'zero', timeScale: 1, seed: 7 });
  client = await RestClient.fromKubeConfig(loadKubeConfig(cluster.kubeconfigPath));
  for (const ns of NS) await client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
}, 60_000);

afterAll(async () => {
  for (const r of replicas) r.child.kill('SIGKILL');
  await Promise.all(replicas.map((r) => r.exited));
  console.log('sharding e2e report', JSON.stringify(report));
  if (process.env.KACTOR_DEBUG) for (const r of replicas) console.log(r.id, r.turns.length, r.lines.join('\n'), r.stderr);
  client?.close();
  await sim?.stop();
  await cluster?.stop();
}, 30_000);

describe('three sharded kactor run replicas', () => {
  it('split 300 StatefulSets about evenly, never reconcile one key in two replicas at once, survive a SIGKILL mid-rollout and rebalance onto a 4th', async () => {
    for (const id of ['kactor-0', 'kactor-1', 'kactor-2']) replicas.push(startReplica(id, cluster.kubeconfigPath, FLAGS));
    await Promise.all(replicas.map((r) => waitUntil(`${r.id} metrics address (${r.stderr})`, async () => (await Promise.race([r.metricsUrl, new Promise((res) => setTimeout(res, 100))])) ?? false, 60_000, 50)));
    await createAll(client, ASTS, Array.from({ length: SETS }, (_, i) => statefulSet(NS[i % 3]!, `web-${i}`, 1 + (i % 2))));
    const t0 = Date.now();
    let sample: unknown;
    await waitUntil('300 sets ready', async () => {
      const sets = await listSets();
      const waiting = sets.filter((x) => !converged(x));
      sample = { sets: sets.length, waiting: waiting.length, first: waiting[0] && { name: waiting[0].metadata.name, ns: waiting[0].metadata.namespace, status: waiting[0].status } };
      return sets.length === SETS && waiting.length === 0;
    }, 90_000, 500).catch((e) => {
      throw new Error(`${(e as Error).message} ${JSON.stringify(sample)}\n${replicas.map((r) => `${r.id}: ${r.lines.slice(-5).join('\n')}`).join('\n')}`);
    });
    report.initialConvergeMs = Date.now() - t0;

    // Balance: owned workloads and reconciles per replica, from /metrics.
    const texts = await Promise.all(replicas.map(scrape));
    const owned = texts.map((t) => metricSum(t, 'kactor_shard_owned_workloads', { controller: 'statefulset-controller' }));
    const recs = texts.map((t) => metricSum(t, 'kactor_reconciles_total', { controller: 'statefulset-controller' }));
    report.ownedPerReplica = owned;
    report.reconcilesPerReplica = recs;
    expect(owned.reduce((a, b) => a + b, 0)).toBe(SETS);
    for (const n of owned) expect(n / SETS).toBeGreaterThan(0.22);
    // Turn counts follow pod events and who was up first, so only "each did a real share" is asserted.
    for (const n of recs) expect(n / recs.reduce((a, b) => a + b, 0)).toBeGreaterThan(0.1);

    // Rollout of every set (new image), SIGKILL one replica mid-rollout.
    const sets = await listSets();
    await Promise.all(sets.map((s) => client.patch(ASTS, s.metadata.namespace, s.metadata.name, 'merge', { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:2' }] } } } })));
    await new Promise((r) => setTimeout(r, 300));
    const victim = replicas[2]!;
    victim.child.kill('SIGKILL');
    const killedAt = Date.now();
    await victim.exited;
    await waitUntil('every set rolled out after the kill', async () => (await listSets()).every((s) => converged(s) && s.metadata.generation === 2), LEASE_MS + 10_000 + 5000, 250);
    report.convergeAfterKillMs = Date.now() - killedAt;
    expect(Date.now() - killedAt).toBeLessThanOrEqual(LEASE_MS + 10_000);
    await expectPodsIntact();

    // A 4th replica joins: rebalance through the handshake.
    const joiner = startReplica('kactor-3', cluster.kubeconfigPath, FLAGS);
    replicas.push(joiner);
    const live = replicas.filter((r) => r !== victim);
    const joinedAt = Date.now();
    await waitUntil('the joiner serves its share', async () => {
      const t = await scrape(joiner).catch(() => '');
      return metricSum(t, 'kactor_shard_serving') === 1 && metricSum(t, 'kactor_shard_members') === 3 && metricSum(t, 'kactor_shard_owned_workloads') > 0;
    }, 60_000, 200);
    report.joinHandoverMs = Date.now() - joinedAt;
    await Promise.all(live.map((r) => waitUntil(`${r.id} serving 3 members`, async () => {
      const t = await scrape(r);
      return metricSum(t, 'kactor_shard_serving') === 1 && metricSum(t, 'kactor_shard_members') === 3;
    }, 20_000)));
    // Scale every set to 2 (8 nodes × 110 pods hold it) so every replica has work after the rebalance.
    await Promise.all((await listSets()).map((s) => client.patch(ASTS, s.metadata.namespace, s.metadata.name, 'merge', { spec: { replicas: 2 } })));
    await waitUntil('every set scaled to 2', async () => (await listSets()).every((s) => converged(s) && s.status.readyReplicas === 2), 60_000, 250);
    await expectPodsIntact();
    const finalTexts = await Promise.all(live.map(scrape));
    report.ownedAfterJoin = finalTexts.map((t) => metricSum(t, 'kactor_shard_owned_workloads', { controller: 'statefulset-controller' }));
    report.handoverSeconds = finalTexts.map((t) => ({
      acquire: metricSum(t, 'kactor_shard_handover_seconds_sum', { step: 'acquire' }) / Math.max(1, metricSum(t, 'kactor_shard_handover_seconds_count', { step: 'acquire' })),
      release: metricSum(t, 'kactor_shard_handover_seconds_sum', { step: 'release' }) / Math.max(1, metricSum(t, 'kactor_shard_handover_seconds_count', { step: 'release' })),
    }));
    expect((report.ownedAfterJoin as number[]).reduce((a, b) => a + b, 0)).toBe(SETS);
    expect(metricSum(finalTexts[2]!, 'kactor_reconciles_total')).toBeGreaterThan(0);

    // The ownership monitor: no key in two replicas' turns at overlapping times.
    const turns = replicas.flatMap((r) => r.turns);
    report.turnsLogged = turns.length;
    expect(turns.length).toBeGreaterThan(SETS);
    expect(overlaps(turns)).toEqual([]);

    // RBAC: everything the replicas did is granted by deploy/controller.yaml.
    const calls = new Set(finalTexts.flatMap((t) => [...apiCalls(t)]));
    report.apiCalls = [...calls].sort();
    const role = loadClusterRole();
    expect([...calls].filter((c) => !clusterRoleAllows(role, c))).toEqual([]);
  }, 200_000);
});

async function expectPodsIntact(): Promise<void> {
  const sets = await listSets();
  const pods = (await client.list(PODS)).items as any[];
  for (const s of sets) {
    const mine = pods.filter((p) => p.metadata.namespace === s.metadata.namespace && p.metadata.ownerReferences?.some((o: any) => o.uid === s.metadata.uid));
    const names = mine.map((p) => p.metadata.name).sort();
    const want = Array.from({ length: s.spec.replicas }, (_, i) => `${s.metadata.name}-${i}`).sort();
    expect(names).toEqual(want);
  }
}
