// API-server fidelity: where two recorded answers differ, as `path: expected → actual` lines (deep, order
// of object keys ignored, arrays compared by position).
import type { RecordedAnswer } from './types.js';

export function answerDifferences(expected: RecordedAnswer, actual: RecordedAnswer): string[] {
  const out: string[] = [];
  if (expected.code !== actual.code) out.push(`code: ${expected.code} → ${actual.code}`);
  diff(expected.body, actual.body, 'body', out);
  diff(expected.headers ?? {}, actual.headers ?? {}, 'headers', out);
  return out;
}

function diff(a: unknown, b: unknown, path: string, out: string[]): void {
  if (out.length > 40) return;
  if (a === b) return;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${path}.length: ${a.length} → ${b.length}`);
    for (let i = 0; i < Math.min(a.length, b.length); i++) diff(a[i], b[i], `${path}[${i}]`, out);
    if (a.length !== b.length) {
      const extra = a.length > b.length ? a.slice(b.length) : b.slice(a.length);
      out.push(`${path}[${Math.min(a.length, b.length)}..]: ${a.length > b.length ? 'only expected' : 'only actual'} ${short(extra)}`);
    }
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!(k in b)) out.push(`${path}.${k}: ${short(a[k])} → (absent)`);
      else if (!(k in a)) out.push(`${path}.${k}: (absent) → ${short(b[k])}`);
      else diff(a[k], b[k], `${path}.${k}`, out);
    }
    return;
  }
  out.push(`${path}: ${short(a)} → ${short(b)}`);
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

function short(v: unknown): string {
  const s = JSON.stringify(v) ?? 'undefined';
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}
