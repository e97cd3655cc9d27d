// Loads the four OpenKruise CRDs from deploy/crds/*.yaml — the YAML files are the single source of truth, both for
// `kubectl apply -f deploy/crds/` and for the embedded API server. The path is resolved relative to this module
// (src/cluster/apiserver/schema or dist/cluster/apiserver/schema → ../../../../deploy/crds), so it works from
// sources and from compiled output alike.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from '../../../api/objects.js';
import type { JSONSchemaProps } from './types.js';

export class KruiseCrdsError extends Error {
  readonly code = 'KruiseCrdsUnreadable';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KruiseCrdsError';
  }
}

/** Absolute path of deploy/crds. */
export function kruiseCrdsDir(): string {
  return fileURLToPath(new URL('../../../../deploy/crds/', import.meta.url));
}

/** The CRD YAML files of deploy/crds, sorted by name. */
export function kruiseCrdFiles(dir = kruiseCrdsDir()): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort().map((f) => join(dir, f));
  } catch (err) {
    throw new KruiseCrdsError(`failed to read the Kruise CRDs in ${dir}: ${(err as Error).message}`, { cause: err });
  }
}

/** Every CustomResourceDefinition in deploy/crds, parsed (a fresh copy per call). */
export function loadKruiseCrds(dir = kruiseCrdsDir()): KubeObject[] {
  const out: KubeObject[] = [];
  for (const file of kruiseCrdFiles(dir)) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      if (doc.errors.length) throw new KruiseCrdsError(`failed to parse ${file}: ${doc.errors[0]!.message}`);
      const value = doc.toJS() as KubeObject | null;
      if (value && typeof value === 'object') out.push(value);
    }
  }
  return out;
}

/** The openAPIV3Schema of one served version of a CRD object, or undefined. */
export function crdVersionSchema(crd: KubeObject, version: string): JSONSchemaProps | undefined {
  const versions = (crd.spec as { versions?: { name: string; schema?: { openAPIV3Schema?: JSONSchemaProps } }[] } | undefined)?.versions;
  return versions?.find((v) => v.name === version)?.schema?.openAPIV3Schema;
}
