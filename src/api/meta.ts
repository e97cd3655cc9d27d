// Object metadata helpers: keys, owner references, controller lookup, ref construction.
import type { KubeObject, ObjectRef, OwnerReference } from './objects.js';

/** `namespace/name` (or `name` for cluster-scoped objects): the key caches and actors use. */
export function objectKey(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  return ns ? `${ns}/${obj.metadata?.name ?? ''}` : obj.metadata?.name ?? '';
}

export function refOf(obj: KubeObject): ObjectRef {
  return {
    apiVersion: obj.apiVersion ?? '',
    kind: obj.kind ?? '',
    namespace: obj.metadata?.namespace,
    name: obj.metadata?.name ?? '',
    uid: obj.metadata?.uid,
  };
}

/** The ownerReference marked `controller: true`, if any. */
export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((ref) => ref.controller === true);
}

/** The controller ownerReference a workload puts on what it creates (blockOwnerDeletion as Kruise). */
export function controllerRefTo(owner: KubeObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion ?? '',
    kind: owner.kind ?? '',
    name: owner.metadata?.name ?? '',
    uid: owner.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function isBeingDeleted(obj: KubeObject): boolean {
  return obj.metadata?.deletionTimestamp != null;
}

/** Parses an RFC 3339 timestamp into epoch milliseconds (undefined when absent or invalid). */
export function timeMs(value: string | undefined | null): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Formats epoch milliseconds as Kubernetes does for metav1.Time: RFC 3339, seconds precision, UTC. */
export function formatTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
