// Bench of admission on the embedded API server: what Kruise's webhooks add to a create, measured side by
// side in one run at a fixed open-loop rate (default 1,000 Advanced StatefulSet creates/s, 10 s):
//   none        — the API server with no admission for the kind (schema validation only);
//   webhooks    — the same server calling kactor's webhook server (a child process, as `kactor run`
//                 serves them on a cluster) registered through MutatingWebhookConfiguration and
//                 ValidatingWebhookConfiguration objects: HTTPS round trips included;
//   in-process  — a second server running the same defaulting and validation in-process (`kactor up`).
// Each phase reports create latency percentiles from a load client in its own process; the result is the
// p99 each admission adds over `none`. Goal (issue 15): webhooks add ≤ 2 ms p99 at 1,000 creates/s.
// Usage: kactor bench admission [--rate 1000] [--seconds 10] [--warmup 1000]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startApiServer, type ApiServerHandle } from '../src/cluster/apiserver/index.js';
import { workloadAdmissionHooks } from '../src/cli/admission.js';

interface Args {
  rate: number;
  seconds: number;
  warmup: number;
}

function parseArgs(args: string[]): Args {
  const out: Args = { rate: 1000, seconds: 10, warmup: 1000 };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!.replace(/^--/, '') as keyof Args;
    const value = Number(args[++i]);
    if (!(flag in out) || !(value > 0)) throw new Error(`bench admission: bad argument ${args[i - 1]} ${args[i]} (--rate N, --seconds N, --warmup N)`);
    out[flag] = value;
  }
  return out;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The load client: open loop (request i leaves at t0 + i/rate whatever the answers), its own process. */
const CLIENT = `
const https = require('node:https');
let target;
const agent = () => new https.Agent({ ca: target.ca, keepAlive: true, maxSockets: 256 });
let pool;
function sts(ns, i) {
  return JSON.stringify({ apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', metadata: { name: 'web-' + i, namespace: ns },
    spec: { replicas: 3, serviceName: 'web', podManagementPolicy: 'Parallel', selector: { matchLabels: { app: 'web' } },
      updateStrategy: { rollingUpdate: { maxUnavailable: '20%', podUpdatePolicy: 'InPlaceIfPossible' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { readinessGates: [{ conditionType: 'InPlaceUpdateReady' }],
        containers: [{ name: 'nginx', image: 'nginx:1.25', ports: [{ containerPort: 80, name: 'web' }], resources: { requests: { cpu: '100m' } } }] } } } });
}
function post(ns, body) {
  return new Promise((resolve) => {
    const t = performance.now();
    const req = https.request(target.url + '/apis/apps.kruise.io/v1beta1/namespaces/' + ns + '/statefulsets', { method: 'POST', agent: pool,
      headers: { Authorization: 'Bearer ' + target.token, 'Content-Type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (c) => { if (res.statusCode !== 201) text += c; });
      res.on('end', () => resolve({ ms: performance.now() - t, ok: res.statusCode === 201, err: res.statusCode === 201 ? '' : res.statusCode + ' ' + text.slice(0, 300) }));
    });
    req.on('error', (e) => resolve({ ms: performance.now() - t, ok: false, err: String(e) }));
    req.end(body);
  });
}
async function openLoop(ns, count, rate, offset) {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const pending = [];
  let late = 0;
  for (let i = 0; i < count; i++) {
    const due = t0 + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    else if (wait < -5) late++;
    pending.push(post(ns, sts(ns, offset + i)));
  }
  const results = await Promise.all(pending);
  const wallMs = performance.now() - t0;
  const failed = results.filter((r) => !r.ok);
  const ms = results.map((r) => r.ms).sort((a, b) => a - b);
  const q = (p) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))];
  const cpu = process.cpuUsage(cpu0);
  return { clientCpuMs: (cpu.user + cpu.system) / 1000, count, failed: failed.length, firstError: failed[0] ? failed[0].err : '', achievedRate: Math.round(count / (wallMs / 1000)), lateSends: late,
    p50: q(0.5), p90: q(0.9), p99: q(0.99), max: ms[ms.length - 1], mean: ms.reduce((a, b) => a + b, 0) / ms.length };
}
process.on('message', async (msg) => {
  try {
    if (!target || target.url !== msg.target.url) { target = msg.target; pool = agent(); }
    process.send(await openLoop(msg.ns, msg.count, msg.rate, msg.offset || 0));
  } catch (err) { process.send({ error: String(err) }); }
});
`;

interface PhaseResult {
  clientCpuMs: number;
  /** CPU milliseconds per create: the API server (this process) and the webhook server (its child). */
  serverCpuMsPerCreate?: number;
  webhookCpuMsPerCreate?: number;
  count: number;
  failed: number;
  firstError: string;
  achievedRate: number;
  lateSends: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

function load(client: ChildProcess, server: ApiServerHandle, ns: string, count: number, rate: number, offset = 0): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`bench client exited (${code})`));
    client.once('exit', onExit);
    client.once('message', (m: PhaseResult & { error?: string }) => {
      client.off('exit', onExit);
      if (m.error) reject(new Error(m.error));
      else resolve(m);
    });
    client.send({ target: { url: server.url, token: server.token, ca: server.caPem }, ns, count, rate, offset });
  });
}

async function startWebhookChild(kubeconfigPath: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/_harness/webhook-main.ts', '--kubeconfig', kubeconfigPath], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`webhook server exited (${code}) before serving`)));
    lines.on('line', (line) => {
      if (line.includes('"ready":true')) resolve();
    });
  });
  return child;
}

async function namespace(server: ApiServerHandle, ns: string): Promise<void> {
  if (!server.storage.get('/namespaces', '', ns)) {
    server.storage.create('/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, uid: ns, creationTimestamp: new Date().toISOString(), labels: { 'kubernetes.io/metadata.name': ns } }, status: { phase: 'Active' } });
  }
}

/** CPU milliseconds a process has used (Linux /proc; undefined elsewhere). */
function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime in clock ticks (USER_HZ 100)
  } catch {
    return undefined;
  }
}

async function phase(client: ChildProcess, server: ApiServerHandle, name: string, a: Args, webhookPid?: number): Promise<PhaseResult> {
  await namespace(server, `${name}-warm`);
  await namespace(server, name);
  await load(client, server, `${name}-warm`, a.warmup, a.rate);
  const count = Math.round(a.rate * a.seconds);
  const cpu0 = process.cpuUsage();
  const hook0 = processCpuMs(webhookPid);
  const r = await load(client, server, name, count, a.rate);
  const cpu = process.cpuUsage(cpu0);
  const hook1 = processCpuMs(webhookPid);
  if (r.failed) throw new Error(`phase ${name}: ${r.failed} creates failed, first: ${r.firstError}`);
  const per = (ms: number) => Math.round((ms / count) * 1000) / 1000;
  return {
    ...r,
    serverCpuMsPerCreate: per((cpu.user + cpu.system) / 1000),
    ...(hook0 !== undefined && hook1 !== undefined ? { webhookCpuMsPerCreate: per(hook1 - hook0) } : {}),
  };
}

export default async function run(argv: string[]): Promise<unknown> {
  const a = parseArgs(argv);
  const { mkdtempSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const dir = mkdtempSync(join(tmpdir(), 'kactor-bench-admission-'));
  const client = spawn(process.execPath, ['-e', CLIENT], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const plain = await startApiServer({ port: 0, kubeconfigPath: join(dir, 'kubeconfig') });
  let webhookChild: ChildProcess | undefined;
  let inProcess: ApiServerHandle | undefined;
  try {
    const none = await phase(client, plain, 'none', a);
    webhookChild = await startWebhookChild(join(dir, 'kubeconfig'));
    const webhooks = await phase(client, plain, 'webhooks', a, webhookChild.pid);
    inProcess = await startApiServer({ port: 0, admission: workloadAdmissionHooks() });
    const inproc = await phase(client, inProcess, 'in-process', a);
    const round = (n: number) => Math.round(n * 100) / 100;
    const result = {
      rate: a.rate,
      seconds: a.seconds,
      phases: { none, webhooks, 'in-process': inproc },
      webhooksAddP99Ms: round(webhooks.p99 - none.p99),
      webhooksAddP50Ms: round(webhooks.p50 - none.p50),
      inProcessAddP99Ms: round(inproc.p99 - none.p99),
      goal: 'webhooks add <= 2 ms p99 at 1,000 creates/s',
      met: webhooks.p99 - none.p99 <= 2,
      loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
      node: process.version,
    };
    printTable(result);
    mkdirSync('bench/results', { recursive: true });
    writeFileSync(join('bench/results', 'admission.json'), JSON.stringify(result, null, 2) + '\n');
    return result;
  } finally {
    client.kill();
    webhookChild?.kill('SIGTERM');
    await plain.stop();
    await inProcess?.stop();
  }
}

function printTable(r: { rate: number; seconds: number; phases: Record<string, PhaseResult>; webhooksAddP99Ms: number; inProcessAddP99Ms: number; met: boolean }): void {
  const f = (n: number) => n.toFixed(2).padStart(8);
  console.log(`Advanced StatefulSet creates at ${r.rate}/s for ${r.seconds} s (open loop), latency in ms`);
  console.log(`${'admission'.padEnd(12)} ${'rate/s'.padStart(7)} ${'p50'.padStart(8)} ${'p90'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)}   CPU ms per create: API server, webhook server, load client`);
  for (const [name, p] of Object.entries(r.phases)) {
    const cpu = [p.serverCpuMsPerCreate, p.webhookCpuMsPerCreate, p.clientCpuMs / p.count].map((x) => (x === undefined ? '-' : x.toFixed(3)).padStart(7)).join(' ');
    console.log(`${name.padEnd(12)} ${String(p.achievedRate).padStart(7)} ${f(p.p50)} ${f(p.p90)} ${f(p.p99)} ${f(p.max)}   ${cpu}`);
  }
  console.log(`webhooks add ${r.webhooksAddP99Ms} ms p99 (goal <= 2 ms: ${r.met ? 'met' : 'MISSED'}); in-process admission adds ${r.inProcessAddP99Ms} ms p99`);
}
