// What changed between two versions of an object (typed.Compare: added, modified, removed paths) and which
// fields an applied configuration sets (typed.ToFieldSet), walking the value with its apply type. Leaves are
// scalars, atomic maps and lists, and maps or lists empty on both sides; a map or list item that appears or
// disappears is itself added or removed (that is where managedFields' `.` markers come from). Pure.
import { deepEqual } from '../prepare.js';
import { EMPTY_SET, SetBuilder, printPath, type FieldSet } from './field-set.js';
import { indexItems, isObject } from './list-items.js';
import { comparePe, fieldPe } from './path-element.js';
import { fieldType, isNamedField, type ListType, type TypeNode } from './types.js';

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** Top-level fields a comparison leaves out (`status` on the main resource, all but `status` on /status). */
export type TopFilter = (key: string) => boolean;

type Shape = 'scalar' | 'map' | 'list';

function shapeOf(t: TypeNode, l: unknown, r: unknown): Shape {
  if (t.kind === 'scalar') return 'scalar';
  if (t.kind === 'map') return 'map';
  if (t.kind === 'list') return 'list';
  const v = r === undefined || r === null ? l : r;
  if (Array.isArray(v)) return 'list';
  return isObject(v) ? 'map' : 'scalar';
}

const DEDUCED_LIST: ListType = { kind: 'list', listType: 'atomic', item: { kind: 'deduced', named: false } };

function listTypeOf(t: TypeNode): ListType {
  return t.kind === 'list' ? t : DEDUCED_LIST;
}

const sizeOf = (o: Record<string, unknown> | undefined): number => {
  if (!o) return 0;
  for (const _ in o) return 1;
  return 0;
};

// The comparison builds its three sets directly in fieldsV1 form, children in kube's order, in one walk
// (this runs on every write): results of a subtree come back through these registers, read right after.
let resAdded: FieldSet | undefined;
let resModified: FieldSet | undefined;
let resRemoved: FieldSet | undefined;
const MEMBER_MARK: FieldSet = EMPTY_SET;

function leafResult(l: unknown, r: unknown): void {
  resAdded = l === undefined ? EMPTY_SET : undefined;
  resRemoved = l !== undefined && r === undefined ? EMPTY_SET : undefined;
  resModified = l !== undefined && r !== undefined && !deepEqual(l, r) ? EMPTY_SET : undefined;
}

function sortedUnionKeys(lm: Record<string, unknown> | undefined, rm: Record<string, unknown> | undefined): string[] {
  const keys = lm ? Object.keys(lm) : [];
  if (rm) for (const k in rm) if (!lm || !(k in lm)) keys.push(k);
  return keys.length > 1 ? keys.sort() : keys;
}

function walkCompare(l: unknown, r: unknown, type: TypeNode, keep: TopFilter | undefined, depth: number, inMetadata: boolean, where: () => string): void {
  const shape = shapeOf(type, l, r);
  if (shape === 'scalar' || (l !== undefined && l !== null && r !== undefined && r !== null && Array.isArray(l) !== Array.isArray(r))) return leafResult(l, r);
  let added: Record<string, FieldSet> | undefined = l === undefined ? { '.': MEMBER_MARK } : undefined;
  let removed: Record<string, FieldSet> | undefined = l !== undefined && r === undefined ? { '.': MEMBER_MARK } : undefined;
  let modified: Record<string, FieldSet> | undefined;
  if (shape === 'map') {
    const lm = isObject(l) ? l : undefined;
    const rm = isObject(r) ? r : undefined;
    if ((l !== undefined && l !== null && !lm) || (r !== undefined && r !== null && !rm)) return leafResult(l, r);
    if ((type.kind === 'map' && type.atomic) || (sizeOf(lm) === 0 && sizeOf(rm) === 0)) return leafResult(l, r);
    for (const key of sortedUnionKeys(lm, rm)) {
      if (depth === 0 && keep && !keep(key)) continue;
      if (inMetadata && key === 'managedFields') continue;
      walkCompare(lm?.[key], rm?.[key], fieldType(type, key), keep, depth + 1, depth === 0 && key === 'metadata', where);
      const pe = fieldPe(key);
      if (resAdded) (added ??= {})[pe] = resAdded;
      if (resModified) (modified ??= {})[pe] = resModified;
      if (resRemoved) (removed ??= {})[pe] = resRemoved;
    }
  } else {
    const lt = listTypeOf(type);
    const ll = Array.isArray(l) ? l : undefined;
    const rl = Array.isArray(r) ? r : undefined;
    if ((l !== undefined && l !== null && !ll) || (r !== undefined && r !== null && !rl)) return leafResult(l, r);
    if (lt.listType === 'atomic' || (!ll?.length && !rl?.length)) return leafResult(l, r);
    const li = indexItems(lt, ll, where);
    const ri = indexItems(lt, rl, where);
    const pes = li.order.slice();
    for (const pe of ri.order) if (!li.items.has(pe)) pes.push(pe);
    if (pes.length > 1) pes.sort(comparePe);
    for (const pe of pes) {
      walkCompare(li.items.get(pe), ri.items.get(pe), lt.item, keep, depth + 1, false, where);
      if (resAdded) (added ??= {})[pe] = resAdded;
      if (resModified) (modified ??= {})[pe] = resModified;
      if (resRemoved) (removed ??= {})[pe] = resRemoved;
    }
  }
  resAdded = added && normalised(added);
  resModified = modified;
  resRemoved = removed && normalised(removed);
}

/** A member node with no children is a leaf `{}`. */
function normalised(n: Record<string, FieldSet>): FieldSet {
  for (const k in n) if (k !== '.') return n;
  return EMPTY_SET;
}

/** Compares `lhs` (live, or a kind's empty value on create) with `rhs` (what will be stored); managedFields excluded. */
export function compare(lhs: unknown, rhs: unknown, t: TypeNode, keep?: TopFilter): Comparison {
  walkCompare(lhs, rhs, t, keep, 0, false, () => 'object');
  const out = { added: rootOf(resAdded), modified: rootOf(resModified), removed: rootOf(resRemoved) };
  resAdded = resModified = resRemoved = undefined;
  return out;
}

/** The root is never a member. */
function rootOf(n: FieldSet | undefined): FieldSet {
  if (!n || n === EMPTY_SET) return EMPTY_SET;
  if (n['.'] === undefined) return n;
  const { '.': _, ...rest } = n;
  return rest;
}

/** The fields an applied configuration sets: its leaves, list items, empty or null values, free map keys. */
export function toFieldSet(value: unknown, t: TypeNode, keep?: TopFilter): FieldSet {
  const out = new SetBuilder();
  const path: string[] = [];
  const walk = (v: unknown, type: TypeNode): void => {
    const shape = shapeOf(type, v, undefined);
    if (shape === 'scalar') return out.insert(path);
    if (shape === 'list') {
      const lt = listTypeOf(type);
      if (lt.listType === 'atomic') return out.insert(path);
      if (!Array.isArray(v)) return;
      const { order, items } = indexItems(lt, v, () => printPath(path));
      for (const pe of order) {
        path.push(pe);
        walk(items.get(pe), lt.item);
        out.insert(path);
        path.pop();
      }
      return;
    }
    if (type.kind === 'map' && type.atomic) return out.insert(path);
    if (!isObject(v)) return;
    for (const key in v) {
      if (path.length === 0 && keep && !keep(key)) continue;
      const child = v[key];
      path.push(fieldPe(key));
      walk(child, fieldType(type, key));
      if (child === null || (isObject(child) && sizeOf(child) === 0) || !isNamedField(type, key)) out.insert(path);
      path.pop();
    }
  };
  walk(value, t);
  return out.build();
}
