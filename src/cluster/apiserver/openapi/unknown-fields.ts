// Unknown fields of built-in kinds, as kube-apiserver's strict JSON decoder finds them: a field a Go type does
// not have is reported as `spec.containers[0].imagex` (struct fields and map keys joined with '.', list
// items as [i]) in document order, and dropped from the object. The known fields come from the recorded field
// shapes (field-shapes.ts), turned once per kind into a tree of field names; values whose schema lists no
// fields (quantities, RawExtension, JSON, FieldsV1, …) are never searched.
import { recordedFieldShapes, type FieldShape, type FieldShapes } from './field-shapes.js';

/** What a value's schema allows: named fields, list items, map values; none of them = anything. */
export interface FieldTree {
  fields?: Map<string, FieldTree>;
  items?: FieldTree;
  values?: FieldTree;
}

const ANY: FieldTree = Object.freeze({});

/** Field trees of the recorded kinds, one node per named schema (recursive types included), built on demand. */
export class FieldTrees {
  #byName = new Map<string, FieldTree>();

  constructor(private readonly source: FieldShapes) {}

  /** The tree of a kind, or undefined when no recorded schema has that group/version/kind. */
  forKind(group: string, version: string, kind: string): FieldTree | undefined {
    const name = this.source.kinds[`${group}/${version}/${kind}`];
    return name === undefined ? undefined : this.#named(name);
  }

  #named(name: string): FieldTree {
    let node = this.#byName.get(name);
    if (node) return node;
    const shape = this.source.shapes[name];
    if (shape === undefined || shape === 0) return ANY;
    node = {};
    this.#byName.set(name, node);
    Object.assign(node, this.#tree(shape));
    return node;
  }

  #tree(shape: FieldShape | undefined): FieldTree {
    if (shape === undefined || shape === 0) return ANY;
    if (typeof shape === 'string') return this.#named(shape);
    const out: FieldTree = {};
    if (shape.f) out.fields = new Map(Object.entries(shape.f).map(([k, v]) => [k, this.#tree(v)]));
    if (shape.i !== undefined) out.items = this.#tree(shape.i);
    if (shape.v !== undefined) out.values = this.#tree(shape.v);
    return out;
  }
}

/**
 * Removes the fields of `value` that `tree` does not know, in place, and returns their paths in document order.
 * Cheap: only objects with known field names and the lists and maps leading to them are visited, and a path is
 * spelled out only for an unknown field (the walk keeps the segments on a stack).
 */
export function dropUnknownFields(tree: FieldTree, value: unknown, out: string[] = []): string[] {
  walk(tree, value, [], out);
  return out;
}

/** `spec`, `containers`, `[0]`, `imagex` → `spec.containers[0].imagex`. */
function spell(segments: string[], key: string): string {
  let path = '';
  for (const s of segments) path = s.charCodeAt(0) === 91 /* [ */ || !path ? path + s : `${path}.${s}`;
  return path ? `${path}.${key}` : key;
}

function walk(tree: FieldTree, value: unknown, segments: string[], out: string[]): void {
  if (tree === ANY || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    const items = tree.items;
    if (!items) return;
    for (let i = 0; i < value.length; i++) {
      const v = value[i];
      if (v === null || typeof v !== 'object') continue;
      segments.push(`[${i}]`);
      walk(items, v, segments, out);
      segments.pop();
    }
    return;
  }
  const obj = value as Record<string, unknown>;
  const fields = tree.fields;
  if (fields) {
    for (const key in obj) {
      const child = fields.get(key);
      if (!child) {
        out.push(spell(segments, key));
        delete obj[key];
        continue;
      }
      const v = obj[key];
      if (child === ANY || v === null || typeof v !== 'object') continue;
      segments.push(key);
      walk(child, v, segments, out);
      segments.pop();
    }
  } else if (tree.values) {
    for (const key in obj) {
      const v = obj[key];
      if (v === null || typeof v !== 'object') continue;
      segments.push(key);
      walk(tree.values, v, segments, out);
      segments.pop();
    }
  }
}

let builtin: FieldTrees | undefined;

/**
 * Drops the unknown fields of a built-in kind's object (in place) and returns their paths; [] for kinds
 * without a recorded schema (custom resources are pruned by their structural schema instead).
 */
export function dropUnknownBuiltinFields(group: string, version: string, kind: string, obj: unknown): string[] {
  const tree = builtinFieldTree(group, version, kind);
  return tree ? dropUnknownFields(tree, obj) : [];
}

/** The field tree of a built-in kind from the recorded field shapes (loaded on first use). */
export function builtinFieldTree(group: string, version: string, kind: string): FieldTree | undefined {
  builtin ??= new FieldTrees(recordedFieldShapes());
  return builtin.forKind(group, version, kind);
}
