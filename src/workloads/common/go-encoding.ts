// What a Kruise mutating webhook's answer does to the fields it did not default. The webhook decodes the
// object into Kruise's Go structs, defaults them, and, when that changed anything, answers with the JSON
// patch from the object it was sent to the structs encoded again. So, once a patch is made, a zero value
// in an `omitempty` field disappears (`paused: false`), an empty list disappears, and a struct-typed field
// (not a pointer) always appears (`volumeClaimUpdateStrategy: {}`). When defaulting changed nothing the
// webhook answers "allowed" with no patch and the object is stored as sent.
//
// Only Kruise's own types are described here; core/v1 types (pod templates, PVC templates, selectors,
// Job templates) are `opaque` and kept as sent: their re-encoding (`creationTimestamp: null`,
// `resources: {}`, quantities in canonical form) is not reproduced. Pure; imports only ./hash and ./shape.
import { canonicalJson } from './hash.js';
import { isPlainObject } from './shape.js';

/** How Go encodes one field of a struct. */
export type GoField =
  /** A scalar with `omitempty`: dropped when null or its zero value ("", 0, false). */
  | 'omitZero'
  /** A pointer (or an int-or-string pointer): dropped when null, kept otherwise (also a pointer to 0/false). */
  | 'pointer'
  /** A slice or map with `omitempty`: dropped when null or empty. */
  | 'list'
  /** A core/v1 value whose encoding is not modelled: kept as sent. */
  | 'opaque'
  /** A scalar without `omitempty`: always present, its zero value when unset. */
  | { zero: string | number }
  /** A Kruise struct: `pointer` ones are dropped when null, the others always present (`{}` when unset). */
  | { struct: GoStruct; pointer?: boolean }
  /** A slice of Kruise structs (`omitempty`: dropped when null or empty). */
  | { listOf: GoStruct };

export type GoStruct = Readonly<Record<string, GoField>>;

/** appspub.LifecycleHook. */
const LIFECYCLE_HOOK: GoStruct = { labelsHandler: 'list', finalizersHandler: 'list', markPodNotReady: 'omitZero' };

/** appspub.Lifecycle (StatefulSet and DaemonSet `spec.lifecycle`). */
export const GO_LIFECYCLE: GoStruct = {
  preDelete: { struct: LIFECYCLE_HOOK, pointer: true },
  inPlaceUpdate: { struct: LIFECYCLE_HOOK, pointer: true },
  preNormal: { struct: LIFECYCLE_HOOK, pointer: true },
};

/** metav1.LabelSelector held by value (its lists are `omitempty`; expressions kept as sent). */
export const GO_LABEL_SELECTOR: GoStruct = { matchLabels: 'list', matchExpressions: 'list' };

const isZero = (v: unknown): boolean => v === null || v === '' || v === 0 || v === false;

/**
 * `value` as Go would encode it with the struct description `fields`. Keys the description does not
 * name are kept as they are (the API server's schema pruning owns unknown fields), and so is a value of
 * the wrong JSON type (validation reports it). Returns a new object; the input is not modified.
 */
export function encodeGoStruct(value: unknown, fields: GoStruct): unknown {
  if (value !== undefined && value !== null && !isPlainObject(value)) return value;
  const input = (value ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(input)) {
    const field = fields[key];
    if (field === undefined) {
      out[key] = v;
      continue;
    }
    const encoded = encodeField(v, field);
    if (encoded !== undefined) out[key] = encoded;
  }
  for (const [key, field] of Object.entries(fields)) {
    if (key in input) continue;
    const absent = encodeField(undefined, field);
    if (absent !== undefined) out[key] = absent;
  }
  return out;
}

function encodeField(v: unknown, field: GoField): unknown {
  if (field === 'opaque') return v;
  if (field === 'pointer') return v === null ? undefined : v;
  if (field === 'omitZero') return v === undefined || isZero(v) ? undefined : v;
  if (field === 'list') {
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v)) return v.length ? v : undefined;
    if (isPlainObject(v)) return Object.keys(v).length ? v : undefined;
    return v;
  }
  if ('zero' in field) return v === undefined || v === null ? field.zero : v;
  if ('listOf' in field) {
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) return v;
    return v.length ? v.map((item) => encodeGoStruct(item, field.listOf)) : undefined;
  }
  if ((v === undefined || v === null) && field.pointer) return undefined;
  return encodeGoStruct(v, field.struct);
}

/** Whether any value under `v` is not a zero value (a status Go would not see as empty). */
export function hasNonZero(v: unknown): boolean {
  if (v === undefined || isZero(v)) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isPlainObject(v)) return Object.values(v).some(hasNonZero);
  return true;
}

export interface WebhookAnswerOptions {
  /** The webhook resets `status` (StatefulSet): a request carrying a status is always patched. @default false */
  resetsStatus?: boolean;
}

/**
 * The object a Kruise mutating webhook leaves to be stored: `sent` unchanged when defaulting changed
 * nothing, else `defaulted` with its spec encoded as Go encodes `specFields`.
 */
export function webhookAnswer<T extends { spec?: unknown; status?: unknown }>(sent: T, defaulted: T, specFields: GoStruct, options: WebhookAnswerOptions = {}): T {
  const patched = (options.resetsStatus === true && hasNonZero(sent.status)) || canonicalJson(defaulted.spec) !== canonicalJson(sent.spec);
  if (!patched) return sent;
  if (defaulted.spec !== undefined && defaulted.spec !== null && !isPlainObject(defaulted.spec)) return defaulted;
  return { ...defaulted, spec: encodeGoStruct(defaulted.spec, specFields) };
}

/** Whether the value at `pick` differs between the object and the old one (Kruise: `!reflect.DeepEqual`); true on create. */
export function changedFromOld<T>(obj: T, old: T | undefined, pick: (o: T) => unknown): boolean {
  if (old === undefined || old === null) return true;
  return canonicalJson(pick(obj) ?? null) !== canonicalJson(pick(old) ?? null);
}
