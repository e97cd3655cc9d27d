// Whether two objects have the same shape for field ownership: the same keys everywhere, values of the
// same kinds (null, scalar, object, list), the same list items (by key or value) in the same order; scalar
// values and the contents of atomic values do not matter. Two creates of the same shape record the same
// fields, so the second reuses the first's set (creates are the hot path: a StatefulSet's pods, a
// benchmark's thousand pods). Allocates nothing on the common path. Pure.
import { isObject } from './list-items.js';
import { fieldType, type ListType, type TypeNode } from './types.js';
import type { TopFilter } from './compare.js';

const kindOf = (v: unknown): number => (v === null ? 0 : Array.isArray(v) ? 1 : typeof v === 'object' ? 2 : 3);

/** Metadata fields never recorded (stripmeta.go): they may come and go. */
const UNRECORDED_META = new Set(['name', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp', 'selfLink', 'managedFields', 'clusterName']);

function sameMapShape(a: Record<string, unknown>, b: Record<string, unknown>, type: TypeNode, keep: TopFilter | undefined, depth: number, isMetadata: boolean): boolean {
  if (type.kind === 'map' && type.atomic) return true;
  let count = 0;
  for (const key in a) {
    if (isMetadata && UNRECORDED_META.has(key)) continue;
    count++;
    if (!(key in b)) return false;
    if (depth === 0 && keep && !keep(key)) continue;
    if (!sameShape(a[key], b[key], fieldType(type, key), keep, depth + 1, depth === 0 && key === 'metadata')) return false;
  }
  for (const key in b) if (!(isMetadata && UNRECORDED_META.has(key))) count--;
  return count === 0;
}

function sameListShape(a: unknown[], b: unknown[], type: TypeNode, keep: TopFilter | undefined, depth: number): boolean {
  if (a.length !== b.length) return false;
  if (type.kind !== 'list' || type.listType === 'atomic') return true;
  const lt = type as ListType;
  for (let i = 0; i < a.length; i++) {
    if (lt.listType === 'set') {
      if (a[i] !== b[i]) return false;
      continue;
    }
    const x = a[i];
    const y = b[i];
    if (!isObject(x) || !isObject(y)) return false;
    for (const k of lt.keys ?? []) if (x[k] !== y[k]) return false;
    if (!sameShape(x, y, lt.item, keep, depth + 1)) return false;
  }
  return true;
}

export function sameShape(a: unknown, b: unknown, type: TypeNode, keep: TopFilter | undefined, depth = 0, isMetadata = false): boolean {
  const ka = kindOf(a);
  if (ka !== kindOf(b)) return false;
  if (ka === 2) return sameMapShape(a as Record<string, unknown>, b as Record<string, unknown>, type, keep, depth, isMetadata);
  if (ka === 1) return sameListShape(a as unknown[], b as unknown[], type, keep, depth);
  return true;
}

