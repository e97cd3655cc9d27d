// The StatefulSet's revisions for one pass (spec §6, README "Choosing the update revision"): the
// update revision (created, re-used, or re-numbered for a rollback), the current revision
// (status.currentRevision if it still exists, else the update revision), the collision count, and
// which revisions history truncation deletes.
import type { ControllerRevision, DeleteAction, KubeObject, Pod, PlanAction } from '../../api/index.js';
import { chooseUpdateRevision, MAX_REVISION_PREFIX, revisionsToTruncate } from '../common/revision.js';
import { podRevision } from './pod-state.js';
import type { StatefulSet } from './types.js';

export interface SetRevisions {
  updateRevision: ControllerRevision;
  currentRevision: ControllerRevision;
  collisionCount: number;
  byName: Map<string, ControllerRevision>;
  /** Create of a new revision or the re-numbering of an old one (rollback), if needed. */
  write?: PlanAction;
}

export function resolveRevisions(set: StatefulSet, revisions: ControllerRevision[], known: Map<string, ControllerRevision>): SetRevisions {
  const choice = chooseUpdateRevision({
    owner: set,
    revisions,
    takenNames: known,
    template: set.spec?.template,
    collisionCount: set.status?.collisionCount,
    maxPrefix: MAX_REVISION_PREFIX,
  });
  const byName = new Map(revisions.map((r) => [r.metadata?.name ?? '', r]));
  const update = choice.updateRevision;
  byName.set(update.metadata?.name ?? '', update);
  const current = byName.get(set.status?.currentRevision ?? '') ?? update;
  let write: PlanAction | undefined;
  if (choice.write.kind === 'create') write = { type: 'create', object: choice.write.revision as unknown as KubeObject };
  else if (choice.write.kind === 'bump') {
    write = {
      type: 'patch',
      ref: revisionRef(update),
      patchType: 'merge',
      patch: { revision: choice.write.revision.revision },
      ...(update.metadata?.resourceVersion ? { resourceVersion: update.metadata.resourceVersion } : {}),
    };
  }
  return { updateRevision: update, currentRevision: current, collisionCount: choice.collisionCount, byName, write };
}

/** Deletes of non-live revisions beyond revisionHistoryLimit (live: current, update, any pod's revision). */
export function planHistoryTruncation(set: StatefulSet, revisions: ControllerRevision[], r: SetRevisions, pods: Iterable<Pod>): DeleteAction[] {
  const live = new Set([r.currentRevision.metadata?.name ?? '', r.updateRevision.metadata?.name ?? '']);
  for (const p of pods) live.add(podRevision(p));
  return revisionsToTruncate(revisions, live, set.spec?.revisionHistoryLimit ?? 10).map((rev) => ({
    type: 'delete',
    ref: revisionRef(rev),
  }));
}

function revisionRef(rev: ControllerRevision) {
  return { apiVersion: 'apps/v1', kind: 'ControllerRevision', namespace: rev.metadata?.namespace, name: rev.metadata?.name ?? '', uid: rev.metadata?.uid };
}
