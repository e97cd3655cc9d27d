// The shape of an object as server-side apply sees it (structured-merge-diff's schema, reduced): which
// objects are structs (named fields), maps (free keys) or atomic, which lists are atomic, sets or maps keyed
// by some fields (with key defaults, e.g. a port's protocol "TCP"). Built from the strategic-merge metadata
// of the built-in kinds (builtin-types.ts) or from a CRD's schema (crd-types.ts). Pure.

export type TypeNode = ScalarType | MapType | ListType | DeducedType;

export interface ScalarType {
  kind: 'scalar';
}

export interface MapType {
  kind: 'map';
  /** Named fields (struct members); a key not listed takes `element`. */
  fields?: Readonly<Record<string, TypeNode>>;
  /** The type of any other key (map values); undefined: a deduced type. */
  element?: TypeNode;
  /** Keys without a `fields` entry are named fields too (built-in structs described only in part). */
  openStruct?: boolean;
  /** `x-kubernetes-map-type: atomic`: owned and replaced as a whole. */
  atomic?: boolean;
}

export interface ListType {
  kind: 'list';
  listType: 'atomic' | 'set' | 'map';
  /** For `map` lists: the key fields (x-kubernetes-list-map-keys) and the defaults of absent keys. */
  keys?: readonly string[];
  keyDefaults?: Readonly<Record<string, unknown>>;
  item: TypeNode;
}

/** A type inferred from the value (untyped parts): objects are granular maps, lists atomic. */
export interface DeducedType {
  kind: 'deduced';
  /** Keys count as named fields (built-in structs with no description) rather than map keys. */
  named: boolean;
  /** Keys whose value is atomic wherever they appear (built-in label selectors, references, …). */
  atomicFields?: ReadonlySet<string>;
}

export const SCALAR: ScalarType = { kind: 'scalar' };
export const DEDUCED_FIELDS: DeducedType = { kind: 'deduced', named: true };
export const DEDUCED_MAP: DeducedType = { kind: 'deduced', named: false };
export const ATOMIC_MAP: MapType = { kind: 'map', atomic: true };

/** The type of `key` inside a map or struct of type `t`. */
export function fieldType(t: TypeNode, key: string): TypeNode {
  if (t.kind === 'map') {
    const named = t.fields?.[key];
    if (named) return named;
    const element = t.element ?? (t.openStruct ? DEDUCED_FIELDS : DEDUCED_MAP);
    return element.kind === 'deduced' && element.atomicFields?.has(key) ? ATOMIC_MAP : element;
  }
  if (t.kind === 'deduced') return t.atomicFields?.has(key) ? ATOMIC_MAP : t;
  return DEDUCED_MAP;
}

/** Whether `key` is a named field of `t` (not a free map key). */
export function isNamedField(t: TypeNode, key: string): boolean {
  if (t.kind === 'map') return t.fields?.[key] !== undefined || t.openStruct === true;
  return t.kind === 'deduced' && t.named;
}

export function isAtomic(t: TypeNode): boolean {
  return (t.kind === 'map' && t.atomic === true) || (t.kind === 'list' && t.listType === 'atomic');
}
