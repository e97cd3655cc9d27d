// Unknown fields a patch brings into a built-in kind's object, answered as kube-apiserver 1.26 does for
// PATCH: dropped (a `Warning` each under fieldValidation Warn, the default), or under Strict a 422 whose one
// cause is on the field `patch`, its value the patch (strategic merge, printed as a Go map) or the patched
// object (JSON merge and JSON patch, as JSON): ` "" is invalid: patch: Invalid value: "…": strict decoding
// error: unknown field "dat"`.
import { ApiError } from '../errors.js';
import { unknownFieldMessages } from '../schema/field-errors.js';
import { dropUnknownBuiltinFields } from './unknown-fields.js';

export interface PatchedFieldsInput {
  group: string;
  version: string;
  kind: string;
  patchType: 'merge' | 'json' | 'strategic';
  /** The patch as sent. */
  patch: string;
  /** The object after the patch; its unknown fields are dropped in place. */
  patched: object;
  fieldValidation?: string;
  warnings?: string[];
}

export function decodePatchedBuiltin(input: PatchedFieldsInput): void {
  if (input.fieldValidation === 'Strict') {
    const value = input.patchType === 'strategic' ? goValue(parseOrText(input.patch)) : JSON.stringify(input.patched);
    const unknown = dropUnknownBuiltinFields(input.group, input.version, input.kind, input.patched);
    if (unknown.length) throw patchInvalid(value, `strict decoding error: ${unknownFieldMessages(unknown).join(', ')}`);
    return;
  }
  const unknown = dropUnknownBuiltinFields(input.group, input.version, input.kind, input.patched);
  if (unknown.length && input.fieldValidation !== 'Ignore') input.warnings?.push(...unknownFieldMessages(unknown));
}

function patchInvalid(value: string, detail: string): ApiError {
  const message = `Invalid value: ${JSON.stringify(value)}: ${detail}`;
  return new ApiError(422, 'Invalid', ` "" is invalid: patch: ${message}`, { causes: [{ reason: 'FieldValueInvalid', message, field: 'patch' }] });
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Go's `%v` of a decoded JSON value: `map[a:1 b:[x y]]` (keys sorted), `<nil>` for null. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o).sort().map((k) => `${k}:${goValue(o[k])}`).join(' ')}]`;
  }
  if (typeof v === 'number') return goFloat(v);
  return String(v);
}

/** A float64 as Go's %v prints it: exponent form from 1e21 and below 1e-4 (`1e+21`, `1e-05`). */
function goFloat(n: number): string {
  const abs = Math.abs(n);
  if (abs !== 0 && (abs >= 1e21 || abs < 1e-4)) {
    const [mant, exp] = n.toExponential().split('e');
    const e = Number(exp);
    return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return String(n);
}
