// Garbage-collection decisions (pure), as kube-controller-manager's garbage collector makes them:
// - a dependent whose owners are all gone (or all being deleted in the foreground) is deleted;
//   owner references to gone owners next to a live one are removed;
// - an owner being deleted with the `foregroundDeletion` finalizer has its dependents deleted and keeps
//   the finalizer until no dependent with blockOwnerDeletion remains;
// - an owner being deleted with the `orphan` finalizer has its reference removed from every dependent,
//   then loses the finalizer.
// "Gone" is decided by the caller (absent from the caches and confirmed by a GET): `unknown` asks for that.
import type { KubeObject, OwnerReference } from '../../api/index.js';

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

/** What the caller knows of an owner: live, being deleted in the foreground, gone, or not yet confirmed. */
export type OwnerState = 'present' | 'foreground' | 'absent' | 'unknown';

export type GcAction =
  | { type: 'confirm'; owner: OwnerReference; namespace?: string }
  | { type: 'delete'; target: KubeObject; propagationPolicy: 'Background' | 'Foreground' }
  | { type: 'removeOwnerRefs'; target: KubeObject; uids: string[] }
  | { type: 'removeFinalizer'; target: KubeObject; finalizer: string };

export function ownerStateOf(owner: KubeObject | undefined, ref: OwnerReference): OwnerState {
  if (!owner) return 'unknown';
  if (owner.metadata?.uid !== ref.uid) return 'absent';
  if (owner.metadata?.deletionTimestamp && owner.metadata.finalizers?.includes(FOREGROUND_FINALIZER)) return 'foreground';
  return 'present';
}

/** Decisions for one dependent, given the state of each of its owners. */
export function planDependent(
  obj: KubeObject,
  stateOf: (ref: OwnerReference) => OwnerState,
  hasDependents: (uid: string) => boolean,
): GcAction[] {
  const refs = obj.metadata?.ownerReferences ?? [];
  if (refs.length === 0 || obj.metadata?.deletionTimestamp) return [];
  const states = refs.map((r) => [r, stateOf(r)] as const);
  const unknown = states.filter(([, s]) => s === 'unknown');
  if (unknown.length) return unknown.map(([owner]) => ({ type: 'confirm', owner, namespace: obj.metadata?.namespace }));
  const solid = states.some(([, s]) => s === 'present');
  // With a live owner, references to gone owners and to owners waiting in the foreground are dropped.
  const dangling = states.filter(([, s]) => s === 'absent' || s === 'foreground').map(([r]) => r.uid);
  if (solid) return dangling.length ? [{ type: 'removeOwnerRefs', target: obj, uids: dangling }] : [];
  // No live owner: every owner is gone or waiting for its dependents in the foreground.
  const waiting = states.some(([, s]) => s === 'foreground');
  const policy = waiting && hasDependents(obj.metadata?.uid ?? '') ? 'Foreground' : 'Background';
  return [{ type: 'delete', target: obj, propagationPolicy: policy }];
}

function referencesOwner(dep: KubeObject, uid: string): OwnerReference | undefined {
  return dep.metadata?.ownerReferences?.find((r) => r.uid === uid);
}

/** Decisions for an owner being deleted with the orphan or foregroundDeletion finalizer. */
export function planOwnerDeletion(owner: KubeObject, dependents: KubeObject[], hasDependents: (uid: string) => boolean): GcAction[] {
  const meta = owner.metadata;
  if (!meta?.deletionTimestamp || !meta.uid) return [];
  const uid = meta.uid;
  const deps = dependents.filter((d) => referencesOwner(d, uid));
  const finalizers = meta.finalizers ?? [];
  if (finalizers.includes(ORPHAN_FINALIZER)) {
    if (deps.length) return deps.map((d) => ({ type: 'removeOwnerRefs', target: d, uids: [uid] }));
    return [{ type: 'removeFinalizer', target: owner, finalizer: ORPHAN_FINALIZER }];
  }
  if (finalizers.includes(FOREGROUND_FINALIZER)) {
    const actions: GcAction[] = [];
    for (const d of deps) {
      if (d.metadata?.deletionTimestamp) continue;
      // A dependent with other owners is left to planDependent (it only loses this reference if one lives).
      if ((d.metadata?.ownerReferences?.length ?? 0) > 1) continue;
      actions.push({ type: 'delete', target: d, propagationPolicy: hasDependents(d.metadata?.uid ?? '') ? 'Foreground' : 'Background' });
    }
    const blocking = deps.filter((d) => referencesOwner(d, uid)?.blockOwnerDeletion === true);
    if (blocking.length === 0) actions.push({ type: 'removeFinalizer', target: owner, finalizer: FOREGROUND_FINALIZER });
    return actions;
  }
  return [];
}

/** JSON patch removing owner references by uid (each guarded by a test of the uid at that index). */
export function removeOwnerRefsPatch(obj: KubeObject, uids: string[]): unknown[] {
  const refs = obj.metadata?.ownerReferences ?? [];
  const ops: unknown[] = [];
  for (let i = refs.length - 1; i >= 0; i--) {
    if (!uids.includes(refs[i]!.uid)) continue;
    ops.push({ op: 'test', path: `/metadata/ownerReferences/${i}/uid`, value: refs[i]!.uid });
    ops.push({ op: 'remove', path: `/metadata/ownerReferences/${i}` });
  }
  return ops;
}

/** JSON patch removing one finalizer (guarded by a test of its value at that index); undefined when absent. */
export function removeFinalizerPatch(obj: KubeObject, finalizer: string): unknown[] | undefined {
  const i = obj.metadata?.finalizers?.indexOf(finalizer) ?? -1;
  if (i < 0) return undefined;
  return [
    { op: 'test', path: `/metadata/finalizers/${i}`, value: finalizer },
    { op: 'remove', path: `/metadata/finalizers/${i}` },
  ];
}
