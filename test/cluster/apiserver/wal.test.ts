// The write-ahead log on its own: snapshots truncate the log and recovery = snapshot + log; deletions
// and the global resourceVersion survive; a torn last line (a write never acknowledged) is ignored,
// a corrupt line in the middle is refused.
import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WriteAheadLog } from '../../../src/cluster/apiserver/storage/wal.js';

const root = mkdtempSync(join(tmpdir(), 'kactor-wal-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const cm = (name: string, v: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data: { v } });
const R = '/configmaps';

async function fill(dir: string, snapshotEvery: number) {
  const wal = await WriteAheadLog.open(dir, { snapshotEvery });
  for (let i = 0; i < 120; i++) {
    wal.storage.create(R, cm(`c${i}`, '0'));
    if (i % 4 === 0) wal.storage.update(R, cm(`c${i}`, '1'));
    if (i % 10 === 0) wal.storage.remove(R, 'default', `c${i}`);
    await wal.sync();
  }
  const expected = new Map(wal.storage.list(R).map((r) => [r.obj.metadata!.name!, r.json]));
  const rv = wal.storage.currentRv;
  await wal.close();
  return { expected, rv, stats: wal.stats };
}

describe('write-ahead log', () => {
  it('snapshots truncate the log, and snapshot + log bring back every object, deletion and the resourceVersion', async () => {
    const dir = join(root, 'snap');
    const { expected, rv, stats } = await fill(dir, 50);
    expect(stats.snapshots).toBeGreaterThanOrEqual(3);
    expect(statSync(join(dir, 'wal.log')).size).toBeLessThan(readFileSync(join(dir, 'snapshot.jsonl')).length);
    const again = await WriteAheadLog.open(dir);
    expect(again.storage.currentRv).toBe(rv);
    expect(new Map(again.storage.list(R).map((r) => [r.obj.metadata!.name!, r.json]))).toEqual(expected);
    expect(again.storage.get(R, 'default', 'c10')).toBeUndefined();
    // The next write continues above the recovered resourceVersion.
    expect(again.storage.create(R, cm('next', '0')).rv).toBe(rv + 1);
    await again.close();
  });

  it('group commit writes many changes with fewer fsyncs than changes', async () => {
    const wal = await WriteAheadLog.open(join(root, 'group'));
    for (let i = 0; i < 200; i++) wal.storage.create(R, cm(`g${i}`, '0'));
    await wal.sync();
    expect(wal.stats.entries).toBe(200);
    expect(wal.stats.fsyncs).toBe(1);
    await wal.close();
  });

  it('a torn last line is ignored; a corrupt line before the end is refused with its line number', async () => {
    const dir = join(root, 'torn');
    const { expected } = await fill(dir, 1_000_000);
    appendFileSync(join(dir, 'wal.log'), '{"t":"p","r":"/configmaps","j":"{\\"metadata\\":{\\"na');
    const again = await WriteAheadLog.open(dir);
    expect(new Map(again.storage.list(R).map((r) => [r.obj.metadata!.name!, r.json]))).toEqual(expected);
    await again.close();
    appendFileSync(join(dir, 'wal.log'), '\n{"t":"d","r":"/configmaps","ns":"default","n":"c1","rv":999}\n');
    await expect(WriteAheadLog.open(dir)).rejects.toThrow(/line \d+ is corrupt/);
  });
});
