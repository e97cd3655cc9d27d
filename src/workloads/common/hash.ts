// Hashing shared by the workloads: 32-bit FNV-1 / FNV-1a, Kubernetes' "safe" encoding of a hash into
// the alphabet `bcdfghjklmnpqrstvwxz2456789`, and a canonical JSON serialisation that matches Go's
// encoding/json for maps (keys sorted, HTML characters escaped) so revision data bytes are stable.
// Pure; no project imports.

const FNV_OFFSET_32 = 0x811c9dc5;
const FNV_PRIME_32 = 0x01000193;

const encoder = new TextEncoder();

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Incremental 32-bit FNV hasher (`variant` '1' multiplies then xors, '1a' xors then multiplies). */
export class Fnv32 {
  #hash = FNV_OFFSET_32;
  constructor(readonly variant: '1' | '1a' = '1') {}

  write(bytes: Uint8Array | string): this {
    const data = typeof bytes === 'string' ? utf8(bytes) : bytes;
    let h = this.#hash;
    if (this.variant === '1') {
      for (let i = 0; i < data.length; i++) h = (Math.imul(h, FNV_PRIME_32) ^ data[i]!) >>> 0;
    } else {
      for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data[i]!, FNV_PRIME_32) >>> 0;
    }
    this.#hash = h >>> 0;
    return this;
  }

  /** The hash as an unsigned 32-bit integer. */
  sum32(): number {
    return this.#hash >>> 0;
  }
}

export function fnv1_32(bytes: Uint8Array | string): number {
  return new Fnv32('1').write(bytes).sum32();
}

export function fnv1a_32(bytes: Uint8Array | string): number {
  return new Fnv32('1a').write(bytes).sum32();
}

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * Kubernetes' rand.SafeEncodeString: each character's code modulo 27 picks a letter of the alphabet
 * (no vowels, no 0/1/3, so no words and no look-alikes). Applied to the decimal text of a hash.
 */
export function safeEncodeString(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) out += SAFE_ALPHABET[text.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/** The decimal text of a 32-bit hash, safely encoded: what `<name>-<hash>` names carry. */
export function encodeHash32(hash: number): string {
  return safeEncodeString(String(hash >>> 0));
}

/**
 * JSON with object keys sorted (recursively) and `<`, `>`, `&`, U+2028, U+2029 escaped — the bytes Go's
 * encoding/json produces for a map. `undefined` members are dropped as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  return escapeHtml(stringifySorted(value) ?? 'null');
}

// Written by hand: JS objects put integer-like keys first, so re-ordering an object cannot give Go's order.
function stringifySorted(value: unknown): string | undefined {
  if (value === undefined || typeof value === 'function') return undefined;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return stringifySorted((value as { toJSON(): unknown }).toJSON());
  if (Array.isArray(value)) return '[' + value.map((v) => stringifySorted(v) ?? 'null').join(',') + ']';
  const parts: string[] = [];
  for (const key of Object.keys(value).sort(compareGoStrings)) {
    const v = stringifySorted((value as Record<string, unknown>)[key]);
    if (v !== undefined) parts.push(JSON.stringify(key) + ':' + v);
  }
  return '{' + parts.join(',') + '}';
}

/** Go sorts map keys by bytes; for keys in the BMP this is code-unit order, which `<` gives. */
function compareGoStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function escapeHtml(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
