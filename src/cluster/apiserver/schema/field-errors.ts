// Field errors as Kubernetes' apimachinery `field` package prints them, and the 422 Invalid Status built
// from them (`StatefulSet.apps.kruise.io "web" is invalid: spec.replicas: Invalid value: …`). Pure.
import type { FieldError, FieldErrorType } from './types.js';

/** Go's `%#v`-like rendering used for a bad value that is neither a string nor a number/bool. */
function goSharpValue(value: unknown): string {
  if (value === null || value === undefined) return 'interface {}(nil)';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[]interface {}{${value.map(goSharpValue).join(', ')}}`;
  const entries = Object.keys(value as object).sort().map((k) => `${JSON.stringify(k)}:${goSharpValue((value as Record<string, unknown>)[k])}`);
  return `map[string]interface {}{${entries.join(', ')}}`;
}

/** How field.Error.ErrorBody prints a bad value: strings quoted, numbers/bools bare, null as `null`. */
export function formatBadValue(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return goSharpValue(value);
}

function withDetail(head: string, detail: string): string {
  return detail ? `${head}: ${detail}` : head;
}

export function invalid(field: string, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, value, message: withDetail(`Invalid value: ${formatBadValue(value)}`, detail) };
}

/** TypeInvalid prints as "Invalid value" too (apimachinery's ErrorTypeTypeInvalid.String()). */
export function typeInvalid(field: string, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueTypeInvalid', field, value, message: withDetail(`Invalid value: ${formatBadValue(value)}`, detail) };
}

export function required(field: string, detail = ''): FieldError {
  return { type: 'FieldValueRequired', field, message: withDetail('Required value', detail) };
}

export function notSupported(field: string, value: unknown, supported: unknown[]): FieldError {
  const list = supported.map((v) => JSON.stringify(typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
  const detail = supported.length ? `supported values: ${list}` : '';
  return { type: 'FieldValueNotSupported', field, value, message: withDetail(`Unsupported value: ${formatBadValue(value)}`, detail) };
}

/** TooLong omits the value, as apimachinery does. */
export function tooLong(field: string, value: unknown, maxLength: number): FieldError {
  return { type: 'FieldValueTooLong', field, value, message: `Too long: may not be longer than ${maxLength}` };
}

export function tooMany(field: string, actual: number, max: number): FieldError {
  return { type: 'FieldValueTooMany', field, value: actual, message: `Too many: ${actual}: must have at most ${max} items` };
}

export function duplicate(field: string, value: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field, value, message: `Duplicate value: ${formatBadValue(value)}` };
}

export function forbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, message: withDetail('Forbidden', detail) };
}

/** `field.Error.Error()`: `<field>: <body>`. */
export function fieldErrorString(err: FieldError): string {
  return `${err.field}: ${err.message}`;
}

/** A Status cause as the API server sends it (`reason` is the field error type). */
export interface StatusCause {
  reason: FieldErrorType;
  message: string;
  field: string;
}

/**
 * The message and causes of a 422 Invalid Status. `kindGroup` is the qualified kind (`StatefulSet.apps.kruise.io`,
 * or `Pod` for the core group). One error prints bare; several print as `[a, b]` (duplicates dropped), as
 * apimachinery's aggregate does.
 */
export function formatInvalidMessage(kindGroup: string, name: string, errors: FieldError[]): { message: string; causes: StatusCause[] } {
  const causes = errors.map((e) => ({ reason: e.type, message: e.message, field: e.field }));
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const e of errors) {
    const s = fieldErrorString(e);
    if (!seen.has(s)) { seen.add(s); parts.push(s); }
  }
  const head = `${kindGroup} ${JSON.stringify(name)} is invalid`;
  if (parts.length === 0) return { message: head, causes };
  return { message: `${head}: ${parts.length === 1 ? parts[0] : `[${parts.join(', ')}]`}`, causes };
}

/** The whole meta/v1 Status for a 422 Invalid answer. */
export function invalidStatus(kindGroup: string, name: string, errors: FieldError[]): Record<string, unknown> {
  const dot = kindGroup.indexOf('.');
  const kind = dot < 0 ? kindGroup : kindGroup.slice(0, dot);
  const group = dot < 0 ? '' : kindGroup.slice(dot + 1);
  const { message, causes } = formatInvalidMessage(kindGroup, name, errors);
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: 'Invalid',
    details: { name, ...(group ? { group } : {}), kind, causes },
    code: 422,
  };
}

/** One `unknown field "<path>"` per pruned path: the Warning text of fieldValidation=Warn (the default). */
export function unknownFieldMessages(pruned: readonly string[]): string[] {
  return pruned.map((p) => `unknown field ${JSON.stringify(p)}`);
}

/**
 * The 400 BadRequest message for fieldValidation=Strict (what kubectl apply sends) when fields were pruned:
 * `StatefulSet in version "v1beta1" cannot be handled as a StatefulSet: strict decoding error: unknown field "spec.foo"`.
 */
export function strictDecodingMessage(kind: string, version: string, pruned: readonly string[]): string {
  return `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${kind}: strict decoding error: ${unknownFieldMessages(pruned).join(', ')}`;
}
