// The cache of one resource type: complete and exact (never an LRU), one writer (its informer), many
// readers. Objects are keyed `namespace/name`, and indexed by uid plus any number of named index
// functions (by default: namespace, controller-owner uid, and spec.nodeName for pods).
import { controllerOf, objectKey, type KubeObject } from '../../api/index.js';

/** Values an object is filed under in one index (none → not indexed). */
export type IndexFn = (obj: KubeObject) => string | undefined;

export const INDEX_NAMESPACE = 'namespace';
export const INDEX_CONTROLLER_UID = 'controller-uid';
export const INDEX_NODE_NAME = 'node-name';

export const defaultIndexers: Record<string, IndexFn> = {
  [INDEX_NAMESPACE]: (o) => o.metadata?.namespace ?? '',
  [INDEX_CONTROLLER_UID]: (o) => controllerOf(o)?.uid,
  [INDEX_NODE_NAME]: (o) => (o.spec as { nodeName?: string } | undefined)?.nodeName || undefined,
};

/** The read side of a store: what triggers, snapshots and expectations use. */
export interface StoreReader<T extends KubeObject = KubeObject> {
  readonly size: number;
  get(key: string): T | undefined;
  getByName(namespace: string | undefined, name: string): T | undefined;
  getByUid(uid: string): T | undefined;
  byIndex(index: string, value: string): T[];
  list(): T[];
  keys(): IterableIterator<string>;
}

export interface ReplaceResult<T> {
  added: T[];
  updated: Array<{ object: T; old: T }>;
  deleted: T[];
}

export class Store<T extends KubeObject = KubeObject> implements StoreReader<T> {
  readonly #items = new Map<string, T>();
  readonly #byUid = new Map<string, string>();
  readonly #indexers: Array<[string, IndexFn]>;
  readonly #indexes = new Map<string, Map<string, Set<string>>>();

  constructor(indexers: Record<string, IndexFn> = defaultIndexers) {
    this.#indexers = Object.entries(indexers);
    for (const [name] of this.#indexers) this.#indexes.set(name, new Map());
  }

  get size(): number {
    return this.#items.size;
  }

  get(key: string): T | undefined {
    return this.#items.get(key);
  }

  getByName(namespace: string | undefined, name: string): T | undefined {
    return this.#items.get(namespace ? `${namespace}/${name}` : name);
  }

  getByUid(uid: string): T | undefined {
    const key = this.#byUid.get(uid);
    return key === undefined ? undefined : this.#items.get(key);
  }

  byIndex(index: string, value: string): T[] {
    const idx = this.#indexes.get(index);
    if (!idx) throw new Error(`store has no index "${index}"`);
    const keys = idx.get(value);
    if (!keys) return [];
    const out: T[] = [];
    for (const k of keys) out.push(this.#items.get(k)!);
    return out;
  }

  list(): T[] {
    return [...this.#items.values()];
  }

  keys(): IterableIterator<string> {
    return this.#items.keys();
  }

  /** Inserts or replaces; returns the previous version. */
  upsert(obj: T): T | undefined {
    const key = objectKey(obj);
    const old = this.#items.get(key);
    if (old) this.#unindex(key, old);
    this.#items.set(key, obj);
    this.#index(key, obj);
    return old;
  }

  remove(obj: T): T | undefined {
    const key = objectKey(obj);
    const old = this.#items.get(key);
    if (!old) return undefined;
    this.#unindex(key, old);
    this.#items.delete(key);
    return old;
  }

  /** Replaces the whole content (a relist) and says what changed. Unchanged resourceVersions are not "updated". */
  replace(objects: T[]): ReplaceResult<T> {
    const result: ReplaceResult<T> = { added: [], updated: [], deleted: [] };
    const seen = new Set<string>();
    for (const obj of objects) {
      const key = objectKey(obj);
      seen.add(key);
      const old = this.upsert(obj);
      if (!old) result.added.push(obj);
      else if (old.metadata?.resourceVersion !== obj.metadata?.resourceVersion || old.metadata?.uid !== obj.metadata?.uid) {
        result.updated.push({ object: obj, old });
      }
    }
    for (const [key, obj] of [...this.#items]) {
      if (seen.has(key)) continue;
      this.#unindex(key, obj);
      this.#items.delete(key);
      result.deleted.push(obj);
    }
    return result;
  }

  #index(key: string, obj: T): void {
    const uid = obj.metadata?.uid;
    if (uid) this.#byUid.set(uid, key);
    for (const [name, fn] of this.#indexers) {
      const v = fn(obj);
      if (v === undefined) continue;
      const idx = this.#indexes.get(name)!;
      let set = idx.get(v);
      if (!set) idx.set(v, (set = new Set()));
      set.add(key);
    }
  }

  #unindex(key: string, obj: T): void {
    const uid = obj.metadata?.uid;
    if (uid && this.#byUid.get(uid) === key) this.#byUid.delete(uid);
    for (const [name, fn] of this.#indexers) {
      const v = fn(obj);
      if (v === undefined) continue;
      const idx = this.#indexes.get(name)!;
      const set = idx.get(v);
      if (!set) continue;
      set.delete(key);
      if (set.size === 0) idx.delete(v);
    }
  }
}
