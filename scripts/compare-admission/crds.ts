// compare-admission: the four Kruise CRDs as each server serves them, compared on what decides admission
// (the schema's validation keywords, descriptions ignored) — a `minimum` one has and the other lacks moves
// a rejection from the webhook to the schema, with other words.
import type { Target } from './targets.js';

export interface SchemaDifference {
  crd: string;
  version: string;
  /** `.spec.field keyword`. */
  where: string;
  real?: string;
  embedded?: string;
}

const CRDS = ['statefulsets', 'daemonsets', 'broadcastjobs', 'advancedcronjobs'].map((p) => `${p}.apps.kruise.io`);

const KEYWORDS = new Set([
  'type', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf', 'enum', 'pattern',
  'minLength', 'maxLength', 'minItems', 'maxItems', 'uniqueItems', 'minProperties', 'maxProperties', 'required',
  'nullable', 'default', 'anyOf', 'oneOf', 'allOf', 'not', 'x-kubernetes-int-or-string', 'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type', 'x-kubernetes-validations',
]);

/** `path keyword → JSON value` for every validation keyword of a structural schema. */
export function schemaKeywords(schema: unknown, path = '', out = new Map<string, string>()): Map<string, string> {
  if (!schema || typeof schema !== 'object') return out;
  for (const [k, v] of Object.entries(schema as Record<string, unknown>)) {
    if (k === 'properties' && v && typeof v === 'object') for (const [p, sub] of Object.entries(v)) schemaKeywords(sub, `${path}.${p}`, out);
    else if (k === 'items') schemaKeywords(v, `${path}[]`, out);
    else if (k === 'additionalProperties' && v && typeof v === 'object') schemaKeywords(v, `${path}{}`, out);
    else if (KEYWORDS.has(k)) out.set(`${path || '.'} ${k}`, JSON.stringify(v));
  }
  return out;
}

export async function compareCrds(real: Target, embedded: Target): Promise<SchemaDifference[]> {
  const out: SchemaDifference[] = [];
  for (const crd of CRDS) {
    const path = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd}`;
    const [a, b] = [(await real.send({ method: 'GET', path })).json, (await embedded.send({ method: 'GET', path })).json];
    const versions = new Set<string>([...(a?.spec?.versions ?? []), ...(b?.spec?.versions ?? [])].map((v: { name: string }) => v.name));
    for (const version of versions) {
      const schemaOf = (crdObj: any) => crdObj?.spec?.versions?.find((v: { name: string }) => v.name === version)?.schema?.openAPIV3Schema;
      const ra = schemaKeywords(schemaOf(a));
      const eb = schemaKeywords(schemaOf(b));
      for (const where of [...new Set([...ra.keys(), ...eb.keys()])].sort()) {
        if (ra.get(where) !== eb.get(where)) out.push({ crd, version, where, real: ra.get(where), embedded: eb.get(where) });
      }
    }
  }
  return out;
}
