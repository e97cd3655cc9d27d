// The /openapi/v2 document: the recorded built-in paths and definitions, plus each served CRD version's paths
// and definitions converted from its v3 document (refs to #/definitions, request bodies as `body` parameters,
// consumes/produces, and the v3-only schema parts dropped as kube's v2 builder does).
import type { ResourceDef } from '../resources.js';
import { buildCrdDocument, type SharedParts } from './crd-document.js';
import type { RecordedOpenApi } from './recorded.js';
import type { Json } from './schema-order.js';

export function buildV2Document(rec: RecordedOpenApi, crds: { def: ResourceDef; version: string }[], shared: SharedParts): Json {
  const paths: Json = { ...rec.v2.paths };
  const definitions: Json = { ...rec.v2.definitions };
  for (const { def, version } of crds) {
    const doc = buildCrdDocument(def, version, shared);
    for (const [p, item] of Object.entries(doc.paths)) paths[p] = v2PathItem(item as Json);
    for (const [n, s] of Object.entries(doc.schemas)) definitions[n] = v2Schema(s as Json);
  }
  return {
    swagger: '2.0',
    info: rec.v2.info,
    paths: sortKeys(paths),
    definitions: sortKeys(definitions),
    securityDefinitions: { BearerToken: { description: 'Bearer Token authentication', type: 'apiKey', name: 'authorization', in: 'header' } },
    security: [{ BearerToken: [] }],
  };
}

function sortKeys(o: Json): Json {
  return Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
}

const V3_REF = '#/components/schemas/';
const V2_REF = '#/definitions/';
/** What kube's v2 builder leaves out of a CRD schema (no anyOf/oneOf/not/nullable in Swagger 2.0 for kubectl). */
const V3_ONLY = new Set(['anyOf', 'oneOf', 'not', 'nullable']);

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** A v3 schema as v2: `allOf: [$ref]` with a description becomes `$ref` with a description; refs renamed. */
export function v2Schema(s: Json): Json {
  const out: Json = {};
  const allOf = s.allOf as Json[] | undefined;
  const single = allOf?.length === 1 && typeof allOf[0]!.$ref === 'string' ? (allOf[0]!.$ref as string) : undefined;
  for (const [k, v] of Object.entries(s)) {
    if (V3_ONLY.has(k)) continue;
    if (k === 'allOf' && single) {
      out.$ref = single.replace(V3_REF, V2_REF);
      continue;
    }
    if (k === '$ref' && typeof v === 'string') out.$ref = v.replace(V3_REF, V2_REF);
    else if ((k === 'properties' || k === 'patternProperties') && isObject(v)) out[k] = Object.fromEntries(Object.entries(v).map(([p, x]) => [p, v2Schema(x as Json)]));
    else if ((k === 'items' || k === 'additionalProperties') && isObject(v)) out[k] = v2Schema(v);
    else if (k === 'allOf' && Array.isArray(v)) out[k] = v.map((x) => v2Schema(x as Json));
    else out[k] = v;
  }
  return out;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

function v2PathItem(item: Json): Json {
  const out: Json = {};
  for (const m of METHODS) if (item[m]) out[m] = v2Operation(item[m] as Json);
  if (item.parameters) out.parameters = (item.parameters as Json[]).map(v2Parameter);
  return out;
}

/** A v3 parameter as v2 writes it: `uniqueItems, type, description, name, in, required`. */
function v2Parameter(p: Json): Json {
  const { schema, name, in: where, description, required } = p as { schema?: { type?: string; uniqueItems?: boolean } } & Json;
  return {
    ...(schema?.uniqueItems !== undefined ? { uniqueItems: schema.uniqueItems } : {}),
    ...(schema?.type !== undefined ? { type: schema.type } : {}),
    ...(description !== undefined ? { description } : {}),
    name,
    in: where,
    ...(required ? { required } : {}),
  };
}

/** kube's route order of patch types (v3 lists them sorted). */
const PATCH_CONSUMES = ['application/json-patch+json', 'application/merge-patch+json', 'application/apply-patch+yaml'];

function firstRef(content: unknown): Json | undefined {
  if (!isObject(content)) return undefined;
  const first = Object.values(content)[0] as { schema?: Json } | undefined;
  return first?.schema ? v2Schema(first.schema) : undefined;
}

function v2Operation(op: Json): Json {
  const body = op.requestBody as { content?: Json } | undefined;
  const consumes = op['x-kubernetes-action'] === 'patch' ? PATCH_CONSUMES : ['application/json', 'application/yaml'];
  const parameters: Json[] = [];
  if (body) parameters.push({ name: 'body', in: 'body', ...(op['x-kubernetes-action'] === 'delete' ? {} : { required: true }), schema: firstRef(body.content) });
  for (const p of (op.parameters as Json[] | undefined) ?? []) parameters.push(v2Parameter(p));
  const responses: Json = {};
  for (const [code, r] of Object.entries(op.responses as Json)) {
    const { description, content } = r as { description: string; content?: Json };
    responses[code] = content ? { description, schema: firstRef(content) } : { description };
  }
  const gvk = op['x-kubernetes-group-version-kind'] as Json;
  return {
    description: op.description,
    consumes,
    produces: ['application/json', 'application/yaml'],
    schemes: ['https'],
    tags: op.tags,
    operationId: op.operationId,
    ...(parameters.length ? { parameters } : {}),
    responses,
    'x-kubernetes-action': op['x-kubernetes-action'],
    'x-kubernetes-group-version-kind': { group: gvk.group, kind: gvk.kind, version: gvk.version },
  };
}
