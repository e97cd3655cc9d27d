// A guarded informer for one resource type: list+watch as an explicit state machine
// (Listing → Watching ⇄ Backoff, Relisting after 410), filling a Store and telling handlers.
// Unlike client-node's informer it never stops by itself: dropped sockets, 5xx and ERROR events back
// off and re-watch from the last resourceVersion; 410 Gone relists; a watchdog aborts a watch that
// has been silent longer than the server's timeout allows; an optional resync re-announces every
// object. Free of controller concerns: the simulated nodes reuse it.
import type { KubeObject } from '../../api/index.js';
import { realClock, type Clock, type TimerHandle } from '../../api/clock.js';
import { ApiError, RuntimeOptionsError } from '../errors.js';
import type { RestClient } from '../client/rest-client.js';
import type { ResourceType } from '../workload-definition.js';
import { Store, defaultIndexers, type IndexFn, type StoreReader } from './store.js';

export type InformerState = 'Idle' | 'Listing' | 'Watching' | 'Relisting' | 'Backoff' | 'Stopped';

/** Why an event is delivered: the first list (low priority), a watch event, a relist diff, a resync. */
export type EventSource = 'list' | 'watch' | 'relist' | 'resync';

export interface InformerEvent<T extends KubeObject = KubeObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: T;
  /** The cached version before this event (MODIFIED, and DELETED). */
  old?: T;
  source: EventSource;
}

export type InformerHandler<T extends KubeObject = KubeObject> = (event: InformerEvent<T>) => void;

export interface InformerOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** @default realClock */
  clock?: Clock;
  /** List page size. @default 500 */
  pageSize?: number;
  /** Server-side watch timeout; each watch picks a value in [t, 2t) as client-go does. @default 300 */
  watchTimeoutSeconds?: number;
  /** Abort a watch that received no byte for this long. @default watch timeout + 30 s */
  watchdogMs?: number;
  /** Re-announce every cached object this often (0 = never). @default 0 */
  resyncMs?: number;
  /** Backoff after errors: first delay and cap. @default 100 / 30000 */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  indexers?: Record<string, IndexFn>;
  /**
   * Cache only metadata (PartialObjectMetadata lists and watches, as kube's garbage collector): cached objects
   * keep the resource's apiVersion and kind and have no spec or status. @default false
   */
  metadataOnly?: boolean;
  /** Called on each watch reconnect after an error / watchdog / 410 (for kactor_informer_reconnects_total). */
  onReconnect?: (resource: string, reason: 'error' | 'watchdog' | 'gone') => void;
  onError?: (resource: string, err: unknown) => void;
}

interface WatchLine {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: KubeObject & { code?: number; message?: string; reason?: string };
}

class WatchdogFired extends Error {
  readonly code = 'WatchdogFired';
}

export function resolveInformerOptions(o: InformerOptions) {
  const watchTimeoutSeconds = o.watchTimeoutSeconds ?? 300;
  if (!(watchTimeoutSeconds > 0)) throw new RuntimeOptionsError('options.watchTimeoutSeconds must be a positive number');
  const pageSize = o.pageSize ?? 500;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RuntimeOptionsError('options.pageSize must be a positive integer');
  const resyncMs = o.resyncMs ?? 0;
  if (!(resyncMs >= 0)) throw new RuntimeOptionsError('options.resyncMs must be a non-negative number');
  return {
    ...o,
    clock: o.clock ?? realClock,
    pageSize,
    watchTimeoutSeconds,
    watchdogMs: o.watchdogMs ?? watchTimeoutSeconds * 2000 + 30_000,
    resyncMs,
    backoffInitialMs: o.backoffInitialMs ?? 100,
    backoffMaxMs: o.backoffMaxMs ?? 30_000,
    indexers: o.indexers ?? defaultIndexers,
  };
}

export class Informer<T extends KubeObject = KubeObject> {
  readonly resource: ResourceType;
  readonly #store: Store<T>;
  readonly #client: RestClient;
  readonly #opts: ReturnType<typeof resolveInformerOptions>;
  readonly #handlers: InformerHandler<T>[] = [];
  #state: InformerState = 'Idle';
  #resourceVersion: string | undefined;
  #listed = false;
  #abort: AbortController | undefined;
  #sleep: { timer: TimerHandle; resolve: () => void } | undefined;
  #resyncTimer: TimerHandle | undefined;
  #syncedResolve!: () => void;
  #loop: Promise<void> | undefined;
  readonly synced: Promise<void>;
  /** Counters, for tests and metrics. */
  readonly stats = { lists: 0, watches: 0, reconnects: 0, events: 0 };

  constructor(client: RestClient, resource: ResourceType, options: InformerOptions = {}) {
    this.resource = resource;
    this.#client = client;
    this.#opts = resolveInformerOptions(options);
    this.#store = new Store<T>(this.#opts.indexers);
    this.synced = new Promise((r) => (this.#syncedResolve = r));
  }

  get store(): StoreReader<T> {
    return this.#store;
  }

  get state(): InformerState {
    return this.#state;
  }

  get hasSynced(): boolean {
    return this.#listed;
  }

  get resourceVersion(): string | undefined {
    return this.#resourceVersion;
  }

  /** Handlers run synchronously after the store is updated. One added after start() sees later events only (SharedInformers replays the cache first). */
  on(handler: InformerHandler<T>): void {
    this.#handlers.push(handler);
  }

  start(): void {
    if (this.#loop) return;
    this.#loop = this.#run();
    if (this.#opts.resyncMs > 0) this.#scheduleResync();
  }

  async stop(): Promise<void> {
    this.#state = 'Stopped';
    this.#abort?.abort();
    this.#resyncTimer?.cancel();
    this.#wake();
    await this.#loop;
  }

  async #run(): Promise<void> {
    let failures = 0;
    let needList = true;
    while (this.#state !== 'Stopped') {
      try {
        if (needList) {
          this.#state = this.#listed ? 'Relisting' : 'Listing';
          await this.#list();
          // stop() during the list: leave 'Stopped' as it is (overwriting it would open a watch nobody ends).
          if (this.#isStopped()) break;
          needList = false;
          failures = 0;
        }
        this.#state = 'Watching';
        const started = this.#opts.clock.now();
        const progressed = await this.#watch();
        if (progressed) failures = 0;
        // A server that closes watches at once without events must not make this loop spin.
        else if (this.#opts.clock.now() - started < 1000) await this.#sleepMs(this.#opts.backoffInitialMs);
      } catch (err) {
        if (this.#isStopped()) break;
        const gone = err instanceof ApiError && err.statusCode === 410;
        const reason = gone ? 'gone' : err instanceof WatchdogFired ? 'watchdog' : 'error';
        this.stats.reconnects++;
        this.#opts.onReconnect?.(this.resource.plural, reason);
        if (!gone) this.#opts.onError?.(this.resource.plural, err);
        if (gone) {
          needList = true;
          continue;
        }
        failures++;
        this.#state = 'Backoff';
        await this.#sleepMs(this.#backoffMs(failures));
      }
    }
  }

  #backoffMs(failures: number): number {
    const base = Math.min(this.#opts.backoffMaxMs, this.#opts.backoffInitialMs * 2 ** (failures - 1));
    return base * (0.8 + Math.random() * 0.4);
  }

  async #list(): Promise<void> {
    const items: T[] = [];
    let cont: string | undefined;
    let rv: string | undefined;
    do {
      const page = await this.#client.list<T>(this.resource, {
        namespace: this.#opts.namespace,
        labelSelector: this.#opts.labelSelector,
        fieldSelector: this.#opts.fieldSelector,
        limit: this.#opts.pageSize,
        continue: cont,
        metadataOnly: this.#opts.metadataOnly,
      });
      if (this.#isStopped()) return;
      for (const item of page.items) {
        // Lists omit apiVersion/kind on items; restore them so cached objects are complete.
        this.#typeMeta(item);
        items.push(item);
      }
      cont = page.metadata?.continue || undefined;
      rv = page.metadata?.resourceVersion;
    } while (cont);
    this.stats.lists++;
    const first = !this.#listed;
    const diff = this.#store.replace(items);
    this.#resourceVersion = rv;
    this.#listed = true;
    const source: EventSource = first ? 'list' : 'relist';
    for (const o of diff.added) this.#emit({ type: 'ADDED', object: o, source });
    for (const u of diff.updated) this.#emit({ type: 'MODIFIED', object: u.object, old: u.old, source });
    for (const o of diff.deleted) this.#emit({ type: 'DELETED', object: o, old: o, source });
    if (first) this.#syncedResolve();
  }

  /** One watch request until the server closes it. Returns whether any event arrived. Throws on errors. */
  async #watch(): Promise<boolean> {
    const abort = new AbortController();
    this.#abort = abort;
    const timeoutSeconds = Math.floor(this.#opts.watchTimeoutSeconds * (1 + Math.random()));
    let watchdog: TimerHandle | undefined;
    let watchdogFired = false;
    const arm = () => {
      watchdog?.cancel();
      watchdog = this.#opts.clock.setTimer(this.#opts.watchdogMs, () => {
        watchdogFired = true;
        abort.abort();
      });
    };
    arm();
    let progressed = false;
    this.stats.watches++;
    try {
      const res = await this.#client.watchStream(
        this.resource,
        {
          namespace: this.#opts.namespace,
          labelSelector: this.#opts.labelSelector,
          fieldSelector: this.#opts.fieldSelector,
          resourceVersion: this.#resourceVersion,
          timeoutSeconds,
          allowWatchBookmarks: true,
          metadataOnly: this.#opts.metadataOnly,
        },
        abort.signal,
      );
      res.setEncoding('utf8');
      let buf = '';
      await new Promise<void>((resolve, reject) => {
        let ended = false;
        res.on('data', (chunk: string) => {
          arm();
          buf += chunk;
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl).trim();
            buf = buf.slice(nl + 1);
            if (!line) continue;
            try {
              if (this.#handleLine(JSON.parse(line) as WatchLine)) progressed = true;
            } catch (err) {
              res.destroy();
              reject(err);
              return;
            }
          }
        });
        res.on('end', () => {
          ended = true;
          resolve();
        });
        res.on('error', (err) => reject(err));
        res.on('close', () => (ended ? resolve() : reject(new ApiError(`watch ${this.resource.plural}: connection closed`, 0))));
      });
      return progressed;
    } catch (err) {
      if (watchdogFired) throw new WatchdogFired(`watch ${this.resource.plural}: silent for ${this.#opts.watchdogMs} ms`);
      throw err;
    } finally {
      watchdog?.cancel();
      this.#abort = undefined;
    }
  }

  /** Applies one watch line; returns true for object events. Throws ApiError for ERROR lines. */
  #handleLine(ev: WatchLine): boolean {
    if (this.#state === 'Stopped') return false;
    const obj = ev.object;
    switch (ev.type) {
      case 'BOOKMARK':
        if (obj?.metadata?.resourceVersion) this.#resourceVersion = obj.metadata.resourceVersion;
        return false;
      case 'ERROR': {
        const code = obj?.code ?? 500;
        throw new ApiError(`watch ${this.resource.plural}: ${code} ${obj?.message ?? 'error event'}`, code, { status: obj as never });
      }
      case 'ADDED':
      case 'MODIFIED': {
        const t = obj as T;
        this.#typeMeta(t);
        const old = this.#store.upsert(t);
        this.#resourceVersion = t.metadata?.resourceVersion ?? this.#resourceVersion;
        this.#emit({ type: old ? 'MODIFIED' : 'ADDED', object: t, old, source: 'watch' });
        return true;
      }
      case 'DELETED': {
        const t = obj as T;
        this.#typeMeta(t);
        const old = this.#store.remove(t);
        this.#resourceVersion = t.metadata?.resourceVersion ?? this.#resourceVersion;
        this.#emit({ type: 'DELETED', object: t, old, source: 'watch' });
        return true;
      }
      default:
        return false;
    }
  }

  /** Items of lists (and metadata-only objects, which say PartialObjectMetadata) get the resource's type back. */
  #typeMeta(obj: KubeObject): void {
    if (this.#opts.metadataOnly) {
      obj.apiVersion = this.resource.apiVersion;
      obj.kind = this.resource.kind;
      return;
    }
    obj.apiVersion ??= this.resource.apiVersion;
    obj.kind ??= this.resource.kind;
  }

  #isStopped(): boolean {
    return this.#state === 'Stopped';
  }

  #emit(ev: InformerEvent<T>): void {
    this.stats.events++;
    for (const h of this.#handlers) {
      try {
        h(ev);
      } catch (err) {
        this.#opts.onError?.(this.resource.plural, err);
      }
    }
  }

  #scheduleResync(): void {
    this.#resyncTimer = this.#opts.clock.setTimer(this.#opts.resyncMs, () => {
      if (this.#state === 'Stopped') return;
      for (const o of this.#store.list()) this.#emit({ type: 'MODIFIED', object: o, old: o, source: 'resync' });
      this.#scheduleResync();
    });
  }

  #sleepMs(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.#opts.clock.setTimer(ms, () => {
        this.#sleep = undefined;
        resolve();
      });
      this.#sleep = { timer, resolve };
    });
  }

  #wake(): void {
    if (!this.#sleep) return;
    this.#sleep.timer.cancel();
    this.#sleep.resolve();
    this.#sleep = undefined;
  }
}
