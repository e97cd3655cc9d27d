// managedFields after a create, update or non-apply patch (kube's FieldManager.Update chain): the writer
// becomes owner of what it added or changed (merged into its earlier Update entry for the same apiVersion
// and subresource, time stamped), other managers lose what was changed or removed, managers left with
// nothing disappear; a writer that changed nothing gets no entry and no new time. The managedFields the
// request carried replace the stored ones when they decode and are not empty; `[]` resets them, and an
// object whose managedFields are empty stays untracked until the next apply (skipnonapplied.go). Pure.
import { deepEqual } from '../prepare.js';
import { compare, type TopFilter } from './compare.js';
import { difference, EMPTY_SET, isEmptySet, union, type FieldSet } from './field-set.js';
import { sameShape } from './same-shape.js';
import { capUpdateManagers, decodeManaged, decodeOrEmpty, encodeManaged, identityOf, isReset, stripMeta, type EncodedEntry, type Managed } from './managed-fields.js';
import type { TypeNode } from './types.js';

export interface WriterInfo {
  /** The manager's name (fieldManager, else the User-Agent's product, else `unknown`). */
  manager: string;
  /** The request's group/version, e.g. `apps/v1`. */
  apiVersion: string;
  subresource?: string;
  /** RFC 3339, seconds (`2026-12-08T00:47:47Z`). */
  time: string;
}

export interface UpdateInput extends WriterInfo {
  /** The stored object; undefined on create (then `zero`, the kind's empty value, stands in for it). */
  live: Readonly<Record<string, unknown>> | undefined;
  zero: Readonly<Record<string, unknown>>;
  /** What will be stored (its managedFields are ignored). */
  next: Readonly<Record<string, unknown>>;
  /** The managedFields the request body carried (undefined when it had none). */
  requested: unknown;
  type: TypeNode;
  /** Top-level fields the writer cannot change here (see ignoredTop). */
  keep?: TopFilter;
  /** On create: fields the server's admission set, not the writer. */
  setByAdmission?: FieldSet;
}

function metaManaged(obj: Readonly<Record<string, unknown>> | undefined): unknown {
  return (obj?.metadata as { managedFields?: unknown } | undefined)?.managedFields;
}

/** The managers a write starts from (decodeLiveOrNew). */
function startingManagers(input: UpdateInput): Managed {
  const live = metaManaged(input.live);
  if (input.subresource) return decodeOrEmpty(live);
  if (isReset(input.requested)) return new Map();
  // Most bodies carry the managedFields they read: the stored (already decoded) ones then serve.
  if (input.requested !== undefined && !deepEqual(input.requested, live)) {
    const m = decodeManaged(input.requested);
    if (typeof m !== 'string' && m.size > 0) return m;
  }
  return decodeOrEmpty(live);
}

/** The creator's fields, remembered per type for the last create (see same-shape.ts). */
const lastCreate = new WeakMap<TypeNode, { next: Readonly<Record<string, unknown>>; set: FieldSet; keep?: TopFilter; setByAdmission?: FieldSet }>();

function creatorFields(input: UpdateInput): FieldSet {
  const last = lastCreate.get(input.type);
  if (last && last.keep === input.keep && last.setByAdmission === input.setByAdmission && sameShape(last.next, input.next, input.type, input.keep)) return last.set;
  const cmp = compare(input.zero, input.next, input.type, input.keep);
  const m: Managed = new Map([['self', { manager: '', operation: 'Update', apiVersion: '', set: difference(union(cmp.modified, cmp.added), cmp.removed) }]]);
  stripMeta(m, 'self');
  let set = m.get('self')?.set ?? EMPTY_SET;
  if (input.setByAdmission) set = difference(set, input.setByAdmission);
  lastCreate.set(input.type, { next: input.next, set, keep: input.keep, setByAdmission: input.setByAdmission });
  return set;
}

/** managedFields of creates by one writer in one second with the same fields: one shared (frozen once stored) array. */
const recentCreates = new Map<string, { set: FieldSet; encoded: EncodedEntry[] | undefined }>();

function creatorEntries(input: UpdateInput, set: FieldSet): EncodedEntry[] | undefined {
  const key = `${input.manager}\u0000${input.apiVersion}\u0000${input.subresource ?? ''}\u0000${input.time}`;
  const hit = recentCreates.get(key);
  if (hit && hit.set === set) return hit.encoded;
  const entry = { manager: input.manager, operation: 'Update' as const, apiVersion: input.apiVersion, ...(input.subresource ? { subresource: input.subresource } : {}), set, time: input.time };
  const encoded = encodeManaged(new Map([[identityOf(entry), entry]]));
  if (recentCreates.size >= 256) recentCreates.clear();
  recentCreates.set(key, { set, encoded });
  return encoded;
}

/** The managedFields to store after an Update operation (undefined: none). */
export function managedFieldsAfterUpdate(input: UpdateInput): EncodedEntry[] | undefined {
  const managed = startingManagers(input);
  if (managed.size === 0 && input.live) return undefined;
  if (managed.size === 0) {
    // A create (nothing to take from anyone): the creator owns what it set.
    const set = creatorFields(input);
    if (isEmptySet(set)) return undefined;
    return creatorEntries(input, set);
  }
  const cmp = compare(input.live ?? input.zero, input.next, input.type, input.keep);
  const changed = union(cmp.modified, cmp.added);
  for (const [id, e] of managed) {
    let set = e.set;
    if (!isEmptySet(changed)) set = difference(set, changed);
    if (!isEmptySet(cmp.removed)) set = difference(set, cmp.removed);
    if (set === e.set) continue;
    if (isEmptySet(set)) managed.delete(id);
    else managed.set(id, { ...e, set });
  }
  let current = difference(changed, cmp.removed);
  if (!input.live && input.setByAdmission) current = difference(current, input.setByAdmission);
  const self = '\u0000current-operation';
  managed.set(self, { manager: input.manager, operation: 'Update', apiVersion: input.apiVersion, set: current });
  stripMeta(managed, self);
  const done = managed.get(self);
  managed.delete(self);
  if (done) {
    const entry = { manager: input.manager, operation: 'Update' as const, apiVersion: input.apiVersion, ...(input.subresource ? { subresource: input.subresource } : {}) };
    const id = identityOf(entry);
    const previous = managed.get(id);
    managed.set(id, { ...entry, set: previous ? union(done.set, previous.set) : done.set, time: input.time });
  }
  capUpdateManagers(managed, union);
  return encodeManaged(managed);
}
