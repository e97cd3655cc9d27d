// Which resources the API server serves, by apiVersion and kind (from /api/v1 and /apis/<group>/<version>),
// so that the garbage collector can GET an owner of any kind and watch the kinds that exist.
import type { RestClient } from '../../runtime/client/rest-client.js';
import { apiPrefix } from '../../runtime/client/resource-path.js';
import type { ResourceType } from '../../runtime/workload-definition.js';

interface ApiGroupList {
  groups?: Array<{ name: string; versions?: Array<{ groupVersion: string }>; preferredVersion?: { groupVersion: string } }>;
}

interface ApiResourceList {
  resources?: Array<{ name: string; kind: string; namespaced: boolean; verbs?: string[] }>;
}

export class ResourceMapper {
  readonly #client: RestClient;
  readonly #byVersion = new Map<string, { at: number; kinds: Map<string, ResourceType> }>();
  readonly #ttlMs: number;
  readonly #verbs = new Map<string, string[]>();

  constructor(client: RestClient, ttlMs = 30_000) {
    this.#client = client;
    this.#ttlMs = ttlMs;
  }

  /** The kinds served under one apiVersion (empty when the version is not served). */
  async kinds(apiVersion: string, nowMs = Date.now()): Promise<Map<string, ResourceType>> {
    const cached = this.#byVersion.get(apiVersion);
    if (cached && nowMs - cached.at < this.#ttlMs) return cached.kinds;
    const kinds = new Map<string, ResourceType>();
    try {
      const list = await this.#client.transport.json<ApiResourceList>('GET', apiPrefix(apiVersion), undefined, undefined, 'get');
      for (const r of list.resources ?? []) {
        if (r.name.includes('/')) continue;
        kinds.set(r.kind, { apiVersion, kind: r.kind, plural: r.name, namespaced: r.namespaced });
        this.#verbs.set(`${apiVersion}/${r.kind}`, r.verbs ?? []);
      }
    } catch {
      // not served (404) or unreachable: treated as serving nothing until the next refresh
    }
    this.#byVersion.set(apiVersion, { at: nowMs, kinds });
    return kinds;
  }

  /**
   * Every served kind that supports list, watch and delete, once per group and kind: from the group's
   * preferred version when it serves the kind, else from the first other version that does — as kube's
   * garbage collector, which also watches kinds served only in a non-preferred version (apps.kruise.io
   * prefers v1beta1, where only StatefulSet lives; DaemonSet, BroadcastJob and AdvancedCronJob are v1alpha1).
   */
  async deletable(nowMs = Date.now()): Promise<ResourceType[]> {
    const versions = ['v1'];
    try {
      const groups = await this.#client.transport.json<ApiGroupList>('GET', '/apis', undefined, undefined, 'get');
      for (const g of groups.groups ?? []) {
        const preferred = g.preferredVersion?.groupVersion;
        if (preferred) versions.push(preferred);
        for (const v of g.versions ?? []) if (v.groupVersion !== preferred) versions.push(v.groupVersion);
      }
    } catch {
      // no groups: core only
    }
    const out: ResourceType[] = [];
    const seen = new Set<string>();
    for (const v of versions) {
      const group = v.includes('/') ? v.slice(0, v.indexOf('/')) : '';
      for (const rt of (await this.kinds(v, nowMs)).values()) {
        const verbs = this.#verbs.get(`${v}/${rt.kind}`) ?? [];
        if (seen.has(`${group}/${rt.kind}`) || !['list', 'watch', 'delete'].every((x) => verbs.includes(x))) continue;
        seen.add(`${group}/${rt.kind}`);
        out.push(rt);
      }
    }
    return out;
  }

  async resolve(apiVersion: string, kind: string, nowMs = Date.now()): Promise<ResourceType | undefined> {
    return (await this.kinds(apiVersion, nowMs)).get(kind);
  }
}
