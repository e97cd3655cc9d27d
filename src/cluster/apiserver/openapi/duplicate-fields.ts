// Duplicate fields in a built-in kind's JSON body, as kube-apiserver's strict decoder reports them
// (`duplicate field "metadata.labels.a"`) and decodes them (Go's encoding/json: a repeated object decodes into
// the earlier one, so structs and maps merge, lists and scalars are replaced). JSON.parse keeps only the last
// value, so a body with duplicates is decoded again here. Cheap for the usual body: `mayHaveDuplicates`
// compares the number of `"…":` in the text with the keys of the parsed value, and only a mismatch (a
// duplicate, or `":` inside a string) costs a second parse.
import { badRequest } from '../errors.js';
import { builtinFieldTree, type FieldTree } from './unknown-fields.js';

/** A JSON value with its objects' members in order, duplicates kept. */
type Parsed = null | boolean | number | string | Parsed[] | { entries: [string, Parsed][] };

const KEY_COLON = /"\s*:/g;
const SPACED_KEY_COLON = /"\s+:/;

function countKeys(v: unknown): number {
  if (v === null || typeof v !== 'object') return 0;
  let n = 0;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) n += countKeys(v[i]);
    return n;
  }
  const keys = Object.keys(v);
  n = keys.length;
  for (let i = 0; i < keys.length; i++) {
    const x = (v as Record<string, unknown>)[keys[i]!];
    if (x !== null && typeof x === 'object') n += countKeys(x);
  }
  return n;
}

/** The number of `"…":` in the text (indexOf for compact JSON; a regex only when a space precedes a colon). */
function countKeyColons(text: string): number {
  let n = 0;
  if (SPACED_KEY_COLON.test(text)) {
    KEY_COLON.lastIndex = 0;
    while (KEY_COLON.exec(text)) n++;
    return n;
  }
  for (let i = text.indexOf('":'); i !== -1; i = text.indexOf('":', i + 2)) n++;
  return n;
}

/** False when the text certainly has no duplicate keys (every `"…":` in it is a key of the parsed value). */
export function mayHaveDuplicates(text: string, parsed: unknown): boolean {
  return countKeyColons(text) !== countKeys(parsed);
}

class Scanner {
  i = 0;
  constructor(readonly s: string) {}

  ws(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i]!)) this.i++;
  }

  value(): Parsed {
    this.ws();
    const c = this.s[this.i];
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return this.string();
    const m = /^(?:true|false|null|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(this.s.slice(this.i, this.i + 400));
    if (!m) throw new SyntaxError(`unexpected character at ${this.i}`);
    this.i += m[0].length;
    return JSON.parse(m[0]) as Parsed;
  }

  string(): string {
    const start = this.i++;
    while (this.s[this.i] !== '"') this.i += this.s[this.i] === '\\' ? 2 : 1;
    this.i++;
    return JSON.parse(this.s.slice(start, this.i)) as string;
  }

  array(): Parsed[] {
    this.i++;
    const out: Parsed[] = [];
    this.ws();
    if (this.s[this.i] === ']') return this.i++, out;
    for (;;) {
      out.push(this.value());
      this.ws();
      if (this.s[this.i++] === ']') return out;
    }
  }

  object(): { entries: [string, Parsed][] } {
    this.i++;
    const entries: [string, Parsed][] = [];
    this.ws();
    if (this.s[this.i] === '}') return this.i++, { entries };
    for (;;) {
      this.ws();
      const key = this.string();
      this.ws();
      this.i++; // ':'
      entries.push([key, this.value()]);
      this.ws();
      if (this.s[this.i++] === '}') return { entries };
    }
  }
}

function isEntries(v: Parsed): v is { entries: [string, Parsed][] } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Decodes as Go does into `into` (an earlier value of the same field), reporting unknown and duplicate fields. */
function decode(tree: FieldTree | undefined, v: Parsed, path: string, out: string[], into?: unknown): unknown {
  if (Array.isArray(v)) return v.map((x, i) => decode(tree?.items, x, `${path}[${i}]`, out));
  if (!isEntries(v)) return v;
  const obj: Record<string, unknown> = into !== null && typeof into === 'object' && !Array.isArray(into) ? (into as Record<string, unknown>) : {};
  const seen = new Set<string>();
  for (const [key, value] of v.entries) {
    const at = path ? `${path}.${key}` : key;
    if (seen.has(key)) out.push(`duplicate field ${JSON.stringify(at)}`);
    seen.add(key);
    const child = tree?.fields ? tree.fields.get(key) : tree?.values;
    if (tree?.fields && !child) {
      out.push(`unknown field ${JSON.stringify(at)}`);
      continue;
    }
    obj[key] = decode(child, value, at, out, obj[key]);
  }
  return obj;
}

/**
 * Decodes `text` as kube's strict decoder does for a kind with field tree `tree`: the object (unknown fields
 * dropped, duplicates merged as Go merges them) and the messages (`unknown field "…"`, `duplicate field "…"`),
 * each once, in document order.
 */
export function decodeWithDuplicates(tree: FieldTree, text: string): { object: unknown; messages: string[] } {
  const out: string[] = [];
  const object = decode(tree, new Scanner(text).value(), '', out);
  return { object, messages: [...new Set(out)] };
}

export interface BodyDecodeInput {
  group: string;
  version: string;
  kind: string;
  text: string;
  parsed: unknown;
  fieldValidation?: string;
  warnings?: string[];
}

/**
 * A built-in kind's create or update body with duplicate fields decoded as kube-apiserver decodes it: 400 under
 * Strict (its unknown fields listed too, in document order), a warning each under Warn. Returns the body to
 * use: `parsed` itself when it has no duplicates (the common case; unknown fields are then left to the service).
 */
export function decodeDuplicateFields(input: BodyDecodeInput): unknown {
  if (!mayHaveDuplicates(input.text, input.parsed)) return input.parsed;
  const tree = builtinFieldTree(input.group, input.version, input.kind);
  if (!tree) return input.parsed;
  const { object, messages } = decodeWithDuplicates(tree, input.text);
  if (!messages.some((m) => m.startsWith('duplicate'))) return input.parsed;
  if (input.fieldValidation === 'Strict') {
    throw badRequest(`${input.kind} in version ${JSON.stringify(input.version)} cannot be handled as a ${input.kind}: strict decoding error: ${messages.join(', ')}`);
  }
  if (input.fieldValidation !== 'Ignore') input.warnings?.push(...messages);
  return object;
}
