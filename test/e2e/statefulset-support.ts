// Shared pieces of the StatefulSet e2e tests (test/e2e/statefulset-*.test.ts): the embedded stack with an
// invariant monitor on `web`, the tutorial manifests edited as objects, kubectl table parsing and polling.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { expect } from 'vitest';
import { startEmbedded, type Embedded, type EmbeddedOptions } from '../support/embedded.js';
import { isAvailable, watchStatefulSet, type MonitorState, type WatchedMonitor } from '../support/invariants.js';

export const MANIFESTS = join(import.meta.dirname, 'manifests');
export const PARALLEL = '01-sts-RollingUpdate-Parallel.yaml';
export const IN_PLACE = '02-sts-RollingUpdate-InPlaceIfPossible.yaml';

export interface Stack {
  cluster: Embedded;
  monitor: WatchedMonitor;
  stop(): Promise<void>;
}

export async function startStack(opts: EmbeddedOptions): Promise<Stack> {
  const cluster = await startEmbedded(opts);
  const monitor = watchStatefulSet(cluster.kubeconfigPath, 'web', 'app=nginx');
  await monitor.ready;
  return {
    cluster,
    monitor,
    async stop() {
      monitor.stop();
      await cluster.stop();
    },
  };
}

/** A tutorial manifest as an object, edited by `edit`. */
export function manifest(file: string, edit: (m: any) => void = () => undefined): any {
  const m = parse(readFileSync(join(MANIFESTS, file), 'utf8'));
  edit(m);
  return m;
}

/** `kubectl apply -f -`; returns stdout (asserting it succeeded). */
export async function apply(cluster: Embedded, obj: unknown): Promise<string> {
  const r = await cluster.kubectl(['apply', '-f', '-'], stringify(obj));
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout.trim();
}

export async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last as T;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)})`);
}

/** Rows of `kubectl get …` as columns split on whitespace (header dropped). */
export async function rows(cluster: Embedded, args: string[]): Promise<string[][]> {
  const r = await cluster.kubectl(['get', ...args, '--no-headers']);
  if (r.code !== 0) return [];
  return r.stdout.trim().split('\n').filter(Boolean).map((l) => l.trim().split(/\s{2,}|\t/));
}

export async function getJson(cluster: Embedded, args: string[]): Promise<any> {
  const r = await cluster.kubectl(['get', ...args, '-o', 'json']);
  return r.code === 0 ? JSON.parse(r.stdout) : undefined;
}

/** `web`'s asts row as DESIRED CURRENT UPDATED READY once the status has observed the latest generation. */
export async function settledAsts(cluster: Embedded): Promise<string> {
  const sts = await getJson(cluster, ['asts', 'web']);
  if (!sts || sts.status?.observedGeneration !== sts.metadata.generation) return '';
  const row = (await rows(cluster, ['asts', 'web']))[0] ?? [];
  return row.slice(0, 5).join(' ');
}

/** The status counts `DESIRED CURRENT UPDATED READY` as the watch sees them, once the status is current. */
export function statusRow(state: MonitorState): string | undefined {
  const w = state.workload as any;
  if (!w || w.status?.observedGeneration !== w.metadata?.generation) return undefined;
  return `web ${w.spec.replicas} ${w.status.replicas ?? 0} ${w.status.updatedReplicas ?? 0} ${w.status.readyReplicas ?? 0}`;
}

/** Waits (on the watch) for the status row, then checks that kubectl prints the same. */
export async function awaitRow(stack: Stack, row: string, timeoutMs = 45_000): Promise<void> {
  await stack.monitor.until(row, (s) => statusRow(s) === row, timeoutMs);
  expect(await settledAsts(stack.cluster)).toBe(row);
}

export interface PodView {
  name: string;
  uid: string;
  ready: string;
  status: string;
  restarts: string;
  ip: string;
  node: string;
  gates: string;
  revision: string;
}

/** The set's pods: `get po -o wide` columns plus UID and revision, by name. */
export async function pods(cluster: Embedded): Promise<Map<string, PodView>> {
  const list = await getJson(cluster, ['po', '-l', 'app=nginx']);
  const wide = await rows(cluster, ['po', '-l', 'app=nginx', '-o', 'wide']);
  const out = new Map<string, PodView>();
  for (const cols of wide) {
    const item = list?.items.find((p: any) => p.metadata.name === cols[0]);
    if (!item) continue;
    out.set(cols[0]!, {
      name: cols[0]!, ready: cols[1]!, status: cols[2]!, restarts: cols[3]!, ip: cols[5]!, node: cols[6]!, gates: cols[8]!,
      uid: item.metadata.uid, revision: item.metadata.labels?.['controller-revision-hash'],
    });
  }
  return out;
}

/**
 * Waits (on the watch) until the set has exactly `names` pods, all Running+Ready at the update revision, and
 * the status reads `web N N N N`; then checks the same through kubectl (`get asts`, `get po -o wide`).
 */
export async function rolledOut(stack: Stack, names: string[], timeoutMs = 45_000): Promise<Map<string, PodView>> {
  const n = names.length;
  const row = `web ${n} ${n} ${n} ${n}`;
  const want = [...names].sort().join();
  await stack.monitor.until(`${row} with pods ${names.join(',')}`, (s) => {
    const rev = (s.workload as any)?.status?.updateRevision;
    return statusRow(s) === row && [...s.pods.keys()].sort().join() === want &&
      [...s.pods.values()].every((p) => isAvailable(p) && p.metadata?.labels?.['controller-revision-hash'] === rev);
  }, timeoutMs);
  expect(await settledAsts(stack.cluster)).toBe(row);
  const sts = await getJson(stack.cluster, ['asts', 'web']);
  const ps = await pods(stack.cluster);
  expect([...ps.keys()].sort().join()).toBe(want);
  for (const p of ps.values()) expect([p.ready, p.status, p.revision]).toEqual(['1/1', 'Running', sts.status.updateRevision]);
  return ps;
}

export function ordinalsOf(names: Iterable<string>): number[] {
  return [...names].map((n) => Number(n.split('-')[1])).sort((a, b) => a - b);
}
