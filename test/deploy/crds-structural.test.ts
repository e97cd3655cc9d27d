import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { parseAllDocuments } from 'yaml';
import { loadKruiseCrds } from '../../src/cluster/apiserver/schema/kruise-crds.js';
import type { JSONSchemaProps } from '../../src/cluster/apiserver/schema/types.js';

type Version = { name: string; schema: { openAPIV3Schema: JSONSchemaProps } };

/** Kubernetes' structural-schema rules that a hand-written CRD most easily breaks; returns offending paths. */
function structuralViolations(s: JSONSchemaProps, path: string, out: string[]): string[] {
  const typed = s.type !== undefined || s['x-kubernetes-int-or-string'] === true || s['x-kubernetes-preserve-unknown-fields'] === true;
  if (!typed) out.push(`${path}: type is required`);
  if (s['x-kubernetes-int-or-string'] && s.type) out.push(`${path}: int-or-string must not have a type`);
  if (s.type === 'array' && !s.items) out.push(`${path}: items is required for arrays`);
  if (s.additionalProperties !== undefined && s.properties) out.push(`${path}: properties and additionalProperties are exclusive`);
  for (const [k, v] of Object.entries(s.properties ?? {})) structuralViolations(v, `${path}.${k}`, out);
  if (s.items) structuralViolations(s.items, `${path}[*]`, out);
  if (typeof s.additionalProperties === 'object') structuralViolations(s.additionalProperties, `${path}{*}`, out);
  for (const sub of [...(s.anyOf ?? []), ...(s.allOf ?? []), ...(s.oneOf ?? [])]) {
    for (const forbidden of ['properties', 'items', 'default', 'description', 'nullable'] as const) {
      if (sub[forbidden] !== undefined) out.push(`${path}: ${forbidden} inside a value validation`);
    }
  }
  return out;
}

describe('deploy/crds schemas are structural', () => {
  for (const crd of loadKruiseCrds()) {
    for (const v of (crd.spec as { versions: Version[] }).versions) {
      it(`${crd.metadata!.name} ${v.name}`, () => {
        const root = v.schema.openAPIV3Schema;
        expect(structuralViolations(root, '', [])).toEqual([]);
        expect(root.type).toBe('object');
        expect(root.properties!.metadata).toEqual({ type: 'object' }); // anything more is forbidden at the root
        const template = root.properties!.spec!.properties!.template!;
        expect(template['x-kubernetes-preserve-unknown-fields'] || template.properties?.jobTemplate?.['x-kubernetes-preserve-unknown-fields']).toBe(true);
      });
    }
  }
});

describe('kactor crds (the command)', () => {
  it('prints the four CRDs as YAML documents through the real CLI entry point', () => {
    const out = execFileSync(process.execPath, ['bin/kactor.js', 'crds'], { cwd: new URL('../../', import.meta.url), encoding: 'utf8' });
    const docs = parseAllDocuments(out).map((d) => d.toJS() as { kind: string; metadata: { name: string } });
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`).sort()).toEqual([
      'CustomResourceDefinition/advancedcronjobs.apps.kruise.io', 'CustomResourceDefinition/broadcastjobs.apps.kruise.io',
      'CustomResourceDefinition/daemonsets.apps.kruise.io', 'CustomResourceDefinition/statefulsets.apps.kruise.io',
    ]);
  });
});
