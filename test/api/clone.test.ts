import { describe, expect, it } from 'vitest';
import { cloneJson } from '../../src/api/index.js';

describe('cloneJson', () => {
  it('copies nested objects and arrays so that changing the copy leaves the original alone', () => {
    const spec = { containers: [{ name: 'c', image: 'busybox', env: [{ name: 'A', value: '1' }] }], nodeSelector: { zone: 'a' } };
    const copy = cloneJson(spec);
    expect(copy).toEqual(spec);
    copy.containers[0]!.env[0]!.value = '2';
    copy.nodeSelector.zone = 'b';
    copy.containers.push({ name: 'd', image: 'x', env: [] });
    expect(spec.containers).toHaveLength(1);
    expect(spec.containers[0]!.env[0]!.value).toBe('1');
    expect(spec.nodeSelector.zone).toBe('a');
  });

  it('copies a frozen object into a mutable one, keeps undefined values and primitives as they are', () => {
    const frozen = Object.freeze({ a: Object.freeze({ b: 1 }), u: undefined, n: null, s: 'x', f: false });
    const copy = cloneJson(frozen) as { a: { b: number } };
    copy.a.b = 2;
    expect(copy).toEqual({ a: { b: 2 }, u: undefined, n: null, s: 'x', f: false });
    expect(Object.keys(copy)).toContain('u');
    expect(cloneJson(5)).toBe(5);
    expect(cloneJson(null)).toBe(null);
  });

  it('keeps a "__proto__" key from JSON as a key, without changing the prototype', () => {
    const parsed = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>;
    const copy = cloneJson(parsed);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['__proto__', 'a']);
    expect((copy as { polluted?: boolean }).polluted).toBeUndefined();
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"polluted":true},"a":1}');
  });
});
