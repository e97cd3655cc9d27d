// The known field names of the built-in kinds in compact form: per recorded schema, its fields (`f`), list
// items (`i`) and map values (`v`), each a schema name, an inline shape, or 0 (anything: quantities,
// RawExtension, JSON, …). The recorder compiles them from the OpenAPI schemas into
// deploy/openapi/kubernetes-fields.json.gz, small enough to load on the first write without delaying it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { RecordedOpenApiError } from './recorded.js';
import type { Json } from './schema-order.js';

export type FieldShape = 0 | string | { f?: Record<string, FieldShape>; i?: FieldShape; v?: FieldShape };

export interface FieldShapes {
  /** `group/version/Kind` → schema name (`/v1/Pod` → `io.k8s.api.core.v1.Pod`). */
  kinds: Record<string, string>;
  shapes: Record<string, FieldShape>;
}

const REF = '#/components/schemas/';

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function shapeOf(schema: Json | undefined): FieldShape {
  if (!schema) return 0;
  if (typeof schema.$ref === 'string') return schema.$ref.slice(REF.length);
  const allOf = schema.allOf as Json[] | undefined;
  if (allOf?.length === 1) return shapeOf(allOf[0]);
  const out: Exclude<FieldShape, 0 | string> = {};
  if (isObject(schema.properties)) out.f = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, shapeOf(v as Json)]));
  if (isObject(schema.items)) out.i = shapeOf(schema.items);
  if (isObject(schema.additionalProperties)) out.v = shapeOf(schema.additionalProperties);
  return out.f || out.i !== undefined || out.v !== undefined ? out : 0;
}

/** Compiles v3 component schemas (by name) into field shapes, with the kinds their GVK extensions name. */
export function compileFieldShapes(schemas: Json): FieldShapes {
  const kinds: Record<string, string> = {};
  const shapes: Record<string, FieldShape> = {};
  for (const [name, schema] of Object.entries(schemas)) {
    shapes[name] = shapeOf(schema as Json);
    const gvks = (schema as { 'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[] })['x-kubernetes-group-version-kind'];
    for (const g of gvks ?? []) kinds[`${g.group}/${g.version}/${g.kind}`] = name;
  }
  return { kinds, shapes };
}

export function recordedFieldShapesPath(): string {
  return fileURLToPath(new URL('../../../../deploy/openapi/kubernetes-fields.json.gz', import.meta.url));
}

let loaded: FieldShapes | undefined;

/** The recorded field shapes, read on first use. */
export function recordedFieldShapes(): FieldShapes {
  if (loaded) return loaded;
  const path = recordedFieldShapesPath();
  try {
    loaded = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as FieldShapes;
  } catch (err) {
    throw new RecordedOpenApiError(`failed to read the recorded field names ${path}: ${(err as Error).message}`, { cause: err });
  }
  return loaded;
}
