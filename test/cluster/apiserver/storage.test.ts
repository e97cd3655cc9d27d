import { describe, expect, it } from 'vitest';
import { MemoryStorage } from '../../../src/cluster/apiserver/storage/memory.js';
import { ResourceVersionTooOldError, type StoreEvent } from '../../../src/cluster/apiserver/storage/types.js';

const obj = (ns: string, name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: ns, name }, ...extra });

describe('MemoryStorage', () => {
  it('stamps one global, increasing resourceVersion across resources and serializes each version once', () => {
    const s = new MemoryStorage();
    const a = s.create('/configmaps', obj('default', 'a'));
    const b = s.create('/secrets', obj('default', 'b'));
    expect([a.rv, b.rv]).toEqual([1, 2]);
    expect(a.obj.metadata?.resourceVersion).toBe('1');
    expect(JSON.parse(a.json)).toEqual(a.obj);
    expect(Object.isFrozen(a.obj) && Object.isFrozen(a.obj.metadata)).toBe(true);
    expect(s.currentRv).toBe(2);
  });

  it('lists sorted by namespace then name, per namespace or across all', () => {
    const s = new MemoryStorage();
    for (const [ns, name] of [['b', 'x'], ['a', 'z'], ['a', 'y'], ['b', 'a']] as const) s.create('/configmaps', obj(ns, name));
    const names = (ns?: string) => s.list('/configmaps', ns).map((r) => `${r.obj.metadata!.namespace}/${r.obj.metadata!.name}`);
    expect(names()).toEqual(['a/y', 'a/z', 'b/a', 'b/x']);
    expect(names('b')).toEqual(['b/a', 'b/x']);
    s.remove('/configmaps', 'a', 'y');
    expect(names()).toEqual(['a/z', 'b/a', 'b/x']);
    expect(s.count('/configmaps')).toBe(3);
  });

  it('a watch replays history after its resourceVersion, then streams; DELETED carries a new resourceVersion', () => {
    const s = new MemoryStorage();
    const a = s.create('/configmaps', obj('default', 'a'));
    s.update('/configmaps', { ...obj('default', 'a'), data: { k: 'v' } });
    const seen: StoreEvent[] = [];
    const w = s.watch('/configmaps', a.rv, (ev) => seen.push(ev));
    const gone = s.remove('/configmaps', 'default', 'a')!;
    w.cancel();
    s.create('/configmaps', obj('default', 'after-cancel'));
    expect(seen.map((e) => `${e.type}@${e.rec.rv}`)).toEqual(['MODIFIED@2', 'DELETED@3']);
    expect(gone.rv).toBe(3);
    expect(seen[1]!.prev!.rv).toBe(2);
  });

  it('bounded history: a watch from before the oldest kept event is refused as too old', () => {
    const s = new MemoryStorage({ historySize: 3 });
    s.create('/configmaps', obj('default', 'a'));
    for (let i = 0; i < 5; i++) s.update('/configmaps', { ...obj('default', 'a'), data: { i: String(i) } });
    expect(() => s.watch('/configmaps', 1, () => {})).toThrow(ResourceVersionTooOldError);
    const seen: number[] = [];
    s.watch('/configmaps', 3, (ev) => seen.push(ev.rec.rv));
    expect(seen).toEqual([4, 5, 6]);
  });

  it('rejects a non-positive history size with a precise message', () => {
    expect(() => new MemoryStorage({ historySize: 0 })).toThrow('options.historySize must be a positive integer');
  });
});
