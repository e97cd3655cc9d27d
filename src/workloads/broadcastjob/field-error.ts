// Field errors as Kubernetes validation reports them (`field.Error`): a type, the field path
// (`spec.template.spec.restartPolicy`), a message and the offending value. Shared by the BroadcastJob and
// AdvancedCronJob validators; same shape as the API server's schema FieldError (belongs in src/api).
export type FieldErrorType = 'FieldValueRequired' | 'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueNotSupported';

export interface FieldError {
  type: FieldErrorType;
  field: string;
  message: string;
  value?: unknown;
}

export function invalid(field: string, value: unknown, message: string): FieldError {
  return { type: 'FieldValueInvalid', field, message, value };
}

export function required(field: string, message: string): FieldError {
  return { type: 'FieldValueRequired', field, message };
}

export function forbidden(field: string, message: string): FieldError {
  return { type: 'FieldValueForbidden', field, message };
}

/** `field: message` lines, as an admission rejection prints them. */
export function formatFieldErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => `${e.field}: ${e.type === 'FieldValueInvalid' ? `Invalid value: ${JSON.stringify(e.value)}: ` : ''}${e.message}`).join(', ');
}
