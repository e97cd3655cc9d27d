import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../src/api/clock.js';
import type { KubeObject } from '../../src/api/index.js';
import { Expectations, rvAtLeast } from '../../src/runtime/expectations.js';
import { Store } from '../../src/runtime/informer/store.js';

const pod = (name: string, rv: string, uid = `uid-${name}`, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'ns', resourceVersion: rv, uid, ...extra },
});

function setup() {
  const clock = new FakeClock();
  const pods = new Store();
  const exp = new Expectations(clock, (kind) => (kind === 'Pod' ? pods : undefined));
  return { clock, pods, exp };
}

describe('Expectations', () => {
  it('a created object blocks planning until its name appears in the cache', () => {
    const { pods, exp } = setup();
    exp.expect('K/ns/w', { verb: 'create', kind: 'Pod', namespace: 'ns', name: 'w-0' });
    expect(exp.check('K/ns/w')).toMatchObject({ ready: false, pending: 1 });
    pods.upsert(pod('w-0', '5'));
    expect(exp.check('K/ns/w')).toEqual({ ready: true, expired: [] });
    expect(exp.size).toBe(0);
  });

  it('a delete is observed when the object disappears, changes uid or gets a deletionTimestamp', () => {
    const { pods, exp } = setup();
    pods.upsert(pod('a', '1'));
    pods.upsert(pod('b', '1'));
    pods.upsert(pod('c', '1'));
    for (const n of ['a', 'b', 'c']) exp.expect('k', { verb: 'delete', kind: 'Pod', namespace: 'ns', name: n, uid: `uid-${n}` });
    expect(exp.check('k')).toMatchObject({ ready: false, pending: 3 });
    pods.remove(pod('a', '2'));
    pods.upsert(pod('b', '3', 'uid-b-new'));
    expect(exp.check('k')).toMatchObject({ ready: false, pending: 1 });
    pods.upsert(pod('c', '4', 'uid-c', { deletionTimestamp: '2026-01-01T00:00:00Z' }));
    expect(exp.check('k')).toMatchObject({ ready: true });
  });

  it('a patch is observed only when the cache reaches the returned resourceVersion', () => {
    const { pods, exp } = setup();
    pods.upsert(pod('a', '9'));
    exp.expect('k', { verb: 'patch', kind: 'Pod', namespace: 'ns', name: 'a', uid: 'uid-a', resourceVersion: '10' });
    expect(exp.check('k').ready).toBe(false);
    pods.upsert(pod('a', '11'));
    expect(exp.check('k').ready).toBe(true);
  });

  it('after 5 minutes the turn plans anyway and gets the unobserved writes as pending', () => {
    const { clock, exp } = setup();
    exp.expect('k', { verb: 'create', kind: 'Pod', namespace: 'ns', name: 'lost' });
    clock.advance(60_000);
    const c = exp.check('k');
    expect(c).toEqual({ ready: false, pending: 1, waitMs: 240_000 });
    clock.advance(240_000);
    const sinceMs = clock.now() - 300_000;
    expect(exp.check('k')).toEqual({ ready: true, expired: [{ verb: 'create', kind: 'Pod', name: 'lost', sinceMs }] });
    expect(exp.check('k')).toEqual({ ready: true, expired: [] });
  });

  it('writes to kinds without a cache never block', () => {
    const { exp } = setup();
    exp.expect('k', { verb: 'create', kind: 'Secret', namespace: 'ns', name: 's' });
    expect(exp.check('k').ready).toBe(true);
  });

  it('compares resourceVersions numerically', () => {
    expect(rvAtLeast('10', '9')).toBe(true);
    expect(rvAtLeast('9', '10')).toBe(false);
    expect(rvAtLeast(undefined, '1')).toBe(false);
    expect(rvAtLeast('abc', 'abc')).toBe(true);
  });
});
