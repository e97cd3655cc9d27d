import { describe, expect, it } from 'vitest';
import type { KubeObject, OwnerReference } from '../../../src/api/index.js';
import { ownerStateOf, planDependent, planOwnerDeletion, removeFinalizerPatch, removeOwnerRefsPatch } from '../../../src/cluster/nodes/gc-planner.js';

const ref = (uid: string, block = true): OwnerReference => ({ apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', name: uid, uid, controller: true, blockOwnerDeletion: block });
const obj = (name: string, owners: OwnerReference[] = [], extra: Partial<NonNullable<KubeObject['metadata']>> = {}): KubeObject => ({
  metadata: { name, namespace: 'default', uid: `uid-${name}`, ownerReferences: owners, ...extra },
});
const none = () => false;

describe('garbage collector decisions', () => {
  it('asks to confirm an owner missing from the caches before acting', () => {
    expect(planDependent(obj('p', [ref('s')]), () => 'unknown', none)).toEqual([{ type: 'confirm', owner: ref('s'), namespace: 'default' }]);
  });

  it('deletes a dependent whose owners are all gone (background)', () => {
    expect(planDependent(obj('p', [ref('s')]), () => 'absent', none)).toMatchObject([{ type: 'delete', propagationPolicy: 'Background' }]);
  });

  it('keeps a dependent with a live owner and drops references to gone owners', () => {
    const d = obj('p', [ref('a'), ref('b')]);
    expect(planDependent(d, (r) => (r.uid === 'a' ? 'present' : 'absent'), none)).toMatchObject([{ type: 'removeOwnerRefs', uids: ['b'] }]);
    expect(planDependent(obj('q', [ref('a')]), () => 'present', none)).toEqual([]);
  });

  it('deletes the dependents of a foreground-deleted owner and keeps its finalizer until blocking dependents are gone', () => {
    const owner = obj('s', [], { uid: 's', deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: ['foregroundDeletion'] });
    expect(ownerStateOf(owner, ref('s'))).toBe('foreground');
    const deps = [obj('p1', [ref('s')]), obj('p2', [ref('s', false)])];
    const actions = planOwnerDeletion(owner, deps, none);
    expect(actions.map((a) => a.type)).toEqual(['delete', 'delete']);
    const terminating = [obj('p1', [ref('s')], { deletionTimestamp: '2026-01-01T00:00:01Z' })];
    expect(planOwnerDeletion(owner, terminating, none)).toEqual([]);
    expect(planOwnerDeletion(owner, [obj('p2', [ref('s', false)], { deletionTimestamp: 'x' })], none)).toMatchObject([
      { type: 'removeFinalizer', finalizer: 'foregroundDeletion' },
    ]);
  });

  it('orphans dependents: removes the owner reference, then the orphan finalizer', () => {
    const owner = obj('s', [], { uid: 's', deletionTimestamp: '2026-01-01T00:00:00Z', finalizers: ['orphan'] });
    expect(planOwnerDeletion(owner, [obj('p1', [ref('s')])], none)).toMatchObject([{ type: 'removeOwnerRefs', uids: ['s'] }]);
    expect(planOwnerDeletion(owner, [], none)).toMatchObject([{ type: 'removeFinalizer', finalizer: 'orphan' }]);
  });

  it('writes guarded JSON patches', () => {
    const d = obj('p', [ref('a'), ref('b')], { finalizers: ['x', 'orphan'] });
    expect(removeOwnerRefsPatch(d, ['b'])).toEqual([
      { op: 'test', path: '/metadata/ownerReferences/1/uid', value: 'b' },
      { op: 'remove', path: '/metadata/ownerReferences/1' },
    ]);
    expect(removeFinalizerPatch(d, 'orphan')).toEqual([
      { op: 'test', path: '/metadata/finalizers/1', value: 'orphan' },
      { op: 'remove', path: '/metadata/finalizers/1' },
    ]);
    expect(removeFinalizerPatch(d, 'nope')).toBeUndefined();
  });
});
