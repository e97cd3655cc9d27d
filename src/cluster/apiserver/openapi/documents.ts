// The OpenAPI documents the server answers with: /openapi/v3 (the index of group-versions, each with its
// `?hash=`), /openapi/v3/<path> (the recorded built-in documents, and one per CRD group-version built from the
// CRDs served now), and /openapi/v2 (one document). Texts and hashes are computed on first request and
// rebuilt only when the set of served resources changes (CRD created, changed or deleted).
import { createHash } from 'node:crypto';
import type { ResourceRegistry } from '../resource-registry.js';
import type { ResourceDef } from '../resources.js';
import { buildCrdDocument } from './crd-document.js';
import { recordedOpenApi, referencedSchemas, type RecordedOpenApi } from './recorded.js';
import { sharedParts } from './shared-parts.js';
import { buildV2Document } from './v2-document.js';
import type { Json } from './schema-order.js';

/** A document's JSON text and its hash (uppercase hex SHA-512 of the text, as kube-apiserver computes it). */
export interface OpenApiText {
  text: string;
  hash: string;
  /** When this text was built (Last-Modified). */
  builtAt: Date;
}

const SCHEMAS = '#/components/schemas/';
const CRD_INFO = { title: 'Kubernetes CRD Swagger', version: 'v0.1.0' };
const SECURITY_SCHEMES = { BearerToken: { type: 'apiKey', description: 'Bearer Token authentication', name: 'authorization', in: 'header' } };

export function hashOf(text: string): string {
  return createHash('sha512').update(text).digest('hex').toUpperCase();
}

const GO_ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** JSON as Go's encoding/json writes it (HTML-significant characters escaped), so equal documents hash equal. */
export function goJson(doc: unknown): string {
  return JSON.stringify(doc).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c]!);
}

function textOf(doc: unknown): OpenApiText {
  const text = goJson(doc);
  return { text, hash: hashOf(text), builtAt: new Date() };
}

export class OpenApiDocuments {
  #builtin = new Map<string, OpenApiText>();
  #version = -1;
  #crd = new Map<string, OpenApiText>();
  #index: OpenApiText | undefined;
  #v2: OpenApiText | undefined;

  constructor(private readonly registry: ResourceRegistry, private readonly recorded: () => RecordedOpenApi = recordedOpenApi) {}

  /** The v3 index: `{ paths: { "<path>": { serverRelativeURL: "/openapi/v3/<path>?hash=<HASH>" } } }`. */
  index(): OpenApiText {
    this.#refresh();
    if (!this.#index) {
      const paths: Json = {};
      for (const path of this.#paths()) paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${this.v3(path)!.hash}` };
      this.#index = textOf({ paths });
    }
    return this.#index;
  }

  /** The v3 document at `path` (`api/v1`, `apis/apps.kruise.io/v1beta1`, …), or undefined when none is served there. */
  v3(path: string): OpenApiText | undefined {
    this.#refresh();
    const recorded = this.recorded().v3.documents[path];
    if (recorded) {
      let hit = this.#builtin.get(path);
      if (!hit) this.#builtin.set(path, (hit = textOf(this.#builtinDocument(path))));
      return hit;
    }
    let hit = this.#crd.get(path);
    if (!hit) {
      const defs = this.#crdDefsAt(path);
      if (!defs.length) return undefined;
      this.#crd.set(path, (hit = textOf(this.#crdDocument(defs, path.split('/')[2]!))));
    }
    return hit;
  }

  /** The v2 document: the recorded built-in paths and definitions, plus every served CRD version's. */
  v2(): OpenApiText {
    this.#refresh();
    this.#v2 ??= textOf(buildV2Document(this.recorded(), this.#crdVersions(), sharedParts(this.recorded())));
    return this.#v2;
  }

  #refresh(): void {
    if (this.#version === this.registry.version) return;
    this.#version = this.registry.version;
    this.#crd.clear();
    this.#index = undefined;
    this.#v2 = undefined;
  }

  #paths(): string[] {
    const out = new Set(Object.keys(this.recorded().v3.documents));
    for (const { def, version } of this.#crdVersions()) out.add(`apis/${def.group}/${version}`);
    return [...out].sort();
  }

  #crdVersions(): { def: ResourceDef; version: string }[] {
    return this.registry.all().filter((d) => d.crd).flatMap((def) => def.versions.map((version) => ({ def, version })));
  }

  #crdDefsAt(path: string): ResourceDef[] {
    const [apis, group, version, ...rest] = path.split('/');
    if (apis !== 'apis' || !group || !version || rest.length) return [];
    return this.registry.inGroupVersion(group, version).filter((d) => d.crd);
  }

  #builtinDocument(path: string): Json {
    const rec = this.recorded();
    const doc = rec.v3.documents[path]!;
    const schemas = Object.fromEntries(doc.schemas.map((n) => [n, rec.v3.schemas[n]]));
    return { openapi: '3.0.0', info: doc.info, paths: doc.paths, components: { schemas, securitySchemes: SECURITY_SCHEMES } };
  }

  #crdDocument(defs: ResourceDef[], version: string): Json {
    const rec = this.recorded();
    const shared = sharedParts(rec);
    const paths: Json = {};
    const own: Json = {};
    for (const def of defs) {
      const doc = buildCrdDocument(def, version, shared);
      Object.assign(paths, doc.paths);
      Object.assign(own, doc.schemas);
    }
    const pool = { ...rec.v3.schemas, ...own };
    const names = [...referencedSchemas([paths], pool, SCHEMAS)].sort();
    // The CRD builder's shared types (DeleteOptions, Scale, …) carry no x-kubernetes-group-version-kind.
    const schema = (n: string): unknown => (n in own ? own[n] : withoutGvk(pool[n] as Json));
    return {
      openapi: '3.0.0',
      info: CRD_INFO,
      paths: Object.fromEntries(Object.keys(paths).sort().map((p) => [p, paths[p]])),
      components: { schemas: Object.fromEntries(names.map((n) => [n, schema(n)])) },
    };
  }
}

function withoutGvk(schema: Json): Json {
  if (!('x-kubernetes-group-version-kind' in schema)) return schema;
  const { 'x-kubernetes-group-version-kind': _gvk, ...rest } = schema;
  return rest;
}
