// Shared pieces of the StatefulSet e2e tests (test/e2e/statefulset-*.test.ts): the embedded stack with an
// invariant monitor on `web`, the tutorial manifests edited as objects, kubectl table parsing and polling.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { expect } from 'vitest';
import { startEmbedded, type Embedded, type EmbeddedOptions } from '../support/embedded.js';
import { watchStatefulSet, type WatchedMonitor } from '../support/invariants.js';

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

export async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 15_000, everyMs = 50): Promise<T> {
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

/** Waits until the set has exactly `names` pods, all `1/1 Running` at the update revision, and the asts row reads `web N N N N`. */
export async function rolledOut(cluster: Embedded, names: string[], timeoutMs = 20_000): Promise<Map<string, PodView>> {
  const n = names.length;
  return until(`web ${n} ${n} ${n} ${n} with pods ${names.join(',')}`, async () => {
    if ((await settledAsts(cluster)) !== `web ${n} ${n} ${n} ${n}`) return false;
    const sts = await getJson(cluster, ['asts', 'web']);
    const ps = await pods(cluster);
    const ok = [...ps.keys()].sort().join() === [...names].sort().join() &&
      [...ps.values()].every((p) => p.ready === '1/1' && p.status === 'Running' && p.revision === sts.status.updateRevision);
    return ok && ps;
  }, timeoutMs);
}

export function ordinalsOf(names: Iterable<string>): number[] {
  return [...names].map((n) => Number(n.split('-')[1])).sort((a, b) => a - b);
}
