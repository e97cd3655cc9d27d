// Turns the DaemonSet's decisions into Plan actions with their events: pod creates (deterministic names,
// slow-start phases 1, 2, 4 …), deletes (with the preDelete hook), in-place updates, refresh writes,
// adoption/release and revision writes. Phases: claim+history → deletes/status writes → in-place object
// writes → creates → InPlaceUpdateReady=True refreshes (a conflict there loses nothing) → history
// cleanup; KruisePodReady=True writes for pods lacking the condition go with the first phase. Pure.
import type { ControllerRevision, KubeObject, ObjectMeta, ObjectRef, Pod, PlanAction, PlanEvent } from '../../api/index.js';
import { Fnv32 } from '../common/hash.js';
import type { InPlaceUpdateSpec } from '../common/inplace-update.js';
import { kruisePodReadyPatch } from '../common/pod-readiness.js';
import { deleteStepFor } from './lifecycle.js';
import { newDaemonPod } from './pod-shape.js';
import { refreshStatusPatch, startObjectPatch, startStatusPatch } from './inplace.js';
import type { DaemonSet } from './types.js';

export class PlanWrites {
  readonly claim: PlanAction[] = [];
  readonly ready: PlanAction[] = [];
  readonly prepare: PlanAction[] = [];
  readonly update: PlanAction[] = [];
  readonly creates: PlanAction[] = [];
  readonly refreshes: PlanAction[] = [];
  readonly cleanup: PlanAction[] = [];
  readonly events: PlanEvent[] = [];

  constructor(private readonly ds: DaemonSet, private readonly nowMs: number) {}

  /** Number of pod creates, deletes and lifecycle/in-place patches planned. */
  get podWrites(): number {
    return this.prepare.length + this.update.length + this.creates.length;
  }

  createPods(nodeNames: readonly string[], hash: string, inPlaceReadinessGate: boolean): void {
    for (const nodeName of nodeNames) {
      const name = daemonPodName(this.ds, nodeName, hash, this.nowMs);
      this.creates.push({
        type: 'create',
        object: newDaemonPod(this.ds, { hash, nodeName, inPlaceReadinessGate, name }) as KubeObject,
        onSuccess: { type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${name}` },
        onFailure: { type: 'Warning', reason: 'FailedCreate', message: 'Error creating: {err}' },
      });
    }
  }

  /** Deletes (or moves to PreparingDelete) each pod once; returns how many writes were added. */
  deletePods(pods: readonly Pod[]): number {
    const seen = new Set(this.prepare.map((a) => (a.type === 'delete' || a.type === 'patch' ? a.ref.uid ?? a.ref.name : '')));
    let n = 0;
    for (const pod of pods) {
      const key = pod.metadata?.uid ?? pod.metadata?.name ?? '';
      if (seen.has(key)) continue;
      seen.add(key);
      const step = deleteStepFor(this.ds, pod, this.nowMs);
      if (step.kind === 'wait') continue;
      n++;
      if (step.kind === 'prepare') {
        this.prepare.push({ type: 'patch', ref: podRef(pod), patchType: 'merge', patch: step.patch });
        if (step.statusPatch) this.prepare.push({ type: 'patch', ref: podRef(pod), patchType: 'merge', subresource: 'status', patch: step.statusPatch });
        continue;
      }
      const name = pod.metadata?.name ?? '';
      this.prepare.push({
        type: 'delete',
        ref: podRef(pod),
        onSuccess: { type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${name}` },
        onFailure: { type: 'Warning', reason: 'FailedDelete', message: 'Error deleting: {err}' },
      });
    }
    return n;
  }

  updateInPlace(pod: Pod, spec: InPlaceUpdateSpec, hash: string): void {
    const name = pod.metadata?.name ?? '';
    this.prepare.push({
      type: 'patch', ref: podRef(pod), patchType: 'merge', subresource: 'status',
      patch: startStatusPatch(pod, this.nowMs), resourceVersion: pod.metadata?.resourceVersion,
    });
    this.update.push({
      type: 'patch', ref: podRef(pod), patchType: 'merge', patch: startObjectPatch(pod, spec, hash, this.nowMs),
      onSuccess: { type: 'Normal', reason: 'SuccessfulUpdatePodInPlace', message: `successfully update pod ${name} in-place` },
      onFailure: { type: 'Warning', reason: 'FailedUpdatePodInPlace', message: `failed to update pod ${name} in-place(revision ${spec.revision}): {err}` },
    });
  }

  /** InPlaceUpdateReady=True, only against the pod version that was judged complete. */
  refresh(pod: Pod): void {
    const patch = refreshStatusPatch(pod, this.nowMs);
    if (!patch) return;
    this.refreshes.push({ type: 'patch', ref: podRef(pod), patchType: 'merge', subresource: 'status', patch, resourceVersion: pod.metadata?.resourceVersion });
  }

  /**
   * KruisePodReady=True (the pod-readiness controller's write) for each live pod with the gate and no
   * condition, unless this plan already writes the pod (its status writes carry the condition too).
   */
  markPodsReady(pods: readonly Pod[]): void {
    const written = new Set<string>();
    for (const a of [...this.claim, ...this.prepare, ...this.update, ...this.refreshes]) if (a.type === 'patch' || a.type === 'delete') written.add(a.ref.uid ?? a.ref.name);
    for (const pod of pods) {
      if (pod.metadata?.deletionTimestamp || written.has(pod.metadata?.uid ?? pod.metadata?.name ?? '')) continue;
      const patch = kruisePodReadyPatch(pod, this.nowMs);
      if (patch) this.ready.push({ type: 'patch', ref: podRef(pod), patchType: 'merge', subresource: 'status', patch, resourceVersion: pod.metadata?.resourceVersion });
    }
  }

  relabelPod(pod: Pod, hash: string): void {
    this.claim.push({ type: 'patch', ref: podRef(pod), patchType: 'merge', patch: { metadata: { labels: { 'controller-revision-hash': hash } } } });
  }

  /** Adopt (add our controller ref) or release (remove it), guarded by the object's resourceVersion. */
  setOwner(obj: KubeObject, kind: 'Pod' | 'ControllerRevision', adopt: boolean): void {
    const uid = this.ds.metadata?.uid;
    const others = (obj.metadata?.ownerReferences ?? []).filter((r) => r.uid !== uid);
    const ownerReferences = adopt
      ? [...others, { apiVersion: this.ds.apiVersion ?? 'apps.kruise.io/v1alpha1', kind: this.ds.kind ?? 'DaemonSet', name: this.ds.metadata?.name ?? '', uid: uid ?? '', controller: true, blockOwnerDeletion: true }]
      : others;
    this.claim.push({
      type: 'patch', ref: refTo(obj, kind), patchType: 'merge', patch: { metadata: { ownerReferences } },
      resourceVersion: obj.metadata?.resourceVersion,
    });
  }

  createRevision(rev: ControllerRevision): void {
    this.claim.push({ type: 'create', object: rev as unknown as KubeObject });
  }

  patchRevision(rev: ControllerRevision, patch: Record<string, unknown>): void {
    this.claim.push({ type: 'patch', ref: refTo(rev, 'ControllerRevision'), patchType: 'merge', patch });
  }

  deleteRevision(rev: ControllerRevision, cleanup: boolean): void {
    (cleanup ? this.cleanup : this.claim).push({ type: 'delete', ref: refTo(rev, 'ControllerRevision') });
  }

  /** The phases in order; creates split into slow-start batches 1, 2, 4, … */
  phases(): PlanAction[][] {
    const phases = [[...this.ready, ...this.claim], this.prepare, this.update];
    for (let i = 0, size = 1; i < this.creates.length; i += size, size *= 2) phases.push(this.creates.slice(i, i + size));
    phases.push(this.refreshes, this.cleanup);
    return phases.filter((p) => p.length > 0);
  }
}

/**
 * `<ds>-<5 chars>`: the planner names pods itself (deterministic in its inputs) so that the
 * SuccessfulCreate event can name the pod; a clash fails the create and the next turn, at a later
 * `now`, picks another name.
 */
export function daemonPodName(ds: DaemonSet, nodeName: string, hash: string, nowMs: number): string {
  const h = new Fnv32('1a').write(`${ds.metadata?.uid ?? ds.metadata?.name ?? ''}/${ds.metadata?.resourceVersion ?? ''}/${nodeName}/${hash}/${nowMs}`).sum32();
  let n = h;
  let suffix = '';
  for (let i = 0; i < 5; i++, n = Math.floor(n / 27)) suffix += NAME_ALPHABET[n % 27];
  return `${ds.metadata?.name ?? ''}-${suffix}`;
}

/** The alphabet of generateName suffixes (no vowels, no look-alikes); 27^5 ≈ 14 M names. */
const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

function podRef(pod: Pod): ObjectRef {
  return { apiVersion: 'v1', kind: 'Pod', namespace: pod.metadata?.namespace, name: pod.metadata?.name ?? '', uid: pod.metadata?.uid };
}

function refTo(obj: { metadata?: ObjectMeta }, kind: string): ObjectRef {
  return { apiVersion: kind === 'Pod' ? 'v1' : 'apps/v1', kind, namespace: obj.metadata?.namespace, name: obj.metadata?.name ?? '', uid: obj.metadata?.uid };
}
