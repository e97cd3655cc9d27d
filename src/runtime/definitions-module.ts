// Loading workload definitions from a module URL (what src/cli hands to the controller host and to
// shard workers): the module exports `definitions: WorkloadDefinition[]` (or a default export of it).
import { fileURLToPath } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import { RuntimeOptionsError } from './errors.js';
import type { WorkloadDefinition } from './workload-definition.js';

const cache = new Map<string, Promise<WorkloadDefinition[]>>();

export function loadDefinitions(url: URL | string): Promise<WorkloadDefinition[]> {
  const href = url instanceof URL ? url.href : url;
  let p = cache.get(href);
  if (!p) {
    p = importModule(href).then((mod: { definitions?: unknown; default?: unknown }) => {
      const defs = mod.definitions ?? (mod.default as { definitions?: unknown } | undefined)?.definitions ?? mod.default;
      if (!Array.isArray(defs) || defs.some((d) => typeof d?.plan !== 'function' || !d?.resource?.kind)) {
        throw new RuntimeOptionsError(`definitions module ${href} must export "definitions": an array of WorkloadDefinition`);
      }
      return defs as WorkloadDefinition[];
    });
    cache.set(href, p);
  }
  return p;
}

export function validateDefinitions(defs: readonly WorkloadDefinition[]): void {
  const seen = new Set<string>();
  for (const [i, d] of defs.entries()) {
    if (!d?.resource?.kind || !d.resource.plural || !d.resource.apiVersion) throw new RuntimeOptionsError(`definitions[${i}].resource must have apiVersion, kind and plural`);
    if (typeof d.plan !== 'function') throw new RuntimeOptionsError(`definitions[${i}].plan must be a function`);
    if (!d.controllerName) throw new RuntimeOptionsError(`definitions[${i}].controllerName must be a non-empty string`);
    if (seen.has(d.resource.kind)) throw new RuntimeOptionsError(`definitions[${i}]: kind ${d.resource.kind} is defined twice`);
    seen.add(d.resource.kind);
  }
}

/**
 * A dev shard worker runs our .ts sources through tsx's require hook (Node 20 applies no ESM loader
 * in worker threads): there a .ts module must be required. Everywhere else it is imported.
 */
async function importModule(href: string): Promise<{ definitions?: unknown; default?: unknown }> {
  if (!isMainThread && href.endsWith('.ts') && typeof require === 'function') return require(fileURLToPath(href)) as { definitions?: unknown };
  return (await import(href)) as { definitions?: unknown; default?: unknown };
}
