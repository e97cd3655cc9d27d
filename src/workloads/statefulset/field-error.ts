// Field errors as Kubernetes validation reports them (field.Error): type, field path, message, value.
// Same shape as the API server schema's FieldError (a candidate for src/api).
export type FieldErrorType = 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueNotSupported';

export interface FieldError {
  type: FieldErrorType;
  field: string;
  message: string;
  value?: unknown;
}

export const invalid = (field: string, value: unknown, message: string): FieldError => ({ type: 'FieldValueInvalid', field, message, value });
export const required = (field: string, message = ''): FieldError => ({ type: 'FieldValueRequired', field, message });
export const forbidden = (field: string, message: string): FieldError => ({ type: 'FieldValueForbidden', field, message });
export const notSupported = (field: string, value: unknown, supported: string[]): FieldError => ({
  type: 'FieldValueNotSupported',
  field,
  value,
  message: `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
});

/** One error as field.Error.Error() prints it: `spec.replicas: Invalid value: -1: must be …`. */
export function formatFieldError(e: FieldError): string {
  const detail = e.message ? `: ${e.message}` : '';
  switch (e.type) {
    case 'FieldValueInvalid':
      return `${e.field}: Invalid value: ${formatValue(e.value)}${detail}`;
    case 'FieldValueRequired':
      return `${e.field}: Required value${detail}`;
    case 'FieldValueForbidden':
      return `${e.field}: Forbidden${detail}`;
    case 'FieldValueNotSupported':
      return `${e.field}: Unsupported value: ${formatValue(e.value)}${detail}`;
  }
}

function formatValue(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** All errors joined as an admission rejection prints them: `[a, b]` for several. */
export function formatFieldErrors(errors: readonly FieldError[]): string {
  const parts = errors.map(formatFieldError);
  return parts.length === 1 ? parts[0]! : `[${parts.join(', ')}]`;
}
