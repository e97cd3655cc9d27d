import { describe, expect, it } from 'vitest';
import { canonicalJson, encodeHash32, fnv1_32, fnv1a_32, safeEncodeString } from '../../../src/workloads/common/hash.js';
import {
  chooseUpdateRevision, hashStatefulSetRevision, revisionDataOf, revisionsToTruncate, templateOfRevision, buildControllerRevision,
  CONTROLLER_REVISION_HASH_LABEL, hashDaemonSetTemplate, revisionName,
} from '../../../src/workloads/common/revision.js';

const owner = { apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default', uid: 'u1', annotations: { a: 'b' } } };
const tpl = (image: string) => ({ metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image }] } });

describe('hash', () => {
  it('FNV-1 and FNV-1a 32-bit match the reference vectors', () => {
    expect(fnv1_32('')).toBe(0x811c9dc5);
    expect(fnv1_32('a')).toBe(0x050c5d7e);
    expect(fnv1a_32('a')).toBe(0xe40c292c);
    expect(fnv1_32('foobar')).toBe(0x31f0b262);
    expect(fnv1a_32('foobar')).toBe(0xbf9cf968);
  });
  it('safe encoding maps each character code modulo 27 into bcdfghjklmnpqrstvwxz2456789', () => {
    expect(safeEncodeString('0123456789')).toBe('456789bcdf');
    expect(encodeHash32(0x811c9dc5)).toBe(safeEncodeString('2166136261'));
  });
  it('canonical JSON sorts keys like Go (integer-like keys too) and escapes HTML characters', () => {
    expect(canonicalJson({ b: 1, a: { '2': 1, '10': 2 }, $patch: 'replace' })).toBe('{"$patch":"replace","a":{"10":2,"2":1},"b":1}');
    expect(canonicalJson({ x: '<&>' })).toBe('{"x":"\\u003c\\u0026\\u003e"}');
  });
});

describe('revisions', () => {
  it('revision data wraps the template with $patch replace and round-trips', () => {
    const data = revisionDataOf(tpl('nginx'));
    expect(data).toEqual({ spec: { template: { ...tpl('nginx'), $patch: 'replace' } } });
    const rev = buildControllerRevision({ owner, name: 'web-x', hash: 'x', data, revision: 1 });
    expect(templateOfRevision(rev)).toEqual(tpl('nginx'));
  });
  it('StatefulSet hash changes with the collision count and with the template, and is stable', () => {
    const d = revisionDataOf(tpl('nginx'));
    expect(hashStatefulSetRevision(d, undefined)).toBe(hashStatefulSetRevision(d, 0));
    expect(hashStatefulSetRevision(d, 1)).not.toBe(hashStatefulSetRevision(d, 0));
    expect(hashStatefulSetRevision(revisionDataOf(tpl('nginx:2')), 0)).not.toBe(hashStatefulSetRevision(d, 0));
    expect(hashStatefulSetRevision(d, 0)).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    expect(hashDaemonSetTemplate(tpl('a'), 1)).not.toBe(hashDaemonSetTemplate(tpl('a'), undefined));
  });
  it('revision object carries template labels + hash label, owner annotations, controller ownerRef and number', () => {
    const c = chooseUpdateRevision({ owner, revisions: [], template: tpl('nginx'), collisionCount: 0 });
    expect(c.write.kind).toBe('create');
    const r = c.updateRevision;
    const hash = r.metadata!.labels![CONTROLLER_REVISION_HASH_LABEL]!;
    expect(r.metadata!.name).toBe(`web-${hash}`);
    expect(r.metadata!.labels!.app).toBe('nginx');
    expect(r.metadata!.annotations).toEqual({ a: 'b' });
    expect(r.metadata!.ownerReferences![0]).toMatchObject({ kind: 'StatefulSet', name: 'web', uid: 'u1', controller: true, blockOwnerDeletion: true });
    expect(r.revision).toBe(1);
  });
  it('name prefix truncates to the given length', () => {
    expect(revisionName('x'.repeat(300), 'h', 223)).toBe('x'.repeat(223) + '-h');
  });
  it('a name taken by different data raises the collision count', () => {
    const first = chooseUpdateRevision({ owner, revisions: [], template: tpl('nginx'), collisionCount: 0 }).updateRevision;
    const impostor = { ...first, data: revisionDataOf(tpl('other')) };
    const c = chooseUpdateRevision({ owner, revisions: [], takenNames: new Map([[first.metadata!.name!, impostor]]), template: tpl('nginx'), collisionCount: 0 });
    expect(c.collisionCount).toBe(1);
    expect(c.updateRevision.metadata!.name).not.toBe(first.metadata!.name);
  });
  it('truncation deletes non-live revisions beyond the limit, oldest first', () => {
    const revs = [1, 2, 3, 4, 5].map((n) => buildControllerRevision({ owner, name: `web-${n}`, hash: `${n}`, data: {}, revision: n }));
    const del = revisionsToTruncate(revs, new Set(['web-5', 'web-1']), 1);
    expect(del.map((r) => r.metadata!.name)).toEqual(['web-2', 'web-3']);
  });
});
