// Strategic merge patch (application/strategic-merge-patch+json) applied on the server, as apimachinery's
// strategicpatch.StrategicMergePatch does for built-in kinds: lists merge by their merge key (containers by
// name, env by name, ports by containerPort, conditions by type, ownerReferences by uid, finalizers as a set…)
// or are replaced; directives `$patch: replace|delete|merge`, `$retainKeys`, `$deleteFromPrimitiveList/<f>` and
// `$setElementOrder/<f>` (the order kubectl apply sends wins); `null` deletes a key. Pure: inputs are not mutated.
import { cloneJson } from '../../../api/clone.js';
import { patchMetaFor, type FieldMeta, type StructMeta } from './patch-meta.js';

export class StrategicMergePatchError extends Error {
  constructor(readonly code: 'UnsupportedKind' | 'InvalidPatch', message: string) {
    super(message);
    this.name = 'StrategicMergePatchError';
  }
}

type Obj = Record<string, unknown>;
const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_PRIMITIVE = '$deleteFromPrimitiveList/';
const SET_ORDER = '$setElementOrder/';
const EMPTY: StructMeta = {};

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const kindOf = (v: unknown) => (Array.isArray(v) ? 'array' : isObj(v) ? 'object' : v === null ? 'null' : typeof v);

/**
 * Applies a strategic merge patch to `original` for a built-in kind. Throws StrategicMergePatchError
 * `UnsupportedKind` for kinds without patch metadata (custom resources: the API server answers 415) and
 * `InvalidPatch` for malformed patches (400).
 */
export function strategicMergePatch(original: unknown, patch: unknown, gvk: { group: string; version: string; kind: string }): Obj {
  const meta = patchMetaFor(gvk);
  if (!meta) {
    throw new StrategicMergePatchError('UnsupportedKind', `strategic merge patch is not supported for ${gvk.kind}${gvk.group ? `.${gvk.group}` : ''}`);
  }
  if (!isObj(patch)) throw new StrategicMergePatchError('InvalidPatch', 'a strategic merge patch must be a JSON object');
  return applyStrategicMerge(isObj(original) ? original : {}, patch, meta);
}

/** The same merge with explicit patch metadata (used for sub-documents and tests). */
export function applyStrategicMerge(original: Obj, patch: Obj, meta: StructMeta): Obj {
  return mergeMap(cloneJson(original), cloneJson(patch), meta);
}

function mergeMap(original: Obj, patch: Obj, meta: StructMeta): Obj {
  if (DIRECTIVE in patch) {
    const d = patch[DIRECTIVE];
    delete patch[DIRECTIVE];
    if (d === 'replace') return mergeMap({}, patch, meta);
    if (d === 'delete') return {};
    if (d !== 'merge') throw new StrategicMergePatchError('InvalidPatch', `unknown patch type: ${String(d)} in map`);
  }
  applyRetainKeys(original, patch);
  applySetElementOrder(original, patch, meta);
  for (const rawKey of Object.keys(patch)) {
    const value = patch[rawKey];
    checkDirectiveFormat(rawKey);
    const isDeleteList = rawKey.startsWith(DELETE_PRIMITIVE);
    const key = isDeleteList ? rawKey.slice(DELETE_PRIMITIVE.length) : rawKey;
    const fm: FieldMeta = meta[key] ?? {};
    if (value === null) { delete original[key]; continue; }
    if (!(key in original) || kindOf(original[key]) !== kindOf(value)) {
      if (!isDeleteList) original[key] = fresh(value, fm);
      continue;
    }
    const cur = original[key];
    if (Array.isArray(cur)) {
      original[key] = fm.strategy === 'merge' || isDeleteList
        ? mergeList(cur, value as unknown[], fm, isDeleteList)
        : fresh(value, fm);
    } else if (isObj(cur)) {
      original[key] = fm.strategy === 'replace' ? fresh(value, fm) : mergeMap(cur, value as Obj, fm.sub ?? EMPTY);
    } else {
      original[key] = value;
    }
  }
  return original;
}

/** `$deleteFromPrimitiveList` and `$setElementOrder` name their list after a `/`; without one kube refuses the patch. */
function checkDirectiveFormat(key: string): void {
  if (key.startsWith('$deleteFromPrimitiveList') && !key.startsWith(DELETE_PRIMITIVE)) throw new StrategicMergePatchError('InvalidPatch', 'invalid patch format of primitive list');
  if (key.startsWith('$setElementOrder') && !key.startsWith(SET_ORDER)) throw new StrategicMergePatchError('InvalidPatch', 'invalid patch format of setElementOrder list');
}

/** A value that has no counterpart in the original: directives processed, nulls dropped. */
function fresh(value: unknown, fm: FieldMeta): unknown {
  if (isObj(value)) return mergeMap({}, value, fm.sub ?? EMPTY);
  if (Array.isArray(value)) {
    if (fm.strategy === 'merge' && value.some(isObj)) return mergeList([], value, fm, false);
    return value.filter((v) => !(isObj(v) && DIRECTIVE in v)).map((v) => (isObj(v) ? mergeMap({}, v, fm.sub ?? EMPTY) : v));
  }
  return value;
}

function applyRetainKeys(original: Obj, patch: Obj): void {
  if (!(RETAIN_KEYS in patch)) return;
  const keep = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(keep)) throw new StrategicMergePatchError('InvalidPatch', 'invalid patch: $retainKeys must be a list');
  const allowed = new Set(keep as unknown[]);
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || k.startsWith(DELETE_PRIMITIVE) || k.startsWith(SET_ORDER)) continue;
    if (!allowed.has(k)) throw new StrategicMergePatchError('InvalidPatch', `invalid patch: field ${k} is not in $retainKeys`);
  }
  for (const k of Object.keys(original)) if (!allowed.has(k)) delete original[k];
}

/** `$setElementOrder/<field>`: merge the list, then order it by the directive (server-only items interleaved). */
function applySetElementOrder(original: Obj, patch: Obj, meta: StructMeta): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ORDER)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw new StrategicMergePatchError('InvalidPatch', `invalid patch: ${key} must be a list`);
    const field = key.slice(SET_ORDER.length);
    const fm: FieldMeta = meta[field] ?? {};
    const mergeKey = fm.mergeKey ?? '';
    const origList = Array.isArray(original[field]) ? (original[field] as unknown[]) : undefined;
    const patchList = Array.isArray(patch[field]) ? (patch[field] as unknown[]) : undefined;
    let merged: unknown[];
    if (origList && !patchList) merged = origList;
    else if (!origList && patchList) merged = fresh(patchList, fm) as unknown[];
    else if (origList && patchList) merged = fm.strategy === 'merge' ? mergeList(origList, patchList, fm, false) : (fresh(patchList, fm) as unknown[]);
    else continue;
    const inOrder = (v: unknown) => indexIn(order, v, mergeKey) >= 0;
    original[field] = normalizeOrder(merged.filter(inOrder), merged.filter((v) => !inOrder(v)), order, origList ?? [], mergeKey);
    delete patch[field];
  }
}

function mergeList(original: unknown[], patch: unknown[], fm: FieldMeta, isDeleteList: boolean): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const mapItems = original.some(isObj) || patch.some(isObj);
  if (!mapItems) {
    if (isDeleteList) return original.filter((v) => !patch.includes(v));
    const merged = [...new Set([...original, ...patch])];
    return normalizeOrder(merged.filter((v) => patch.includes(v)), merged.filter((v) => !patch.includes(v)), patch, original, '');
  }
  const mergeKey = fm.mergeKey;
  if (!mergeKey) return fresh(patch, { ...fm, strategy: 'replace' }) as unknown[];
  let base = original;
  const plain: Obj[] = [];
  let replace = false;
  for (const item of patch) {
    if (!isObj(item)) throw new StrategicMergePatchError('InvalidPatch', `invalid patch: list item ${JSON.stringify(item)} is not an object`);
    if (!(DIRECTIVE in item)) { plain.push(item); continue; }
    const d = item[DIRECTIVE];
    if (d === 'delete') {
      if (!(mergeKey in item)) throw new StrategicMergePatchError('InvalidPatch', `map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`);
      base = base.filter((o) => !(isObj(o) && o[mergeKey] === item[mergeKey]));
    } else if (d === 'replace') {
      replace = true;
    } else {
      throw new StrategicMergePatchError('InvalidPatch', `unknown patch type: ${String(d)} in list`);
    }
  }
  if (replace) return plain.map((v) => mergeMap({}, v, fm.sub ?? EMPTY));
  const merged = [...base];
  for (const item of plain) {
    if (!(mergeKey in item)) throw new StrategicMergePatchError('InvalidPatch', `map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`);
    const i = merged.findIndex((o) => isObj(o) && o[mergeKey] === item[mergeKey]);
    if (i >= 0) merged[i] = mergeMap(merged[i] as Obj, item, fm.sub ?? EMPTY);
    else merged.push(mergeMap({}, item, fm.sub ?? EMPTY));
  }
  const inPatch = (v: unknown) => plain.some((p) => isObj(v) && p[mergeKey] === v[mergeKey]);
  return normalizeOrder(merged.filter(inPatch), merged.filter((v) => !inPatch(v)), plain, original, mergeKey);
}

function indexIn(list: unknown[], item: unknown, mergeKey: string): number {
  if (!mergeKey) return list.indexOf(item);
  if (!isObj(item)) return -1;
  return list.findIndex((o) => isObj(o) && o[mergeKey] === item[mergeKey]);
}

function sortByOrder(items: unknown[], order: unknown[], mergeKey: string): unknown[] {
  return items
    .map((v, i) => ({ v, i, at: indexIn(order, v, mergeKey) }))
    .sort((a, b) => (a.at >= 0 && b.at >= 0 ? a.at - b.at : a.i - b.i))
    .map((x) => x.v);
}

/**
 * normalizeElementOrder: patch items in the patch's (or directive's) order, server-only items in the live order,
 * then merged so each server-only item keeps its place relative to the patch items it preceded in the live list.
 */
function normalizeOrder(patchItems: unknown[], serverOnly: unknown[], patchOrder: unknown[], serverOrder: unknown[], mergeKey: string): unknown[] {
  const right = sortByOrder(patchItems, patchOrder, mergeKey);
  const left = sortByOrder(serverOnly, serverOrder, mergeKey);
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = indexIn(serverOrder, left[i], mergeKey);
      const ri = indexIn(serverOrder, right[j], mergeKey);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

