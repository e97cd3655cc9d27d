import { describe, expect, it } from 'vitest';
import { validateObject } from '../../../../src/cluster/apiserver/schema/validate.js';
import { formatInvalidMessage, invalidStatus } from '../../../../src/cluster/apiserver/schema/field-errors.js';
import type { JSONSchemaProps } from '../../../../src/cluster/apiserver/schema/types.js';

const spec = (properties: Record<string, JSONSchemaProps>, extra: Partial<JSONSchemaProps> = {}): JSONSchemaProps => ({
  type: 'object',
  properties: { spec: { type: 'object', properties, ...extra } },
});
const obj = (s: unknown) => ({ apiVersion: 'x.io/v1', kind: 'X', metadata: { name: 'a', labels: { k: 'v' } }, spec: s });
const messages = (r: { errors: { field: string; message: string }[] }) => r.errors.map((e) => `${e.field}: ${e.message}`);

describe('validateObject: types', () => {
  it.each([
    ['integer', 'string', 'x', 'string'],
    ['integer', 'number', 1.5, 'number'],
    ['string', 'boolean', true, 'boolean'],
    ['boolean', 'string', 'true', 'string'],
    ['object', 'array', [1], 'array'],
    ['array', 'object', { a: 1 }, 'object'],
  ] as const)('a %s field given a %s value is rejected as Kubernetes words it', (type, _name, value, actual) => {
    const r = validateObject(spec({ f: { type } }), obj({ f: value }));
    expect(messages(r)).toEqual([`spec.f: Invalid value: "${actual}": spec.f in body must be of type ${type}: "${actual}"`]);
    expect(r.errors[0]!.type).toBe('FieldValueTypeInvalid');
    expect(r.errors[0]!.value).toBe(actual);
  });

  it('a number field accepts integers', () => {
    expect(validateObject(spec({ f: { type: 'number' } }), obj({ f: 3 })).errors).toEqual([]);
  });

  it('int-or-string accepts an integer and a string but not a bool or a fraction', () => {
    const s = spec({ f: { 'x-kubernetes-int-or-string': true } });
    expect(validateObject(s, obj({ f: 3 })).errors).toEqual([]);
    expect(validateObject(s, obj({ f: '30%' })).errors).toEqual([]);
    expect(messages(validateObject(s, obj({ f: true })))).toEqual([
      'spec.f: Invalid value: "boolean": spec.f in body must be of type integer,string: "boolean"',
    ]);
    expect(validateObject(s, obj({ f: 1.5 })).errors).toHaveLength(1);
  });

  it('the tutorial message for a string replicas', () => {
    const r = validateObject(spec({ replicas: { type: 'integer', format: 'int32' } }), obj({ replicas: 'string' }));
    expect(messages(r)).toEqual(['spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"']);
  });
});

describe('validateObject: keywords', () => {
  it('required fields missing are "Required value"', () => {
    const r = validateObject(spec({ selector: { type: 'object' }, template: { type: 'object' } }, { required: ['selector', 'template'] }), obj({}));
    expect(messages(r)).toEqual(['spec.selector: Required value', 'spec.template: Required value']);
    expect(r.errors.map((e) => e.type)).toEqual(['FieldValueRequired', 'FieldValueRequired']);
  });

  it('a null required field counts as missing (non-nullable nulls are pruned)', () => {
    const r = validateObject(spec({ schedule: { type: 'string' } }, { required: ['schedule'] }), obj({ schedule: null }));
    expect(messages(r)).toEqual(['spec.schedule: Required value']);
  });

  it('enum lists the supported values', () => {
    const s = spec({ concurrencyPolicy: { type: 'string', enum: ['Allow', 'Forbid', 'Replace'] } });
    const r = validateObject(s, obj({ concurrencyPolicy: 'Sometimes' }));
    expect(messages(r)).toEqual(['spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"']);
    expect(r.errors[0]!.type).toBe('FieldValueNotSupported');
    expect(validateObject(s, obj({ concurrencyPolicy: 'Forbid' })).errors).toEqual([]);
  });

  it.each([
    [{ minimum: 0 }, -1, 'spec.n: Invalid value: -1: spec.n in body should be greater than or equal to 0'],
    [{ minimum: 0, exclusiveMinimum: true }, 0, 'spec.n: Invalid value: 0: spec.n in body should be greater than 0'],
    [{ maximum: 300 }, 301, 'spec.n: Invalid value: 301: spec.n in body should be less than or equal to 300'],
    [{ maximum: 10, exclusiveMaximum: true }, 10, 'spec.n: Invalid value: 10: spec.n in body should be less than 10'],
    [{ multipleOf: 5 }, 7, 'spec.n: Invalid value: 7: spec.n in body should be a multiple of 5'],
  ] as const)('numeric bound %j rejects %d', (bound, value, message) => {
    expect(messages(validateObject(spec({ n: { type: 'integer', ...bound } }), obj({ n: value })))).toEqual([message]);
  });

  it('numeric bounds accept the boundary when not exclusive', () => {
    expect(validateObject(spec({ n: { type: 'integer', minimum: 0, maximum: 300 } }), obj({ n: 0 })).errors).toEqual([]);
    expect(validateObject(spec({ n: { type: 'integer', minimum: 0, maximum: 300 } }), obj({ n: 300 })).errors).toEqual([]);
  });

  it('string lengths and pattern', () => {
    const s = spec({ s: { type: 'string', minLength: 2, maxLength: 4, pattern: '^[a-z]+$' } });
    expect(messages(validateObject(s, obj({ s: 'abcde' })))).toEqual(['spec.s: Too long: may not be longer than 4']);
    expect(messages(validateObject(s, obj({ s: 'a' })))).toEqual(['spec.s: Invalid value: "a": spec.s in body should be at least 2 chars long']);
    expect(messages(validateObject(s, obj({ s: 'AB' })))).toEqual(["spec.s: Invalid value: \"AB\": spec.s in body should match '^[a-z]+$'"]);
    expect(validateObject(s, obj({ s: 'ab' })).errors).toEqual([]);
  });

  it('maxLength counts characters, not UTF-16 units', () => {
    expect(validateObject(spec({ s: { type: 'string', maxLength: 2 } }), obj({ s: '😀😀' })).errors).toEqual([]);
  });

  it('item counts', () => {
    const s = spec({ l: { type: 'array', minItems: 1, maxItems: 2, items: { type: 'string' } } });
    expect(messages(validateObject(s, obj({ l: ['a', 'b', 'c'] })))).toEqual(['spec.l: Too many: 3: must have at most 2 items']);
    expect(messages(validateObject(s, obj({ l: [] })))).toEqual(['spec.l: Invalid value: 0: spec.l in body should have at least 1 items']);
  });

  it('list-type set and map report duplicates', () => {
    const s = spec({
      set: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
      map: { type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'], items: { type: 'object', properties: { name: { type: 'string' } } } },
    });
    const r = validateObject(s, obj({ set: ['a', 'a'], map: [{ name: 'x' }, { name: 'x' }] }));
    expect(messages(r)).toEqual(['spec.set[1]: Duplicate value: "a"', 'spec.map[1]: Duplicate value: "x"']);
  });

  it('nullable fields keep null; others drop it', () => {
    const s = spec({ a: { type: 'string', nullable: true }, b: { type: 'string' } });
    const r = validateObject(s, obj({ a: null, b: null }));
    expect(r.errors).toEqual([]);
    expect((r.object as { spec: unknown }).spec).toEqual({ a: null });
  });

  it('a null array item is a type error', () => {
    const r = validateObject(spec({ l: { type: 'array', items: { type: 'string' } } }), obj({ l: ['a', null] }));
    expect(messages(r)).toEqual(['spec.l[1]: Invalid value: "null": spec.l[1] in body must be of type string: "null"']);
  });

  it('anyOf / oneOf / not', () => {
    const s = spec({ v: { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true } });
    expect(validateObject(s, obj({ v: 'x' })).errors).toEqual([]);
    const one = spec({ v: { type: 'integer', oneOf: [{ minimum: 0 }, { maximum: 10 }] } });
    expect(messages(validateObject(one, obj({ v: 5 })))).toEqual(['spec.v: Invalid value: 5: spec.v must validate one and only one schema (oneOf)']);
    expect(validateObject(one, obj({ v: 20 })).errors).toEqual([]);
  });
});

describe('validateObject: field paths inside arrays and maps', () => {
  const podLike = spec({
    template: {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            containers: {
              type: 'array',
              items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, image: { type: 'string' }, ports: { type: 'array', items: { type: 'object', properties: { containerPort: { type: 'integer', minimum: 1 } } } } } },
            },
          },
        },
      },
    },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
  });

  it('names the array index and the nested field', () => {
    const r = validateObject(podLike, obj({ template: { spec: { containers: [{ name: 'a', image: 'x' }, { image: 5, ports: [{ containerPort: 0 }] }] } } }));
    expect(messages(r)).toEqual([
      'spec.template.spec.containers[1].image: Invalid value: "integer": spec.template.spec.containers[1].image in body must be of type string: "integer"',
      'spec.template.spec.containers[1].ports[0].containerPort: Invalid value: 0: spec.template.spec.containers[1].ports[0].containerPort in body should be greater than or equal to 1',
      'spec.template.spec.containers[1].name: Required value',
    ]);
  });

  it('validates map values under additionalProperties with the key in the path', () => {
    const r = validateObject(podLike, obj({ labels: { app: 'x', n: 3 } }));
    expect(messages(r)).toEqual(['spec.labels.n: Invalid value: "integer": spec.labels.n in body must be of type string: "integer"']);
  });
});

describe('validateObject: pruning', () => {
  it('prunes unknown fields and reports their paths; keeps apiVersion, kind and metadata at the root', () => {
    const r = validateObject(spec({ a: { type: 'string' } }), { ...obj({ a: 'x', b: 1 }), extra: true });
    expect(r.object).toEqual({ apiVersion: 'x.io/v1', kind: 'X', metadata: { name: 'a', labels: { k: 'v' } }, spec: { a: 'x' } });
    expect(r.pruned).toEqual(['spec.b', 'extra']);
    expect(r.errors).toEqual([]);
  });

  it('never prunes inside root metadata even when the schema declares metadata as a bare object', () => {
    const s: JSONSchemaProps = { type: 'object', properties: { metadata: { type: 'object' }, spec: { type: 'object' } } };
    const r = validateObject(s, obj({}));
    expect((r.object as { metadata: unknown }).metadata).toEqual({ name: 'a', labels: { k: 'v' } });
  });

  it('an object without properties keeps nothing', () => {
    expect((validateObject(spec({}), obj({ a: 1 })).object as { spec: unknown }).spec).toEqual({});
  });

  it('x-kubernetes-preserve-unknown-fields keeps everything below, but declared properties are still pruned', () => {
    const s = spec({
      template: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      mixed: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { inner: { type: 'object', properties: { a: { type: 'string' } } } } },
    });
    const r = validateObject(s, obj({ template: { spec: { containers: [{ name: 'a', whatever: 1 }] } }, mixed: { free: 1, inner: { a: 'x', b: 2 } } }));
    expect((r.object as { spec: unknown }).spec).toEqual({
      template: { spec: { containers: [{ name: 'a', whatever: 1 }] } },
      mixed: { free: 1, inner: { a: 'x' } },
    });
    expect(r.pruned).toEqual(['spec.mixed.inner.b']);
  });

  it('x-kubernetes-embedded-resource keeps apiVersion, kind and metadata of the embedded object', () => {
    const s = spec({ obj: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object', properties: { a: { type: 'string' } } } } } });
    const r = validateObject(s, obj({ obj: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { a: 'x', b: 1 }, junk: 1 } }));
    expect((r.object as { spec: unknown }).spec).toEqual({ obj: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { a: 'x' } } });
  });

  it('root preserveUnknownFields keeps unknown top-level fields', () => {
    const r = validateObject(spec({}), { ...obj({}), extra: 1 }, { preserveUnknownFields: true });
    expect((r.object as { extra: unknown }).extra).toBe(1);
  });

  it('does not mutate its input', () => {
    const input = obj({ a: 'x', b: 1 });
    const copy = structuredClone(input);
    validateObject(spec({ a: { type: 'string' }, d: { type: 'string', default: 'z' } }), input);
    expect(input).toEqual(copy);
  });
});

describe('validateObject: defaults', () => {
  const s = spec({
    replicas: { type: 'integer', default: 1 },
    policy: { type: 'string', default: 'Allow', enum: ['Allow', 'Forbid'] },
    strategy: {
      type: 'object',
      default: {},
      properties: { type: { type: 'string', default: 'RollingUpdate' }, partition: { type: 'integer', default: 0 } },
    },
    items: { type: 'array', items: { type: 'object', properties: { weight: { type: 'integer', default: 10 } } } },
    nullableDefault: { type: 'string', nullable: true, default: 'd' },
  });

  it('fills absent fields, nested defaults inside a defaulted object, and item defaults', () => {
    const r = validateObject(s, obj({ items: [{}, { weight: 3 }] }));
    expect(r.errors).toEqual([]);
    expect((r.object as { spec: unknown }).spec).toEqual({
      items: [{ weight: 10 }, { weight: 3 }],
      replicas: 1,
      policy: 'Allow',
      strategy: { type: 'RollingUpdate', partition: 0 },
      nullableDefault: 'd',
    });
  });

  it('fills nested defaults inside an object that exists, and never overrides a given value', () => {
    const r = validateObject(s, obj({ replicas: 5, strategy: { type: 'OnDelete' } }));
    expect((r.object as { spec: { replicas: number; strategy: unknown } }).spec.strategy).toEqual({ type: 'OnDelete', partition: 0 });
    expect((r.object as { spec: { replicas: number } }).spec.replicas).toBe(5);
  });

  it('a non-nullable null is replaced by its default; a nullable null is kept', () => {
    const r = validateObject(s, obj({ replicas: null, nullableDefault: null }));
    expect((r.object as { spec: { replicas: number; nullableDefault: unknown } }).spec.replicas).toBe(1);
    expect((r.object as { spec: { nullableDefault: unknown } }).spec.nullableDefault).toBeNull();
  });

  it('defaults are copied, not shared between objects', () => {
    const a = validateObject(s, obj({})).object as { spec: { strategy: { partition: number } } };
    a.spec.strategy.partition = 99;
    const b = validateObject(s, obj({})).object as { spec: { strategy: { partition: number } } };
    expect(b.spec.strategy.partition).toBe(0);
  });
});

describe('422 Invalid status', () => {
  const errs = [
    { type: 'FieldValueInvalid' as const, field: 'spec.replicas', message: 'Invalid value: -1: spec.replicas in body should be greater than or equal to 0', value: -1 },
    { type: 'FieldValueRequired' as const, field: 'spec.selector', message: 'Required value' },
  ];

  it('one error prints without brackets', () => {
    expect(formatInvalidMessage('StatefulSet.apps.kruise.io', 'web', errs.slice(0, 1)).message).toBe(
      'StatefulSet.apps.kruise.io "web" is invalid: spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0',
    );
  });

  it('several errors print as a bracketed list with causes per field', () => {
    const { message, causes } = formatInvalidMessage('StatefulSet.apps.kruise.io', 'web', errs);
    expect(message).toBe('StatefulSet.apps.kruise.io "web" is invalid: [spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0, spec.selector: Required value]');
    expect(causes).toEqual([
      { reason: 'FieldValueInvalid', message: 'Invalid value: -1: spec.replicas in body should be greater than or equal to 0', field: 'spec.replicas' },
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.selector' },
    ]);
  });

  it('the Status carries code 422, reason Invalid, group and kind', () => {
    const st = invalidStatus('AdvancedCronJob.apps.kruise.io', 'acj', errs.slice(1)) as { code: number; reason: string; details: { group: string; kind: string; name: string } };
    expect(st.code).toBe(422);
    expect(st.reason).toBe('Invalid');
    expect(st.details).toMatchObject({ group: 'apps.kruise.io', kind: 'AdvancedCronJob', name: 'acj' });
    expect((invalidStatus('Pod', 'p', errs) as { details: Record<string, unknown> }).details.group).toBeUndefined();
  });
});

describe('validateObject: string formats and embedded resources', () => {
  it('date-time strings must be RFC 3339', () => {
    const s = spec({ t: { type: 'string', format: 'date-time' } });
    expect(validateObject(s, obj({ t: '2026-01-01T10:00:00Z' })).errors).toEqual([]);
    expect(validateObject(s, obj({ t: '2026-01-01T10:00:00.123456+02:00' })).errors).toEqual([]);
    expect(messages(validateObject(s, obj({ t: 'yesterday' })))).toEqual(['spec.t: Invalid value: "yesterday": spec.t in body must be of type date-time: "yesterday"']);
    expect(validateObject(s, obj({ t: 'yesterday' })).errors[0]!.type).toBe('FieldValueTypeInvalid');
  });

  it('integer formats (int32/int64) are not range-checked, as in the API server', () => {
    expect(validateObject(spec({ n: { type: 'integer', format: 'int32' } }), obj({ n: 2 ** 40 })).errors).toEqual([]);
  });

  it('unknown formats are accepted', () => {
    expect(validateObject(spec({ s: { type: 'string', format: 'quantity' } }), obj({ s: '100m' })).errors).toEqual([]);
  });

  it('an embedded resource needs apiVersion and kind', () => {
    const s = spec({ obj: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: {} } });
    expect(messages(validateObject(s, obj({ obj: { metadata: { name: 'x' } } })))).toEqual([
      'spec.obj.apiVersion: Required value: must not be empty', 'spec.obj.kind: Required value: must not be empty',
    ]);
    expect(validateObject(s, obj({ obj: { apiVersion: 'v1', kind: 'Pod' } })).errors).toEqual([]);
  });
});

describe('unknown fields under fieldValidation Warn / Strict', () => {
  it('words pruned paths as the API server does', async () => {
    const { strictDecodingMessage, unknownFieldMessages } = await import('../../../../src/cluster/apiserver/schema/field-errors.js');
    const r = validateObject(spec({ a: { type: 'string' } }), obj({ a: 'x', foo: 1, bar: { b: 1 } }));
    expect(unknownFieldMessages(r.pruned)).toEqual(['unknown field "spec.foo"', 'unknown field "spec.bar"']);
    expect(strictDecodingMessage('StatefulSet', 'v1beta1', r.pruned)).toBe(
      'StatefulSet in version "v1beta1" cannot be handled as a StatefulSet: strict decoding error: unknown field "spec.foo", unknown field "spec.bar"',
    );
  });

  it('pruned paths inside arrays carry the index', () => {
    const r = validateObject(spec({ l: { type: 'array', items: { type: 'object', properties: { a: { type: 'string' } } } } }), obj({ l: [{ a: 'x' }, { a: 'y', z: 1 }] }));
    expect(r.pruned).toEqual(['spec.l[1].z']);
  });
});
