// The check kube-apiserver makes of a custom resource with a scale subresource on every write of the main
// resource, whatever the schema says: the value at specReplicasPath is an int64 from 0 to 2^31-1. Its
// field path is the JSON path as written (`.spec.replicas`), and a value of another type is reported as
// the unstructured accessor reports it (value 0).
import type { KubeObject } from '../../api/objects.js';
import type { FieldError } from './field-errors.js';
import type { ResourceDef } from './resources.js';
import { getPath } from './subresources.js';

const MAX_INT32 = 2 ** 31 - 1;

export function scaleSpecErrors(def: ResourceDef, obj: Readonly<KubeObject>): FieldError[] {
  const path = def.crd ? def.scale?.specReplicasPath : undefined;
  if (!path) return [];
  const value = getPath(obj, path);
  if (value === undefined || value === null) return [];
  const field = path.startsWith('.') ? path : `.${path}`;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return [{ type: 'FieldValueInvalid', field, value: 0, message: `${field} accessor error: ${goValue(value)} is of the type ${goType(value)}, expected int64` }];
  }
  if (value < 0) return [{ type: 'FieldValueInvalid', field, value, message: 'should be a non-negative integer' }];
  if (value > MAX_INT32) return [{ type: 'FieldValueInvalid', field, value, message: `should be less than or equal to ${MAX_INT32}` }];
  return [];
}

/** Go's %T of a decoded JSON value. */
function goType(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** Go's %v of a decoded JSON value (enough for the scalars a client sends here). */
function goValue(v: unknown): string {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return String(v);
  return Array.isArray(v) ? `[${v.map(goValue).join(' ')}]` : 'map[]';
}
