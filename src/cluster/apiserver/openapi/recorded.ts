// The OpenAPI documents recorded from kube-apiserver 1.26.5 (scripts/record-openapi.ts writes them to
// deploy/openapi/kubernetes-openapi.json.gz): their shape, loading (once, lazily, with zlib), and the two pure
// helpers the recorder and the document builder share (which paths a resource serves, which schemas a
// document reaches). Nothing is fetched at runtime.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { ResourceDef } from '../resources.js';

type Json = Record<string, unknown>;

export interface RecordedOpenApi {
  /** The gitVersion of the server recorded (v1.26.5). */
  kubernetesVersion: string;
  v3: {
    /** Per document path (`api/v1`, `apis/apps/v1`, `apis`, `version`, …): info, kept paths, schema names. */
    documents: Record<string, { info: Json; paths: Json; schemas: string[] }>;
    /** Every schema any document keeps, by name (`io.k8s.api.core.v1.Pod`). */
    schemas: Json;
  };
  v2: { info: Json; paths: Json; definitions: Json };
}

export class RecordedOpenApiError extends Error {
  readonly code = 'RecordedOpenApiUnreadable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RecordedOpenApiError';
  }
}

/** Absolute path of the recorded documents (src/… or dist/… → <package>/deploy/openapi). */
export function recordedOpenApiPath(): string {
  return fileURLToPath(new URL('../../../../deploy/openapi/kubernetes-openapi.json.gz', import.meta.url));
}

let loaded: RecordedOpenApi | undefined;

/** The recorded documents, read and decompressed on first use. */
export function recordedOpenApi(): RecordedOpenApi {
  if (loaded) return loaded;
  const path = recordedOpenApiPath();
  try {
    loaded = JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as RecordedOpenApi;
  } catch (err) {
    throw new RecordedOpenApiError(`failed to read the recorded OpenAPI documents ${path}: ${(err as Error).message}`, { cause: err });
  }
  return loaded;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The path prefix of a group-version: `/api/v1`, `/apis/apps/v1`. */
export function groupVersionPrefix(group: string, version: string): string {
  return group ? `/apis/${group}/${version}` : `/api/${version}`;
}

/** Matches the OpenAPI paths of the given resources (one group-version): collection, object, served subresources, watch. */
export function servedPathPattern(defs: readonly ResourceDef[]): RegExp {
  const def0 = defs[0]!;
  const prefix = escapeRegExp(groupVersionPrefix(def0.group, def0.versions[0]!));
  const alternatives = defs.map((def) => {
    const subs = [...(def.status ? ['status'] : []), ...(def.scale ? ['scale'] : []), ...(def.extraSubresources ?? []).map((s) => s.name)];
    const object = `(/\\{name\\}${subs.length ? `(/(${subs.join('|')}))?` : ''})?`;
    const plural = escapeRegExp(def.plural);
    return def.namespaced ? `(namespaces/\\{namespace\\}/)?${plural}${object}` : `${plural}${object}`;
  });
  return new RegExp(`^${prefix}/((watch/)?(${alternatives.join('|')}))?$`);
}

/** Names of the schemas reachable through `$ref`s (with `prefix`, e.g. `#/components/schemas/`) from `roots`. */
export function referencedSchemas(roots: unknown[], schemas: Json, prefix: string): Set<string> {
  const seen = new Set<string>();
  const stack: unknown[] = [...roots];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...v);
    else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (k === '$ref' && typeof child === 'string' && child.startsWith(prefix)) {
          const name = child.slice(prefix.length);
          if (!seen.has(name)) {
            seen.add(name);
            stack.push(schemas[name]);
          }
        } else if (typeof child === 'object') stack.push(child);
      }
    }
  }
  return seen;
}
