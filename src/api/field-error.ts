// Field errors as Kubernetes validation reports them (field.Error): a type, the field path
// (`spec.template.spec.restartPolicy`), a message and the offending value; the constructors the
// validators use and `formatFieldError`, which prints one as field.Error.Error() does
// (`spec.replicas: Invalid value: -1: must be greater than or equal to 0`). Pure.
export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueForbidden'
  | 'FieldValueNotSupported'
  | 'FieldValueTooLong'
  | 'FieldValueTypeInvalid'
  | 'FieldValueTooMany'
  | 'FieldValueDuplicate';

export interface FieldError {
  type: FieldErrorType;
  field: string;
  message: string;
  value?: unknown;
}

export const invalid = (field: string, value: unknown, message: string): FieldError => ({ type: 'FieldValueInvalid', field, message, value });

export const required = (field: string, message = ''): FieldError => ({ type: 'FieldValueRequired', field, message });

export const forbidden = (field: string, message: string): FieldError => ({ type: 'FieldValueForbidden', field, message });

export const notSupported = (field: string, value: unknown, supported: readonly string[]): FieldError => ({
  type: 'FieldValueNotSupported',
  field,
  value,
  message: `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
});

export const tooLong = (field: string, value: unknown, maxLength: number): FieldError => ({
  type: 'FieldValueTooLong',
  field,
  value,
  message: `may not be more than ${maxLength} bytes`,
});

const HEADS: Record<FieldErrorType, string> = {
  FieldValueInvalid: 'Invalid value',
  FieldValueRequired: 'Required value',
  FieldValueForbidden: 'Forbidden',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueTooLong: 'Too long',
  FieldValueTypeInvalid: 'Invalid value',
  FieldValueTooMany: 'Too many',
  FieldValueDuplicate: 'Duplicate value',
};

/** One error as field.Error.Error() prints it: `<field>: <Head>[: <value>][: <message>]`. */
export function formatFieldError(e: FieldError): string {
  const valued = e.type === 'FieldValueInvalid' || e.type === 'FieldValueNotSupported' || e.type === 'FieldValueTypeInvalid' || e.type === 'FieldValueDuplicate';
  const parts = [HEADS[e.type] ?? 'Invalid value'];
  if (valued) parts.push(formatFieldValue(e.value));
  if (e.message) parts.push(e.message);
  return `${e.field}: ${parts.join(': ')}`;
}

/** All errors as an admission rejection prints them: the one error, or `[a, b]` for several. */
export function formatFieldErrors(errors: readonly FieldError[]): string {
  const parts = errors.map(formatFieldError);
  return parts.length === 1 ? parts[0]! : `[${parts.join(', ')}]`;
}

function formatFieldValue(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

const BODIES: Record<string, string> = { ...HEADS, FieldValueNotFound: 'Not found', InternalError: 'Internal error' };
const BODY_PREFIXES = [...new Set(Object.values(BODIES))];

/**
 * The body of a field error as a Status cause and an admission denial carry it (what follows `field: `),
 * e.g. `Invalid value: "string": must be an integer`. A message that already starts with a body head is
 * kept as it is; a valued error without a value prints no value.
 */
export function fieldErrorBody(err: FieldError): string {
  if (BODY_PREFIXES.some((p) => err.message.startsWith(p))) return err.message;
  const head = BODIES[err.type] ?? 'Invalid value';
  const valued = head === 'Invalid value' || head === 'Unsupported value' || head === 'Duplicate value' || head === 'Not found';
  const parts = [head];
  if (valued && err.value !== undefined) parts.push(formatBodyValue(err.value));
  if (err.message) parts.push(err.message);
  return parts.join(': ');
}

/** What an admission webhook's denial says after `denied the request: `: one error, or `[a, b]` for several. */
export function admissionDenialMessage(errors: readonly FieldError[]): string {
  const lines = errors.map((e) => (e.field ? `${e.field}: ${fieldErrorBody(e)}` : fieldErrorBody(e)));
  return lines.length === 1 ? lines[0]! : `[${lines.join(', ')}]`;
}

function formatBodyValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (typeof value === 'object') return sortedJson(value);
  return String(value);
}

/**
 * An object value with its keys sorted, so a message does not depend on the order a client wrote them in
 * (a webhook on a real cluster receives objects re-encoded with sorted keys; in-process hooks get the
 * client's order).
 */
function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}
