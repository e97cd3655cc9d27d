// The OpenAPI v3 document of one served CRD version, built as kube-apiserver 1.26's CRD OpenAPI builder does:
// the structural schema (int-or-string unfolded to anyOf) with apiVersion/kind from TypeMeta and metadata as an
// ObjectMeta reference, x-kubernetes-group-version-kind, the <Kind>List schema, and the paths of the resource
// (list for all namespaces, collection, object, status and scale subresources) with kube's verbs, parameters,
// operation ids and tags. Pure: the shared parameter and meta schemas come from the recorded built-in documents.
import type { ResourceDef } from '../resources.js';
import { normalizeSchema, type Json } from './schema-order.js';

const SCHEMAS = '#/components/schemas/';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const LIST_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta';
const STATUS = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';
const PATCH = 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch';
const DELETE_OPTIONS = 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions';
const SCALE = 'io.k8s.api.autoscaling.v1.Scale';
const METADATA_DESCRIPTION = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";
const LIST_METADATA_DESCRIPTION = 'Standard list metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';
const EMBEDDED_API_VERSION = 'apiVersion defines the versioned schema of this representation of an object. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources';
const EMBEDDED_KIND = 'kind is a string value representing the type of this object. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds';
const PATCH_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json'];

/** What the builder takes from the recorded built-in documents (identical texts on a real server). */
export interface SharedParts {
  /** Query parameters by options kind: list, create, update, delete, get; and `pretty`, `namespace`. */
  parameters: { list: Json[]; create: Json[]; update: Json[]; delete: Json[]; get: Json[]; pretty: Json; namespace: Json };
  /** TypeMeta's apiVersion and kind property schemas. */
  typeMeta: { apiVersion: Json; kind: Json };
}

/** The v3 document (paths and own schemas; shared schemas referenced by name) of `def` at `version`. */
export interface CrdDocument {
  paths: Json;
  schemas: Json;
}

/** The canonical name of a CRD type: `io.kruise.apps.v1beta1.StatefulSet` for apps.kruise.io/v1beta1 StatefulSet. */
export function crdTypeName(group: string, version: string, kind: string): string {
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

export function buildCrdDocument(def: ResourceDef, version: string, shared: SharedParts): CrdDocument {
  const info = def.crd?.versions.get(version);
  const gvk = { group: def.group, version, kind: def.kind };
  const name = crdTypeName(def.group, version, def.kind);
  const listName = crdTypeName(def.group, version, def.listKind);
  const schemas: Json = {
    [name]: objectSchema(info?.schema, gvk, shared),
    [listName]: listSchema(def, version, name, shared),
  };
  return { paths: crdPaths(def, version, name, listName, info?.statusSubresource ?? false, info?.scale !== undefined, shared), schemas };
}

function ref(name: string): Json {
  return { $ref: SCHEMAS + name };
}

function refWithDescription(name: string, description: string): Json {
  return { description, allOf: [ref(name)] };
}

function objectSchema(raw: Json | undefined, gvk: Json, shared: SharedParts): Json {
  const gvkExt = { 'x-kubernetes-group-version-kind': [{ group: gvk.group, kind: gvk.kind, version: gvk.version }] };
  if (!raw) return { type: 'object', ...gvkExt };
  const schema = unfold(structuredClone(raw));
  const props = (schema.properties ??= {}) as Json;
  props.metadata = refWithDescription(OBJECT_META, METADATA_DESCRIPTION);
  props.apiVersion = shared.typeMeta.apiVersion;
  props.kind = shared.typeMeta.kind;
  addEmbeddedProperties(schema, shared);
  return normalizeSchema({ ...schema, ...gvkExt });
}

function listSchema(def: ResourceDef, version: string, itemName: string, shared: SharedParts): Json {
  return {
    description: `${def.listKind} is a list of ${def.kind}`,
    required: ['items'],
    properties: {
      apiVersion: shared.typeMeta.apiVersion,
      items: {
        description: `List of ${def.plural}. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md`,
        type: 'array',
        items: ref(itemName),
      },
      kind: shared.typeMeta.kind,
      metadata: refWithDescription(LIST_META, LIST_METADATA_DESCRIPTION),
    },
    'x-kubernetes-group-version-kind': [{ group: def.group, kind: def.listKind, version }],
  };
}

/** Structural Unfold: `x-kubernetes-int-or-string` without anyOf gains `anyOf: [integer, string]`. */
function unfold(schema: Json): Json {
  if (schema['x-kubernetes-int-or-string'] === true && !schema.anyOf) schema.anyOf = [{ type: 'integer' }, { type: 'string' }];
  for (const key of ['properties', 'patternProperties'] as const) {
    const props = schema[key] as Record<string, Json> | undefined;
    if (props) for (const k of Object.keys(props)) unfold(props[k]!);
  }
  if (isObject(schema.items)) unfold(schema.items);
  if (isObject(schema.additionalProperties)) unfold(schema.additionalProperties);
  return schema;
}

function addEmbeddedProperties(schema: Json, shared: SharedParts): void {
  const props = schema.properties as Record<string, Json> | undefined;
  if (props) for (const v of Object.values(props)) addEmbeddedProperties(v, shared);
  if (isObject(schema.items)) addEmbeddedProperties(schema.items, shared);
  if (isObject(schema.additionalProperties)) addEmbeddedProperties(schema.additionalProperties, shared);
  if (schema['x-kubernetes-embedded-resource'] !== true) return;
  const own = (schema.properties ??= {}) as Json;
  own.apiVersion = { ...shared.typeMeta.apiVersion, description: EMBEDDED_API_VERSION };
  own.kind = { ...shared.typeMeta.kind, description: EMBEDDED_KIND };
  own.metadata = refWithDescription(OBJECT_META, METADATA_DESCRIPTION);
  const required = (schema.required ??= []) as string[];
  if (!required.includes('kind')) required.push('kind');
  if (!required.includes('apiVersion')) required.push('apiVersion');
}

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

interface Route {
  path: string;
  method: 'get' | 'put' | 'post' | 'delete' | 'patch';
  action: string;
  verb: string;
  operation: string;
  sample: string;
  reads?: string;
}

function crdPaths(def: ResourceDef, version: string, name: string, listName: string, status: boolean, scale: boolean, shared: SharedParts): Json {
  const routes: Route[] = [];
  const ns = def.namespaced ? 'Namespaced' : '';
  let root = `/apis/${def.group}/${version}/${def.plural}`;
  if (def.namespaced) {
    routes.push({ path: root, method: 'get', action: 'list', verb: 'list', operation: `list${def.kind}ForAllNamespaces`, sample: listName });
    root = `/apis/${def.group}/${version}/namespaces/{namespace}/${def.plural}`;
  }
  const add = (sub: string, method: Route['method'], action: string, verb: string, sample: string, reads?: string): void => {
    const part = sub.split('/')[2] ?? '';
    const title = part.replace(/^./, (c) => c.toUpperCase());
    routes.push({ path: root + sub, method, action, verb, operation: `${verb}${ns}${def.kind}${title}`, sample, reads });
  };
  add('', 'get', 'list', 'list', listName);
  add('', 'post', 'post', 'create', name, name);
  add('', 'delete', 'deletecollection', 'deletecollection', STATUS);
  add('/{name}', 'get', 'get', 'read', name);
  add('/{name}', 'put', 'put', 'replace', name, name);
  add('/{name}', 'delete', 'delete', 'delete', STATUS, DELETE_OPTIONS);
  add('/{name}', 'patch', 'patch', 'patch', name, PATCH);
  if (status) {
    add('/{name}/status', 'get', 'get', 'read', name);
    add('/{name}/status', 'put', 'put', 'replace', name, name);
    add('/{name}/status', 'patch', 'patch', 'patch', name, PATCH);
  }
  if (scale) {
    add('/{name}/scale', 'get', 'get', 'read', SCALE);
    add('/{name}/scale', 'put', 'put', 'replace', SCALE, SCALE);
    add('/{name}/scale', 'patch', 'patch', 'patch', SCALE, PATCH);
  }
  const byPath = new Map<string, Route[]>();
  for (const r of routes) byPath.set(r.path, [...(byPath.get(r.path) ?? []), r]);
  const out: Json = {};
  for (const path of [...byPath.keys()].sort()) out[path] = pathItem(def, version, byPath.get(path)!, shared);
  return out;
}

const METHOD_ORDER = ['get', 'put', 'post', 'delete', 'patch'];

/** One path's operations; parameters every operation has move to the path, both lists sorted by name. */
function pathItem(def: ResourceDef, version: string, routes: Route[], shared: SharedParts): Json {
  const params = routes.map((r) => routeParameters(def, r, shared));
  const common = params[0]!.filter((p) => params.every((list) => list.some((q) => q.name === p.name)));
  const isCommon = (p: Json): boolean => common.some((c) => c.name === p.name);
  const item: Json = {};
  const ordered = routes.map((r, i) => ({ r, i })).sort((a, b) => METHOD_ORDER.indexOf(a.r.method) - METHOD_ORDER.indexOf(b.r.method));
  for (const { r, i } of ordered) item[r.method] = operation(def, version, r, byName(params[i]!.filter((p) => !isCommon(p))));
  item.parameters = byName(common);
  return item;
}

function byName(params: Json[]): Json[] {
  return [...params].sort((a, b) => String(a.name).localeCompare(String(b.name)));
}

function routeParameters(def: ResourceDef, r: Route, shared: SharedParts): Json[] {
  const p = shared.parameters;
  const out: Json[] = [p.pretty];
  if (r.path.includes('{namespace}')) out.push(p.namespace);
  if (r.path.includes('{name}')) out.push({ name: 'name', in: 'path', description: `name of the ${def.kind}`, required: true, schema: { type: 'string', uniqueItems: true } });
  switch (r.action) {
    case 'get': return [...out, ...p.get];
    case 'list': case 'deletecollection': return [...out, ...p.list];
    case 'put': case 'patch': return [...out, ...p.update];
    case 'post': return [...out, ...p.create];
    case 'delete': return [...out, ...p.delete];
    default: return out;
  }
}

function content(types: string[], name: string): Json {
  return Object.fromEntries(types.map((t) => [t, { schema: ref(name) }]));
}

const JSON_YAML = ['application/json', 'application/yaml'];

function operation(def: ResourceDef, version: string, r: Route, parameters: Json[]): Json {
  const op: Json = { tags: [`${camelGroup(def.group)}_${version}`], description: describe(def.kind, r), operationId: operationId(def.group, version, r.operation) };
  if (parameters.length) op.parameters = parameters;
  if (r.reads) op.requestBody = { content: content(r.method === 'patch' ? PATCH_TYPES : JSON_YAML, r.reads) };
  const responses: Json = { 200: { description: 'OK', content: content(JSON_YAML, r.sample) } };
  if (r.action === 'post' || r.action === 'put') responses[201] = { description: 'Created', content: content(JSON_YAML, r.sample) };
  if (r.action === 'post' || r.action === 'delete') responses[202] = { description: 'Accepted', content: content(JSON_YAML, r.sample) };
  responses[401] = { description: 'Unauthorized' };
  op.responses = responses;
  op['x-kubernetes-action'] = r.action;
  op['x-kubernetes-group-version-kind'] = { group: def.group, version, kind: def.kind };
  return op;
}

/** kube's operation descriptions: `list objects of kind X`, `read status of the specified X`, `create a X`, … */
function describe(kind: string, r: Route): string {
  const sub = r.path.endsWith('/status') ? ' status of' : r.path.endsWith('/scale') ? ' scale of' : '';
  switch (r.verb) {
    case 'list': return `list${sub} objects of kind ${kind}`;
    case 'read': case 'replace': return `${r.verb}${sub} the specified ${kind}`;
    case 'patch': return `partially update${sub} the specified ${kind}`;
    case 'create': case 'delete': return `${r.verb}${sub}${article(kind)}${kind}`;
    case 'deletecollection': return `delete collection of${sub ? `${sub} a` : ''} ${kind}`;
    default: return `${r.verb}${sub} ${kind}`;
  }
}

/** kube's GetArticleForNoun with a space either side: none for plurals (`Endpoints`), `an` before a vowel. */
function article(noun: string): string {
  if (noun.endsWith('s') && !noun.endsWith('ss')) return ' ';
  return /^[aeiou]/i.test(noun) ? ' an ' : ' a ';
}

/** `apps.kruise.io` → `appsKruiseIo` (kube's ToValidOperationID). */
function camelGroup(group: string): string {
  return group.replace(/[.-](.)/g, (_, c: string) => c.toUpperCase());
}

/**
 * `listNamespacedStatefulSet` → `listAppsKruiseIoV1beta1NamespacedStatefulSet` (kube's GetOperationIDAndTags;
 * `deletecollection…` → `delete<Group><Version>Collection…`).
 */
function operationId(group: string, version: string, op: string): string {
  let verb = op.match(/^[a-z]+/)![0];
  let rest = op.slice(verb.length);
  if (verb === 'deletecollection') {
    verb = 'delete';
    rest = `Collection${rest}`;
  }
  const g = camelGroup(group);
  return `${verb}${g[0]!.toUpperCase()}${g.slice(1)}${version[0]!.toUpperCase()}${version.slice(1)}${rest}`;
}
