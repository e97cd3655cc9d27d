// Delete answers as kube-apiserver 1.26 gives them (endpoints/handlers/delete.go, registry/generic/registry
// store.go): 200 with the object while it stays (finalizers, graceful deletion), 202 only when the client
// set orphanDependents=false; once removed, pods, namespaces, services, service accounts and PVCs answer
// the deleted object, every other kind a Status Success naming it. DeleteOptions checked as the real one.
import type { KubeObject } from '../../../api/objects.js';
import { invalid, type StatusCause } from '../errors.js';
import { nowTimestamp } from '../prepare.js';
import { resourceKey, type ResourceDef } from '../resources.js';
import type { DeleteOptions, DeleteResult } from '../service.js';

/** Kinds whose storage returns the deleted object (ReturnDeletedObject in their registry). */
const RETURNS_DELETED_OBJECT = new Set(['/pods', '/namespaces', '/services', '/serviceaccounts', '/persistentvolumeclaims']);

/** ValidateDeleteOptions: a known propagationPolicy, not together with orphanDependents. */
export function validateDeleteOptions(opts: DeleteOptions): void {
  const causes: StatusCause[] = [];
  const policy = opts.propagationPolicy;
  if (policy !== undefined && opts.orphanDependents !== undefined) {
    causes.push({ reason: 'FieldValueInvalid', field: 'propagationPolicy', message: `Invalid value: ${JSON.stringify(policy)}: orphanDependents and deletionPropagation cannot be both set` });
  }
  if (policy !== undefined && !['Foreground', 'Background', 'Orphan'].includes(policy)) {
    causes.push({ reason: 'FieldValueNotSupported', field: 'propagationPolicy', message: `Unsupported value: ${JSON.stringify(policy)}: supported values: "Foreground", "Background", "Orphan", "nil"` });
  }
  if (causes.length) throw invalid('DeleteOptions', 'meta.k8s.io', '', causes);
}

export interface DeleteAnswer {
  code: number;
  /** The object (as stored, in the storage version) or a Status. */
  body: KubeObject | Record<string, unknown>;
  /** Whether `body` is the object (the caller encodes it in the request's version). */
  isObject: boolean;
}

export function deleteAnswer(def: ResourceDef, result: DeleteResult, opts: DeleteOptions, nowMs: number): DeleteAnswer {
  const obj = result.rec.obj as KubeObject;
  if (!result.removed) return { code: opts.orphanDependents === false ? 202 : 200, body: obj, isObject: true };
  const key = resourceKey(def.group, def.plural);
  if (RETURNS_DELETED_OBJECT.has(key)) {
    if (key !== '/pods') return { code: 200, body: obj, isObject: true };
    // A pod removed now went through graceful deletion with a zero grace period: stamped now, grace 0.
    const copy = JSON.parse(result.rec.json) as KubeObject;
    (copy.metadata as Record<string, unknown>).deletionTimestamp = nowTimestamp(nowMs);
    (copy.metadata as Record<string, unknown>).deletionGracePeriodSeconds = 0;
    return { code: 200, body: copy, isObject: true };
  }
  const m = obj.metadata ?? {};
  const details: Record<string, unknown> = { name: m.name };
  if (def.group) details.group = def.group;
  details.kind = def.plural;
  details.uid = m.uid;
  return { code: 200, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details }, isObject: false };
}
