// Bench scenario `runtime`: the controller host end to end against the embedded API server, with the
// Echo test workload (test/runtime/support/echo-workload.ts).
// - client: our keep-alive node:https transport vs client-node's KubernetesObjectApi (GET, create).
// - snapshot: cost of shipping a 100-pod snapshot as a JSON string vs structured clone vs planning it.
// - turns: N Echoes (no children); a controller starts on a warm server and plans every one: turns/s
//   from caches-synced to the last turn; no-op planner and ~1 ms CPU planner; inline vs workers 1, 2.
// - latency: label patches at a fixed rate; p50/p99 of patch-sent → turn-start and of tell → turn-start.
// Run: `npm run bench -- runtime [--objects 10000] [--cpu-objects 2000] [--rate 500] [--seconds 5]`.
// Writes bench/results/runtime.json. The API server runs in the same process (2 cores shared).
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KubernetesObjectApi } from '@kubernetes/client-node';
import type { KubeObject } from '../src/api/index.js';
import { loadKubeConfig } from '../src/runtime/client/kubeconfig.js';
import { RestClient } from '../src/runtime/client/rest-client.js';
import { startController } from '../src/runtime/controller-host.js';
import { createLogger } from '../src/runtime/logger.js';
import { startTestCluster, type TestCluster } from '../test/support/cluster.js';
import { CONFIGMAPS, ECHO_CRD, ECHOES, burn, echo, echoDefinition, planEcho } from '../test/runtime/support/echo-workload.js';
import { PoolPlannerRunner } from '../src/runtime/pool-planner-runner.js';

const here = dirname(fileURLToPath(import.meta.url));
const ECHO_MODULE = new URL('../test/runtime/support/echo-workload.ts', import.meta.url);
const CRDS = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', namespaced: false };
const silent = createLogger('silent');

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}

function pct(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;

async function pool<T>(items: T[], concurrency: number, fn: (t: T) => Promise<unknown>): Promise<void> {
  let i = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (i < items.length) await fn(items[i++]!);
  }));
}

/** Iterations of `burn` that take about `ms`. */
function calibrate(ms: number): number {
  for (let i = 0; i < 3; i++) burn(1_000_000);
  const t0 = performance.now();
  burn(3_000_000);
  return Math.round((3_000_000 * ms) / (performance.now() - t0));
}

async function benchClient(cluster: TestCluster, n: number) {
  const kc = loadKubeConfig(cluster.kubeconfigPath);
  const ours = await RestClient.fromKubeConfig(kc);
  const theirs = KubernetesObjectApi.makeApiClient(kc);
  const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { a: 'b' } });
  const out: Record<string, unknown> = {};
  for (const [label, create, get] of [
    ['kactor transport', (o: KubeObject) => ours.create(CONFIGMAPS, o), (name: string) => ours.get(CONFIGMAPS, 'default', name)],
    ['client-node KubernetesObjectApi', (o: KubeObject) => theirs.create(o as never), (name: string) => theirs.read({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' } })],
  ] as const) {
    const tag = label.startsWith('kactor') ? 'k' : 'c';
    const names = Array.from({ length: n }, (_, i) => `bench-${tag}-${i}`);
    let t0 = performance.now();
    await pool(names, 32, (nm) => create(cm(nm)));
    const createMs = performance.now() - t0;
    t0 = performance.now();
    await pool(names, 32, (nm) => get(nm));
    const getMs = performance.now() - t0;
    t0 = performance.now();
    for (const nm of names.slice(0, 500)) await get(nm);
    const seqMs = performance.now() - t0;
    out[label] = { createsPerSec: round((n / createMs) * 1000, 0), getsPerSec: round((n / getMs) * 1000, 0), sequentialGetMs: round(seqMs / 500, 3) };
    await pool(names, 32, (nm) => ours.delete(CONFIGMAPS, 'default', nm));
  }
  ours.close();
  return out;
}

async function benchSnapshot() {
  const pods = Array.from({ length: 100 }, (_, i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `web-${i}`, namespace: 'default', uid: `uid-${i}`, resourceVersion: String(1000 + i), labels: { app: 'web', 'controller-revision-hash': 'web-abc' }, ownerReferences: [{ apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', name: 'web', uid: 'u', controller: true }] },
    spec: { nodeName: `node${i % 3}`, containers: [{ name: 'main', image: 'nginx:1.25', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '100m', memory: '64Mi' } } }] },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' }], containerStatuses: [{ name: 'main', ready: true, restartCount: 0, image: 'nginx:1.25', imageID: 'sha256:x' }] },
  }));
  const snapshot = { workload: echo('web', { replicas: 100 }), owned: { ConfigMap: pods }, orphans: {}, nodes: [], pending: [] };
  const bytes = JSON.stringify(snapshot).length;
  const time = (fn: () => unknown, reps = 500) => {
    for (let i = 0; i < 50; i++) fn();
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    return round(((performance.now() - t0) / reps) * 1000, 1);
  };
  // Whole planner calls through the ShardPool (1 worker), sequential: what one turn pays to plan off-thread.
  const runner = await PoolPlannerRunner.create(1, ECHO_MODULE, 'json');
  const empty = { ...snapshot, owned: { ConfigMap: [] } };
  const timeAsync = async (fn: () => Promise<unknown>, reps = 300) => {
    for (let i = 0; i < 30; i++) await fn();
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) await fn();
    return round(((performance.now() - t0) / reps) * 1000, 1);
  };
  const poolPlan100PodsUs = await timeAsync(() => runner.plan('Echo/default/web', echoDefinition, snapshot as never, Date.now()));
  const poolPlanEmptyUs = await timeAsync(() => runner.plan('Echo/default/web', echoDefinition, empty as never, Date.now()));
  await runner.close();
  return {
    snapshotBytes: bytes,
    jsonRoundTripUs: time(() => JSON.parse(JSON.stringify(snapshot))),
    jsonStringifyUs: time(() => JSON.stringify(snapshot)),
    structuredCloneUs: time(() => structuredClone(snapshot)),
    planEchoUs: time(() => planEcho(snapshot as never, Date.now())),
    poolPlan100PodsUs,
    poolPlanEmptyUs,
  };
}

async function createEchoes(client: RestClient, n: number, work: number, ns: string): Promise<void> {
  const names = Array.from({ length: n }, (_, i) => `e-${i}`);
  await pool(names, 64, (nm) => client.create(ECHOES, echo(nm, { replicas: 0, work }, ns)));
}

async function benchTurns(cluster: TestCluster, client: RestClient, n: number, work: number, ns: string, workers: number) {
  // The first controller writes every status once; the measured one then plans N unchanged Echoes.
  const turnsSeen = new Set<string>();
  let lastTurnAt = 0;
  const warm = await startController({ kubeconfig: cluster.kubeconfigPath, definitionsModule: ECHO_MODULE, workers: 0, qps: 0, metricsBindAddress: '0', healthProbeBindAddress: '0', logger: silent, namespace: ns });
  await warm.synced;
  const settle = async (ctl: typeof warm) => {
    for (let last = -1; ; ) {
      await new Promise((r) => setTimeout(r, 300));
      const s = ctl.stats();
      if (s.turns === last && s.queued === 0 && s.running === 0) return;
      last = s.turns;
    }
  };
  await settle(warm);
  await warm.stop();
  const t0 = performance.now();
  const ctl = await startController({
    kubeconfig: cluster.kubeconfigPath,
    definitionsModule: ECHO_MODULE,
    workers,
    qps: 0,
    metricsBindAddress: '0',
    healthProbeBindAddress: '0',
    logger: silent,
    namespace: ns,
    onTurnEnd: (_c, key) => {
      turnsSeen.add(key);
      lastTurnAt = performance.now();
    },
  });
  const started = performance.now();
  await ctl.synced;
  const synced = performance.now();
  while (turnsSeen.size < n) await new Promise((r) => setTimeout(r, 20));
  await settle(ctl);
  const writes = ctl.metrics.apiRequests.get();
  const statusWrites = (await writes).values.filter((v) => v.labels.verb === 'update').reduce((a, v) => a + v.value, 0);
  await ctl.stop();
  return {
    workers,
    objects: n,
    startMs: round(started - t0, 0),
    listMs: round(synced - started, 0),
    turnsPerSec: round((n / (lastTurnAt - synced)) * 1000, 0),
    writesDuringRun: statusWrites,
  };
}

async function benchLatency(cluster: TestCluster, client: RestClient, n: number, rate: number, seconds: number, ns: string, workers: number) {
  const sentAt = new Map<string, number>();
  const e2e: number[] = [];
  const queued: number[] = [];
  const ctl = await startController({
    kubeconfig: cluster.kubeconfigPath,
    definitionsModule: ECHO_MODULE,
    workers,
    qps: 0,
    metricsBindAddress: '0',
    healthProbeBindAddress: '0',
    logger: silent,
    namespace: ns,
    onTurnStart: (_c, key, queuedMs) => {
      const name = key.slice(key.lastIndexOf('/') + 1);
      const at = sentAt.get(name);
      if (at === undefined) return;
      sentAt.delete(name);
      e2e.push(performance.now() - at);
      queued.push(queuedMs);
    },
  });
  await ctl.synced;
  await new Promise((r) => setTimeout(r, 500));
  while (ctl.stats().queued + ctl.stats().running > 0) await new Promise((r) => setTimeout(r, 50));
  const total = rate * seconds;
  const t0 = performance.now();
  let issued = 0;
  const inflight = new Set<Promise<unknown>>();
  while (issued < total) {
    const due = Math.floor(((performance.now() - t0) / 1000) * rate);
    while (issued < Math.min(due, total)) {
      const name = `e-${issued % n}`;
      const i = issued++;
      if (sentAt.has(name)) continue; // one outstanding probe per key
      sentAt.set(name, performance.now());
      const p = client.patch(ECHOES, ns, name, 'merge', { metadata: { labels: { 'bench/tick': `${workers}-${i}` } } });
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  await Promise.all(inflight);
  await new Promise((r) => setTimeout(r, 1000));
  await ctl.stop();
  return {
    workers,
    ratePerSec: rate,
    probes: e2e.length,
    patchToTurnP50Ms: round(pct(e2e, 50)),
    patchToTurnP99Ms: round(pct(e2e, 99)),
    tellToTurnP50Ms: round(pct(queued, 50)),
    tellToTurnP99Ms: round(pct(queued, 99)),
  };
}

/**
 * Big snapshots: Echoes with 100 children each; label patches at `rate`/s wake their actors. Reports
 * the main thread's event-loop utilisation (what sharding is meant to relieve), the planner call time
 * and patch→turn latency, for inline, json and resident transports.
 */
async function benchBig(cluster: TestCluster, client: RestClient, echoes: number, rate: number, seconds: number, workers: number, snapshotTransport: 'json' | 'resident', ns: string) {
  const sentAt = new Map<string, number>();
  const e2e: number[] = [];
  const ctl = await startController({
    kubeconfig: cluster.kubeconfigPath,
    definitionsModule: ECHO_MODULE,
    workers,
    snapshotTransport,
    qps: 0,
    metricsBindAddress: '0',
    healthProbeBindAddress: '0',
    logger: silent,
    namespace: ns,
    onTurnStart: (_c, key) => {
      const name = key.slice(key.lastIndexOf('/') + 1);
      const at = sentAt.get(name);
      if (at === undefined) return;
      sentAt.delete(name);
      e2e.push(performance.now() - at);
    },
  });
  await ctl.synced;
  for (let s = ctl.stats(); ; s = ctl.stats()) {
    await new Promise((r) => setTimeout(r, 300));
    const t = ctl.stats();
    if (t.turns === s.turns && t.queued + t.running === 0 && ctl.store('ConfigMap')!.size >= echoes * 100) break;
  }
  const beforeTask = await ctl.metrics.workerTask.get();
  const taskSum0 = beforeTask.values.find((v) => v.metricName?.endsWith('_sum'))?.value ?? 0;
  const taskCount0 = beforeTask.values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
  const elu0 = performance.eventLoopUtilization();
  const turns0 = ctl.stats().turns;
  const t0 = performance.now();
  let issued = 0;
  const inflight = new Set<Promise<unknown>>();
  const total = rate * seconds;
  while (issued < total) {
    const due = Math.floor(((performance.now() - t0) / 1000) * rate);
    while (issued < Math.min(due, total)) {
      const name = `big-${issued % echoes}`;
      const i = issued++;
      if (!sentAt.has(name)) sentAt.set(name, performance.now());
      const p = client.patch(ECHOES, ns, name, 'merge', { metadata: { labels: { 'bench/tick': `${snapshotTransport}-${workers}-${i}` } } });
      inflight.add(p);
      void p.finally(() => inflight.delete(p));
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  await Promise.all(inflight);
  while (ctl.stats().queued + ctl.stats().running > 0) await new Promise((r) => setTimeout(r, 20));
  const elapsed = performance.now() - t0;
  const elu = performance.eventLoopUtilization(elu0);
  const turns = ctl.stats().turns - turns0;
  const afterTask = await ctl.metrics.workerTask.get();
  const taskSum = (afterTask.values.find((v) => v.metricName?.endsWith('_sum'))?.value ?? 0) - taskSum0;
  const taskCount = (afterTask.values.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0) - taskCount0;
  await ctl.stop();
  return {
    mode: workers === 0 ? 'inline' : `${snapshotTransport}, ${workers} worker(s)`,
    turns,
    turnsPerSec: round((turns / elapsed) * 1000, 0),
    mainThreadUtilisation: round(elu.utilization, 3),
    plannerCallMeanMs: round((taskSum / Math.max(1, taskCount)) * 1000, 3),
    patchToTurnP50Ms: round(pct(e2e, 50)),
    patchToTurnP99Ms: round(pct(e2e, 99)),
  };
}

export default async function run(args: string[]): Promise<unknown> {
  const objects = arg(args, 'objects', 10_000);
  const cpuObjects = arg(args, 'cpu-objects', 2000);
  const rate = arg(args, 'rate', 500);
  const seconds = arg(args, 'seconds', 5);
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1]!.split(',') : ['client', 'snapshot', 'turns', 'latency', 'big'];
  const workerCounts = [0, 1, 2];
  const cluster = await startTestCluster({ installKruiseCrds: false });
  const client = await RestClient.fromKubeConfig(loadKubeConfig(cluster.kubeconfigPath), { maxSockets: 128 });
  await client.create(CRDS, ECHO_CRD);
  await new Promise((r) => setTimeout(r, 200));
  const result: Record<string, unknown> = { machine: { node: process.version, cpus: cpus().length, loadavgAtStart: loadavg().map((x) => round(x, 1)) } };
  const createNamespace = (ns: string) => client.create({ apiVersion: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false }, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  try {
    if (only.includes('client')) {
      result.client = await benchClient(cluster, 2000);
      console.log('client', result.client);
    }
    if (only.includes('snapshot')) {
      result.snapshot = await benchSnapshot();
      console.log('snapshot', result.snapshot);
    }
    if (only.includes('turns') || only.includes('latency')) {
      await createNamespace('noop');
      const t0 = performance.now();
      await createEchoes(client, objects, 0, 'noop');
      result.createEchoesPerSec = round((objects / (performance.now() - t0)) * 1000, 0);
    }
    if (only.includes('turns')) {
      const noop = [];
      for (const w of workerCounts) {
        noop.push(await benchTurns(cluster, client, objects, 0, 'noop', w));
        console.log('turns noop', noop.at(-1));
      }
      result.turnsNoop = noop;
      const work = calibrate(1);
      await createNamespace('cpu');
      await createEchoes(client, cpuObjects, work, 'cpu');
      const cpu = [];
      for (const w of workerCounts) {
        cpu.push(await benchTurns(cluster, client, cpuObjects, work, 'cpu', w));
        console.log('turns cpu 1ms', cpu.at(-1));
      }
      result.turnsCpu1ms = cpu;
    }
    if (only.includes('latency')) {
      const lat = [];
      for (const w of workerCounts) {
        lat.push(await benchLatency(cluster, client, objects, rate, seconds, 'noop', w));
        console.log('latency', lat.at(-1));
      }
      result.latency = lat;
    }
    if (only.includes('big')) {
      const echoes = arg(args, 'big-echoes', 50);
      await createNamespace('big');
      await pool(Array.from({ length: echoes }, (_, i) => `big-${i}`), 16, (nm) => client.create(ECHOES, echo(nm, { replicas: 100 }, 'big')));
      const big = [];
      // inline twice: the first run also pays JIT warm-up of the whole process.
      for (const [w, t] of [[0, 'resident'], [1, 'json'], [1, 'resident'], [2, 'json'], [2, 'resident'], [0, 'resident']] as const) {
        big.push(await benchBig(cluster, client, echoes, arg(args, 'big-rate', 200), seconds, w, t, 'big'));
        console.log('big snapshots', big.at(-1));
      }
      result.bigSnapshots = big;
    }
  } finally {
    client.close();
    await cluster.stop();
  }
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', `runtime${only.length < 5 ? '-' + only.join('-') : ''}.json`), JSON.stringify(result, null, 2));
  return result;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  run(process.argv.slice(2)).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
