// JSON patch as kube-apiserver 1.26 applies it, quirks included (each case checked against a real
// kube-apiserver 1.26.5 with the same operations on a ConfigMap).
import { describe, expect, it } from 'vitest';
import { applyJsonPatch, JsonPatchError } from '../../../../src/cluster/apiserver/patch/json-patch.js';

const doc = () => ({ metadata: { finalizers: ['x/y'] }, data: { a: '1' } });
const apply = (ops: Record<string, unknown>[]) => applyJsonPatch(doc(), ops) as any;

describe('JSON patch', () => {
  it('replace of a missing object key adds it', () => {
    expect(apply([{ op: 'replace', path: '/data/b', value: '2' }]).data).toEqual({ a: '1', b: '2' });
  });

  it('copy from a missing key copies null; add without a value adds null', () => {
    expect(apply([{ op: 'copy', from: '/data/none', path: '/data/c' }, { op: 'add', path: '/data/d' }]).data).toEqual({ a: '1', c: null, d: null });
  });

  it('a negative index counts from the end', () => {
    expect(apply([{ op: 'add', path: '/metadata/finalizers/-', value: 'z/z' }, { op: 'remove', path: '/metadata/finalizers/-1' }]).metadata.finalizers).toEqual(['x/y']);
  });

  it('a path without a leading slash addresses the top level', () => {
    expect(apply([{ op: 'add', path: 'data/x', value: '1' }])).toMatchObject({ x: '1', data: { a: '1' } });
  });

  it.each([
    [[{ op: 'remove', path: '/data/nope' }]],
    [[{ op: 'add', path: '/nope/x', value: 1 }]],
    [[{ op: 'replace', path: '/metadata/finalizers/5', value: 'a' }]],
    [[{ op: 'add', path: '/metadata/finalizers/5', value: 'a' }]],
    [[{ op: 'move', from: '/data/nope', path: '/data/b' }]],
    [[{ op: 'remove', path: '/metadata/finalizers/9' }]],
    [[{ op: 'test', path: '/data/a', value: '2' }]],
    [[{ op: 'frobnicate', path: '/data/a' }]],
    [[{ op: 'add' }]],
  ])('refuses %j', (ops) => {
    expect(() => apply(ops)).toThrow(JsonPatchError);
  });

  it('a test of a missing key against null passes, against a value fails', () => {
    expect(() => apply([{ op: 'test', path: '/data/none', value: null }])).not.toThrow();
    expect(() => apply([{ op: 'test', path: '/data/a', value: '1' }])).not.toThrow();
  });

  it('replace of the whole document needs an object or array', () => {
    expect(applyJsonPatch(doc(), [{ op: 'replace', path: '', value: { b: 1 } }])).toEqual({ b: 1 });
    expect(() => applyJsonPatch(doc(), [{ op: 'replace', path: '', value: 3 }])).toThrow(JsonPatchError);
  });
});
