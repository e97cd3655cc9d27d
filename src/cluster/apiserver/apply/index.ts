// Server-side apply and managedFields (kube-apiserver 1.26's fieldmanager and structured-merge-diff, in
// TypeScript). What it owns: field sets in fieldsV1 form (field-set.ts, path-element.ts), the apply types of
// built-in kinds and CRDs (types.ts, builtin-types.ts, crd-types.ts), comparing, merging and pruning values
// (compare.ts, merge.ts, list-items.ts), managers and their encoding (managed-fields.ts), the Update and
// Apply operations (update.ts, apply.ts), conflicts (conflicts.ts), request parsing (request.ts) and the
// apply PATCH handler (http.ts). The object service calls `recordManagedFields` when it commits a write.
// Must not import the service or storage (only http.ts touches the HTTP layer).
import type { KubeObject } from '../../../api/objects.js';
import { nowTimestamp } from '../prepare.js';
import type { ResourceDef } from '../resources.js';
import { apiVersionOf } from '../resources.js';
import { builtinType, setByAdmissionOnCreate, zeroObject } from './builtin-types.js';
import type { TopFilter } from './compare.js';
import { crdType } from './crd-types.js';
import type { EncodedEntry } from './managed-fields.js';
import { managerName } from './request.js';
import type { TypeNode } from './types.js';
import { managedFieldsAfterUpdate } from './update.js';

export { applyConfiguration } from './apply.js';
export { checkWriteOptions, managerName, parseApplyBody } from './request.js';

/** Who writes, carried in the service's WriteOptions. */
export interface FieldManagerContext {
  manager: string;
  /** The request's group/version. */
  apiVersion: string;
  /** The subresource written (`status`, a namespace's `finalize`). */
  subresource?: string;
  /** The managedFields the request body (or the patched object) carried; undefined when none. */
  requested?: unknown;
  /** Set by an apply: the managedFields to store as computed (null: none). */
  applied?: EncodedEntry[] | null;
}

export function writerContext(def: ResourceDef, version: string, query: URLSearchParams, userAgent: string | undefined, subresource?: string): FieldManagerContext {
  const out: FieldManagerContext = { manager: managerName(query.get('fieldManager'), userAgent), apiVersion: apiVersionOf(def.group, version) };
  if (subresource === 'status' || subresource === 'finalize') out.subresource = subresource;
  return out;
}

export function applyTypeOf(def: ResourceDef, version: string): TypeNode {
  return def.crd ? crdType(def.crd.versions.get(version)?.schema) : builtinType(def.group, def.kind);
}

export function zeroOf(def: ResourceDef): Readonly<Record<string, unknown>> {
  return def.crd ? {} : zeroObject(def.group, def.kind);
}

const notStatus: TopFilter = (key) => key !== 'status';
const onlyStatus: TopFilter = (key) => key === 'status';

/** The top-level fields a write may own: a /status write only status; a main write all but a status subresource's. */
export function ownableFields(def: ResourceDef, subresource: string | undefined): TopFilter | undefined {
  if (subresource === 'status') return onlyStatus;
  return def.status ? notStatus : undefined;
}

/** Puts metadata.managedFields last (after resourceVersion, so unchanged objects serialize unchanged). */
function setManagedFields(obj: KubeObject, managedFields: unknown): void {
  const meta = (obj.metadata ??= {}) as Record<string, unknown>;
  delete meta.managedFields;
  if (!managedFields) return;
  if (!('resourceVersion' in meta)) meta.resourceVersion = undefined;
  meta.managedFields = managedFields;
}

/**
 * Sets `next`'s managedFields for a write about to be stored: an apply's as it computed them, an Update's
 * from what changed since `live` (undefined on create); a write with no writer (the server's own) keeps
 * the stored ones.
 */
export function recordManagedFields(def: ResourceDef, version: string, live: Readonly<KubeObject> | undefined, next: KubeObject, fm: FieldManagerContext | undefined, nowMs: number): void {
  if (!fm) {
    setManagedFields(next, live?.metadata?.managedFields);
    return;
  }
  if (fm.applied !== undefined) {
    setManagedFields(next, fm.applied);
    return;
  }
  let mf: EncodedEntry[] | undefined;
  try {
    mf = managedFieldsAfterUpdate({
    manager: fm.manager,
    apiVersion: fm.apiVersion,
    subresource: fm.subresource,
    time: nowTimestamp(nowMs),
    live: live as Readonly<Record<string, unknown>> | undefined,
    zero: zeroOf(def),
    next: next as Record<string, unknown>,
    requested: fm.requested,
    type: applyTypeOf(def, version),
    keep: ownableFields(def, fm.subresource),
    setByAdmission: def.crd ? undefined : setByAdmissionOnCreate(def.group, def.kind),
    });
  } catch {
    // kube's UpdateNoErrors: an object its schema cannot type (duplicate list keys, …) is stored untracked.
    mf = undefined;
  }
  setManagedFields(next, mf);
}
