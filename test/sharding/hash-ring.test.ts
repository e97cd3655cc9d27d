import { describe, expect, it } from 'vitest';
import { HashRing, ringId } from '../../src/runtime/sharding/hash-ring.js';

const KEYS = Array.from({ length: 6000 }, (_, i) => `StatefulSet/tenant-${i % 7}/web-${i}`);

function shares(ring: HashRing): Map<string, number> {
  const m = new Map<string, number>();
  for (const k of KEYS) m.set(ring.ownerOf(k)!, (m.get(ring.ownerOf(k)!) ?? 0) + 1);
  return m;
}

describe('HashRing', () => {
  it('spreads keys over 3 members within ±15 % of a third each', () => {
    const s = shares(new HashRing(['kactor-0', 'kactor-1', 'kactor-2']));
    for (const n of s.values()) expect(Math.abs(n / KEYS.length - 1 / 3)).toBeLessThan(0.05);
  });

  it('gives every replica the same owner for a key, whatever order it lists the members in', () => {
    const a = new HashRing(['x', 'y', 'z']);
    const b = new HashRing(['z', 'x', 'y', 'x']);
    expect(a.id).toBe(b.id);
    for (const k of KEYS.slice(0, 500)) expect(a.ownerOf(k)).toBe(b.ownerOf(k));
  });

  it('moves only ~1/N of the keys on a join, and only to the joiner', () => {
    const before = new HashRing(['a', 'b', 'c']);
    const after = new HashRing(['a', 'b', 'c', 'd']);
    let moved = 0;
    for (const k of KEYS) {
      if (before.ownerOf(k) !== after.ownerOf(k)) {
        moved++;
        expect(after.ownerOf(k)).toBe('d');
      }
    }
    expect(moved / KEYS.length).toBeGreaterThan(0.18);
    expect(moved / KEYS.length).toBeLessThan(0.32);
  });

  it("moves only the leaver's keys when a member leaves", () => {
    const before = new HashRing(['a', 'b', 'c', 'd']);
    const after = new HashRing(['a', 'b', 'c']);
    for (const k of KEYS) if (before.ownerOf(k) !== 'd') expect(after.ownerOf(k)).toBe(before.ownerOf(k));
  });

  it('names member sets: same set same id, different set different id', () => {
    expect(ringId(['a', 'b'])).toBe(ringId(['b', 'a']));
    expect(ringId(['a', 'b'])).not.toBe(ringId(['a', 'b', 'c']));
    expect(new HashRing([]).ownerOf('k')).toBeUndefined();
  });
});
