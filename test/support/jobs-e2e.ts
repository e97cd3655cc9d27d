// Test helper for the BroadcastJob / AdvancedCronJob kubectl e2e files: polling with a timeout, kubectl
// JSON and table reading, waiting for a minute boundary, and a watch that stamps each ADDED event with its
// arrival time (to measure how late a child was really created, beyond creationTimestamp's 1 s resolution).
import type { KubeObject } from '../../src/api/index.js';
import { loadKubeConfig } from '../../src/runtime/client/kubeconfig.js';
import { RestClient } from '../../src/runtime/client/rest-client.js';
import { Informer } from '../../src/runtime/informer/informer.js';
import type { ResourceType } from '../../src/runtime/workload-definition.js';
import type { KubectlResult } from './cluster.js';

export type Kubectl = (args: string[], input?: string) => Promise<KubectlResult>;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls `fn` every `everyMs` until it returns something truthy; throws with the last value on timeout. */
export async function until<T>(what: string, fn: () => Promise<T | undefined | false | null>, timeoutMs = 15_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last as T;
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${JSON.stringify(last)?.slice(0, 2000)})`);
}

/** kubectl must succeed; returns stdout. */
export async function run(kubectl: Kubectl, args: string[], input?: string): Promise<string> {
  const r = await kubectl(args, input);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

/** `kubectl get … -o json`, undefined when kubectl fails (e.g. NotFound). */
export async function getJson<T = any>(kubectl: Kubectl, args: string[]): Promise<T | undefined> {
  const r = await kubectl(['get', ...args, '-o', 'json']);
  return r.code === 0 ? (JSON.parse(r.stdout) as T) : undefined;
}

/** The items of `kubectl get <kind> -o json` (empty on failure). */
export async function items(kubectl: Kubectl, args: string[]): Promise<any[]> {
  return (await getJson<{ items: any[] }>(kubectl, args))?.items ?? [];
}

/** A printed table as rows of whitespace-separated cells (header first). */
export function table(stdout: string): string[][] {
  return stdout.trim().split('\n').filter(Boolean).map((l) => l.trim().split(/\s+/));
}

/** The row of `kubectl get <kind>` whose first cell is `name` (undefined when missing). */
export async function row(kubectl: Kubectl, kind: string, name: string): Promise<string[] | undefined> {
  const r = await kubectl(['get', kind]);
  if (r.code !== 0) return undefined;
  return table(r.stdout).find((cells) => cells[0] === name);
}

/** The next whole minute (epoch ms) that is at least `leadMs` away. */
export function nextMinute(nowMs: number, leadMs = 0): number {
  return Math.ceil((nowMs + leadMs) / 60_000) * 60_000;
}

export interface StampedAdd {
  name: string;
  obj: KubeObject;
  /** Date.now() when the ADDED watch event reached this process. */
  arrivedAt: number;
}

export interface ObjectWatch {
  /** The first ADDED per object name, stamped with its arrival time. */
  adds: Map<string, StampedAdd>;
  /** The latest version seen per name (kept after deletion). */
  last: Map<string, KubeObject>;
  /** Arrival time of the DELETED event per name. */
  deletedAt: Map<string, number>;
  stop(): Promise<void>;
}

/** Watches one resource: first ADDED arrival, latest version and deletion time per object name. */
export async function watchObjects(kubeconfigPath: string, resource: ResourceType): Promise<ObjectWatch> {
  const client = await RestClient.fromKubeConfig(loadKubeConfig(kubeconfigPath), { userAgent: 'jobs-e2e-watch' });
  const informer = new Informer<KubeObject>(client, resource, {});
  const adds = new Map<string, StampedAdd>();
  const last = new Map<string, KubeObject>();
  const deletedAt = new Map<string, number>();
  informer.on((ev) => {
    const name = ev.object.metadata?.name ?? '';
    const now = Date.now();
    if (ev.type === 'ADDED' && !adds.has(name)) adds.set(name, { name, obj: ev.object, arrivedAt: now });
    if (ev.type === 'DELETED') deletedAt.set(name, now);
    else last.set(name, ev.object);
  });
  informer.start();
  await informer.synced;
  return {
    adds,
    last,
    deletedAt,
    async stop() {
      await informer.stop();
      client.close();
    },
  };
}

/** Percentile (nearest rank) of a list of numbers. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
