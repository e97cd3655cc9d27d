// Bulk writes by a plain client (the bench's, not the controller's): many StatefulSets, and the API
// server's raw pod-create rate — pods written directly, bound to a node nobody simulates so neither the
// scheduler nor a kubelet touches them, at a fixed concurrency.
import PQueue from 'p-queue';
import type { RestClient } from '../../src/runtime/client/rest-client.js';
import { PODS } from './event-source.js';

export async function forEachConcurrently<T>(items: T[], concurrency: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  const q = new PQueue({ concurrency });
  let failed: unknown;
  for (const it of items) {
    void q.add(async () => {
      if (failed) return;
      try {
        await fn(it);
      } catch (err) {
        failed ??= err;
      }
    });
  }
  await q.onIdle();
  if (failed) throw failed;
}

export interface RawCreateResult {
  pods: number;
  concurrency: number;
  wallMs: number;
  createsPerSecond: number;
}

/** Creates `n` pods shaped like a StatefulSet's (labels, one container) in `namespace` and times it. */
export async function measureRawCreates(client: RestClient, namespace: string, n: number, concurrency = 64): Promise<RawCreateResult> {
  const idx = Array.from({ length: n }, (_, i) => i);
  const t0 = performance.now();
  await forEachConcurrently(idx, concurrency, (i) =>
    client.create(PODS, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `raw-${i}`,
        namespace,
        labels: { app: 'raw', 'controller-revision-hash': 'raw-5d8f7c9b6', 'statefulset.kubernetes.io/pod-name': `raw-${i}`, 'apps.kubernetes.io/pod-index': String(i) },
      },
      spec: {
        nodeName: 'bench-unsimulated-node',
        terminationGracePeriodSeconds: 30,
        containers: [{ name: 'main', image: 'registry.local/app:v1' }],
      },
    }),
  );
  const wallMs = performance.now() - t0;
  return { pods: n, concurrency, wallMs, createsPerSecond: (n * 1000) / wallMs };
}
