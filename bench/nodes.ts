// Bench of the simulated nodes: N nodes and M pods created by a plain client against the embedded API
// server in the same process, zero-latency model: pods brought to Ready per second, and heap.
// Usage: kactor bench nodes [--nodes 1000] [--pods 100000] [--concurrency 64] [--events 0|1]
// (the moonshot: ≥ 2,000 pods/s to Ready with ≤ 4 GB heap at 1,000 nodes / 100,000 pods).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startApiServer } from '../src/cluster/apiserver/index.js';
import { startSimulator } from '../src/cluster/nodes/index.js';
import { loadKubeConfig } from '../src/runtime/client/kubeconfig.js';
import { RestClient } from '../src/runtime/client/rest-client.js';
import { PODS } from '../src/cluster/nodes/kubelet.js';

interface NodesBenchArgs {
  nodes: number;
  pods: number;
  concurrency: number;
  events: number;
}

function parseArgs(args: string[]): NodesBenchArgs {
  const out: NodesBenchArgs = { nodes: 1000, pods: 100_000, concurrency: 64, events: 0 };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!.replace(/^--/, '') as keyof NodesBenchArgs;
    const value = Number(args[++i]);
    if (!(flag in out) || !Number.isInteger(value) || value < 0) throw new Error(`bench nodes: bad argument ${args[i - 1]} ${args[i]}`);
    out[flag] = value;
  }
  return out;
}

function pod(i: number): Record<string, unknown> {
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name: `bench-${i}`, namespace: 'default', labels: { app: 'bench' } },
    spec: { containers: [{ name: 'main', image: `nginx:1.${i % 20}`, resources: { requests: { cpu: '10m', memory: '16Mi' } } }] },
  };
}

/** Counts pods turning Ready from a watch stream, without caching them. */
async function watchReady(client: RestClient, total: number, signal: AbortSignal, onReady: (n: number) => void): Promise<void> {
  const ready = new Set<string>();
  const res = await client.watchStream(PODS, { namespace: 'default', resourceVersion: '0' }, signal);
  res.setEncoding('utf8');
  let buf = '';
  res.on('data', (chunk: string) => {
    buf += chunk;
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (!line.includes('"Ready","status":"True"') && !line.includes('"status":"True","type":"Ready"')) {
        if (!/"type":"Ready"/.test(line)) continue;
      }
      const ev = JSON.parse(line) as { type: string; object: { metadata: { name: string }; status?: { conditions?: Array<{ type: string; status: string }> } } };
      if (ev.object.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') && !ready.has(ev.object.metadata.name)) {
        ready.add(ev.object.metadata.name);
        onReady(ready.size);
        if (ready.size >= total) res.destroy();
      }
    }
  });
  await new Promise<void>((r) => res.on('close', () => r()));
}

/** Heap used after full collections (with everything still alive: server storage, caches, records). */
function heapAfterGc(): number {
  let gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

export default async function run(argv: string[]): Promise<unknown> {
  const args = parseArgs(argv);
  const dir = mkdtempSync(join(tmpdir(), 'kactor-bench-nodes-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  const server = await startApiServer({ kubeconfigPath, installKruiseCrds: false });
  let peakHeap = 0;
  let peakRss = 0;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakRss = Math.max(peakRss, m.rss);
  }, 250);
  const t0 = performance.now();
  const sim = await startSimulator({
    kubeconfigPath, nodes: args.nodes, controlPlane: false, latency: 'zero', events: args.events === 1, concurrency: args.concurrency,
    onError: () => {},
  });
  const client = await RestClient.fromKubeConfig(loadKubeConfig(kubeconfigPath), { maxSockets: args.concurrency, userAgent: 'bench' });
  // Wait until every node is Ready (the node agent reported its status).
  for (;;) {
    const list = await client.list(
      { apiVersion: 'v1', kind: 'Node', plural: 'nodes', namespaced: false },
      {},
    );
    const ready = list.items.filter((n) => (n.status as { conditions?: Array<{ type: string; status: string }> } | undefined)?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length;
    if (ready >= args.nodes) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  const nodesReadyMs = performance.now() - t0;

  const abort = new AbortController();
  let next = 0;
  let readyCount = 0;
  let lastReport = performance.now();
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  const watching = watchReady(client, args.pods, abort.signal, (n) => {
    readyCount = n;
    const now = performance.now();
    if (now - lastReport > 5000) {
      lastReport = now;
      const st = sim.stats() as { queue: unknown; scheduler: unknown; kubelet: unknown };
      process.stderr.write(`bench nodes: ${n}/${args.pods} Ready, ${next} created after ${((now - start) / 1000).toFixed(1)} s, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MiB, queue ${JSON.stringify(st.queue)} scheduler ${JSON.stringify(st.scheduler)} kubelet ${JSON.stringify(st.kubelet)}\n`);
    }
  });
  let createdAt = 0;
  await Promise.all(
    Array.from({ length: args.concurrency }, async () => {
      while (next < args.pods) {
        const i = next++;
        await client.create(PODS, pod(i));
      }
    }),
  );
  createdAt = performance.now() - start;
  await watching;
  const readyMs = performance.now() - start;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  const liveHeap = heapAfterGc();
  const stats = sim.stats();
  await sim.stop();
  abort.abort();
  client.close();
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  const result = {
    scenario: 'nodes',
    nodes: args.nodes,
    pods: args.pods,
    concurrency: args.concurrency,
    events: args.events === 1,
    nodesReadySeconds: +(nodesReadyMs / 1000).toFixed(2),
    createSeconds: +(createdAt / 1000).toFixed(2),
    podsCreatedPerSecond: Math.round(args.pods / (createdAt / 1000)),
    readySeconds: +(readyMs / 1000).toFixed(2),
    podsReadyPerSecond: Math.round(readyCount / (readyMs / 1000)),
    cpuSeconds: +((cpu.user + cpu.system) / 1e6).toFixed(2),
    cpuMicrosPerPod: Math.round((cpu.user + cpu.system) / args.pods),
    loadAverage1m: (await import('node:os')).loadavg()[0],
    peakHeapMiB: Math.round(peakHeap / 2 ** 20),
    peakRssMiB: Math.round(peakRss / 2 ** 20),
    liveHeapAfterGcMiB: Math.round(liveHeap / 2 ** 20),
    liveHeapBytesPerPod: Math.round(liveHeap / args.pods),
    simulator: stats,
    node: process.version,
  };
  console.table([{ nodes: result.nodes, pods: result.pods, 'created/s': result.podsCreatedPerSecond, 'Ready/s': result.podsReadyPerSecond, 'ready s': result.readySeconds, 'cpu µs/pod': result.cpuMicrosPerPod, 'heap MiB': result.peakHeapMiB, 'live heap MiB': result.liveHeapAfterGcMiB, 'rss MiB': result.peakRssMiB }]);
  mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
  writeFileSync(join(import.meta.dirname, 'results', 'nodes.json'), JSON.stringify(result, null, 2) + '\n');
  return result;
}
