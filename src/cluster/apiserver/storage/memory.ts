// In-memory storage: objects by resource → namespace → name, one global resourceVersion counter, a bounded
// window of recent events per resource (history.ts: watch resumption, lists at an exact past version) and
// synchronous fan-out to watchers.
// Objects are deep-frozen and serialized exactly once per version.
import type { KubeObject } from '../../../api/objects.js';
import { EventHistory, type HistoryOptions } from './history.js';
import { ResourceVersionTooOldError, type Storage, type StoreEvent, type StoredObject, type StoreWatch } from './types.js';

export interface MemoryStorageOptions {
  /** Most events kept per resource (the window grows to it under load, as kube's watch cache). @default 102400 */
  historySize?: number;
  /** Milliseconds now, for the window's 75 s freshness (the server's clock). @default Date.now */
  now?: () => number;
  /** Called after every change, in resourceVersion order (the write-ahead log's feed). */
  onEvent?: (resource: string, ev: StoreEvent) => void;
}

class Table {
  resource = '';
  readonly byNs = new Map<string, Map<string, StoredObject>>();
  readonly sortedNames = new Map<string, string[]>();
  sortedNs: string[] | null = null;
  readonly history: EventHistory;
  readonly watchers = new Set<(ev: StoreEvent) => void>();
  size = 0;
  constructor(history: HistoryOptions, listRv: number) {
    this.history = new EventHistory(listRv, history);
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
  readonly #history: HistoryOptions;
  readonly #onEvent: ((resource: string, ev: StoreEvent) => void) | undefined;
  /** Watches from before this rv cannot be served (the history before a restart is gone). */
  #floorRv = 0;

  constructor(options: MemoryStorageOptions = {}) {
    const size = options.historySize ?? 100 * 1024;
    if (!Number.isInteger(size) || size < 1) throw new RangeError('options.historySize must be a positive integer');
    this.#history = { upperBound: size, now: options.now };
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
    for (const t of this.#tables.values()) t.history.resetTo(this.#floorRv);
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

  listAt(resource: string, rv: number, namespace?: string): StoredObject[] {
    const table = this.#tables.get(resource);
    if (rv >= this.#rv) return this.list(resource, namespace);
    if (!table) {
      if (rv < this.#floorRv) throw new ResourceVersionTooOldError(rv, this.#floorRv);
      return [];
    }
    if (!table.history.covers(rv)) throw new ResourceVersionTooOldError(rv, table.history.oldestResumable);
    const events = table.history.since(rv);
    if (events.length === 0) return this.list(resource, namespace);
    // Undo the newer events, newest first: each object ends as it was before the first of them.
    const before = new Map<string, StoredObject | undefined>();
    for (let i = events.length - 1; i >= 0; i--) {
      const ev = events[i]!;
      const m = ev.rec.obj.metadata!;
      before.set(`${m.namespace ?? ''}/${m.name}`, ev.type === 'ADDED' ? undefined : ev.prev);
    }
    const out: StoredObject[] = [];
    for (const rec of this.list(resource, namespace)) {
      const m = rec.obj.metadata!;
      if (!before.has(`${m.namespace ?? ''}/${m.name}`)) out.push(rec);
    }
    for (const rec of before.values()) {
      if (rec && (namespace === undefined || (rec.obj.metadata?.namespace ?? '') === namespace)) out.push(rec);
    }
    return out.sort(byNamespaceAndName);
  }

  resetHistory(resource?: string): void {
    if (resource === undefined) {
      this.#floorRv = this.#rv;
      for (const t of this.#tables.values()) t.history.resetTo(this.#rv);
      return;
    }
    this.#table(resource).history.resetTo(this.#rv);
  }

  /** Events kept for a resource (tests and measurements). */
  historyLength(resource: string): number {
    return this.#tables.get(resource)?.history.length ?? 0;
  }

  watch(resource: string, sinceRv: number, sink: (ev: StoreEvent) => void): StoreWatch {
    const table = this.#table(resource);
    if (!table.history.covers(sinceRv)) throw new ResourceVersionTooOldError(sinceRv, table.history.oldestResumable);
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
      table = new Table(this.#history, this.#floorRv);
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

function byNamespaceAndName(a: StoredObject, b: StoredObject): number {
  const an = a.obj.metadata?.namespace ?? '';
  const bn = b.obj.metadata?.namespace ?? '';
  if (an !== bn) return an < bn ? -1 : 1;
  const a1 = a.obj.metadata!.name!;
  const b1 = b.obj.metadata!.name!;
  return a1 < b1 ? -1 : a1 > b1 ? 1 : 0;
}
