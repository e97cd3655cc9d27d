// Consistent hashing of workload keys onto shard members: each member has `vnodes` points on a
// 32-bit ring (FNV-1a of "member#i", the same hash as the in-process worker shards); a key belongs
// to the member of the first point at or after the key's hash. A join or a leave moves only the
// keys of the arcs it gains or loses (~1/N of them), and every replica computes the same owner from
// the same member set. `ringId` names a member set, so replicas can say which ring they act on.
import { createHash } from 'node:crypto';
import { fnv1a32 } from '../../actors/shard-hash.js';

export const DEFAULT_VNODES = 128;

/** A stable name for a member set: the first 12 hex digits of sha1 over the sorted identities. */
export function ringId(members: readonly string[]): string {
  return createHash('sha1').update([...members].sort().join('\n')).digest('hex').slice(0, 12);
}

/** A finalising mix (murmur3 fmix32) so nearby FNV values spread over the ring. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hashKey(key: string): number {
  return mix(fnv1a32(key));
}

export class HashRing {
  readonly members: readonly string[];
  readonly id: string;
  readonly #points: Uint32Array;
  readonly #owners: string[];

  constructor(members: Iterable<string>, vnodes = DEFAULT_VNODES) {
    if (!Number.isInteger(vnodes) || vnodes < 1) throw new RangeError('vnodes must be a positive integer');
    this.members = [...new Set(members)].sort();
    this.id = ringId(this.members);
    const pts: Array<{ h: number; m: string }> = [];
    for (const m of this.members) for (let i = 0; i < vnodes; i++) pts.push({ h: hashKey(`${m}#${i}`), m });
    // Ties (rare) break by member name so every replica orders them alike.
    pts.sort((a, b) => a.h - b.h || (a.m < b.m ? -1 : a.m > b.m ? 1 : 0));
    this.#points = Uint32Array.from(pts.map((p) => p.h));
    this.#owners = pts.map((p) => p.m);
  }

  get size(): number {
    return this.members.length;
  }

  has(member: string): boolean {
    return this.members.includes(member);
  }

  /** The member owning `key`; undefined on an empty ring. */
  ownerOf(key: string): string | undefined {
    const n = this.#points.length;
    if (n === 0) return undefined;
    const h = hashKey(key);
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#points[mid]! < h) lo = mid + 1;
      else hi = mid;
    }
    return this.#owners[lo === n ? 0 : lo];
  }
}
