// Path elements of a field path, in kube's fieldsV1 spelling (structured-merge-diff's serialize-pe.go):
// `f:<name>` a field, `k:{"name":"c"}` a keyed list item (keys sorted by name), `v:<json>` a set item,
// `i:<n>` a list index. Their order (fields < keys < values < indices) and the printed form used in
// conflict messages (`.spec.containers[name="c"].image`). Pure.

export const MEMBER = '.';

const fieldPes = new Map<string, string>();

/** `f:<name>`, the same string each time (property keys are then already internalized). */
export function fieldPe(name: string): string {
  let pe = fieldPes.get(name);
  if (pe === undefined) {
    pe = `f:${name}`;
    if (fieldPes.size < 50_000) fieldPes.set(name, pe);
  }
  return pe;
}
export const valuePe = (v: unknown): string => `v:${JSON.stringify(v)}`;
export const indexPe = (i: number): string => `i:${i}`;

/** `k:{...}` for a keyed list item: the key fields sorted by name, values as JSON. */
export function keyPe(fields: [string, unknown][]): string {
  if (fields.length > 1) fields.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return `k:{${fields.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`;
}

const RANK: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

/** structured-merge-diff's PathElement.Compare over the serialized forms. */
export function comparePe(a: string, b: string): number {
  const ra = RANK[a[0]!] ?? 4;
  const rb = RANK[b[0]!] ?? 4;
  if (ra !== rb) return ra - rb;
  if (ra === 0) return a < b ? -1 : a > b ? 1 : 0;
  if (ra === 3) return Number(a.slice(2)) - Number(b.slice(2));
  if (ra === 2) return compareValues(parse(a), parse(b));
  if (ra === 1) return compareKeys(parse(a) as Record<string, unknown>, parse(b) as Record<string, unknown>);
  return a < b ? -1 : a > b ? 1 : 0;
}

const parsed = new Map<string, unknown>();

function parse(pe: string): unknown {
  let v = parsed.get(pe);
  if (v === undefined && !parsed.has(pe)) {
    try {
      v = JSON.parse(pe.slice(2));
    } catch {
      v = pe.slice(2);
    }
    if (parsed.size >= 10_000) parsed.clear();
    parsed.set(pe, v);
  }
  return v;
}

function compareKeys(a: Record<string, unknown>, b: Record<string, unknown>): number {
  const ea = Object.entries(a ?? {});
  const eb = Object.entries(b ?? {});
  for (let i = 0; ; i++) {
    if (i >= ea.length && i >= eb.length) return 0;
    if (i >= ea.length) return -1;
    if (i >= eb.length) return 1;
    if (ea[i]![0] !== eb[i]![0]) return ea[i]![0] < eb[i]![0] ? -1 : 1;
    const c = compareValues(ea[i]![1], eb[i]![1]);
    if (c !== 0) return c;
  }
}

function typeRank(v: unknown): number {
  if (v === null || v === undefined) return 0;
  if (typeof v === 'number') return 1;
  if (typeof v === 'string') return 2;
  if (typeof v === 'boolean') return 3;
  if (Array.isArray(v)) return 4;
  return 5;
}

function compareValues(a: unknown, b: unknown): number {
  const ta = typeRank(a);
  const tb = typeRank(b);
  if (ta !== tb) return ta - tb;
  if (ta === 1) return (a as number) - (b as number);
  if (ta === 2) return a! < b! ? -1 : a! > b! ? 1 : 0;
  if (ta === 3) return Number(a) - Number(b);
  const sa = JSON.stringify(a);
  const sb = JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** The printed form of one element, as in `Apply failed with 1 conflict: conflict with "m" using v1: .spec.replicas`. */
export function printPe(pe: string): string {
  switch (pe[0]) {
    case 'f':
      return `.${pe.slice(2)}`;
    case 'k': {
      const key = parse(pe) as Record<string, unknown>;
      return `[${Object.entries(key ?? {}).map(([k, v]) => `${k}=${printValue(v)}`).join(',')}]`;
    }
    case 'v':
      return `[=${printValue(parse(pe))}]`;
    case 'i':
      return `[${pe.slice(2)}]`;
    default:
      return pe;
  }
}

function printValue(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
}
