// Server-side apply types of a custom resource, from its CRD version's openAPIV3Schema as kube-apiserver 1.26
// reads it: `properties` are named fields, `additionalProperties` map values, x-kubernetes-map-type atomic,
// x-kubernetes-list-type (atomic when absent) with x-kubernetes-list-map-keys (a key's schema default fills
// it in when absent), x-kubernetes-preserve-unknown-fields without properties: a deduced (granular) map;
// metadata is ObjectMeta. Pure; the result is cached per schema object.
import type { JSONSchemaProps } from '../schema/types.js';
import { builtinType } from './builtin-types.js';
import { DEDUCED_MAP, SCALAR, type MapType, type TypeNode } from './types.js';

const cache = new WeakMap<object, TypeNode>();

export function crdType(schema: Record<string, unknown> | undefined): TypeNode {
  if (!schema) return rootOf(undefined);
  let t = cache.get(schema);
  if (!t) {
    t = rootOf(schema as JSONSchemaProps);
    cache.set(schema, t);
  }
  return t;
}

function rootOf(schema: JSONSchemaProps | undefined): TypeNode {
  const fields: Record<string, TypeNode> = {};
  for (const [name, p] of Object.entries(schema?.properties ?? {})) fields[name] = typeOf(p);
  fields.apiVersion = SCALAR;
  fields.kind = SCALAR;
  fields.metadata = objectMetaType();
  return { kind: 'map', fields, ...(schema?.['x-kubernetes-preserve-unknown-fields'] || !schema ? { element: DEDUCED_MAP } : {}) };
}

let metaType: TypeNode | undefined;
function objectMetaType(): TypeNode {
  // The metadata of any built-in kind: ObjectMeta with its merge lists (finalizers, ownerReferences).
  metaType ??= (builtinType('', 'ConfigMap') as MapType).fields!.metadata!;
  return metaType;
}

function typeOf(s: JSONSchemaProps): TypeNode {
  if (s['x-kubernetes-int-or-string']) return SCALAR;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  if (s.type === 'array') {
    const listType = (s['x-kubernetes-list-type'] as 'atomic' | 'set' | 'map' | undefined) ?? 'atomic';
    const item = s.items ? typeOf(s.items) : DEDUCED_MAP;
    if (listType !== 'map') return { kind: 'list', listType, item };
    const keys = (s['x-kubernetes-list-map-keys'] as string[] | undefined) ?? [];
    const keyDefaults: Record<string, unknown> = {};
    for (const k of keys) {
      const d = s.items?.properties?.[k]?.default;
      if (d !== undefined) keyDefaults[k] = d;
    }
    return { kind: 'list', listType: 'map', keys, keyDefaults, item };
  }
  if (s.type === 'object' || s.properties || s.additionalProperties !== undefined || (preserve && !s.type)) {
    if (!s.properties && s.additionalProperties === undefined && preserve) return DEDUCED_MAP;
    const t: MapType = { kind: 'map' };
    if (s.properties) {
      const fields: Record<string, TypeNode> = {};
      for (const [name, p] of Object.entries(s.properties)) fields[name] = typeOf(p);
      t.fields = fields;
    }
    if (s.additionalProperties && typeof s.additionalProperties === 'object') t.element = typeOf(s.additionalProperties);
    else if (preserve || s.additionalProperties === true) t.element = DEDUCED_MAP;
    else if (s['x-kubernetes-embedded-resource']) t.element = DEDUCED_MAP;
    if (s['x-kubernetes-map-type'] === 'atomic') t.atomic = true;
    return t;
  }
  return SCALAR;
}
