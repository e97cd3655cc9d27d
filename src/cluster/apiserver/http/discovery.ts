// Discovery documents (/api, /api/v1, /apis, /apis/<group>, /apis/<group>/<version>), rebuilt only when
// the set of resources changes. Aggregated discovery is not served: clients fall back to these.
import type { ResourceRegistry } from '../resource-registry.js';
import { createHash } from 'node:crypto';
import { ALL_VERBS, apiVersionOf, storageVersion, type ResourceDef } from '../resources.js';

const SUB_VERBS = ['get', 'patch', 'update'];

export class DiscoveryDocuments {
  #version = -1;
  #cache = new Map<string, string>();

  constructor(private readonly registry: ResourceRegistry, private readonly serverAddress: () => string) {}

  /** The JSON body for a discovery path, or undefined when nothing is served there. */
  document(kind: 'coreVersions' | 'groupList'): string;
  document(kind: 'group', group: string): string | undefined;
  document(kind: 'resourceList', group: string, version: string): string | undefined;
  document(kind: string, group = '', version = ''): string | undefined {
    if (this.#version !== this.registry.version) {
      this.#cache.clear();
      this.#version = this.registry.version;
    }
    const cacheKey = `${kind}|${group}|${version}`;
    const hit = this.#cache.get(cacheKey);
    if (hit !== undefined) return hit;
    const doc = this.#build(kind, group, version);
    const text = doc === undefined ? undefined : JSON.stringify(doc);
    if (text !== undefined) this.#cache.set(cacheKey, text);
    return text;
  }

  #build(kind: string, group: string, version: string): object | undefined {
    switch (kind) {
      case 'coreVersions':
        return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: this.serverAddress() }] };
      case 'groupList':
        return { kind: 'APIGroupList', apiVersion: 'v1', groups: this.registry.groups().filter((g) => g.name !== '').map(groupDoc) };
      case 'group': {
        const g = this.registry.groups().find((x) => x.name === group && group !== '');
        return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(g) } : undefined;
      }
      case 'resourceList': {
        const defs = this.registry.inGroupVersion(group, version);
        if (defs.length === 0) return undefined;
        return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf(group, version), resources: defs.flatMap(resourceEntries) };
      }
    }
    return undefined;
  }
}

function groupDoc(g: { name: string; versions: string[] }): object {
  const versions = g.versions.map((v) => ({ groupVersion: `${g.name}/${v}`, version: v }));
  return { name: g.name, versions, preferredVersion: versions[0] };
}

/** The verbs kube-apiserver 1.26 lists for a custom resource (in its order). */
const CR_VERBS = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];

/** discovery.StorageVersionHash: the first 8 bytes of sha256("<group>/<storage version>/<kind>"), base64. */
export function storageVersionHash(group: string, version: string, kind: string): string {
  return createHash('sha256').update(`${group}/${version}/${kind}`).digest().subarray(0, 8).toString('base64');
}

/** Where kube-apiserver 1.26 stores a kind when it is not the resource's own group/version. */
const STORED_AS: Record<string, [string, string]> = {
  'events.k8s.io/events': ['', 'v1'],
  'apiextensions.k8s.io/customresourcedefinitions': ['apiextensions.k8s.io', 'v1beta1'],
};

/** Namespaces have no deletecollection. */
const NAMESPACE_VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'];

function resourceEntries(def: ResourceDef): object[] {
  // Built-in kinds carry no singularName in 1.26 discovery (only custom resources do).
  const verbs = def.verbs ?? (def.crd ? CR_VERBS : def.group === '' && def.plural === 'namespaces' ? NAMESPACE_VERBS : ALL_VERBS);
  const main: Record<string, unknown> = { name: def.plural, singularName: def.crd ? def.singular : '', namespaced: def.namespaced, kind: def.kind, verbs };
  if (def.shortNames.length) main.shortNames = def.shortNames;
  if (def.categories.length) main.categories = def.categories;
  const [group, version] = STORED_AS[`${def.group}/${def.plural}`] ?? [def.group, storageVersion(def)];
  main.storageVersionHash = storageVersionHash(group, version, def.kind);
  const out: object[] = [main];
  if (def.status) out.push({ name: `${def.plural}/status`, singularName: '', namespaced: def.namespaced, kind: def.kind, verbs: SUB_VERBS });
  if (def.scale) out.push({ name: `${def.plural}/scale`, singularName: '', namespaced: def.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: SUB_VERBS });
  for (const sub of def.extraSubresources ?? []) {
    const gv = sub.group !== undefined && sub.version ? { group: sub.group, version: sub.version } : {};
    out.push({ name: `${def.plural}/${sub.name}`, singularName: '', namespaced: def.namespaced, ...gv, kind: sub.kind, verbs: sub.verbs });
  }
  return out;
}
