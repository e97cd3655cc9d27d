// Adoption and release (spec README "Ownership"): orphan pods matching the selector and named
// `<set>-<n>` are adopted; owned pods that no longer match (or are misnamed) are released; orphan
// ControllerRevisions matching the selector are adopted. Each is a merge patch of the whole
// ownerReferences list, conditional on the resourceVersion that was judged.
import type { ControllerRevision, ObjectMeta, OwnerReference, PatchAction, Pod } from '../../api/index.js';
import { controllerRefTo, selectorMatches } from '../../api/index.js';
import { parseOrdinal } from '../common/ordinals.js';
import type { Snapshot } from '../../runtime/workload-definition.js';
import type { StatefulSet } from './types.js';

export interface Claimed {
  pods: Pod[];
  revisions: ControllerRevision[];
  /** Every ControllerRevision seen by name (owned or orphan), for collision checks. */
  knownRevisions: Map<string, ControllerRevision>;
  actions: PatchAction[];
}

export function claimChildren(set: StatefulSet, snapshot: Snapshot<StatefulSet>, adopt: boolean): Claimed {
  const out: Claimed = { pods: [], revisions: [], knownRevisions: new Map(), actions: [] };
  const name = set.metadata?.name ?? '';
  const selector = set.spec?.selector;
  const uid = set.metadata?.uid;
  const isOurs = (o: Obj) => { const c = controllerOf(o); return !!c && (!uid || c.uid === uid); };
  for (const pod of (snapshot.owned.Pod ?? []) as unknown as Pod[]) {
    if (!isOurs(pod)) continue;
    if (selectorMatches(selector, pod.metadata?.labels) && parseOrdinal(name, pod.metadata?.name) !== undefined) out.pods.push(pod);
    else out.actions.push(ownerRefsPatch(pod, withoutRef(pod, uid)));
  }
  for (const pod of (snapshot.orphans.Pod ?? []) as unknown as Pod[]) {
    if (!adopt || controllerOf(pod) || isBeingDeleted(pod)) continue;
    if (!selectorMatches(selector, pod.metadata?.labels) || parseOrdinal(name, pod.metadata?.name) === undefined) continue;
    out.actions.push(ownerRefsPatch(pod, [...(pod.metadata?.ownerReferences ?? []), controllerRefTo(set)]));
    out.pods.push(withOwner(pod, set));
  }
  for (const rev of (snapshot.owned.ControllerRevision ?? []) as unknown as ControllerRevision[]) {
    out.knownRevisions.set(rev.metadata?.name ?? '', rev);
    if (!isOurs(rev)) continue;
    if (selectorMatches(selector, rev.metadata?.labels)) out.revisions.push(rev);
    else out.actions.push(ownerRefsPatch(rev, withoutRef(rev, uid)));
  }
  for (const rev of (snapshot.orphans.ControllerRevision ?? []) as unknown as ControllerRevision[]) {
    out.knownRevisions.set(rev.metadata?.name ?? '', rev);
    if (!adopt || controllerOf(rev) || !selectorMatches(selector, rev.metadata?.labels)) continue;
    out.actions.push(ownerRefsPatch(rev, [...(rev.metadata?.ownerReferences ?? []), controllerRefTo(set)]));
    out.revisions.push(withOwner(rev, set));
  }
  return out;
}

/** The metadata-bearing part of any object (kubernetes-types interfaces lack KubeObject's index signature). */
interface Obj {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

function controllerOf(o: Obj): OwnerReference | undefined {
  return o.metadata?.ownerReferences?.find((r) => r.controller === true);
}

function isBeingDeleted(o: Obj): boolean {
  return o.metadata?.deletionTimestamp != null;
}

function withoutRef(o: Obj, uid: string | undefined): OwnerReference[] {
  return (o.metadata?.ownerReferences ?? []).filter((r) => !(r.controller && (!uid || r.uid === uid)));
}

function withOwner<T extends Obj>(o: T, set: StatefulSet): T {
  return { ...o, metadata: { ...o.metadata, ownerReferences: [...(o.metadata?.ownerReferences ?? []), controllerRefTo(set)] } };
}

function ownerRefsPatch(o: Obj, refs: OwnerReference[]): PatchAction {
  const ref = { apiVersion: o.apiVersion ?? defaultApiVersion(o), kind: o.kind ?? (o.apiVersion === 'apps/v1' ? 'ControllerRevision' : 'Pod'), namespace: o.metadata?.namespace, name: o.metadata?.name ?? '', uid: o.metadata?.uid };
  const action: PatchAction = { type: 'patch', ref, patchType: 'merge', patch: { metadata: { ownerReferences: refs } } };
  if (o.metadata?.resourceVersion) action.resourceVersion = o.metadata.resourceVersion;
  return action;
}

function defaultApiVersion(o: Obj): string {
  return o.kind === 'ControllerRevision' ? 'apps/v1' : 'v1';
}
