// Bad-input corpus: what "nothing already stored changed" means — every object of the watched
// collections (name, resourceVersion, full JSON) plus the server's current resourceVersion, read over
// the API before and after each case and compared.
import type { RawClient } from './http.js';

/** Collections read for a snapshot (list paths, namespace `default` for namespaced kinds). */
export const SNAPSHOT_PATHS = [
  '/apis/apps.kruise.io/v1beta1/namespaces/default/statefulsets',
  '/apis/apps.kruise.io/v1alpha1/namespaces/default/daemonsets',
  '/apis/apps.kruise.io/v1alpha1/namespaces/default/broadcastjobs',
  '/apis/apps.kruise.io/v1alpha1/namespaces/default/advancedcronjobs',
  '/api/v1/namespaces/default/configmaps',
  '/api/v1/namespaces',
] as const;

export interface StoreSnapshot {
  /** The list resourceVersion of the last collection read (the server's current resourceVersion). */
  currentRv: string;
  /** `path/name` → `resourceVersion JSON`. */
  objects: Map<string, string>;
}

export async function takeSnapshot(client: RawClient): Promise<StoreSnapshot> {
  const objects = new Map<string, string>();
  let currentRv = '';
  for (const path of SNAPSHOT_PATHS) {
    const res = await client.send({ method: 'GET', path });
    if (res.status !== 200) throw new Error(`snapshot: GET ${path} answered ${res.status}: ${res.text.slice(0, 200)}`);
    currentRv = String(res.json.metadata?.resourceVersion ?? '');
    for (const item of res.json.items as { metadata: { name: string; resourceVersion: string } }[]) {
      objects.set(`${path}/${item.metadata.name}`, `${item.metadata.resourceVersion} ${JSON.stringify(item)}`);
    }
  }
  return { currentRv, objects };
}

/** Human-readable differences between two snapshots (empty when nothing changed). */
export function diffSnapshots(before: StoreSnapshot, after: StoreSnapshot): string[] {
  const out: string[] = [];
  if (before.currentRv !== after.currentRv) out.push(`server resourceVersion ${before.currentRv} → ${after.currentRv}`);
  for (const [key, value] of before.objects) {
    const now = after.objects.get(key);
    if (now === undefined) out.push(`${key} deleted`);
    else if (now !== value) out.push(`${key} changed (rv ${value.split(' ')[0]} → ${now.split(' ')[0]})`);
  }
  for (const key of after.objects.keys()) if (!before.objects.has(key)) out.push(`${key} created`);
  return out;
}
