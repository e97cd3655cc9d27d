// In-place update of DaemonSet pods (spec §6.5) on top of common/inplace-update: which chosen old pods
// can be updated in place (gate present, old revision found by hash, only images/metadata changed) and
// the two writes that do it — pod status InPlaceUpdateReady=False (Ready recomputed), then the pod
// object (hash label, state annotation, images). Also the refresh that sets InPlaceUpdateReady=True
// once an update is complete (or on a fresh pod with the gate). Pure.
import type { ControllerRevision, Pod, PodCondition } from '../../api/index.js';
import { buildStartPatch, computeInPlaceUpdateSpec, conditionsForUpdateReady, conditionsForUpdateStart, hasInPlaceReadinessGate, type InPlaceUpdateSpec } from '../common/inplace-update.js';
import { withKruisePodReady } from '../common/pod-readiness.js';
import { revisionLabelMatches } from '../common/revision.js';
import { podHash } from './pods.js';

export interface InPlaceChoice {
  inPlace: Array<{ pod: Pod; spec: InPlaceUpdateSpec }>;
  recreate: Pod[];
}

/** Splits the old pods chosen for update into in-place updates and recreations. */
export function splitInPlace(pods: readonly Pod[], revisions: readonly ControllerRevision[], current: ControllerRevision): InPlaceChoice {
  const out: InPlaceChoice = { inPlace: [], recreate: [] };
  for (const pod of pods) {
    if (!hasInPlaceReadinessGate(pod)) {
      out.recreate.push(pod);
      continue;
    }
    const hash = podHash(pod);
    const oldRev = hash ? revisions.find((r) => revisionLabelMatches(hash, r.metadata?.name ?? '')) : undefined;
    const decision = computeInPlaceUpdateSpec(oldRev, current, 0);
    if (decision.possible) out.inPlace.push({ pod, spec: decision.spec });
    else out.recreate.push(pod);
  }
  return out;
}

/** Status write that starts the update: InPlaceUpdateReady=False, and Ready=False when the gates say so. */
export function startStatusPatch(pod: Pod, nowMs: number): { status: { conditions: PodCondition[] } } {
  return { status: { conditions: withKruisePodReady(pod, conditionsForUpdateStart(pod, nowMs), nowMs)! } };
}

/** Object write: `controller-revision-hash` := hash, state annotation, new images (no grace for DaemonSets). */
export function startObjectPatch(pod: Pod, spec: InPlaceUpdateSpec, hash: string, nowMs: number): Record<string, unknown> {
  return buildStartPatch(pod, spec, { revisionLabel: hash, nowMs });
}

/** InPlaceUpdateReady=True for a pod with the gate whose update is complete, unless it already is; KruisePodReady=True when missing. */
export function refreshStatusPatch(pod: Pod, nowMs: number): { status: { conditions: PodCondition[] } } | undefined {
  const conditions = withKruisePodReady(pod, conditionsForUpdateReady(pod, nowMs), nowMs);
  return conditions ? { status: { conditions } } : undefined;
}
