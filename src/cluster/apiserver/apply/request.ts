// What a write request says about field management: the manager's name (the `fieldManager` query
// parameter, else the User-Agent's product as kube takes it, `kubectl-client-side-apply/v1.32.0 (linux/amd64)`
// → `kubectl-client-side-apply`; none: `unknown`), the checks kube makes on it and on `force`, and the body
// of an apply patch (YAML 1.1 or JSON) checked against the URL. Pure.
import YAML from 'yaml';
import { ApiError, badRequest } from '../errors.js';

export const MAX_FIELD_MANAGER_LENGTH = 128;

const isPrint = (ch: string): boolean => !/[\p{C}\p{Zl}\p{Zp}]/u.test(ch) && (ch === ' ' || !/\s/u.test(ch));

/** prefixFromUserAgent: the part before the first `/`, printable characters only, at most 128. */
export function managerFromUserAgent(userAgent: string | undefined): string {
  let out = '';
  for (const ch of (userAgent ?? '').split('/')[0]!) {
    if (!isPrint(ch)) continue;
    if (Buffer.byteLength(out) >= MAX_FIELD_MANAGER_LENGTH) break;
    out += ch;
  }
  return out;
}

export function managerName(fieldManager: string | null, userAgent: string | undefined): string {
  return fieldManager || managerFromUserAgent(userAgent) || 'unknown';
}

type OptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions';

interface Cause {
  reason: string;
  message: string;
  field: string;
}

function invalidOptions(kind: OptionsKind, causes: Cause[]): ApiError {
  const text = causes.map((c) => `${c.field}: ${c.message}`).join(', ');
  return new ApiError(422, 'Invalid', `${kind}.meta.k8s.io "" is invalid: ${causes.length > 1 ? `[${text}]` : text}`, { group: 'meta.k8s.io', kind, causes });
}

/** kube's ValidateCreate/Update/PatchOptions checks of fieldManager and force (422 on the options kind). */
export function checkWriteOptions(kind: OptionsKind, fieldManager: string | null, opts: { apply?: boolean; force?: string | null } = {}): void {
  const causes: Cause[] = [];
  if (kind === 'PatchOptions') {
    if (!opts.apply && opts.force != null) causes.push({ reason: 'FieldValueForbidden', message: 'Forbidden: may not be specified for non-apply patch', field: 'force' });
    if (opts.apply && !fieldManager) causes.push({ reason: 'FieldValueRequired', message: 'Required value: is required for apply patch', field: 'fieldManager' });
  }
  const fm = fieldManager ?? '';
  if (Buffer.byteLength(fm) > MAX_FIELD_MANAGER_LENGTH) {
    causes.push({ reason: 'FieldValueTooLong', message: `Too long: must have at most ${MAX_FIELD_MANAGER_LENGTH} bytes`, field: 'fieldManager' });
  }
  let pos = 0;
  for (const ch of fm) {
    if (!isPrint(ch)) {
      const cp = ch.codePointAt(0)!;
      causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(fm)}: invalid character U+${cp.toString(16).toUpperCase().padStart(4, '0')} (at position ${pos})`, field: 'fieldManager' });
    }
    pos += Buffer.byteLength(ch);
  }
  if (causes.length) throw invalidOptions(kind, causes);
}

function stringKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stringKeys);
  if (v instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of v) out[String(k)] = stringKeys(x);
    return out;
  }
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = stringKeys(x);
    return out;
  }
  return v;
}

/** The applied configuration: YAML 1.1 (as Go's yaml: `y`, `on` are booleans) or JSON; keys become strings. */
export function parseApplyBody(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = stringKeys(YAML.parse(text, { version: '1.1', mapAsMap: true, intAsBigInt: false }));
  } catch (err) {
    const first = String((err as Error).message).split('\n')[0];
    throw badRequest(`error decoding YAML: error converting YAML to JSON: yaml: ${first}`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest('error decoding YAML: error unmarshaling JSON: while decoding JSON: json: cannot unmarshal into Go value of type map[string]interface {}');
  return value as Record<string, unknown>;
}

/** The configuration's apiVersion, name and namespace against the request (kube's messages). */
export function checkConfiguration(config: Record<string, unknown>, req: { apiVersion: string; kind: string; name: string; namespace?: string }): void {
  const meta = (config.metadata ?? {}) as Record<string, unknown>;
  if (config.apiVersion !== req.apiVersion) {
    throw badRequest(`Incorrect version specified in apply patch. Specified patch version: ${typeof config.apiVersion === 'string' ? config.apiVersion : ''}, expected: ${req.apiVersion}`);
  }
  if (config.kind !== req.kind) {
    const kind = typeof config.kind === 'string' ? config.kind : '';
    // kube prints Go pointers when the kind is another known one; a missing kind reads as below.
    if (kind) throw new ApiError(500, '', `failed to merge config: expected objects of the same type, but got ${kind} and ${req.kind}`);
    const gvk = `${req.apiVersion.includes('/') ? '' : '/'}${req.apiVersion}, Kind=`;
    const ns = typeof meta.namespace === 'string' ? meta.namespace : '';
    throw new ApiError(500, '', `failed to create typed patch object (${ns}/${typeof meta.name === 'string' ? meta.name : ''}; ${gvk}): no corresponding type for ${gvk}`);
  }
  if (meta.managedFields !== undefined) throw badRequest('metadata.managedFields must be nil');
  if (meta.name === undefined || meta.name === '') throw badRequest(`the name of the object (${req.name} based on URL) was undeterminable: name must be provided`);
  if (meta.name !== req.name) throw badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${req.name})`);
  if (req.namespace !== undefined && meta.namespace !== undefined && meta.namespace !== '' && meta.namespace !== req.namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
}
