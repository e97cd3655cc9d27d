// Key order of a schema as kube-apiserver serializes it (kube-openapi's spec.Schema: SchemaProps fields in
// struct order, then the Swagger fields, then vendor extensions sorted; map-valued fields sorted by key), so
// that documents built here read like the real server's. Pure; returns a new object.

export type Json = Record<string, unknown>;

const FIELD_ORDER = [
  'id', '$ref', '$schema', 'description', 'type', 'nullable', 'format', 'title', 'default', 'maximum', 'exclusiveMaximum',
  'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'uniqueItems', 'multipleOf',
  'enum', 'maxProperties', 'minProperties', 'required', 'items', 'allOf', 'oneOf', 'anyOf', 'not', 'properties',
  'additionalProperties', 'patternProperties', 'dependencies', 'additionalItems', 'definitions',
  'discriminator', 'readOnly', 'xml', 'externalDocs', 'example',
];
const RANK = new Map(FIELD_ORDER.map((k, i) => [k, i]));
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', 'dependencies']);
const SCHEMA_LISTS = new Set(['allOf', 'oneOf', 'anyOf']);
const SCHEMA_VALUES = new Set(['items', 'not', 'additionalProperties', 'additionalItems']);

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The schema with its keys (and nested schemas' keys) in kube's serialization order. */
export function normalizeSchema(schema: Json): Json {
  const keys = Object.keys(schema).sort((a, b) => {
    const ra = RANK.get(a) ?? (a.startsWith('x-') ? 1000 : 500);
    const rb = RANK.get(b) ?? (b.startsWith('x-') ? 1000 : 500);
    return ra - rb || (ra >= 500 ? (a < b ? -1 : a > b ? 1 : 0) : 0);
  });
  const out: Json = {};
  for (const k of keys) {
    const v = schema[k];
    if (SCHEMA_MAPS.has(k) && isObject(v)) {
      out[k] = Object.fromEntries(Object.keys(v).sort().map((p) => [p, isObject(v[p]) ? normalizeSchema(v[p] as Json) : v[p]]));
    } else if (SCHEMA_LISTS.has(k) && Array.isArray(v)) out[k] = v.map((s) => (isObject(s) ? normalizeSchema(s) : s));
    else if (SCHEMA_VALUES.has(k) && isObject(v)) out[k] = normalizeSchema(v);
    else out[k] = v;
  }
  return out;
}
