// Stable key → shard hashing: 32-bit FNV-1a over UTF-16 code units, the same in every process
// and release, so a key's shard (and hence its worker) never moves while the shard count holds.

export function fnv1a32(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function shardOfKey(key: string, shards: number): number {
  return fnv1a32(key) % shards;
}
