// Ownership for one turn (README "Ownership, adoption, release"): owned pods/revisions that still match
// the selector are kept, owned ones that no longer match are released, orphans that match are adopted
// (and used in this turn, as Kruise does after claiming). Also whether earlier writes are still
// unobserved (expectations as data). Pure.
import type { ControllerRevision, KubeObject, Pod } from '../../api/index.js';
import { requirementMatches, requirementsOf } from '../../api/index.js';
import type { PendingWrite, Snapshot } from '../../runtime/workload-definition.js';
import type { DaemonSet } from './types.js';

export interface Claimed {
  pods: Pod[];
  revisions: ControllerRevision[];
  adopt: Array<{ obj: KubeObject; kind: 'Pod' | 'ControllerRevision' }>;
  release: Array<{ obj: KubeObject; kind: 'Pod' | 'ControllerRevision' }>;
}

export function claimObjects(snapshot: Snapshot<DaemonSet>): Claimed {
  const selector = snapshot.workload.spec?.selector;
  const reqs = selector ? requirementsOf(selector) : undefined;
  const matches = (obj: KubeObject) => !!reqs && reqs.every((r) => requirementMatches(r, obj.metadata?.labels ?? {}));
  const out: Claimed = { pods: [], revisions: [], adopt: [], release: [] };
  const kinds = [
    ['Pod', out.pods],
    ['ControllerRevision', out.revisions],
  ] as const;
  for (const [kind, into] of kinds) {
    for (const obj of snapshot.owned[kind] ?? []) {
      if (matches(obj)) (into as KubeObject[]).push(obj);
      else out.release.push({ obj, kind });
    }
    for (const obj of snapshot.orphans[kind] ?? []) {
      if (obj.metadata?.deletionTimestamp) continue;
      if (!matches(obj)) continue;
      (into as KubeObject[]).push(obj);
      out.adopt.push({ obj, kind });
    }
  }
  return out;
}

/** Pod creates/deletes expire after 5 minutes (upstream TTL); pod patches keep blocking (Kruise logs and waits). */
export const EXPECTATION_TIMEOUT_MS = 5 * 60 * 1000;

/** Only pod writes are expectations (as in Kruise); the DaemonSet's own status and revisions are not. */
export function expectationsSatisfied(pending: readonly PendingWrite[], nowMs: number): boolean {
  return pending.every((w) => w.kind !== 'Pod' || ((w.verb === 'create' || w.verb === 'delete') && nowMs - w.sinceMs >= EXPECTATION_TIMEOUT_MS));
}
