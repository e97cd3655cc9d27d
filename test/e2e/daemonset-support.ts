// Shared pieces of the DaemonSet e2e files (test/e2e/daemonset-*.test.ts): the tutorial manifests edited
// as objects, kubectl apply / get / describe helpers, and polling. Everything goes through kubectl or
// plain list calls against the embedded stack; nothing here reads src/workloads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { expect } from 'vitest';
import type { Embedded } from '../support/embedded.js';
import { until } from '../support/jobs-e2e.js';

export { until } from '../support/jobs-e2e.js';

export const MANIFESTS = join(import.meta.dirname, 'manifests');
export const DEMO = '03-daemonset-demo.yaml';
export const DEMO2 = '04-daemonset-demo2.yaml';
export const DEMO3 = '05-daemonset-demo3.yaml';

/** A tutorial manifest as an object, edited by `edit`. */
export function manifest(file: string, edit: (m: any) => void = () => undefined): any {
  const m = parse(readFileSync(join(MANIFESTS, file), 'utf8'));
  edit(m);
  return m;
}

/** `kubectl apply -f -` must succeed; returns stdout. */
export async function apply(k: Embedded, obj: unknown): Promise<string> {
  const r = await k.kubectl(['apply', '-f', '-'], typeof obj === 'string' ? obj : stringify(obj));
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout.trim();
}

export async function getJson(k: Embedded, args: string[]): Promise<any> {
  const r = await k.kubectl(['get', ...args, '-o', 'json']);
  return r.code === 0 ? JSON.parse(r.stdout) : undefined;
}

export interface DaemonPod {
  name: string;
  uid: string;
  node: string;
  image: string;
  hash: string;
  ready: boolean;
  terminating: boolean;
  restarts: number;
}

/** The pods of `k8s-app=<app>` (default nginx), sorted by node then name. */
export async function daemonPods(k: Embedded, selector = 'k8s-app=nginx'): Promise<DaemonPod[]> {
  const list = await getJson(k, ['pods', '-l', selector]);
  return ((list?.items ?? []) as any[])
    .map((p) => ({
      name: p.metadata.name,
      uid: p.metadata.uid,
      node: p.spec.nodeName ?? '',
      image: p.spec.containers[0].image,
      hash: p.metadata.labels?.['controller-revision-hash'] ?? '',
      ready: (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True'),
      terminating: !!p.metadata.deletionTimestamp,
      restarts: p.status?.containerStatuses?.[0]?.restartCount ?? 0,
    }))
    .sort((a, b) => a.node.localeCompare(b.node) || a.name.localeCompare(b.name));
}

/** The DaemonSet once its status has observed the latest generation (undefined before). */
export async function observed(k: Embedded, name = 'nginx'): Promise<any> {
  const ds = await getJson(k, ['daemon', name]);
  return ds && ds.status?.observedGeneration === ds.metadata.generation ? ds : undefined;
}

/** Waits until every desired node runs exactly one Ready pod at the DaemonSet's current hash and the status says so. */
export async function settled(k: Embedded, name = 'nginx', selector = 'k8s-app=nginx', timeoutMs = 20_000): Promise<{ ds: any; pods: DaemonPod[] }> {
  try {
    return await settling(k, name, selector, timeoutMs);
  } catch (err) {
    // Say what the cluster looked like, so a timeout can be told from a wrong end state.
    const ds = await getJson(k, ['daemon', name]);
    const pods = (await daemonPods(k, selector)).map((p) => `${p.node}:${p.name}:${p.hash}:${p.ready ? 'ready' : 'not-ready'}${p.terminating ? ':terminating' : ''}`);
    throw new Error(`${(err as Error).message}\n generation ${ds?.metadata?.generation} status ${JSON.stringify(ds?.status)}\n pods ${pods.join(' ')}`);
  }
}

function settling(k: Embedded, name: string, selector: string, timeoutMs: number): Promise<{ ds: any; pods: DaemonPod[] }> {
  return until(`${name} settled`, async () => {
    const ds = await observed(k, name);
    if (!ds) return undefined;
    const s = ds.status;
    if (s.updatedNumberScheduled !== s.desiredNumberScheduled || s.numberAvailable !== s.desiredNumberScheduled || s.currentNumberScheduled !== s.desiredNumberScheduled) return undefined;
    const pods = await daemonPods(k, selector);
    const ok = pods.length === s.desiredNumberScheduled && pods.every((p) => p.ready && !p.terminating && p.hash === s.daemonSetHash);
    return ok && { ds, pods };
  }, timeoutMs, 100);
}

/** The Events section of `kubectl describe daemon <name>` as { type, reason, message } rows. */
export async function describeEvents(k: Embedded, name = 'nginx'): Promise<Array<{ type: string; reason: string; message: string }>> {
  const r = await k.kubectl(['describe', 'daemon', name]);
  expect(r.code).toBe(0);
  const lines = r.stdout.split('\n');
  const start = lines.findIndex((l) => l.startsWith('Events:'));
  if (start < 0) return [];
  // Header, dashes, then rows: Type  Reason  Age  From  Message (columns separated by 2+ spaces).
  return lines.slice(start + 3).filter((l) => l.trim()).map((l) => {
    const cells = l.trim().split(/\s{2,}/);
    return { type: cells[0] ?? '', reason: cells[1] ?? '', message: cells.slice(4).join('  ') };
  });
}

/** Events of the DaemonSet (of one incarnation when `uid` is given) from `kubectl get events -o json`, oldest first (by creation, then name). */
export async function dsEvents(k: Embedded, name = 'nginx', uid?: string): Promise<any[]> {
  const list = await getJson(k, ['events', '--field-selector', `involvedObject.kind=DaemonSet,involvedObject.name=${name}`]);
  return ((list?.items ?? []) as any[]).filter((e) => !uid || e.involvedObject?.uid === uid).sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
