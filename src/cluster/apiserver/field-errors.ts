// Turns validation FieldErrors (from schema validation and admission hooks) into Status causes with the
// message bodies Kubernetes' field.Error produces: `Invalid value: "x": detail`, `Required value`, …
import type { FieldError } from '../../api/field-error.js';
import type { StatusCause } from './errors.js';

/** A problem with one field, as schema validation and admission hooks report it (src/api's FieldError). */
export type { FieldError };

const TYPE_TO_BODY: Record<string, string> = {
  FieldValueInvalid: 'Invalid value',
  FieldValueTypeInvalid: 'Invalid value',
  FieldValueRequired: 'Required value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  FieldValueNotFound: 'Not found',
  InternalError: 'Internal error',
};

const BODY_PREFIXES = Object.values(TYPE_TO_BODY);

/** The body of a field error (what follows `field: `), e.g. `Invalid value: "string": must be an integer`. */
export function fieldErrorBody(err: FieldError): string {
  if (BODY_PREFIXES.some((p) => err.message.startsWith(p))) return err.message;
  const head = TYPE_TO_BODY[err.type] ?? 'Invalid value';
  const valued = head === 'Invalid value' || head === 'Unsupported value' || head === 'Duplicate value' || head === 'Not found';
  const parts = [head];
  if (valued && err.value !== undefined) parts.push(formatValue(err.value));
  if (err.message) parts.push(err.message);
  return parts.join(': ');
}

export function toCause(err: FieldError): StatusCause {
  return { reason: err.type, message: fieldErrorBody(err), field: err.field };
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
