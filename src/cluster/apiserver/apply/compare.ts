// What changed between two versions of an object (typed.Compare: added, modified, removed paths) and which
// fields an applied configuration sets (typed.ToFieldSet), walking the value with its apply type. Leaves are
// scalars, atomic maps and lists, and maps or lists empty on both sides; a map or list item that appears or
// disappears is itself added or removed (that is where managedFields' `.` markers come from). Pure.
import { deepEqual } from '../prepare.js';
import { SetBuilder, printPath, type FieldSet } from './field-set.js';
import { indexItems, isObject } from './list-items.js';
import { fieldPe } from './path-element.js';
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

/** Compares `lhs` (live, or a kind's empty value on create) with `rhs` (what will be stored); managedFields excluded. */
export function compare(lhs: unknown, rhs: unknown, t: TypeNode, keep?: TopFilter): Comparison {
  const added = new SetBuilder();
  const modified = new SetBuilder();
  const removed = new SetBuilder();
  const path: string[] = [];

  const leaf = (l: unknown, r: unknown): void => {
    if (l === undefined) added.insert(path);
    else if (r === undefined) removed.insert(path);
    else if (!deepEqual(l, r)) modified.insert(path);
  };

  const walk = (l: unknown, r: unknown, type: TypeNode): void => {
    const shape = shapeOf(type, l, r);
    if (shape === 'scalar' || (l !== undefined && l !== null && r !== undefined && r !== null && Array.isArray(l) !== Array.isArray(r))) return leaf(l, r);
    if (shape === 'map') {
      const lm = isObject(l) ? l : undefined;
      const rm = isObject(r) ? r : undefined;
      if ((l !== undefined && l !== null && !lm) || (r !== undefined && r !== null && !rm)) return leaf(l, r);
      if ((type.kind === 'map' && type.atomic) || (sizeOf(lm) === 0 && sizeOf(rm) === 0)) return leaf(l, r);
      const depth = path.length;
      const visit = (key: string): void => {
        if (depth === 0 && keep && !keep(key)) return;
        if (depth === 1 && key === 'managedFields' && path[0] === 'f:metadata') return;
        path.push(fieldPe(key));
        walk(lm?.[key], rm?.[key], fieldType(type, key));
        path.pop();
      };
      if (lm) for (const key in lm) visit(key);
      if (rm) for (const key in rm) if (!lm || !(key in lm)) visit(key);
    } else {
      const lt = listTypeOf(type);
      const ll = Array.isArray(l) ? l : undefined;
      const rl = Array.isArray(r) ? r : undefined;
      if ((l !== undefined && l !== null && !ll) || (r !== undefined && r !== null && !rl)) return leaf(l, r);
      if (lt.listType === 'atomic' || (!ll?.length && !rl?.length)) return leaf(l, r);
      const where = () => printPath(path);
      const li = indexItems(lt, ll, where);
      const ri = indexItems(lt, rl, where);
      for (const pe of li.order) {
        path.push(pe);
        walk(li.items.get(pe), ri.items.get(pe), lt.item);
        path.pop();
      }
      for (const pe of ri.order) {
        if (li.items.has(pe)) continue;
        path.push(pe);
        walk(undefined, ri.items.get(pe), lt.item);
        path.pop();
      }
    }
    if (l === undefined) added.insert(path);
    else if (r === undefined) removed.insert(path);
  };

  walk(lhs, rhs, t);
  return { added: added.build(), modified: modified.build(), removed: removed.build() };
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
