// Where the sampler and the write counter get their events: the embedded API server's storage watch
// (exposed on its handle for in-process tools; no HTTP, no serialization cost) or, against an external
// cluster, a watch over HTTP through the runtime's informer.
import type { KubeObject } from '../../src/api/index.js';
import { Informer } from '../../src/runtime/informer/informer.js';
import type { ResourceType } from '../../src/runtime/workload-definition.js';
import type { BenchCluster } from './cluster.js';

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';
export type ChangeHandler = (type: ChangeType, obj: KubeObject, old: KubeObject | undefined) => void;

export interface Subscription {
  /** Resolves once the subscription is live (the informer has listed). */
  ready: Promise<void>;
  cancel(): Promise<void>;
}

/** Storage key of a resource in the embedded API server ("<group>/<plural>"). */
export function storageKey(rt: ResourceType): string {
  const slash = rt.apiVersion.indexOf('/');
  return `${slash < 0 ? '' : rt.apiVersion.slice(0, slash)}/${rt.plural}`;
}

export function subscribe(cluster: BenchCluster, rt: ResourceType, onChange: ChangeHandler): Subscription {
  const api = cluster.apiServer;
  if (api) {
    const w = api.storage.watch(storageKey(rt), api.storage.currentRv, (ev) => onChange(ev.type, ev.rec.obj as KubeObject, ev.prev?.obj as KubeObject | undefined));
    return { ready: Promise.resolve(), cancel: async () => w.cancel() };
  }
  const inf = new Informer<KubeObject>(cluster.client, rt);
  let listed = false;
  inf.on((ev) => {
    if (!listed && ev.source === 'list') return; // existing objects are not changes
    onChange(ev.type, ev.object, ev.old);
  });
  inf.start();
  return {
    ready: inf.synced.then(() => {
      listed = true;
    }),
    cancel: () => inf.stop(),
  };
}

export const PODS: ResourceType = { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true };
