// metadata.managedFields ↔ managers: decoding (kube's rules: operation Apply or Update, a non-empty
// apiVersion, fieldsType FieldsV1), a manager's identity (name, operation, subresource, and for updaters the
// apiVersion), encoding in kube's order (operation, time, manager, apiVersion, subresource) with the
// fields kube writes in the order it writes them. Field sets are interned: objects written by the same
// manager with the same shape share one frozen fieldsV1 value. Pure apart from that cache.
import type { FieldSet } from './field-set.js';
import { difference, isEmptySet, normaliseFieldsV1 } from './field-set.js';

export type Operation = 'Apply' | 'Update';

export interface ManagerEntry {
  manager: string;
  operation: Operation;
  apiVersion: string;
  subresource?: string;
  time?: string;
  set: FieldSet;
}

/** Managers by identity (`identityOf`). */
export type Managed = Map<string, ManagerEntry>;

/** The identity of a manager, as kube's BuildManagerIdentifier spells it (also the order conflicts are listed in). */
export function identityOf(e: Pick<ManagerEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  const id: Record<string, string> = { manager: e.manager, operation: e.operation };
  if (e.operation === 'Update' && e.apiVersion) id.apiVersion = e.apiVersion;
  if (e.subresource) id.subresource = e.subresource;
  return JSON.stringify(id);
}

/** An entry kube treats as "reset my managedFields": `[]` or `[{}]`. */
export function isReset(raw: unknown): boolean {
  if (!Array.isArray(raw)) return false;
  if (raw.length === 0) return true;
  return raw.length === 1 && raw[0] !== null && typeof raw[0] === 'object' && Object.keys(raw[0] as object).length === 0;
}

const trusted = new WeakSet<object>();

/** Decodes managedFields; a string says why they cannot be (kube then falls back or fails, by caller). */
export function decodeManaged(raw: unknown): Managed | string {
  const out: Managed = new Map();
  if (raw === undefined || raw === null) return out;
  if (!Array.isArray(raw)) return 'managedFields must be a list';
  for (let i = 0; i < raw.length; i++) {
    const e = raw[i] as Record<string, unknown> | null;
    if (e === null || typeof e !== 'object') return `invalid managed fields entry ${i}`;
    if (e.operation !== 'Apply' && e.operation !== 'Update') return 'operation must be `Apply` or `Update`';
    if (typeof e.apiVersion !== 'string' || e.apiVersion === '') return 'apiVersion must not be empty';
    if (e.fieldsType === undefined || e.fieldsType === '') return `missing fieldsType in managed fields entry ${i}`;
    if (e.fieldsType !== 'FieldsV1') return `invalid fieldsType ${JSON.stringify(e.fieldsType)} in managed fields entry ${i}`;
    const raw1 = e.fieldsV1 ?? {};
    const set = typeof raw1 === 'object' && raw1 !== null && trusted.has(raw1) ? (raw1 as FieldSet) : normaliseFieldsV1(raw1);
    if (typeof set === 'string') return `error decoding set: ${set}`;
    const entry: ManagerEntry = {
      manager: typeof e.manager === 'string' ? e.manager : '',
      operation: e.operation,
      apiVersion: e.apiVersion,
      set,
    };
    if (typeof e.subresource === 'string' && e.subresource) entry.subresource = e.subresource;
    if (typeof e.time === 'string') entry.time = e.time;
    out.set(identityOf(entry), entry);
  }
  return out;
}

/** Decodes, treating undecodable managedFields as none (kube's emptyManagedFieldsOnErr). */
export function decodeOrEmpty(raw: unknown): Managed {
  const m = decodeManaged(raw);
  return typeof m === 'string' ? new Map() : m;
}

const INTERN_LIMIT = 4096;
const interned = new Map<string, FieldSet>();

function intern(set: FieldSet): FieldSet {
  if (trusted.has(set)) return set;
  const key = JSON.stringify(set);
  let shared = interned.get(key);
  if (!shared) {
    if (interned.size >= INTERN_LIMIT) interned.clear();
    shared = deepFreeze(set);
    interned.set(key, shared);
    trusted.add(shared);
  }
  return shared;
}

function deepFreeze(s: FieldSet): FieldSet {
  if (Object.isFrozen(s)) return s;
  for (const k in s) deepFreeze(s[k]!);
  return Object.freeze(s);
}

function timeSeconds(t: string | undefined): number {
  if (!t) return 0;
  const ms = Date.parse(t);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** kube's order: operation, then time, manager, apiVersion, subresource. */
function compareEntries(p: ManagerEntry, q: ManagerEntry): number {
  return cmp(p.operation, q.operation) || timeSeconds(p.time) - timeSeconds(q.time) || cmp(p.manager, q.manager) || cmp(p.apiVersion, q.apiVersion) || cmp(p.subresource ?? '', q.subresource ?? '');
}

export interface EncodedEntry {
  manager?: string;
  operation: Operation;
  apiVersion: string;
  time?: string;
  fieldsType: 'FieldsV1';
  fieldsV1: FieldSet;
  subresource?: string;
}

/** managedFields as stored (undefined when no manager is left). */
export function encodeManaged(m: Managed): EncodedEntry[] | undefined {
  if (m.size === 0) return undefined;
  return [...m.values()].sort(compareEntries).map((e) => {
    const out = (e.manager ? { manager: e.manager, operation: e.operation, apiVersion: e.apiVersion } : { operation: e.operation, apiVersion: e.apiVersion }) as EncodedEntry;
    if (e.time) out.time = e.time;
    out.fieldsType = 'FieldsV1';
    out.fieldsV1 = intern(e.set);
    if (e.subresource) out.subresource = e.subresource;
    return out;
  });
}

/** Paths kube never records (stripmeta.go): apiVersion, kind, metadata itself and its server-set fields. */
const STRIPPED: FieldSet = {
  'f:apiVersion': {},
  'f:kind': {},
  'f:metadata': {
    '.': {},
    'f:clusterName': {},
    'f:creationTimestamp': {},
    'f:generation': {},
    'f:managedFields': {},
    'f:name': {},
    'f:namespace': {},
    'f:resourceVersion': {},
    'f:selfLink': {},
    'f:uid': {},
  },
};

/** A manager's set without the stripped paths; the manager is dropped when nothing is left. */
export function stripMeta(m: Managed, id: string): void {
  const e = m.get(id);
  if (!e) return;
  const set = difference(e.set, STRIPPED);
  if (isEmptySet(set)) m.delete(id);
  else m.set(id, { ...e, set });
}

export const MAX_UPDATE_MANAGERS = 10;
const ANCIENT = 'ancient-changes';

/** capmanagers.go: beyond ten updaters, the oldest are folded into `ancient-changes` (one per apiVersion). */
export function capUpdateManagers(m: Managed, unionSets: (a: FieldSet, b: FieldSet) => FieldSet): void {
  const updaters = [...m.entries()].filter(([, e]) => e.operation === 'Update');
  if (updaters.length <= MAX_UPDATE_MANAGERS) return;
  updaters.sort(([ia, a], [ib, b]) => timeSeconds(a.time) - timeSeconds(b.time) || cmp(ia, ib));
  const firstByVersion = new Map<string, string>();
  let length = updaters.length;
  for (let i = 0; i < updaters.length && length > MAX_UPDATE_MANAGERS; i++) {
    const [id, e] = updaters[i]!;
    const bucketId = identityOf({ manager: ANCIENT, operation: 'Update', apiVersion: e.apiVersion });
    const first = firstByVersion.get(e.apiVersion);
    if (first === undefined) {
      firstByVersion.set(e.apiVersion, id);
      continue;
    }
    if (!m.has(bucketId)) {
      const s = m.get(first)!;
      m.delete(first);
      m.set(bucketId, { ...s, manager: ANCIENT, subresource: undefined });
    }
    const bucket = m.get(bucketId)!;
    m.set(bucketId, { ...bucket, set: unionSets(e.set, bucket.set), time: e.time });
    m.delete(id);
    length--;
  }
}
