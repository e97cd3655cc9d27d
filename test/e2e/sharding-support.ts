// Shared pieces of the sharding e2e tests: `kactor run` replicas as child processes (bound ports read
// from the "controller started" log line), their turn logs (the ownership monitor), /metrics parsing,
// and StatefulSet helpers over the runtime's RestClient.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { RestClient } from '../../src/runtime/client/rest-client.js';
import type { ResourceType } from '../../src/runtime/workload-definition.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const ASTS: ResourceType = { apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true };
export const PODS: ResourceType = { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true };
export const NAMESPACES: ResourceType = { apiVersion: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false };

export interface TurnRecord {
  replica: string;
  key: string;
  t0: number;
  t1: number;
}

export interface Replica {
  id: string;
  child: ChildProcess;
  metricsUrl: Promise<string>;
  turns: TurnRecord[];
  lines: string[];
  exited: Promise<number | null>;
  stderr: string;
}

export function startReplica(id: string, kubeconfig: string, extra: string[] = [], opts: { logTurns?: boolean } = {}): Replica {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'kactor.js'), 'run', '--kubeconfig', kubeconfig, '--metrics-bind-address', '127.0.0.1:0', '--health-probe-bind-address', '127.0.0.1:0',
      // Replicas on one machine cannot share the webhook port; the test cluster runs admission in-process.
      '--webhook-port', '0',
      '--identity', id, ...(opts.logTurns === false ? [] : ['--log-turns']), '--log-level', 'info', ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT },
  );
  let resolveUrl!: (u: string) => void;
  const r: Replica = {
    id,
    child,
    metricsUrl: new Promise((res) => (resolveUrl = res)),
    turns: [],
    lines: [],
    exited: new Promise((res) => child.on('exit', (code) => res(code))),
    stderr: '',
  };
  child.stderr!.on('data', (d) => (r.stderr += d));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let rec: any;
    try {
      rec = JSON.parse(line);
    } catch {
      return;
    }
    if (rec.msg === 'turn') r.turns.push({ replica: id, key: rec.turn, t0: rec.t0, t1: rec.t1 });
    else {
      r.lines.push(line);
      if (rec.msg === 'controller started' && rec.metrics) resolveUrl(rec.metrics);
    }
  });
  return r;
}

/** Pairs of turns of one key by two replicas whose [t0, t1] intervals overlap. */
export function overlaps(turns: TurnRecord[]): Array<[TurnRecord, TurnRecord]> {
  const byKey = new Map<string, TurnRecord[]>();
  for (const t of turns) (byKey.get(t.key) ?? byKey.set(t.key, []).get(t.key)!).push(t);
  const bad: Array<[TurnRecord, TurnRecord]> = [];
  for (const list of byKey.values()) {
    list.sort((a, b) => a.t0 - b.t0);
    let last: TurnRecord | undefined;
    for (const t of list) {
      if (last && t.replica !== last.replica && t.t0 < last.t1) bad.push([last, t]);
      if (!last || t.t1 > last.t1) last = t;
    }
  }
  return bad;
}

/** Sum of a metric's samples whose labels include `match`. */
export function metricSum(text: string, name: string, match: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:]+)(\{([^}]*)\})? ([0-9.e+-]+|NaN)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const labels = Object.fromEntries([...(m[3] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(match).every(([k, v]) => labels[k] === v)) sum += Number(m[4]);
  }
  return sum;
}

/** (verb, group, resource, subresource) samples of kactor_api_calls_total. */
export function apiCalls(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/^kactor_api_calls_total\{([^}]*)\} [1-9]/gm)) {
    const l = Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    out.add(`${l.verb} ${l.group}/${l.resource}${l.subresource ? '/' + l.subresource : ''}`);
  }
  return out;
}

export async function scrape(r: Replica): Promise<string> {
  return (await fetch(`${await r.metricsUrl}/metrics`)).text();
}

export function statefulSet(namespace: string, name: string, replicas: number, image = 'nginx'): any {
  return {
    apiVersion: 'apps.kruise.io/v1beta1',
    kind: 'StatefulSet',
    metadata: { name, namespace },
    spec: {
      serviceName: name,
      podManagementPolicy: 'Parallel',
      replicas,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '100%' } },
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image }] } },
    },
  };
}

/** Creates in parallel batches. */
export async function createAll(client: RestClient, rt: ResourceType, objs: any[], batch = 50): Promise<void> {
  for (let i = 0; i < objs.length; i += batch) await Promise.all(objs.slice(i, i + batch).map((o) => client.create(rt, o)));
}

/** A set has converged: status observed the latest generation, every replica updated and ready. */
export function converged(s: any): boolean {
  const st = s.status ?? {};
  const n = s.spec.replicas;
  return st.observedGeneration === s.metadata.generation && st.replicas === n && st.readyReplicas === n && st.updatedReplicas === n && st.updateRevision === st.currentRevision;
}

export async function waitUntil<T>(what: string, fn: () => Promise<T | false | undefined>, timeoutMs: number, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last as T;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)?.slice(0, 400)})`);
}
