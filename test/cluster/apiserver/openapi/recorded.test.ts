// The recorded documents cover what the embedded server serves: re-record (scripts/record-openapi.ts) when
// builtins.ts gains a kind or a subresource.
import { describe, expect, it } from 'vitest';
import { BUILTIN_RESOURCES } from '../../../../src/cluster/apiserver/builtins.js';
import { groupVersionPrefix, recordedOpenApi } from '../../../../src/cluster/apiserver/openapi/recorded.js';
import { builtinFieldTree } from '../../../../src/cluster/apiserver/openapi/unknown-fields.js';

describe('the recorded Kubernetes 1.26.5 documents', () => {
  const rec = recordedOpenApi();

  it('come from kube-apiserver v1.26.5', () => {
    expect(rec.kubernetesVersion).toBe('v1.26.5');
  });

  it.each(BUILTIN_RESOURCES.map((d) => [`${d.group || 'core'}/${d.plural}`, d] as const))('have %s: its paths, its subresources and its field names', (_, def) => {
    const version = def.versions[0]!;
    const docPath = groupVersionPrefix(def.group, version).slice(1);
    const paths = Object.keys(rec.v3.documents[docPath]?.paths ?? {});
    const collection = `${groupVersionPrefix(def.group, version)}/${def.namespaced ? 'namespaces/{namespace}/' : ''}${def.plural}`;
    const object = `${collection}/{name}`;
    // Kinds that are only created (access reviews) have no object path.
    expect(paths).toContain(def.verbs && !def.verbs.includes('get') ? collection : object);
    if (def.status) expect(paths).toContain(`${object}/status`);
    if (def.scale) expect(paths).toContain(`${object}/scale`);
    for (const sub of def.extraSubresources ?? []) expect(paths).toContain(`${object}/${sub.name}`);
    expect(builtinFieldTree(def.group, version, def.kind)?.fields?.has('metadata')).toBe(true);
  });
});
