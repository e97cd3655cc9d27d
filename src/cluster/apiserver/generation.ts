// metadata.generation per kind, as kube-apiserver 1.26's strategies set it: 1 on create and +1 when the
// "desired state" changes — `spec` for apps/*, batch/* and CRDs, `webhooks` for webhook configurations,
// everything but metadata and status for a custom resource with a status subresource (everything but
// metadata without one). Other kinds (pods, configmaps, namespaces, nodes…) have no generation: the
// server neither sets nor bumps it.
import type { KubeObject } from '../../api/objects.js';
import { deepEqual } from './prepare.js';
import type { ResourceDef } from './resources.js';

/** The top-level fields whose change bumps the generation, `all` for every field but the excluded ones, or none. */
export type GenerationPolicy = { fields: string[] } | { allBut: string[] } | undefined;

const SPEC_GROUPS = new Set(['apps', 'batch', 'apiextensions.k8s.io']);
/** apps/ControllerRevision has no spec and no generation. */
const NO_GENERATION = new Set(['apps/controllerrevisions']);

export function generationPolicy(def: Pick<ResourceDef, 'group' | 'plural' | 'crd' | 'status'>): GenerationPolicy {
  if (def.crd) return { allBut: def.status ? ['apiVersion', 'kind', 'metadata', 'status'] : ['apiVersion', 'kind', 'metadata'] };
  if (NO_GENERATION.has(`${def.group}/${def.plural}`)) return undefined;
  if (SPEC_GROUPS.has(def.group)) return { fields: ['spec'] };
  if (def.group === 'admissionregistration.k8s.io') return { fields: ['webhooks'] };
  return undefined;
}

/** Whether the change from `old` to `next` bumps the generation under `policy`. */
export function generationChanged(policy: NonNullable<GenerationPolicy>, old: Readonly<KubeObject>, next: Readonly<KubeObject>): boolean {
  const o = old as Record<string, unknown>;
  const n = next as Record<string, unknown>;
  if ('fields' in policy) return policy.fields.some((f) => !deepEqual(o[f], n[f]));
  const keys = new Set([...Object.keys(o), ...Object.keys(n)]);
  for (const k of keys) if (!policy.allBut.includes(k) && !deepEqual(o[k], n[k])) return true;
  return false;
}
