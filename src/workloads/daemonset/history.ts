// DaemonSet revision history (README "Choosing the current revision (DaemonSet)", "History truncation"):
// split revisions into the one matching the template ("current") and the rest ("old"); create the
// current one (resolving name collisions), dedupe duplicates (relabelling their pods), bump its number,
// label revisions missing the hash label; and, at the end of a full pass, truncate old revisions no pod
// uses beyond revisionHistoryLimit. Decisions only: actions are built by the planner.
import type { ControllerRevision, Pod } from '../../api/index.js';
import {
  buildControllerRevision, equalRevisionData, hashDaemonSetTemplate, revisionDataOf, revisionDataText, revisionName,
  revisionNumber, sortRevisions,
} from '../common/revision.js';
import { defaultDaemonSet } from './defaults.js';
import type { DaemonSet } from './types.js';
import { REVISION_HASH_LABEL } from './types.js';

export interface HistoryDecision {
  /** The revision new pods get (possibly not yet created). */
  current: ControllerRevision;
  /** Its hash: what `controller-revision-hash` on an updated pod equals. */
  hash: string;
  old: ControllerRevision[];
  collisionCount: number | undefined;
  /** Create the current revision. */
  create?: ControllerRevision;
  /** Set `revision` on the current revision (it was below max(old)+1). */
  bumpTo?: number;
  /** Duplicates of the current revision to delete. */
  deleteDuplicates: ControllerRevision[];
  /** Pods at a duplicate's hash, to relabel to `hash`. */
  relabelPods: Pod[];
  /** Revisions missing the hash label (label := their own name). */
  labelRevisions: ControllerRevision[];
}

export function constructHistory(ds: DaemonSet, revisions: readonly ControllerRevision[], pods: readonly Pod[]): HistoryDecision {
  const template = ds.spec?.template;
  const data = revisionDataOf(template);
  const dataText = revisionDataText(data);
  const sorted = sortRevisions(revisions);
  const current = sorted.filter((r) => revisionDataText(r.data) === dataText);
  const old = sorted.filter((r) => revisionDataText(r.data) !== dataText);
  const maxOld = old.reduce((m, r) => Math.max(m, revisionNumber(r)), 0);
  const labelRevisions = sorted.filter((r) => !r.metadata?.labels?.[REVISION_HASH_LABEL]);
  let collisionCount = ds.status?.collisionCount;

  if (current.length === 0) {
    const byName = new Map(sorted.map((r) => [r.metadata?.name ?? '', r]));
    for (;;) {
      const hash = hashDaemonSetTemplate(template, collisionCount);
      const name = revisionName(ds.metadata?.name ?? '', hash);
      const taken = byName.get(name);
      if (taken && !equalRevisionData(taken.data, data)) {
        collisionCount = (collisionCount ?? 0) + 1;
        continue;
      }
      const created = buildControllerRevision({
        owner: ownerOf(ds), name, hash, data, revision: maxOld + 1,
        labels: template?.metadata?.labels, annotations: ds.metadata?.annotations,
      });
      return { current: created, hash, old, collisionCount, create: created, deleteDuplicates: [], relabelPods: [], labelRevisions };
    }
  }

  const keep = current[current.length - 1]!;
  const keepHash = hashOf(keep);
  const duplicates = current.slice(0, -1);
  const dupHashes = new Set(duplicates.map(hashOf));
  const relabelPods = pods.filter((p) => {
    const h = p.metadata?.labels?.[REVISION_HASH_LABEL];
    return h !== undefined && h !== keepHash && dupHashes.has(h);
  });
  const needsBump = revisionNumber(keep) < maxOld + 1;
  return {
    current: needsBump ? { ...keep, revision: maxOld + 1 } : keep,
    hash: keepHash,
    old,
    collisionCount,
    bumpTo: needsBump ? maxOld + 1 : undefined,
    deleteDuplicates: duplicates,
    relabelPods,
    labelRevisions,
  };
}

/** A revision's hash: its label, else its name (as Kruise labels revisions missing it). */
export function hashOf(rev: ControllerRevision): string {
  return rev.metadata?.labels?.[REVISION_HASH_LABEL] ?? rev.metadata?.name ?? '';
}

/** Old revisions beyond revisionHistoryLimit, oldest first, skipping any whose hash some pod carries. */
export function revisionsToCleanUp(ds: DaemonSet, old: readonly ControllerRevision[], pods: readonly Pod[]): ControllerRevision[] {
  const limit = defaultDaemonSet(ds).spec!.revisionHistoryLimit!;
  let toKill = old.length - limit;
  if (toKill <= 0) return [];
  const live = new Set<string>();
  for (const p of pods) {
    const h = p.metadata?.labels?.[REVISION_HASH_LABEL];
    if (h) live.add(h);
  }
  const out: ControllerRevision[] = [];
  for (const r of sortRevisions(old)) {
    if (toKill <= 0) break;
    const h = r.metadata?.labels?.[REVISION_HASH_LABEL];
    if (h !== undefined && live.has(h)) continue;
    out.push(r);
    toKill--;
  }
  return out;
}

function ownerOf(ds: DaemonSet): DaemonSet {
  return { apiVersion: ds.apiVersion ?? 'apps.kruise.io/v1alpha1', kind: ds.kind ?? 'DaemonSet', metadata: ds.metadata };
}
