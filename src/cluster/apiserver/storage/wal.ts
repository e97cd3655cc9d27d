// Durability for the in-memory store: a write-ahead log (one JSON line per change, appended and
// fdatasync'd before the client's answer goes out, with group commit batching every change of a busy
// moment into one write + one fsync) and periodic snapshots (temp file, fsync, rename, fsync dir, then
// truncate the log). Opening a data dir loads the snapshot and replays the log; a torn last line (the
// process died mid-append, so that write was never acknowledged) is ignored.
import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { MemoryStorage } from './memory.js';
import type { StoreEvent } from './types.js';

export interface WalOptions {
  /** Most events kept per resource for watch resumption (storage/history.ts). @default 102400 */
  historySize?: number;
  /** Milliseconds now, for the event window's freshness. @default Date.now */
  now?: () => number;
  /** Batch the changes waiting while an fsync runs into one write + fsync. @default true */
  groupCommit?: boolean;
  /** Write a snapshot (and truncate the log) after this many logged changes. @default 20000 */
  snapshotEvery?: number;
}

export class WalError extends Error {
  readonly code = 'WalError';
}

type Entry = { t: 'p'; r: string; j: string } | { t: 'd'; r: string; ns: string; n: string; rv: number };

const LOG = 'wal.log';
const SNAPSHOT = 'snapshot.jsonl';

export interface WalStats {
  entries: number;
  fsyncs: number;
  snapshots: number;
  recoveredObjects: number;
  recoveredRv: number;
}

export class WriteAheadLog {
  readonly stats: WalStats = { entries: 0, fsyncs: 0, snapshots: 0, recoveredObjects: 0, recoveredRv: 0 };
  #pending: string[] = [];
  #waiters: Array<{ ok: () => void; fail: (e: unknown) => void }> = [];
  #flushing: Promise<void> | undefined;
  #sinceSnapshot = 0;
  #failed: unknown;
  #closed = false;

  private constructor(
    readonly dir: string,
    readonly storage: MemoryStorage,
    private readonly log: FileHandle,
    private readonly options: Required<WalOptions>,
  ) {}

  /** Opens (creating) `dir`, loads snapshot + log into a fresh MemoryStorage whose changes are logged from then on. */
  static async open(dir: string, options: WalOptions = {}): Promise<WriteAheadLog> {
    const o: Required<WalOptions> = { historySize: 100 * 1024, now: Date.now, groupCommit: true, snapshotEvery: 20_000, ...options };
    if (!Number.isInteger(o.snapshotEvery) || o.snapshotEvery < 1) throw new WalError('options.snapshotEvery must be a positive integer');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    let wal: WriteAheadLog | undefined;
    const storage = new MemoryStorage({ historySize: o.historySize, now: o.now, onEvent: (r, ev) => wal?.append(r, ev) });
    const recovered = recover(dir, storage);
    const log = await open(join(dir, LOG), 'a', 0o600);
    wal = new WriteAheadLog(dir, storage, log, o);
    wal.stats.recoveredObjects = recovered;
    wal.stats.recoveredRv = storage.currentRv;
    return wal;
  }

  /** Records one change; the answer to its write waits for `sync()`. */
  append(resource: string, ev: StoreEvent): void {
    if (this.#closed) return;
    const entry: Entry = ev.type === 'DELETED'
      ? { t: 'd', r: resource, ns: ev.rec.obj.metadata?.namespace ?? '', n: ev.rec.obj.metadata!.name!, rv: ev.rec.rv }
      : { t: 'p', r: resource, j: ev.rec.json };
    this.#pending.push(JSON.stringify(entry) + '\n');
    this.stats.entries++;
    this.#sinceSnapshot++;
  }

  /** Resolves once every change recorded so far is on disk (rejects if the log failed). */
  sync(): Promise<void> {
    if (this.#failed) return Promise.reject(this.#failed);
    if (this.#pending.length === 0 && !this.#flushing) return Promise.resolve();
    const done = new Promise<void>((ok, fail) => this.#waiters.push({ ok, fail }));
    this.#kick();
    return done;
  }

  #kick(): void {
    if (this.#flushing) return;
    this.#flushing = this.#flushLoop().finally(() => {
      this.#flushing = undefined;
      // A change (or a waiter) that arrived after the loop's last check but before this point.
      if (!this.#failed && (this.#pending.length > 0 || this.#waiters.length > 0)) this.#kick();
    });
  }

  async #flushLoop(): Promise<void> {
    while (this.#pending.length > 0) {
      // Group commit: everything pending goes in one write; without it, one entry per write + fsync.
      const take = this.options.groupCommit ? this.#pending.length : 1;
      const batch = this.#pending.splice(0, take);
      const waiters = this.#pending.length === 0 ? this.#waiters.splice(0) : [];
      try {
        await this.log.write(batch.join(''));
        await this.log.datasync();
        this.stats.fsyncs++;
      } catch (err) {
        this.#failed = new WalError(`write-ahead log ${join(this.dir, LOG)}: ${(err as Error).message}`, { cause: err });
        for (const w of [...waiters, ...this.#waiters.splice(0)]) w.fail(this.#failed);
        return;
      }
      for (const w of waiters) w.ok();
      if (this.#sinceSnapshot >= this.options.snapshotEvery && this.#pending.length === 0) this.snapshot();
    }
    for (const w of this.#waiters.splice(0)) w.ok();
  }

  /**
   * Writes the whole store to a snapshot (temp, fsync, rename, fsync dir) and truncates the log. Runs
   * synchronously between flushes, so the snapshot holds exactly what the log held.
   */
  snapshot(): void {
    const tmp = join(this.dir, `${SNAPSHOT}.tmp`);
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, JSON.stringify({ rv: this.storage.currentRv }) + '\n');
      for (const r of this.storage.resources()) {
        const lines = this.storage.list(r).map((rec) => JSON.stringify({ t: 'p', r, j: rec.json }) + '\n');
        if (lines.length) writeSync(fd, lines.join(''));
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, join(this.dir, SNAPSHOT));
    fsyncDir(this.dir);
    const logFd = openSync(join(this.dir, LOG), 'r+');
    try {
      ftruncateSync(logFd, 0);
      fsyncSync(logFd);
    } finally {
      closeSync(logFd);
    }
    this.#sinceSnapshot = 0;
    this.stats.snapshots++;
  }

  /** Flushes what is pending and closes the log. */
  async close(): Promise<void> {
    await this.sync().catch(() => undefined);
    this.#closed = true;
    await this.log.close();
  }
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Loads snapshot then log into `storage`; returns how many objects it holds. */
function recover(dir: string, storage: MemoryStorage): number {
  const apply = (e: Entry) => {
    if (e.t === 'p') storage.restorePut(e.r, e.j);
    else storage.restoreRemove(e.r, e.ns, e.n, e.rv);
  };
  const snap = join(dir, SNAPSHOT);
  let floor = 0;
  if (existsSync(snap)) {
    const lines = readFileSync(snap, 'utf8').split('\n').filter(Boolean);
    floor = (JSON.parse(lines[0] ?? '{"rv":0}') as { rv: number }).rv;
    for (const line of lines.slice(1)) apply(JSON.parse(line) as Entry);
    if (floor > storage.currentRv) storage.restoreRemove('', '', '', floor);
  }
  const log = join(dir, LOG);
  if (existsSync(log)) {
    const lines = readFileSync(log, 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (!line) continue;
      let e: Entry;
      try {
        e = JSON.parse(line) as Entry;
      } catch (err) {
        if (i >= lines.length - 2) break; // torn tail: never acknowledged
        throw new WalError(`write-ahead log ${log}: line ${i + 1} is corrupt`, { cause: err });
      }
      const rv = e.t === 'd' ? e.rv : Number((JSON.parse(e.j) as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion ?? 0);
      if (rv > floor) apply(e); // older lines: the snapshot already holds them (crash before the truncate)
    }
  }
  return storage.resources().reduce((n, r) => n + storage.count(r), 0);
}
