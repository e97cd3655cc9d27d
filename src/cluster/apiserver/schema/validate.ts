// Structural-schema validation of custom resources, as the Kubernetes API server does it for a CRD version's
// openAPIV3Schema: prune unknown fields (unless x-kubernetes-preserve-unknown-fields), drop non-nullable nulls,
// apply `default`s on absent fields, then validate (type, required, enum, bounds, lengths, pattern, items,
// int-or-string, embedded resources) and report errors with Kubernetes field paths and messages.
// Pure and synchronous: the input is never mutated, a new object is returned.
import { cloneJson } from '../../../api/clone.js';
import type { FieldError, JSONSchemaProps } from './types.js';
import { duplicate, invalid, notSupported, required, tooLong, tooMany, typeInvalid } from './field-errors.js';

export interface ValidateOptions {
  /**
   * The value is a whole object (apiVersion/kind/metadata are kept and metadata is not validated by the schema).
   * @default true
   */
  root?: boolean;
  /** Keep unknown fields at the root (the legacy CRD `spec.preserveUnknownFields`). @default false */
  preserveUnknownFields?: boolean;
}

export interface ValidateResult {
  /** The pruned and defaulted copy of the input. */
  object: unknown;
  errors: FieldError[];
  /** Field paths of unknown fields that were pruned (for `fieldValidation=Strict|Warn`). */
  pruned: string[];
}

interface Ctx {
  errors: FieldError[];
  pruned: string[];
}

const ROOT_KEYS = new Set(['apiVersion', 'kind', 'metadata']);
const regexCache = new Map<string, RegExp>();

/** Validates `obj` against a structural schema; see the module header. */
export function validateObject(schema: JSONSchemaProps, obj: unknown, opts: ValidateOptions = {}): ValidateResult {
  const ctx: Ctx = { errors: [], pruned: [] };
  const root = opts.root ?? true;
  const object = visit(schema, obj, '', ctx, root, root && opts.preserveUnknownFields === true);
  return { object, errors: ctx.errors, pruned: ctx.pruned };
}

/** The JSON type name Kubernetes reports for a value (`"string"`, `"integer"`, …). */
export function jsonTypeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string': return 'string';
    case 'boolean': return 'boolean';
    case 'number': return Number.isInteger(v) ? 'integer' : 'number';
    default: return 'object';
  }
}

function child(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function typeMatches(type: string, actual: string): boolean {
  return type === actual || (type === 'number' && actual === 'integer');
}

function visit(schema: JSONSchemaProps, value: unknown, path: string, ctx: Ctx, isRoot: boolean, preserveRoot = false): unknown {
  if (value === null || value === undefined) {
    if (schema.nullable) return null;
    const expected = schema['x-kubernetes-int-or-string'] ? 'integer,string' : schema.type;
    if (expected) ctx.errors.push(typeInvalid(path, 'null', `${path} in body must be of type ${expected}: "null"`));
    return value;
  }
  const actual = jsonTypeName(value);
  if (schema['x-kubernetes-int-or-string']) {
    if (actual !== 'integer' && actual !== 'string') {
      ctx.errors.push(typeInvalid(path, actual, `${path} in body must be of type integer,string: "${actual}"`));
      return value;
    }
  } else if (schema.type && !typeMatches(schema.type, actual)) {
    ctx.errors.push(typeInvalid(path, actual, `${path} in body must be of type ${schema.type}: "${actual}"`));
    return value;
  }
  let out = value;
  if (actual === 'object') out = visitObject(schema, value as Record<string, unknown>, path, ctx, isRoot, preserveRoot);
  else if (actual === 'array') out = visitArray(schema, value as unknown[], path, ctx);
  else if (actual === 'string') checkString(schema, value as string, path, ctx);
  else if (actual === 'integer' || actual === 'number') checkNumber(schema, value as number, path, ctx);
  if (schema.enum && !schema.enum.some((e) => deepEqual(e, out))) ctx.errors.push(notSupported(path, out, schema.enum));
  if (schema.allOf || schema.anyOf || schema.oneOf || schema.not) checkCombinators(schema, out, path, ctx);
  return out;
}

function visitObject(
  schema: JSONSchemaProps, value: Record<string, unknown>, path: string, ctx: Ctx, isRoot: boolean, preserveRoot: boolean,
): Record<string, unknown> {
  const props = schema.properties;
  const additional = schema.additionalProperties;
  const preserve = preserveRoot || schema['x-kubernetes-preserve-unknown-fields'] === true || additional === true;
  const keepMeta = isRoot || schema['x-kubernetes-embedded-resource'] === true;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    const p = props?.[key];
    if (keepMeta && ROOT_KEYS.has(key) && (key === 'metadata' || !p)) {
      out[key] = v;
    } else if (p) {
      if ((v === null || v === undefined) && !p.nullable) continue; // non-nullable nulls are pruned (then defaulted)
      out[key] = visit(p, v, child(path, key), ctx, false);
    } else if (additional && typeof additional === 'object') {
      out[key] = visit(additional, v, child(path, key), ctx, false);
    } else if (preserve) {
      out[key] = v;
    } else {
      ctx.pruned.push(child(path, key));
    }
  }
  for (const key of defaultedKeys(schema)) {
    if (!(key in out)) {
      const p = props![key]!;
      out[key] = visit(p, copyJson(p.default), child(path, key), ctx, false);
    }
  }
  if (schema.required) {
    for (const key of schema.required) if (!(key in out)) ctx.errors.push(required(child(path, key)));
  }
  if (!isRoot && schema['x-kubernetes-embedded-resource'] && !schema['x-kubernetes-preserve-unknown-fields']) {
    for (const key of ['apiVersion', 'kind']) {
      if (typeof out[key] !== 'string' || out[key] === '') ctx.errors.push(required(child(path, key), 'must not be empty'));
    }
  }
  if (schema.maxProperties !== undefined || schema.minProperties !== undefined) checkPropertyCount(schema, out, path, ctx);
  return out;
}

function checkPropertyCount(schema: JSONSchemaProps, out: Record<string, unknown>, path: string, ctx: Ctx): void {
  const n = Object.keys(out).length;
  if (schema.maxProperties !== undefined && n > schema.maxProperties) {
    ctx.errors.push(tooMany(path, n, schema.maxProperties));
  }
  if (schema.minProperties !== undefined && n < schema.minProperties) {
    ctx.errors.push(invalid(path, n, `${path} in body should have at least ${schema.minProperties} properties`));
  }
}

const defaultedCache = new WeakMap<JSONSchemaProps, string[]>();

/** Keys of `schema.properties` that carry a default (computed once per schema node). */
function defaultedKeys(schema: JSONSchemaProps): string[] {
  let keys = defaultedCache.get(schema);
  if (!keys) {
    const props = schema.properties ?? {};
    keys = Object.keys(props).filter((k) => props[k]!.default !== undefined);
    defaultedCache.set(schema, keys);
  }
  return keys;
}

function copyJson(v: unknown): unknown {
  return cloneJson(v);
}

function visitArray(schema: JSONSchemaProps, value: unknown[], path: string, ctx: Ctx): unknown[] {
  const items = schema.items;
  const out = items ? value.map((v, i) => visit(items, v, `${path}[${i}]`, ctx, false)) : value.slice();
  if (schema.maxItems !== undefined && out.length > schema.maxItems) ctx.errors.push(tooMany(path, out.length, schema.maxItems));
  if (schema.minItems !== undefined && out.length < schema.minItems) {
    ctx.errors.push(invalid(path, out.length, `${path} in body should have at least ${schema.minItems} items`));
  }
  const listType = schema['x-kubernetes-list-type'];
  if (schema.uniqueItems || listType === 'set') checkUniqueItems(out, path, ctx);
  else if (listType === 'map') checkListMapKeys(out, schema['x-kubernetes-list-map-keys'] ?? [], path, ctx);
  return out;
}

function checkUniqueItems(list: unknown[], path: string, ctx: Ctx): void {
  const seen = new Set<string>();
  list.forEach((v, i) => {
    const k = JSON.stringify(v);
    if (seen.has(k)) ctx.errors.push(duplicate(`${path}[${i}]`, v));
    seen.add(k);
  });
}

function checkListMapKeys(list: unknown[], keys: string[], path: string, ctx: Ctx): void {
  if (keys.length === 0) return;
  const seen = new Set<string>();
  list.forEach((v, i) => {
    if (v === null || typeof v !== 'object') return;
    const item = v as Record<string, unknown>;
    const id = JSON.stringify(keys.map((k) => item[k] ?? null));
    if (seen.has(id)) {
      const shown = keys.length === 1 ? item[keys[0]!] : Object.fromEntries(keys.map((k) => [k, item[k]]));
      ctx.errors.push(duplicate(`${path}[${i}]`, shown));
    }
    seen.add(id);
  });
}

function checkString(schema: JSONSchemaProps, s: string, path: string, ctx: Ctx): void {
  if (schema.maxLength !== undefined || schema.minLength !== undefined) {
    const len = [...s].length; // Go counts runes
    if (schema.maxLength !== undefined && len > schema.maxLength) ctx.errors.push(tooLong(path, s, schema.maxLength));
    if (schema.minLength !== undefined && len < schema.minLength) {
      ctx.errors.push(invalid(path, s, `${path} in body should be at least ${schema.minLength} chars long`));
    }
  }
  if (schema.format !== undefined) {
    const check = STRING_FORMATS[schema.format];
    if (check && !check(s)) ctx.errors.push(typeInvalid(path, s, `${path} in body must be of type ${schema.format}: ${JSON.stringify(s)}`));
  }
  if (schema.pattern !== undefined) {
    let re = regexCache.get(schema.pattern);
    if (!re) { re = new RegExp(schema.pattern, 'u'); regexCache.set(schema.pattern, re); }
    if (!re.test(s)) ctx.errors.push(invalid(path, s, `${path} in body should match '${schema.pattern}'`));
  }
}

const DATE = '\\d{4}-\\d{2}-\\d{2}';
const TIME = '\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})';
const DATE_TIME_RE = new RegExp(`^${DATE}[Tt ]${TIME}$`);
const DATE_RE = new RegExp(`^${DATE}$`);
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
/** The string formats the API server checks that CRDs commonly use (others are accepted as written). */
const STRING_FORMATS: Record<string, (s: string) => boolean> = {
  'date-time': (s) => DATE_TIME_RE.test(s) && !Number.isNaN(Date.parse(s.replace(' ', 'T'))),
  date: (s) => DATE_RE.test(s) && !Number.isNaN(Date.parse(s)),
  byte: (s) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s),
  uuid: (s) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s),
  ipv4: (s) => IPV4.test(s),
  ipv6: (s) => s.includes(':') && /^[0-9A-Fa-f:.]+$/.test(s),
};

function checkNumber(schema: JSONSchemaProps, n: number, path: string, ctx: Ctx): void {
  if (schema.minimum !== undefined) {
    if (schema.exclusiveMinimum ? n <= schema.minimum : n < schema.minimum) {
      const rel = schema.exclusiveMinimum ? 'greater than' : 'greater than or equal to';
      ctx.errors.push(invalid(path, n, `${path} in body should be ${rel} ${schema.minimum}`));
    }
  }
  if (schema.maximum !== undefined) {
    if (schema.exclusiveMaximum ? n >= schema.maximum : n > schema.maximum) {
      const rel = schema.exclusiveMaximum ? 'less than' : 'less than or equal to';
      ctx.errors.push(invalid(path, n, `${path} in body should be ${rel} ${schema.maximum}`));
    }
  }
  if (schema.multipleOf !== undefined && schema.multipleOf !== 0) {
    const q = n / schema.multipleOf;
    if (Math.abs(q - Math.round(q)) > 1e-9) ctx.errors.push(invalid(path, n, `${path} in body should be a multiple of ${schema.multipleOf}`));
  }
}

/** Value validations inside allOf/anyOf/oneOf/not (structural schemas allow no pruning/defaults there). */
function checkCombinators(schema: JSONSchemaProps, value: unknown, path: string, ctx: Ctx): void {
  const errorsOf = (s: JSONSchemaProps): FieldError[] => {
    const sub: Ctx = { errors: [], pruned: [] };
    visit({ ...s, 'x-kubernetes-preserve-unknown-fields': true }, value, path, sub, false);
    return sub.errors;
  };
  for (const s of schema.allOf ?? []) ctx.errors.push(...errorsOf(s));
  if (schema.anyOf && !schema.anyOf.some((s) => errorsOf(s).length === 0)) {
    ctx.errors.push(invalid(path, value, `${path} must validate at least one schema (anyOf)`));
  }
  if (schema.oneOf && schema.oneOf.filter((s) => errorsOf(s).length === 0).length !== 1) {
    ctx.errors.push(invalid(path, value, `${path} must validate one and only one schema (oneOf)`));
  }
  if (schema.not && errorsOf(schema.not).length === 0) {
    ctx.errors.push(invalid(path, value, `${path} must not validate the schema (not)`));
  }
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
