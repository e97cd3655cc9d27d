// In-memory storage: objects by resource → namespace → name, one global resourceVersion counter, a bounded
// ring of recent events per resource for watch resumption, and synchronous fan-out to watchers.
// Objects are deep-frozen and serialized exactly once per version.
import type { KubeObject } from '../../../api/objects.js';
import { ResourceVersionTooOldError, type Storage, type StoreEvent, type StoredObject, type StoreWatch } from './types.js';

export interface MemoryStorageOptions {
  /** Events kept per resource for watches that resume from a resourceVersion. @default 10000 */
  historySize?: number;
  /** Called after every change, in resourceVersion order (the write-ahead log's feed). */
  onEvent?: (resource: string, ev: StoreEvent) => void;
}

class Ring {
  #buf: StoreEvent[];
  #start = 0;
  #len = 0;
  /** Events with rv <= this were dropped: a watch from an older rv cannot be served. */
  compactedRv = 0;
  constructor(readonly capacity: number) {
    this.#buf = new Array<StoreEvent>(capacity);
  }
  push(ev: StoreEvent): void {
    if (this.#len === this.capacity) {
      this.compactedRv = this.#buf[this.#start]!.rec.rv;
      this.#buf[this.#start] = ev;
      this.#start = (this.#start + 1) % this.capacity;
    } else {
      this.#buf[(this.#start + this.#len) % this.capacity] = ev;
      this.#len++;
    }
  }
  /** Events with rv > sinceRv, oldest first. */
  since(sinceRv: number): StoreEvent[] {
    let lo = 0;
    let hi = this.#len;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#at(mid).rec.rv <= sinceRv) lo = mid + 1;
      else hi = mid;
    }
    const out: StoreEvent[] = [];
    for (let i = lo; i < this.#len; i++) out.push(this.#at(i));
    return out;
  }
  #at(i: number): StoreEvent {
    return this.#buf[(this.#start + i) % this.capacity]!;
  }
}

class Table {
  resource = '';
  readonly byNs = new Map<string, Map<string, StoredObject>>();
  readonly sortedNames = new Map<string, string[]>();
  sortedNs: string[] | null = null;
  readonly history: Ring;
  readonly watchers = new Set<(ev: StoreEvent) => void>();
  size = 0;
  constructor(historySize: number, compactedRv: number) {
    this.history = new Ring(historySize);
    this.history.compactedRv = compactedRv;
  }
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

export class MemoryStorage implements Storage {
  #rv = 0;
  #tables = new Map<string, Table>();
  readonly #historySize: number;
  readonly #onEvent: ((resource: string, ev: StoreEvent) => void) | undefined;
  /** Watches from before this rv cannot be served (the history before a restart is gone). */
  #floorRv = 0;

  constructor(options: MemoryStorageOptions = {}) {
    const size = options.historySize ?? 10_000;
    if (!Number.isInteger(size) || size < 1) throw new RangeError('options.historySize must be a positive integer');
    this.#historySize = size;
    this.#onEvent = options.onEvent;
  }

  /** Recovery: puts an object exactly as it was stored (its resourceVersion kept), without events. */
  restorePut(resource: string, json: string): void {
    const obj = JSON.parse(json) as KubeObject;
    const rv = Number(obj.metadata?.resourceVersion ?? 0);
    const table = this.#table(resource);
    const ns = obj.metadata?.namespace ?? '';
    let objs = table.byNs.get(ns);
    if (!objs) {
      objs = new Map();
      table.byNs.set(ns, objs);
      table.sortedNs = null;
    }
    if (!objs.has(obj.metadata!.name!)) table.size++;
    objs.set(obj.metadata!.name!, { obj: deepFreeze(obj), json, rv });
    table.sortedNames.delete(ns);
    this.#recovered(rv);
  }

  /** Recovery: removes an object without events; `rv` is the deletion's resourceVersion. */
  restoreRemove(resource: string, namespace: string, name: string, rv: number): void {
    const table = this.#tables.get(resource);
    const objs = table?.byNs.get(namespace);
    if (table && objs?.delete(name)) {
      table.size--;
      if (objs.size === 0) {
        table.byNs.delete(namespace);
        table.sortedNs = null;
      }
      table.sortedNames.delete(namespace);
    }
    this.#recovered(rv);
  }

  /** Resources that hold objects (snapshots). */
  resources(): string[] {
    return [...this.#tables.keys()];
  }

  #recovered(rv: number): void {
    if (rv > this.#rv) this.#rv = rv;
    this.#floorRv = this.#rv;
    for (const t of this.#tables.values()) t.history.compactedRv = Math.max(t.history.compactedRv, this.#floorRv);
  }

  get currentRv(): number {
    return this.#rv;
  }

  get(resource: string, namespace: string, name: string): StoredObject | undefined {
    return this.#tables.get(resource)?.byNs.get(namespace)?.get(name);
  }

  list(resource: string, namespace?: string): StoredObject[] {
    const table = this.#tables.get(resource);
    if (!table) return [];
    const out: StoredObject[] = [];
    const nss = namespace === undefined ? this.#sortedNamespaces(table) : [namespace];
    for (const ns of nss) {
      const objs = table.byNs.get(ns);
      if (!objs) continue;
      let names = table.sortedNames.get(ns);
      if (!names) {
        names = [...objs.keys()].sort();
        table.sortedNames.set(ns, names);
      }
      for (const name of names) out.push(objs.get(name)!);
    }
    return out;
  }

  count(resource: string, namespace?: string): number {
    const table = this.#tables.get(resource);
    if (!table) return 0;
    return namespace === undefined ? table.size : table.byNs.get(namespace)?.size ?? 0;
  }

  namespaces(resource: string): string[] {
    const table = this.#tables.get(resource);
    return table ? this.#sortedNamespaces(table) : [];
  }

  create(resource: string, obj: KubeObject): StoredObject {
    const table = this.#table(resource);
    const ns = obj.metadata?.namespace ?? '';
    const name = obj.metadata!.name!;
    const rec = this.#stamp(obj);
    let objs = table.byNs.get(ns);
    if (!objs) {
      objs = new Map();
      table.byNs.set(ns, objs);
      table.sortedNs = null;
    }
    objs.set(name, rec);
    table.size++;
    table.sortedNames.delete(ns);
    this.#emit(table, { type: 'ADDED', rec });
    return rec;
  }

  update(resource: string, obj: KubeObject): StoredObject {
    const table = this.#table(resource);
    const ns = obj.metadata?.namespace ?? '';
    const name = obj.metadata!.name!;
    const objs = table.byNs.get(ns);
    const prev = objs?.get(name);
    if (!objs || !prev) throw new Error(`update of missing object ${resource} ${ns}/${name}`);
    const rec = this.#stamp(obj);
    objs.set(name, rec);
    this.#emit(table, { type: 'MODIFIED', rec, prev });
    return rec;
  }

  remove(resource: string, namespace: string, name: string): StoredObject | undefined {
    const table = this.#tables.get(resource);
    const objs = table?.byNs.get(namespace);
    const prev = objs?.get(name);
    if (!table || !objs || !prev) return undefined;
    objs.delete(name);
    table.size--;
    if (objs.size === 0) {
      table.byNs.delete(namespace);
      table.sortedNs = null;
    }
    table.sortedNames.delete(namespace);
    const last = JSON.parse(prev.json) as KubeObject;
    const rec = this.#stamp(last);
    this.#emit(table, { type: 'DELETED', rec, prev });
    return rec;
  }

  watch(resource: string, sinceRv: number, sink: (ev: StoreEvent) => void): StoreWatch {
    const table = this.#table(resource);
    if (sinceRv < table.history.compactedRv) throw new ResourceVersionTooOldError(sinceRv, table.history.compactedRv);
    for (const ev of table.history.since(sinceRv)) sink(ev);
    table.watchers.add(sink);
    return { cancel: () => table.watchers.delete(sink) };
  }

  dropResource(resource: string): void {
    const table = this.#tables.get(resource);
    if (!table) return;
    for (const rec of this.list(resource)) this.remove(resource, rec.obj.metadata?.namespace ?? '', rec.obj.metadata!.name!);
  }

  #resourceOf(table: Table): string {
    return table.resource;
  }

  #table(resource: string): Table {
    let table = this.#tables.get(resource);
    if (!table) {
      table = new Table(this.#historySize, this.#floorRv);
      table.resource = resource;
      this.#tables.set(resource, table);
    }
    return table;
  }

  #sortedNamespaces(table: Table): string[] {
    if (!table.sortedNs) table.sortedNs = [...table.byNs.keys()].sort();
    return table.sortedNs;
  }

  /** Stamps the next resourceVersion and serializes; the counter moves only once serialising succeeded. */
  #stamp(obj: KubeObject): StoredObject {
    const rv = this.#rv + 1;
    ((obj.metadata ??= {}) as { resourceVersion?: string }).resourceVersion = String(rv);
    const json = JSON.stringify(obj);
    this.#rv = rv;
    return { obj: deepFreeze(obj), json, rv };
  }

  #emit(table: Table, ev: StoreEvent): void {
    table.history.push(ev);
    this.#onEvent?.(this.#resourceOf(table), ev);
    for (const sink of table.watchers) sink(ev);
  }
}
