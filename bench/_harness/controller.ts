// The controller under test, in a CHILD process (its own event loop, so it does not share a core with
// the API server and simulated nodes): bench/_harness/controller-main.ts through tsx. Reads its
// /metrics (Prometheus text) for request counts by verb, RSS and heap.
import { DEFAULT_SCHEDULE_BURST } from '../../src/runtime/write/write-queue.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ControllerProcessError } from './errors.js';

const ENTRY = fileURLToPath(new URL('./controller-main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ControllerProcessOptions {
  kubeconfigPath: string;
  /** Planner worker threads (0 = inline). @default 0 */
  workers?: number;
  /** Process-wide write QPS (0 = unlimited). @default 50 (kactor run's default) */
  qps?: number;
  /** @default 100 */
  burst?: number;
  /** Tokens due writes may borrow. @default 1000 (kactor run's default) */
  scheduleBurst?: number;
  /** URL of a definitions module. @default bench/_harness/definitions.ts */
  definitionsModule?: string;
  /** Where the child's log goes. @default discarded */
  logFile?: string;
  /** Extra node flags (e.g. --cpu-prof). */
  nodeArgs?: string[];
  /** @default 60000 */
  startTimeoutMs?: number;
}

export interface PromSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface ControllerProcess {
  pid: number;
  metricsUrl: string;
  /** Milliseconds from spawn to caches synced. */
  startMs: number;
  /** Resolves with the exit code when the child exits (a crash during a phase fails the phase at once). */
  exited: Promise<number | null>;
  scrape(): Promise<PromSample[]>;
  /** Asks the child to collect garbage (needs nodeArgs ['--expose-gc']), then waits `settleMs`. */
  collectGarbage(settleMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startControllerProcess(o: ControllerProcessOptions): Promise<ControllerProcess> {
  // BENCH_CPU_PROF_DIR=dir profiles the controller child too (node --cpu-prof), to see where its time goes.
  const prof = process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_CPU_PROF_DIR] : [];
  // BENCH_CONTROLLER_NODE_ARGS="--flag …" adds node/V8 flags to the child (experiments with GC and JIT flags).
  const extra = (process.env.BENCH_CONTROLLER_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const args = [
    ...prof,
    ...extra,
    ...(o.nodeArgs ?? []),
    '--import', 'tsx', ENTRY,
    '--kubeconfig', o.kubeconfigPath,
    '--workers', String(o.workers ?? 0),
    '--qps', String(o.qps ?? 50),
    '--burst', String(o.burst ?? 100),
    '--schedule-burst', String(o.scheduleBurst ?? DEFAULT_SCHEDULE_BURST),
    '--log-level', process.env.BENCH_CONTROLLER_LOG_LEVEL ?? 'warn',
    ...(o.definitionsModule ? ['--definitions', o.definitionsModule] : []),
  ];
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
  const log = o.logFile ? createWriteStream(o.logFile) : undefined;
  child.stderr!.on('data', (d) => log?.write(d));
  const ready = await new Promise<{ metricsUrl: string; pid: number }>((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => fail(new ControllerProcessError(`controller did not sync within ${o.startTimeoutMs ?? 60_000} ms`)), o.startTimeoutMs ?? 60_000);
    const fail = (err: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    };
    child.once('exit', (code) => fail(new ControllerProcessError(`controller exited with code ${code} before its caches synced`)));
    child.stdout!.on('data', (d: Buffer) => {
      log?.write(d);
      buf += d.toString();
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (!line.includes('"ready":true')) continue;
        clearTimeout(timer);
        child.removeAllListeners('exit');
        resolve(JSON.parse(line) as { metricsUrl: string; pid: number });
      }
    });
  });
  const startMs = performance.now() - t0;
  const exited = new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
  return {
    exited,
    pid: ready.pid,
    metricsUrl: ready.metricsUrl,
    startMs,
    async scrape() {
      // A big controller (100,000 pods cached) can be slow to answer right after a forced GC: retry.
      let last: unknown;
      for (let attempt = 0; attempt < 5; attempt++) {
        try {
          const res = await fetch(`${ready.metricsUrl}/metrics`, { signal: AbortSignal.timeout(30_000) });
          if (!res.ok) throw new ControllerProcessError(`GET ${ready.metricsUrl}/metrics answered ${res.status}`);
          return parsePrometheusText(await res.text());
        } catch (err) {
          last = err;
          await new Promise((r) => setTimeout(r, 2000));
        }
      }
      throw new ControllerProcessError(`GET ${ready.metricsUrl}/metrics failed 5 times: ${(last as Error)?.message ?? String(last)}`, { cause: last });
    },
    async collectGarbage(settleMs = 500) {
      child.kill('SIGUSR2');
      await new Promise((r) => setTimeout(r, settleMs));
    },
    stop: () => stopChild(child, log),
  };
}

function stopChild(child: ChildProcess, log?: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), 8000);
    child.once('exit', () => {
      clearTimeout(kill);
      log?.end();
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Parses Prometheus text exposition (no timestamps/exemplars needed here). */
export function parsePrometheusText(text: string): PromSample[] {
  const out: PromSample[] = [];
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)/);
    if (!m) continue;
    const labels: Record<string, string> = {};
    if (m[3]) for (const l of m[3].matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[l[1]!] = l[2]!;
    out.push({ name: m[1]!, labels, value: Number(m[4]) });
  }
  return out;
}

/** Sum of a metric's samples whose labels match `where`. */
export function metricSum(samples: PromSample[], name: string, where: Record<string, string> = {}): number {
  let s = 0;
  for (const x of samples) {
    if (x.name !== name) continue;
    if (Object.entries(where).every(([k, v]) => x.labels[k] === v)) s += x.value;
  }
  return s;
}

/** kactor_api_requests_total by verb. */
export function requestsByVerb(samples: PromSample[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const x of samples) if (x.name === 'kactor_api_requests_total') out[x.labels.verb ?? '?'] = (out[x.labels.verb ?? '?'] ?? 0) + x.value;
  return out;
}

/** The controller's memory from its default process metrics. */
export function memoryOf(samples: PromSample[]): { rssBytes: number; heapUsedBytes: number; heapTotalBytes: number } {
  return {
    rssBytes: metricSum(samples, 'process_resident_memory_bytes'),
    heapUsedBytes: metricSum(samples, 'nodejs_heap_size_used_bytes'),
    heapTotalBytes: metricSum(samples, 'nodejs_heap_size_total_bytes'),
  };
}
