// Bench of the embedded API server: pod creates/s over HTTPS keep-alive (a separate client thread,
// concurrency 32), watch events delivered/s to 10 watchers, and heap bytes per stored pod.
// Usage: kactor bench apiserver [--pods 10000] [--concurrency 32] [--watchers 10] [--watch-pods 5000]
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { spawn, type ChildProcess } from 'node:child_process';
import { startApiServer } from '../src/cluster/apiserver/index.js';

interface BenchArgs {
  pods: number;
  concurrency: number;
  watchers: number;
  watchPods: number;
}

function parseArgs(args: string[]): BenchArgs {
  const out: BenchArgs = { pods: 10_000, concurrency: 32, watchers: 10, watchPods: 5_000 };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()) as keyof BenchArgs;
    const value = Number(args[++i]);
    if (!(flag in out) || !Number.isInteger(value) || value < 1) throw new Error(`bench apiserver: bad argument ${args[i - 1]} ${args[i]}`);
    out[flag] = value;
  }
  return out;
}

function gcFunction(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function heapAfterGc(gc: () => void): number {
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

/** The load client: runs in its own process so the server's CPU time can be measured alone. */
const CLIENT = `
const https = require('node:https');
const { url, token, ca } = JSON.parse(process.env.KACTOR_BENCH_TARGET);
const parentPort = { postMessage: (m) => process.send(m), on: (e, f) => process.on(e, f) };
const agent = new https.Agent({ ca, keepAlive: true, maxSockets: 64 });
const headers = { Authorization: 'Bearer ' + token, 'Content-Type': 'application/json' };
function pod(ns, i) {
  return JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'bench-' + i, namespace: ns,
    labels: { app: 'bench', 'controller-revision-hash': 'bench-7d9c8f', 'apps.kubernetes.io/pod-index': String(i) },
    ownerReferences: [{ apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', name: 'bench', uid: '3f1c2a7e-0000-4000-8000-000000000001', controller: true, blockOwnerDeletion: true }] },
    spec: { containers: [{ name: 'main', image: 'nginx:1.25', ports: [{ containerPort: 80, name: 'web' }],
      resources: { requests: { cpu: '100m', memory: '64Mi' } }, env: [{ name: 'MODE', value: 'bench' }] }] } });
}
function post(path, body) {
  return new Promise((resolve, reject) => {
    const req = https.request(url + path, { method: 'POST', agent, headers }, (res) => {
      res.resume();
      res.on('end', () => (res.statusCode === 201 ? resolve() : reject(new Error('status ' + res.statusCode))));
    });
    req.on('error', reject);
    req.end(body);
  });
}
async function createAll(ns, count, concurrency, offset) {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) { const i = next++; await post('/api/v1/namespaces/' + ns + '/pods', pod(ns, offset + i)); }
  }));
  return performance.now() - t0;
}
function openWatch(ns, rv, expect) {
  return new Promise((resolveOpen, reject) => {
    let seen = 0, buf = '';
    let done;
    const finished = new Promise((r) => (done = r));
    const req = https.request(url + '/api/v1/namespaces/' + ns + '/pods?watch=1&resourceVersion=' + rv, { agent: new https.Agent({ ca }), headers }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        buf += chunk;
        let nl;
        while ((nl = buf.indexOf('\\n')) >= 0) { buf = buf.slice(nl + 1); if (++seen === expect) { done(performance.now()); req.destroy(); } }
      });
      resolveOpen({ finished });
    });
    req.on('error', (e) => { if (seen < expect) reject(e); });
    req.end();
  });
}
parentPort.on('message', async (msg) => {
  try {
    if (msg.cmd === 'create') parentPort.postMessage({ ms: await createAll(msg.ns, msg.count, msg.concurrency, 0) });
    if (msg.cmd === 'watch') {
      const watches = [];
      for (let i = 0; i < msg.watchers; i++) watches.push(await openWatch(msg.ns, msg.rv, msg.count));
      const t0 = performance.now();
      await createAll(msg.ns, msg.count, msg.concurrency, 0);
      const ends = await Promise.all(watches.map((w) => w.finished));
      parentPort.postMessage({ ms: Math.max(...ends) - t0 });
    }
    if (msg.cmd === 'replay') {
      const t0 = performance.now();
      const watches = await Promise.all(Array.from({ length: msg.watchers }, () => openWatch(msg.ns, msg.rv, msg.count)));
      const ends = await Promise.all(watches.map((w) => w.finished));
      parentPort.postMessage({ ms: Math.max(...ends) - t0 });
    }
  } catch (err) { parentPort.postMessage({ error: String(err) }); }
});
`;

interface Measured {
  ms: number;
  /** CPU milliseconds the server process spent meanwhile. */
  cpuMs: number;
}

function ask(client: ChildProcess, msg: object): Promise<Measured> {
  const cpu0 = process.cpuUsage();
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`bench client exited (${code})`));
    client.once('exit', onExit);
    client.once('message', (m: { ms: number; error?: string }) => {
      client.off('exit', onExit);
      const cpu = process.cpuUsage(cpu0);
      if (m.error) reject(new Error(m.error));
      else resolve({ ms: m.ms, cpuMs: (cpu.user + cpu.system) / 1000 });
    });
    client.send(msg);
  });
}

export default async function run(args: string[]): Promise<unknown> {
  const a = parseArgs(args);
  const gc = gcFunction();
  const server = await startApiServer({ installKruiseCrds: false });
  const target = JSON.stringify({ url: server.url, token: server.token, ca: server.caPem });
  const client = spawn(process.execPath, ['-e', CLIENT], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, KACTOR_BENCH_TARGET: target } });
  try {
    for (const ns of ['bench', 'bench-warm', 'bench-watch']) {
      await ensureNamespace(server.storage, ns);
    }
    await ask(client, { cmd: 'create', ns: 'bench-warm', count: 500, concurrency: a.concurrency }); // warm-up (JIT, TLS sessions)
    const heapBefore = heapAfterGc(gc);
    const create = await ask(client, { cmd: 'create', ns: 'bench', count: a.pods, concurrency: a.concurrency });
    const heapAfter = heapAfterGc(gc);
    const rv = server.storage.currentRv;
    const watch = await ask(client, { cmd: 'watch', ns: 'bench-watch', rv, count: a.watchPods, watchers: a.watchers, concurrency: a.concurrency });
    const replay = await ask(client, { cmd: 'replay', ns: 'bench-watch', rv, count: a.watchPods, watchers: a.watchers });
    const result = {
      podCreatesPerSec: Math.round(a.pods / (create.ms / 1000)),
      podCreatesPerServerCpuSec: Math.round(a.pods / (create.cpuMs / 1000)),
      watchEventsDeliveredPerSec: Math.round((a.watchPods * a.watchers) / (watch.ms / 1000)),
      watchEventsPerServerCpuSec: Math.round((a.watchPods * a.watchers) / (watch.cpuMs / 1000)),
      replayEventsDeliveredPerSec: Math.round((a.watchPods * a.watchers) / (replay.ms / 1000)),
      replayEventsPerServerCpuSec: Math.round((a.watchPods * a.watchers) / (replay.cpuMs / 1000)),
      loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
      heapBytesPerStoredPod: Math.round((heapAfter - heapBefore) / a.pods),
      pods: a.pods,
      concurrency: a.concurrency,
      watchers: a.watchers,
      watchPods: a.watchPods,
      node: process.version,
    };
    printTable(result);
    mkdirSync('bench/results', { recursive: true });
    writeFileSync(join('bench/results', 'apiserver.json'), JSON.stringify(result, null, 2) + '\n');
    return result;
  } finally {
    client.kill();
    await server.stop();
  }
}

/** Creates a namespace directly in storage (setup, not measured). */
async function ensureNamespace(storage: import('../src/cluster/apiserver/index.js').Storage, ns: string): Promise<void> {
  if (!storage.get('/namespaces', '', ns)) storage.create('/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, uid: ns, creationTimestamp: new Date().toISOString() }, status: { phase: 'Active' } });
}

interface Result {
  podCreatesPerSec: number;
  podCreatesPerServerCpuSec: number;
  watchEventsDeliveredPerSec: number;
  watchEventsPerServerCpuSec: number;
  replayEventsDeliveredPerSec: number;
  replayEventsPerServerCpuSec: number;
  heapBytesPerStoredPod: number;
  pods: number;
  watchers: number;
  watchPods: number;
  concurrency: number;
  loadAverage1m: number;
}

function printTable(r: Result): void {
  const rows: [string, string, string][] = [
    [`pod creates/s, wall clock (${r.pods} pods, concurrency ${r.concurrency})`, String(r.podCreatesPerSec), '>= 5000'],
    ['pod creates per server CPU-second', String(r.podCreatesPerServerCpuSec), '>= 5000'],
    [`watch events delivered/s, wall clock (${r.watchers} watchers x ${r.watchPods} pods)`, String(r.watchEventsDeliveredPerSec), '>= 50000'],
    ['watch events delivered per server CPU-second (incl. the creates)', String(r.watchEventsPerServerCpuSec), '>= 50000'],
    [`watch events delivered/s from history, wall clock (${r.watchers} watchers)`, String(r.replayEventsDeliveredPerSec), '>= 50000'],
    ['watch events delivered from history per server CPU-second', String(r.replayEventsPerServerCpuSec), '>= 50000'],
    ['heap bytes per stored pod', String(r.heapBytesPerStoredPod), '<= 4096'],
    ['machine load average (1 min) during the run', String(r.loadAverage1m), ''],
  ];
  const w0 = Math.max(...rows.map((x) => x[0].length), 6);
  console.log(`${'metric'.padEnd(w0)}  ${'value'.padStart(10)}  moonshot`);
  for (const [k, v, goal] of rows) console.log(`${k.padEnd(w0)}  ${v.padStart(10)}  ${goal}`);
}
