// Encoding stored objects for a response: the stored bytes as they are, or with apiVersion rewritten
// when a custom resource is read through another served version; Table negotiation from Accept.
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

export function listJson(def: ResourceDef, version: string, items: StoredObject[], meta: Record<string, unknown>): string {
  const head = JSON.stringify({ kind: def.listKind, apiVersion: apiVersionOf(def.group, version), metadata: meta });
  const parts = new Array<string>(items.length);
  for (let i = 0; i < items.length; i++) parts[i] = objectJson(items[i]!, def, version);
  return `${head.slice(0, -1)},"items":[${parts.join(',')}]}`;
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** Whether the client asked for a meta.k8s.io Table (as kubectl get does). */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  for (const part of accept.split(',')) {
    const p = part.replace(/\s+/g, '');
    if (p.includes('as=Table') && (p.includes('g=meta.k8s.io') || !p.includes('g='))) return true;
    if (p.startsWith('application/json') && !p.includes('as=')) return false;
  }
  return false;
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
