// Turns validation FieldErrors (from schema validation and admission hooks) into Status causes with the
// message bodies Kubernetes' field.Error produces: `Invalid value: "x": detail`, `Required value`, …
import { fieldErrorBody, type FieldError } from '../../api/field-error.js';
import type { StatusCause } from './errors.js';

/** A problem with one field, as schema validation and admission hooks report it (src/api's FieldError). */
export type { FieldError };
export { fieldErrorBody };

export function toCause(err: FieldError): StatusCause {
  return { reason: err.type, message: fieldErrorBody(err), field: err.field };
}
