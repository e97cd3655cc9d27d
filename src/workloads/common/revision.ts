// ControllerRevisions shared by StatefulSet and DaemonSet: the revision data a template is stored
// as, the hashes that name revisions, ControllerRevision objects, choosing the update/current
// revision (including rollback by re-numbering), and history truncation. Pure; imports only src/api.
import type { ControllerRevision, KubeObject, PodTemplateSpec } from '../../api/index.js';
import { controllerRefTo } from '../../api/index.js';
import { canonicalJson, encodeHash32, Fnv32, utf8 } from './hash.js';

export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';
/** k8s history helpers truncate the name prefix of a revision to this many characters. */
export const MAX_REVISION_PREFIX = 223;

/** What a revision stores: the template only, marked to replace (not merge) on rollback. */
export interface RevisionData {
  spec: { template: Record<string, unknown> };
}

/** `{"spec":{"template":{…template…,"$patch":"replace"}}}`. */
export function revisionDataOf(template: PodTemplateSpec | Record<string, unknown> | undefined): RevisionData {
  return { spec: { template: { ...(template as Record<string, unknown> | undefined), $patch: 'replace' } } };
}

/** The pod template a revision stores (without the `$patch` marker). */
export function templateOfRevision(rev: ControllerRevision | undefined): PodTemplateSpec {
  const data = rev?.data as Partial<RevisionData> | undefined;
  const { $patch: _ignored, ...template } = (data?.spec?.template ?? {}) as Record<string, unknown>;
  return template as PodTemplateSpec;
}

/** The bytes a revision's data serialises to (canonical: keys sorted as Go's encoding/json). */
export function revisionDataText(data: unknown): string {
  return canonicalJson(data);
}

/**
 * StatefulSet revision hash: FNV-1 over the data bytes followed by the decimal collision count
 * (always appended, "0" when unset), encoded with the safe alphabet.
 */
export function hashStatefulSetRevision(data: unknown, collisionCount: number | undefined): string {
  const h = new Fnv32('1').write(utf8(revisionDataText(data)));
  h.write(String(collisionCount ?? 0));
  return encodeHash32(h.sum32());
}

/**
 * DaemonSet template hash: FNV-1a over a canonical serialisation of the template (Kruise hashes Go's
 * deep print, which cannot be reproduced), then, when a collision count is set, the count as 4
 * little-endian bytes padded to 8.
 */
export function hashDaemonSetTemplate(template: unknown, collisionCount: number | undefined): string {
  const h = new Fnv32('1a').write(utf8(canonicalJson(template ?? {})));
  if (collisionCount !== undefined && collisionCount !== null) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    h.write(bytes);
  }
  return encodeHash32(h.sum32());
}

/** `<prefix>-<hash>`, the prefix truncated to `maxPrefix` characters (StatefulSets: 223; DaemonSets: none). */
export function revisionName(prefix: string, hash: string, maxPrefix = Infinity): string {
  return `${prefix.length > maxPrefix ? prefix.slice(0, maxPrefix) : prefix}-${hash}`;
}

export interface ControllerRevisionOptions {
  owner: KubeObject;
  name: string;
  hash: string;
  data: unknown;
  revision: number;
  /** Template labels, copied onto the revision. */
  labels?: Record<string, string>;
  /** Owner annotations, copied onto the revision. */
  annotations?: Record<string, string>;
}

export function buildControllerRevision(o: ControllerRevisionOptions): ControllerRevision {
  const metadata: ControllerRevision['metadata'] = {
    name: o.name,
    namespace: o.owner.metadata?.namespace,
    labels: { ...(o.labels ?? {}), [CONTROLLER_REVISION_HASH_LABEL]: o.hash },
    ownerReferences: [controllerRefTo(o.owner)],
  };
  if (o.annotations && Object.keys(o.annotations).length > 0) metadata.annotations = { ...o.annotations };
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata,
    data: o.data as ControllerRevision['data'],
    revision: o.revision,
  };
}

export function revisionNumber(rev: ControllerRevision): number {
  return Number(rev.revision ?? 0);
}

/** Sorted by revision number, then creation time, then name (as k8s history does). Returns a new array. */
export function sortRevisions(revs: readonly ControllerRevision[]): ControllerRevision[] {
  return [...revs].sort(
    (a, b) =>
      revisionNumber(a) - revisionNumber(b) ||
      cmp(String(a.metadata?.creationTimestamp ?? ''), String(b.metadata?.creationTimestamp ?? '')) ||
      cmp(a.metadata?.name ?? '', b.metadata?.name ?? ''),
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One past the highest revision number (1 for an empty history). */
export function nextRevisionNumber(sorted: readonly ControllerRevision[]): number {
  let max = 0;
  for (const r of sorted) max = Math.max(max, revisionNumber(r));
  return max + 1;
}

/** Whether two revisions store the same data (compared canonically). */
export function equalRevisionData(a: unknown, b: unknown): boolean {
  return revisionDataText(a) === revisionDataText(b);
}

/** The write a revision choice needs: none, create the candidate, or bump an old revision's number. */
export type RevisionWrite =
  | { kind: 'none' }
  | { kind: 'create'; revision: ControllerRevision }
  | { kind: 'bump'; revision: ControllerRevision; from: number };

export interface UpdateRevisionChoice {
  updateRevision: ControllerRevision;
  write: RevisionWrite;
  /** The collision count after resolving name collisions (write it to status). */
  collisionCount: number;
}

export interface ChooseUpdateRevisionInput {
  owner: KubeObject;
  /** Revisions owned by the workload (after adoption), any order. */
  revisions: readonly ControllerRevision[];
  /** Every revision known by name (owned or not) — a name taken with different data is a collision. */
  takenNames?: ReadonlyMap<string, ControllerRevision>;
  template: PodTemplateSpec | undefined;
  collisionCount: number | undefined;
  /** Default: the StatefulSet hash. */
  hash?: (data: RevisionData, collisionCount: number) => string;
  maxPrefix?: number;
}

/**
 * The update revision for a template (StatefulSet rules): the newest revision if it holds the same
 * data; an older equal revision re-numbered to newest+1 (rollback); else a new revision newest+1,
 * named by hash and collision count (a name taken with different data raises the collision count).
 */
export function chooseUpdateRevision(input: ChooseUpdateRevisionInput): UpdateRevisionChoice {
  const sorted = sortRevisions(input.revisions);
  const data = revisionDataOf(input.template);
  const next = nextRevisionNumber(sorted);
  let collisionCount = input.collisionCount ?? 0;
  const dataText = revisionDataText(data);
  const equal = sorted.filter((r) => revisionDataText(r.data) === dataText);
  const newest = sorted[sorted.length - 1];
  const lastEqual = equal[equal.length - 1];
  if (lastEqual && lastEqual === newest) return { updateRevision: newest, write: { kind: 'none' }, collisionCount };
  if (lastEqual) {
    const bumped = { ...lastEqual, revision: next };
    return { updateRevision: bumped, write: { kind: 'bump', revision: bumped, from: revisionNumber(lastEqual) }, collisionCount };
  }
  const hashOf = input.hash ?? ((d: RevisionData, c: number) => hashStatefulSetRevision(d, c));
  const prefix = input.owner.metadata?.name ?? '';
  for (;;) {
    const hash = hashOf(data, collisionCount);
    const name = revisionName(prefix, hash, input.maxPrefix ?? MAX_REVISION_PREFIX);
    const taken = input.takenNames?.get(name);
    if (taken && revisionDataText(taken.data) === dataText) {
      return { updateRevision: taken, write: { kind: 'none' }, collisionCount };
    }
    if (taken) {
      collisionCount++;
      continue;
    }
    const revision = buildControllerRevision({
      owner: input.owner,
      name,
      hash,
      data,
      revision: next,
      labels: input.template?.metadata?.labels,
      annotations: input.owner.metadata?.annotations,
    });
    return { updateRevision: revision, write: { kind: 'create', revision }, collisionCount };
  }
}

/**
 * Revisions to delete so that at most `limit` non-live revisions remain, oldest first. `live` names
 * the current and update revisions and every revision some pod is at.
 */
export function revisionsToTruncate(revisions: readonly ControllerRevision[], live: ReadonlySet<string>, limit: number): ControllerRevision[] {
  const history = sortRevisions(revisions).filter((r) => !live.has(r.metadata?.name ?? ''));
  const excess = history.length - Math.max(0, limit);
  return excess > 0 ? history.slice(0, excess) : [];
}

/** Whether a pod's revision label names this revision, tolerating the hash-only and name forms. */
export function revisionLabelMatches(label: string | undefined, revisionName: string): boolean {
  if (!label) return false;
  if (label === revisionName) return true;
  const tail = (s: string) => s.slice(s.lastIndexOf('-') + 1);
  return tail(label) === tail(revisionName);
}
