// The path element of a list item (structured-merge-diff's listItemToPathElement): a map list's item is
// named by its key fields (`k:{"containerPort":80,"protocol":"TCP"}`, a missing key taking its default), a
// set's item by its value (`v:"a"`). Atomic lists are never walked item by item. Pure.
import { keyPe, valuePe } from './path-element.js';
import type { ListType } from './types.js';

export class ShapeError extends Error {}

export const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export function listItemPe(t: ListType, item: unknown): string {
  if (t.listType === 'map') {
    if (item === null) throw new ShapeError('associative list with keys may not have a null element');
    if (!isObject(item)) throw new ShapeError('associative list with keys may not have non-map elements');
    const fields: [string, unknown][] = [];
    for (const k of t.keys ?? []) {
      const v = item[k] !== undefined ? item[k] : t.keyDefaults?.[k];
      if (v === undefined) throw new ShapeError(`associative list with keys has an element that omits key field ${JSON.stringify(k)} (and doesn't have default value)`);
      fields.push([k, v]);
    }
    return keyPe(fields);
  }
  if (isObject(item)) throw new ShapeError("associative list without keys has an element that's a map type");
  if (Array.isArray(item)) throw new ShapeError('not supported: associative list with lists as elements');
  if (item === null) throw new ShapeError("associative list without keys has an element that's an explicit null");
  return valuePe(item);
}

/** Items by path element, in list order; duplicates are an error, as in kube. */
export function indexItems(t: ListType, list: readonly unknown[] | undefined, path: () => string): { order: string[]; items: Map<string, unknown> } {
  const order: string[] = [];
  const items = new Map<string, unknown>();
  if (!list) return { order, items };
  list.forEach((item, i) => {
    let pe: string;
    try {
      pe = listItemPe(t, item);
    } catch (err) {
      throw new ShapeError(`${path()}: element ${i}: ${(err as Error).message}`);
    }
    if (items.has(pe)) throw new ShapeError(`${path()}: duplicate entries for key ${pe.slice(2)}`);
    items.set(pe, item);
    order.push(pe);
  });
  return { order, items };
}
