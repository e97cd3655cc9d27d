// Server-side apply of one configuration (kube's FieldManager.Apply chain): the configuration is merged into
// the live object (or an empty one: create-on-apply), fields the applier set last time and no longer sets
// are pruned unless someone else owns them, the applier's set becomes exactly what it applied, and changes
// to fields other managers own are conflicts (409) unless `force` moves them to the applier. A `kubectl`
// applier may take fields the client-side-apply annotation proves it set (lastappliedmanager.go), and keeps
// that annotation current (lastappliedupdater.go). Live objects without managedFields first get their
// fields attributed to `before-first-apply`. Pure.
import { ApiError } from '../errors.js';
import { compare, toFieldSet, type TopFilter } from './compare.js';
import { conflictError, conflictsOf } from './conflicts.js';
import { difference, intersection, isEmptySet, union, type FieldSet } from './field-set.js';
import { ShapeError } from './list-items.js';
import { decodeManaged, encodeManaged, identityOf, stripMeta, type EncodedEntry, type Managed } from './managed-fields.js';
import { mergeApplied, prune } from './merge.js';
import type { TypeNode } from './types.js';
import type { WriterInfo } from './update.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export interface ApplyInput extends WriterInfo {
  /** The stored object (undefined: the apply creates it). */
  live: Readonly<Record<string, unknown>> | undefined;
  /** The kind's empty value (for `before-first-apply`). */
  zero: Readonly<Record<string, unknown>>;
  config: Record<string, unknown>;
  force: boolean;
  type: TypeNode;
  keep?: TopFilter;
}

export interface ApplyResult {
  /** The object to store, without managedFields. */
  object: Record<string, unknown>;
  managedFields: EncodedEntry[] | undefined;
}

function withoutManagedFields(obj: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> {
  if (!obj) return {};
  const meta = obj.metadata as Record<string, unknown> | undefined;
  if (!meta || meta.managedFields === undefined) return obj as Record<string, unknown>;
  const { managedFields: _, ...rest } = meta;
  return { ...obj, metadata: rest };
}

function shapeError(err: unknown, what: string): never {
  if (err instanceof ShapeError) throw new ApiError(500, '', `${what}: ${err.message}`);
  throw err;
}

/** Managers of the live object; with none, its fields go to `before-first-apply` (skipnonapplied.go). */
function liveManagers(input: ApplyInput, live: Record<string, unknown>): Managed {
  const decoded = decodeManaged((input.live?.metadata as { managedFields?: unknown } | undefined)?.managedFields);
  if (typeof decoded === 'string') throw new ApiError(500, '', `failed to decode managed fields: ${decoded}`);
  if (decoded.size > 0 || !input.live) return decoded;
  const cmp = compare(input.zero, live, input.type, input.keep);
  const id = identityOf({ manager: 'before-first-apply', operation: 'Update', apiVersion: input.apiVersion });
  decoded.set(id, { manager: 'before-first-apply', operation: 'Update', apiVersion: input.apiVersion, time: input.time, set: difference(union(cmp.modified, cmp.added), cmp.removed) });
  stripMeta(decoded, id);
  return decoded;
}

export function applyConfiguration(input: ApplyInput): ApplyResult {
  const live = withoutManagedFields(input.live);
  const managed = liveManagers(input, live);
  const entry = { manager: input.manager, operation: 'Apply' as const, apiVersion: input.apiVersion, ...(input.subresource ? { subresource: input.subresource } : {}) };
  const id = identityOf(entry);
  let applied: FieldSet;
  let merged: Record<string, unknown>;
  try {
    applied = toFieldSet(input.config, input.type, input.keep);
    merged = mergeApplied(live, input.config, input.type) as Record<string, unknown>;
  } catch (err) {
    shapeError(err, 'failed to create typed patch object');
  }
  const previous = managed.get(id);
  managed.set(id, { ...entry, set: applied, ...(previous?.time ? { time: previous.time } : {}) });
  let owned: FieldSet = applied;
  for (const e of managed.values()) owned = union(owned, e.set);
  merged = prune(merged, previous?.set, owned, input.type) as Record<string, unknown>;
  const cmp = compare(live, merged, input.type, input.keep);
  const changed = union(cmp.modified, cmp.added);
  const conflicts = new Map<string, FieldSet>();
  for (const [other, e] of managed) {
    if (other === id) continue;
    const c = intersection(e.set, changed);
    if (!isEmptySet(c)) conflicts.set(other, c);
  }
  if (conflicts.size && !input.force && !allowedByLastApplied(input, live, conflicts)) throw conflictError(conflictsOf(conflicts));
  for (const [other, e] of managed) {
    if (other === id) continue;
    let set = e.set;
    const c = conflicts.get(other);
    if (c) set = difference(set, c);
    if (!isEmptySet(cmp.removed)) set = difference(set, cmp.removed);
    if (set === e.set) continue;
    if (isEmptySet(set)) managed.delete(other);
    else managed.set(other, { ...e, set });
  }
  stripMeta(managed, id);
  const same = isEmptySet(changed) && isEmptySet(cmp.removed);
  const self = managed.get(id);
  if (!same && self) managed.set(id, { ...self, time: input.time });
  // A mutable copy: the merge shares parts with the (frozen) live object and the configuration.
  const object = JSON.parse(JSON.stringify(same ? live : merged)) as Record<string, unknown>;
  if (input.manager === 'kubectl') keepLastAppliedCurrent(object, input.config);
  return { object, managedFields: encodeManaged(managed) };
}

function lastAppliedOf(obj: Readonly<Record<string, unknown>>): string | undefined {
  const v = (obj.metadata as { annotations?: Record<string, unknown> } | undefined)?.annotations?.[LAST_APPLIED];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * kubectl moving from client-side to server-side apply: conflicts on fields its last-applied annotation set
 * to the live values are not conflicts (the apply is then forced).
 */
function allowedByLastApplied(input: ApplyInput, live: Record<string, unknown>, conflicts: Map<string, FieldSet>): boolean {
  if (input.manager !== 'kubectl') return false;
  const text = lastAppliedOf(live);
  if (!text) return false;
  let last: Record<string, unknown>;
  try {
    last = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return false;
  }
  if (last?.apiVersion !== input.apiVersion) return false;
  let allowed: FieldSet;
  try {
    const cmp = compare(last, live, input.type, input.keep);
    allowed = difference(difference(difference(toFieldSet(last, input.type, input.keep), cmp.modified), cmp.added), cmp.removed);
  } catch {
    return false;
  }
  for (const set of conflicts.values()) if (!isEmptySet(difference(set, allowed))) return false;
  return true;
}

/** Only when the object already has the annotation: it becomes the applied configuration, as kube encodes it (sorted keys, a newline). */
function keepLastAppliedCurrent(object: Record<string, unknown>, config: Record<string, unknown>): void {
  if (!lastAppliedOf(object)) return;
  const meta = { ...(config.metadata as Record<string, unknown> | undefined) };
  const annotations = { ...(meta.annotations as Record<string, unknown> | undefined) };
  delete annotations[LAST_APPLIED];
  if (Object.keys(annotations).length) meta.annotations = annotations;
  else delete meta.annotations;
  const value = `${JSON.stringify(sortKeys({ ...config, metadata: meta }))}\n`;
  const liveMeta = object.metadata as Record<string, unknown>;
  object.metadata = { ...liveMeta, annotations: { ...(liveMeta.annotations as Record<string, unknown>), [LAST_APPLIED]: value } };
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
  return out;
}
