// JSON patch (RFC 6902) as kube-apiserver 1.26 applies it (evanphx/json-patch v4), quirks included, since
// clients depend on them: `replace` of a missing object key adds it, `copy` from a missing key copies null,
// a missing `value` is null, negative array indices count from the end, a path without a leading `/`
// addresses the document's top level, and a `test` of a missing key against null passes.
// Pure: the document is patched in place (callers pass a copy).

export class JsonPatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPatchError';
  }
}

type Obj = Record<string, unknown>;
type Container = { kind: 'object'; value: Obj } | { kind: 'array'; value: unknown[] };

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const decodeKey = (k: string) => k.replace(/~1/g, '/').replace(/~0/g, '~');

/** Go's strconv.Atoi: an optional sign and decimal digits, nothing else. */
function atoi(key: string): number {
  if (!/^[+-]?\d+$/.test(key)) throw new JsonPatchError(`strconv.Atoi: parsing "${key}": invalid syntax`);
  return Number(key);
}

function containerOf(v: unknown): Container | undefined {
  if (Array.isArray(v)) return { kind: 'array', value: v };
  if (isObj(v)) return { kind: 'object', value: v };
  return undefined;
}

function get(con: Container, key: string): unknown {
  if (con.kind === 'object') return con.value[key];
  let idx = atoi(key);
  const len = con.value.length;
  if (idx < 0) {
    if (idx < -len) throw new JsonPatchError(`Unable to access invalid index: ${idx}`);
    idx += len;
  }
  if (idx >= len) throw new JsonPatchError(`Unable to access invalid index: ${idx}`);
  return con.value[idx];
}

function add(con: Container, key: string, value: unknown): void {
  if (con.kind === 'object') {
    con.value[key] = value;
    return;
  }
  if (key === '-') {
    con.value.push(value);
    return;
  }
  let idx = atoi(key);
  const size = con.value.length + 1;
  if (idx >= size || idx < -size) throw new JsonPatchError(`Unable to access invalid index: ${idx}`);
  if (idx < 0) idx += size;
  con.value.splice(idx, 0, value);
}

function set(con: Container, key: string, value: unknown): void {
  if (con.kind === 'object') {
    con.value[key] = value;
    return;
  }
  let idx = atoi(key);
  if (idx < 0) idx += con.value.length;
  con.value[idx] = value;
}

function remove(con: Container, key: string): void {
  if (con.kind === 'object') {
    if (!(key in con.value)) throw new JsonPatchError(`Unable to remove nonexistent key: ${key}`);
    delete con.value[key];
    return;
  }
  let idx = atoi(key);
  const len = con.value.length;
  if (idx >= len || idx < -len) throw new JsonPatchError(`Unable to access invalid index: ${idx}`);
  if (idx < 0) idx += len;
  con.value.splice(idx, 1);
}

/** The container holding the path's last token, and that token; undefined when a step is missing. */
function find(doc: unknown, path: string): { con: Container; key: string } | undefined {
  const split = path.split('/');
  if (split.length < 2) return undefined;
  let con = containerOf(doc);
  for (const part of split.slice(1, -1)) {
    if (!con) return undefined;
    let next: unknown;
    try {
      next = get(con, decodeKey(part));
    } catch {
      return undefined;
    }
    con = containerOf(next);
  }
  return con ? { con, key: decodeKey(split[split.length - 1]!) } : undefined;
}

function stringField(op: Obj, name: 'path' | 'from', kind: string): string {
  const v = op[name];
  if (typeof v !== 'string') throw new JsonPatchError(`${kind} operation failed to decode ${name}`);
  return v;
}

const clone = (v: unknown): unknown => (v === undefined ? null : structuredClone(v));

function equal(a: unknown, b: unknown): boolean {
  if (a === undefined || a === null) return b === undefined || b === null;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => equal(v, b[i]));
  if (isObj(a)) {
    if (!isObj(b)) return false;
    const ka = Object.keys(a).filter((k) => a[k] !== null);
    const kb = Object.keys(b).filter((k) => b[k] !== null);
    return ka.length === kb.length && ka.every((k) => k in b && equal(a[k], b[k]));
  }
  return a === b;
}

/** Applies `ops` to `doc` (mutated) and returns the new document (a replace of "" may swap it). */
export function applyJsonPatch(doc: unknown, ops: readonly Obj[]): unknown {
  let root = doc;
  for (const op of ops) {
    const kind = typeof op.op === 'string' ? op.op : 'unknown';
    const value = 'value' in op ? (op.value ?? null) : null;
    switch (kind) {
      case 'add': {
        const path = stringField(op, 'path', 'add');
        const at = find(root, path);
        if (!at) throw new JsonPatchError(`add operation does not apply: doc is missing path: "${path}"`);
        add(at.con, at.key, value);
        break;
      }
      case 'remove': {
        const path = stringField(op, 'path', 'remove');
        const at = find(root, path);
        if (!at) throw new JsonPatchError(`remove operation does not apply: doc is missing path: "${path}"`);
        remove(at.con, at.key);
        break;
      }
      case 'replace': {
        const path = stringField(op, 'path', 'replace');
        if (path === '') {
          if (!containerOf(op.value)) throw new JsonPatchError('replace operation value must be object or array');
          root = op.value;
          break;
        }
        const at = find(root, path);
        if (!at) throw new JsonPatchError(`replace operation does not apply: doc is missing path: ${path}`);
        get(at.con, at.key);
        set(at.con, at.key, value);
        break;
      }
      case 'move': {
        const from = stringField(op, 'from', 'move');
        const src = find(root, from);
        if (!src) throw new JsonPatchError(`move operation does not apply: doc is missing from path: ${from}`);
        const moved = get(src.con, src.key);
        remove(src.con, src.key);
        const path = stringField(op, 'path', 'move');
        const at = find(root, path);
        if (!at) throw new JsonPatchError(`move operation does not apply: doc is missing destination path: ${path}`);
        add(at.con, at.key, moved ?? null);
        break;
      }
      case 'copy': {
        const from = stringField(op, 'from', 'copy');
        const src = find(root, from);
        if (!src) throw new JsonPatchError(`copy operation does not apply: doc is missing from path: ${from}`);
        const copied = clone(get(src.con, src.key));
        const path = stringField(op, 'path', 'copy');
        const at = find(root, path);
        if (!at) throw new JsonPatchError(`copy operation does not apply: doc is missing destination path: ${path}`);
        add(at.con, at.key, copied);
        break;
      }
      case 'test': {
        const path = stringField(op, 'path', 'test');
        const actual = path === '' ? root : (() => {
          const at = find(root, path);
          if (!at) throw new JsonPatchError(`test operation does not apply: is missing path: ${path}`);
          return get(at.con, at.key);
        })();
        if (!('value' in op) && actual !== undefined && actual !== null) throw new JsonPatchError(`testing value ${path} failed`);
        if (!equal(actual, value)) throw new JsonPatchError(`testing value ${path} failed`);
        break;
      }
      default:
        throw new JsonPatchError(`Unexpected kind: ${kind}`);
    }
  }
  return root;
}
