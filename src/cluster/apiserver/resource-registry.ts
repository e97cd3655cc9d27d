// The set of resource types currently served: built-ins plus those CRDs register. Discovery, routing and
// the object service all read it; CRD create/delete changes it at once.
import { type ResourceDef, resourceKey } from './resources.js';

export class ResourceRegistry {
  #byKey = new Map<string, ResourceDef>();
  #version = 0;

  constructor(defs: ResourceDef[] = []) {
    for (const def of defs) this.add(def);
  }

  /** Bumped on every change (lets caches of discovery documents know when to rebuild). */
  get version(): number {
    return this.#version;
  }

  add(def: ResourceDef): void {
    this.#byKey.set(resourceKey(def.group, def.plural), def);
    this.#version++;
  }

  remove(group: string, plural: string): void {
    if (this.#byKey.delete(resourceKey(group, plural))) this.#version++;
  }

  byKey(key: string): ResourceDef | undefined {
    return this.#byKey.get(key);
  }

  /** The resource served at group/version/plural, if any. */
  find(group: string, version: string, plural: string): ResourceDef | undefined {
    const def = this.#byKey.get(resourceKey(group, plural));
    return def && def.versions.includes(version) ? def : undefined;
  }

  all(): ResourceDef[] {
    return [...this.#byKey.values()];
  }

  /** Groups (with served versions, preferred first) in registration order; the core group is '' . */
  groups(): { name: string; versions: string[] }[] {
    const out = new Map<string, string[]>();
    for (const def of this.#byKey.values()) {
      const versions = out.get(def.group) ?? [];
      for (const v of def.versions) if (!versions.includes(v)) versions.push(v);
      out.set(def.group, versions);
    }
    return [...out.entries()].map(([name, versions]) => ({ name, versions: sortVersions(versions) }));
  }

  /** Resources served at one group/version. */
  inGroupVersion(group: string, version: string): ResourceDef[] {
    return this.all().filter((d) => d.group === group && d.versions.includes(version));
  }
}

/** Kubernetes version priority: GA > beta > alpha, higher numbers first. */
export function sortVersions(versions: string[]): string[] {
  const rank = (v: string): [number, number, number] => {
    const m = v.match(/^v(\d+)(?:(alpha|beta)(\d+))?$/);
    if (!m) return [3, 0, 0];
    const stage = m[2] === 'alpha' ? 2 : m[2] === 'beta' ? 1 : 0;
    return [stage, -Number(m[1]), -Number(m[3] ?? 0)];
  };
  return [...versions].sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    return ra[0] - rb[0] || ra[1] - rb[1] || ra[2] - rb[2] || a.localeCompare(b);
  });
}
