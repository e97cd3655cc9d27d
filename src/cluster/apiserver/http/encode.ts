// Encoding stored objects for a response: the stored bytes as they are, or with apiVersion rewritten
// when a custom resource is read through another served version; Table and PartialObjectMetadata
// negotiation from Accept.
import type { KubeObject } from '../../../api/objects.js';
import { apiVersionOf, storageVersion, type ResourceDef } from '../resources.js';
import type { StoredObject } from '../storage/types.js';

export function objectJson(rec: StoredObject, def: ResourceDef, version: string): string {
  if (version === storageVersion(def)) return rec.json;
  return JSON.stringify(objectAt(rec.obj, def, version));
}

export function objectAt(obj: Readonly<KubeObject>, def: ResourceDef, version: string): Readonly<KubeObject> {
  if (version === storageVersion(def)) return obj;
  return { ...obj, apiVersion: apiVersionOf(def.group, version) };
}

/**
 * A list. Items of built-in kinds go without apiVersion and kind, as kube-apiserver encodes Go list types
 * (the list's kind says what they are); custom resources' items keep theirs, as kube's unstructured lists do.
 */
export function listJson(def: ResourceDef, version: string, items: StoredObject[], meta: Record<string, unknown>): string {
  const head = JSON.stringify({ kind: def.listKind, apiVersion: apiVersionOf(def.group, version), metadata: meta });
  const parts = new Array<string>(items.length);
  if (def.crd) {
    for (let i = 0; i < items.length; i++) parts[i] = objectJson(items[i]!, def, version);
  } else {
    const prefix = `{"apiVersion":${JSON.stringify(apiVersionOf(def.group, version))},"kind":${JSON.stringify(def.kind)},`;
    for (let i = 0; i < items.length; i++) parts[i] = withoutTypeMeta(items[i]!, prefix);
  }
  return `${head.slice(0, -1)},"items":[${parts.join(',')}]}`;
}

/** The stored JSON without its leading apiVersion and kind (the usual order); other orders re-encoded. */
function withoutTypeMeta(rec: StoredObject, prefix: string): string {
  if (rec.json.startsWith(prefix)) return `{${rec.json.slice(prefix.length)}`;
  const { apiVersion: _a, kind: _k, ...rest } = rec.obj as KubeObject & Record<string, unknown>;
  return JSON.stringify(rest);
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** Whether the client asked for a meta.k8s.io Table (as kubectl get does). */
export function wantsTable(accept: string | undefined): boolean {
  return responseShape(accept) === 'table';
}

/**
 * What the client's Accept asks for, the first part this server can serve winning (as the API server
 * negotiates): a Table, PartialObjectMetadata (metadata-only clients: kube's garbage collector, controllers
 * that watch only metadata), or the object itself.
 */
export function responseShape(accept: string | undefined): 'object' | 'table' | 'metadata' {
  if (!accept) return 'object';
  for (const part of accept.split(',')) {
    const p = part.replace(/\s+/g, '');
    if (p.includes('as=Table') && (p.includes('g=meta.k8s.io') || !p.includes('g='))) return 'table';
    if (/as=PartialObjectMetadata(List)?(;|$)/.test(p) && p.includes('g=meta.k8s.io')) return 'metadata';
    if ((p.startsWith('application/json') || p.startsWith('*/*')) && !p.includes('as=')) return 'object';
  }
  return 'object';
}

/** meta.k8s.io/v1 unless the client asked for v1beta1. */
export function metadataApiVersion(accept: string | undefined): string {
  for (const part of (accept ?? '').split(',')) {
    const p = part.replace(/\s+/g, '');
    if (p.includes('as=PartialObjectMetadata')) return p.includes('v=v1beta1') ? 'meta.k8s.io/v1beta1' : 'meta.k8s.io/v1';
  }
  return 'meta.k8s.io/v1';
}

/** A stored object as PartialObjectMetadata: its kind and apiVersion replaced, everything but metadata dropped. */
export function metadataJson(rec: StoredObject, apiVersion: string): string {
  return `{"kind":"PartialObjectMetadata","apiVersion":"${apiVersion}","metadata":${JSON.stringify(rec.obj.metadata ?? {})}}`;
}

export function metadataListJson(apiVersion: string, items: StoredObject[], meta: Record<string, unknown>): string {
  const parts = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) parts[i] = metadataJson(items[i]!, apiVersion);
  return `{"kind":"PartialObjectMetadataList","apiVersion":"${apiVersion}","metadata":${JSON.stringify(meta)},"items":[${parts.join(',')}]}`;
}

export function tableApiVersion(accept: string | undefined): string {
  for (const part of (accept ?? '').split(',')) {
    const p = part.replace(/\s+/g, '');
    if (p.includes('as=Table')) return p.includes('v=v1beta1') ? 'meta.k8s.io/v1beta1' : 'meta.k8s.io/v1';
  }
  return 'meta.k8s.io/v1';
}

export function includeObjectOf(value: string | null): IncludeObject {
  return value === 'None' || value === 'Object' ? value : 'Metadata';
}
