// Volume claims of a StatefulSet (spec §4, §9): claim names `<claim>-<set>-<ordinal>`, the PVC objects
// created before a pod, the claim volumes a pod mounts, what blocks a pod's creation (a claim being
// deleted, a claim still owned by a previous pod of that name), and the ownerReferences the
// persistentVolumeClaimRetentionPolicy asks for.
import { cloneJson, type OwnerReference, type PatchAction, type PersistentVolumeClaim, type Pod, type PodSpec } from '../../api/index.js';
import type { SetContext } from './context.js';
import type { StatefulSet } from './types.js';

export function claimName(templateName: string, setName: string, ordinal: number): string {
  return `${templateName}-${setName}-${ordinal}`;
}

/** The PVCs pod `ordinal` mounts, keyed by claim template name (v1.8: labels = selector matchLabels). */
export function claimsForOrdinal(set: StatefulSet, ordinal: number): Array<{ template: string; claim: PersistentVolumeClaim }> {
  const setName = set.metadata?.name ?? '';
  return (set.spec?.volumeClaimTemplates ?? []).map((t) => {
    const template = t.metadata?.name ?? '';
    const claim: PersistentVolumeClaim = {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: claimName(template, setName, ordinal),
        namespace: set.metadata?.namespace,
        labels: { ...(set.spec?.selector?.matchLabels ?? {}) },
        ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
      },
      spec: cloneJson(t.spec ?? {}),
    };
    return { template, claim };
  });
}

/** Claim volumes first (template order), then the template's other volumes. */
export function withClaimVolumes(spec: PodSpec, set: StatefulSet, ordinal: number): PodSpec {
  const claims = claimsForOrdinal(set, ordinal);
  if (claims.length === 0) return spec;
  const names = new Set(claims.map((c) => c.template));
  const volumes = claims.map((c) => ({ name: c.template, persistentVolumeClaim: { claimName: c.claim.metadata!.name! } }));
  return { ...spec, volumes: [...volumes, ...(spec.volumes ?? []).filter((v) => !names.has(v.name))] };
}

/** Whether the pod mounts every claim it should (storage identity). */
export function storageMatches(pod: Pod, set: StatefulSet, ordinal: number): boolean {
  const volumes = new Map((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
  return claimsForOrdinal(set, ordinal).every((c) => volumes.get(c.template)?.persistentVolumeClaim?.claimName === c.claim.metadata?.name);
}

export type CreateBlock = { kind: 'stale'; claim: string } | { kind: 'deleting'; claim: string };

/** Why pod `ordinal` cannot be created yet: a claim is being deleted, or still owned by an old pod. */
export function claimBlock(ctx: SetContext, ordinal: number, podName: string, podUid: string | undefined): CreateBlock | undefined {
  for (const { claim } of claimsForOrdinal(ctx.set, ordinal)) {
    const live = ctx.claimsByName.get(claim.metadata!.name!);
    if (!live) continue;
    if (ctx.gates.StatefulSetAutoDeletePVC && live.metadata?.ownerReferences?.some((r) => r.kind === 'Pod' && r.name === podName && r.uid !== podUid)) {
      return { kind: 'stale', claim: claim.metadata!.name! };
    }
    if (live.metadata?.deletionTimestamp) return { kind: 'deleting', claim: claim.metadata!.name! };
  }
  return undefined;
}

/** Claims of pod `ordinal` that do not exist yet, with the ownerReferences the retention policy wants. */
export function missingClaims(ctx: SetContext, ordinal: number, pod: Pod | undefined, condemned: boolean): PersistentVolumeClaim[] {
  const out: PersistentVolumeClaim[] = [];
  for (const { claim } of claimsForOrdinal(ctx.set, ordinal)) {
    if (ctx.claimsByName.has(claim.metadata!.name!)) continue;
    const refs = ctx.gates.StatefulSetAutoDeletePVC ? desiredClaimRefs(ctx.set, pod, condemned, []) : [];
    if (refs.length) claim.metadata!.ownerReferences = refs;
    out.push(claim);
  }
  return out;
}

/**
 * ownerReferences a claim should carry (foreign refs kept): Retain/Retain none; whenDeleted=Delete →
 * the set (for condemned pods only when whenScaled is Retain); whenScaled=Delete → the pod while condemned.
 */
export function desiredClaimRefs(set: StatefulSet, pod: Pod | undefined, condemned: boolean, current: OwnerReference[]): OwnerReference[] {
  const policy = set.spec?.persistentVolumeClaimRetentionPolicy ?? {};
  const setUid = set.metadata?.uid;
  const foreign = current.filter((r) => r.uid !== setUid && !(r.kind === 'Pod' && r.name === pod?.metadata?.name));
  const refs = [...foreign];
  const deleteOnScale = policy.whenScaled === 'Delete' && condemned;
  if (policy.whenDeleted === 'Delete' && !deleteOnScale) {
    refs.push({ apiVersion: set.apiVersion ?? '', kind: set.kind ?? '', name: set.metadata?.name ?? '', uid: setUid ?? '' });
  }
  if (deleteOnScale && pod?.metadata?.uid) refs.push({ apiVersion: 'v1', kind: 'Pod', name: pod.metadata.name ?? '', uid: pod.metadata.uid });
  return refs;
}

/** Merge patches fixing the ownerReferences of an existing pod's claims (gate StatefulSetAutoDeletePVC). */
export function claimRefPatches(ctx: SetContext, ordinal: number, pod: Pod, condemned: boolean): PatchAction[] {
  if (!ctx.gates.StatefulSetAutoDeletePVC || !pod.metadata?.uid) return [];
  const out: PatchAction[] = [];
  for (const { claim } of claimsForOrdinal(ctx.set, ordinal)) {
    const live = ctx.claimsByName.get(claim.metadata!.name!);
    if (!live || live.metadata?.deletionTimestamp) continue;
    const current = live.metadata?.ownerReferences ?? [];
    const desired = desiredClaimRefs(ctx.set, pod, condemned, current);
    if (sameRefs(current, desired)) continue;
    out.push({
      type: 'patch',
      ref: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: live.metadata?.namespace, name: live.metadata?.name ?? '', uid: live.metadata?.uid },
      patchType: 'merge',
      patch: { metadata: { ownerReferences: desired } },
      ...(live.metadata?.resourceVersion ? { resourceVersion: live.metadata.resourceVersion } : {}),
    });
  }
  return out;
}

function sameRefs(a: OwnerReference[], b: OwnerReference[]): boolean {
  const key = (r: OwnerReference) => `${r.kind}/${r.name}/${r.uid}`;
  return a.length === b.length && a.map(key).sort().join('|') === b.map(key).sort().join('|');
}
