// Applying a configuration to the live object (typed.Merge with "keep the right-hand side"): maps merge key
// by key, map and set lists merge item by item keeping kube's order (live items in place, the applied
// items' relative order respected, new ones after the last shared one), atomic values are replaced. Then
// pruning: what the applier set last time and no longer sets is removed, unless some manager still owns it
// (structured-merge-diff's prune / addBackOwnedItems / addBackDanglingItems, folded into one set difference).
// Pure: inputs are not mutated.
import { childSet, difference, hasPath, isEmptySet, union, type FieldSet } from './field-set.js';
import { indexItems, isObject, listItemPe } from './list-items.js';
import { fieldPe, MEMBER } from './path-element.js';
import { printPath } from './field-set.js';
import { fieldType, isNamedField, type ListType, type TypeNode } from './types.js';

const DEDUCED_LIST: ListType = { kind: 'list', listType: 'atomic', item: { kind: 'deduced', named: false } };
const listTypeOf = (t: TypeNode): ListType => (t.kind === 'list' ? t : DEDUCED_LIST);

function isEmptyValue(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isObject(v)) {
    for (const _ in v) return false;
    return true;
  }
  return false;
}

/** `live` merged with the applied configuration `config` (the configuration wins on leaves). */
export function mergeApplied(live: unknown, config: unknown, t: TypeNode): unknown {
  const path: string[] = [];
  const merge = (l: unknown, r: unknown, type: TypeNode): unknown => {
    if (r === undefined) return l;
    if (l === undefined) return r;
    const kind = type.kind === 'deduced' ? (Array.isArray(r) ? 'list' : isObject(r) ? 'map' : 'scalar') : type.kind;
    if (kind === 'scalar') return r;
    if (kind === 'map') {
      if ((l !== null && !isObject(l)) || (r !== null && !isObject(r))) return r;
      if ((type.kind === 'map' && type.atomic) || (isEmptyValue(l) && isEmptyValue(r))) return r;
      const lm = (l ?? {}) as Record<string, unknown>;
      const rm = (r ?? {}) as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const key in lm) {
        path.push(fieldPe(key));
        out[key] = merge(lm[key], rm[key], fieldType(type, key));
        path.pop();
      }
      for (const key in rm) {
        if (key in lm) continue;
        out[key] = rm[key];
      }
      return out;
    }
    const lt = listTypeOf(type);
    if ((l !== null && !Array.isArray(l)) || (r !== null && !Array.isArray(r))) return r;
    if (lt.listType === 'atomic' || (isEmptyValue(l) && isEmptyValue(r))) return r;
    return mergeList(lt, (l ?? []) as unknown[], (r ?? []) as unknown[], (pe, li, ri) => {
      path.push(pe);
      const v = merge(li, ri, lt.item);
      path.pop();
      return v;
    }, () => printPath(path));
  };
  return merge(live, config, t);
}

/** structured-merge-diff's visitListItems: the merged order of two keyed lists. */
function mergeList(t: ListType, lhs: unknown[], rhs: unknown[], item: (pe: string, l: unknown, r: unknown) => unknown, where: () => string): unknown[] {
  const r = indexItems(t, rhs, where);
  const l = indexItems(t, lhs, where);
  const shared = r.order.filter((pe) => l.items.has(pe));
  let nextShared = shared.shift();
  const out: unknown[] = [];
  let lI = 0;
  let rI = 0;
  while (lI < l.order.length || rI < r.order.length) {
    if (lI < l.order.length && rI < r.order.length) {
      const pe = l.order[lI]!;
      if (pe === r.order[rI]) {
        out.push(item(pe, l.items.get(pe), r.items.get(pe)));
        lI++;
        rI++;
        nextShared = shared.shift();
        continue;
      }
      if (r.items.has(pe) && nextShared !== undefined && nextShared !== pe) {
        lI++;
        continue;
      }
    }
    if (lI < l.order.length) {
      const pe = l.order[lI]!;
      if (!r.items.has(pe)) {
        out.push(item(pe, l.items.get(pe), undefined));
        lI++;
        continue;
      }
    }
    if (rI < r.order.length) {
      const pe = r.order[rI]!;
      out.push(item(pe, l.items.get(pe), r.items.get(pe)));
      rI++;
      if (nextShared === pe) nextShared = shared.shift();
    }
  }
  return out;
}

/** The set with every named field on its paths made a member (EnsureNamedFieldsAreMembers). */
export function withNamedFields(s: FieldSet, t: TypeNode): FieldSet {
  const visit = (n: FieldSet, type: TypeNode, isRoot: boolean): FieldSet => {
    const out: Record<string, FieldSet> = {};
    let changed = false;
    for (const pe in n) {
      if (pe === MEMBER) {
        out[pe] = n[pe]!;
        continue;
      }
      const child = n[pe]!;
      const named = pe.startsWith('f:') && isNamedField(type, pe.slice(2));
      const childType = pe.startsWith('f:') ? fieldType(type, pe.slice(2)) : listTypeOf(type).item;
      let next = hasChildren(child) ? visit(child, childType, false) : child;
      if (named && hasChildren(next) && next[MEMBER] === undefined) next = { [MEMBER]: {}, ...next };
      if (next !== child) changed = true;
      out[pe] = next;
    }
    void isRoot;
    return changed ? out : n;
  };
  return visit(s, t, true);
}

function hasChildren(n: FieldSet): boolean {
  for (const k in n) if (k !== MEMBER) return true;
  return false;
}

/** Removes the members of `s` from the value (a member removes its whole subtree). */
export function removeItems(value: unknown, s: FieldSet, t: TypeNode): unknown {
  if (isEmptySet(s)) return value;
  if (isObject(value)) {
    if (t.kind === 'map' && t.atomic) return value;
    const out: Record<string, unknown> = {};
    for (const key in value) {
      const pe = fieldPe(key);
      if (hasPath(s, [pe])) continue;
      const sub = childSet(s, pe);
      out[key] = isEmptySet(sub) ? value[key] : removeItems(value[key], sub, fieldType(t, key));
    }
    return out;
  }
  if (Array.isArray(value)) {
    const lt = listTypeOf(t);
    if (lt.listType === 'atomic') return value;
    const out: unknown[] = [];
    for (const item of value) {
      const pe = listItemPe(lt, item);
      if (hasPath(s, [pe])) continue;
      const sub = childSet(s, pe);
      out.push(isEmptySet(sub) ? item : removeItems(item, sub, lt.item));
    }
    return out;
  }
  return value;
}

/**
 * Prune: removes what the applier owned after its previous apply (`lastSet`) that no manager (the applier's
 * new set included) owns any more.
 */
export function prune(merged: unknown, lastSet: FieldSet | undefined, owned: FieldSet, t: TypeNode): unknown {
  if (!lastSet || isEmptySet(lastSet)) return merged;
  const toRemove = difference(withNamedFields(lastSet, t), withNamedFields(owned, t));
  return removeItems(merged, toRemove, t);
}

export { union };
