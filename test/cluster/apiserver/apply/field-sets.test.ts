// The pure pieces of server-side apply: field sets in fieldsV1 form, comparing and merging values by their
// apply types (kube's list order), pruning, the conflict message, and reading apply bodies.
import { describe, expect, it } from 'vitest';
import { builtinType } from '../../../../src/cluster/apiserver/apply/builtin-types.js';
import { compare, toFieldSet } from '../../../../src/cluster/apiserver/apply/compare.js';
import { conflictError } from '../../../../src/cluster/apiserver/apply/conflicts.js';
import { crdType } from '../../../../src/cluster/apiserver/apply/crd-types.js';
import { difference, intersection, memberPaths, normaliseFieldsV1, printPath, union } from '../../../../src/cluster/apiserver/apply/field-set.js';
import { mergeApplied, prune } from '../../../../src/cluster/apiserver/apply/merge.js';
import { managerFromUserAgent, parseApplyBody } from '../../../../src/cluster/apiserver/apply/request.js';

const podType = builtinType('', 'Pod');

describe('field sets', () => {
  it('keep the `.` marker only on members with children, and kube\'s key order (fields, then keys, values, indices)', () => {
    const s = normaliseFieldsV1({ 'f:b': {}, 'f:a': { 'f:x': {}, '.': {} }, 'k:{"name":"z"}': { '.': {} }, 'f:c': { '.': {} } });
    expect(JSON.stringify(s)).toBe('{"f:a":{".":{},"f:x":{}},"f:b":{},"f:c":{},"k:{\\"name\\":\\"z\\"}":{}}');
  });

  it('unite, intersect and subtract by membership', () => {
    const a = { 'f:data': { '.': {}, 'f:x': {}, 'f:y': {} } };
    const b = { 'f:data': { 'f:y': {}, 'f:z': {} } };
    expect(union(a, b)).toEqual({ 'f:data': { '.': {}, 'f:x': {}, 'f:y': {}, 'f:z': {} } });
    expect(intersection(a, b)).toEqual({ 'f:data': { 'f:y': {} } });
    expect(difference(a, b)).toEqual({ 'f:data': { '.': {}, 'f:x': {} } });
    expect(difference(b, b)).toEqual({});
  });

  it('list their members level by level and print them as kube does in conflicts', () => {
    const s = { 'f:spec': { 'f:containers': { 'k:{"name":"c"}': { 'f:image': {} } }, 'f:replicas': {} }, 'f:metadata': { 'f:finalizers': { 'v:"x"': {} } } };
    expect(memberPaths(s).map(printPath)).toEqual(['.spec.replicas', '.spec.containers[name="c"].image', '.metadata.finalizers[="x"]']);
  });
});

describe('comparing and collecting fields', () => {
  it('marks an added map or list item as a member, a changed leaf as modified, a dropped item as removed', () => {
    const before = { spec: { containers: [{ name: 'a', image: '1' }, { name: 'b', image: '1' }] } };
    const after = { metadata: { labels: { x: 'y' } }, spec: { containers: [{ name: 'a', image: '2' }] } };
    const c = compare(before, after, podType);
    expect(c.added).toEqual({ 'f:metadata': { '.': {}, 'f:labels': { '.': {}, 'f:x': {} } } });
    expect(c.modified).toEqual({ 'f:spec': { 'f:containers': { 'k:{"name":"a"}': { 'f:image': {} } } } });
    expect(c.removed).toEqual({ 'f:spec': { 'f:containers': { 'k:{"name":"b"}': { '.': {}, 'f:image': {}, 'f:name': {} } } } });
  });

  it('collects what a configuration sets: leaves, items, free map keys; atomic values as one field', () => {
    const config = { spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }] }], nodeSelector: { a: 'b' }, tolerations: [{ key: 'k' }] } };
    expect(toFieldSet(config, podType)).toEqual({
      'f:spec': {
        'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:name': {}, 'f:ports': { 'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} } } } },
        'f:nodeSelector': {},
        'f:tolerations': {},
      },
    });
  });

  it('reads list types from a CRD schema (no extension: atomic)', () => {
    const t = crdType({ type: 'object', properties: { spec: { type: 'object', properties: { a: { type: 'array', items: { type: 'string' } }, s: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' } } } } });
    expect(toFieldSet({ spec: { a: ['x'], s: ['y'] } }, t)).toEqual({ 'f:spec': { 'f:a': {}, 'f:s': { 'v:"y"': {} } } });
  });
});

describe('merging an applied configuration', () => {
  it('keeps live items where they are and adds applied items not yet there after them (kube\'s merge order)', () => {
    const live = { spec: { containers: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] } };
    const config = { spec: { containers: [{ name: 'b', image: 'x' }, { name: 'n' }] } };
    const merged = mergeApplied(live, config, podType) as any;
    expect(merged.spec.containers.map((c: any) => c.name)).toEqual(['a', 'b', 'c', 'n']);
    expect(merged.spec.containers[1]).toEqual({ name: 'b', image: 'x' });
  });

  it('prunes what the applier set before and no one owns now', () => {
    const merged = { data: { x: '1', y: '2' } };
    const last = { 'f:data': { 'f:x': {}, 'f:y': {} } };
    expect(prune(merged, last, { 'f:data': { 'f:x': {} } }, builtinType('', 'ConfigMap'))).toEqual({ data: { x: '1' } });
  });
});

describe('conflicts', () => {
  it('word one conflict inline and several grouped by manager', () => {
    const upd = JSON.stringify({ manager: 'm2', operation: 'Update', apiVersion: 'v1' });
    const app = JSON.stringify({ manager: 'm1', operation: 'Apply', subresource: 'status' });
    expect(conflictError([{ managerId: upd, path: '.data.x' }]).message).toBe('Apply failed with 1 conflict: conflict with "m2" using v1: .data.x');
    expect(conflictError([{ managerId: app, path: '.status.a' }, { managerId: upd, path: '.data.x' }]).message).toBe(
      'Apply failed with 2 conflicts: conflicts with "m1" with subresource "status":\n- .status.a\nconflicts with "m2" using v1:\n- .data.x',
    );
  });
});

describe('requests', () => {
  it('name the manager after the User-Agent\'s product', () => {
    expect(managerFromUserAgent('kubectl-client-side-apply/v1.32.0 (linux/amd64) kubernetes/70d3cc9')).toBe('kubectl-client-side-apply');
    expect(managerFromUserAgent(undefined)).toBe('');
  });

  it('read apply bodies as YAML 1.1 with string keys', () => {
    expect(parseApplyBody('a: yes\nb: [1, 2]\n1: x\n')).toEqual({ a: true, b: [1, 2], 1: 'x' });
    expect(() => parseApplyBody('- a')).toThrow(/cannot unmarshal/);
  });
});
