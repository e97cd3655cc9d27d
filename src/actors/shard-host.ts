// ShardHost: loads a shard worker module and runs its handler with resident per-shard state.
// The same class runs inside each Piscina worker and, for `workers: 0`, on the main thread, so
// inline and pooled execution behave alike.
import { fileURLToPath } from 'node:url';
import type { BatchItem, ItemResult } from './shard-protocol.js';
import { serializeError } from './shard-protocol.js';

/** What a handler sees besides its message: its shard and that shard's resident state. */
export interface ShardContext {
  readonly shard: number;
  /** Lives as long as the worker (or the inline pool); a replaced worker starts empty. */
  readonly state: Map<string, unknown>;
}

export type ShardHandler = (message: unknown, ctx: ShardContext) => unknown;

/**
 * A shard worker module exports `handle(message, ctx)` (named, or on its default export).
 * A handler may return a value or a promise; a thrown TerminalError reaches the caller as one.
 */
export interface ShardWorkerModule {
  handle: ShardHandler;
}

export class ShardHost {
  readonly #handle: ShardHandler;
  readonly #contexts = new Map<number, ShardContext>();

  private constructor(handle: ShardHandler) {
    this.#handle = handle;
  }

  /** `viaRequire`: load through `require` (a dev worker running tsx's require hook). */
  static async load(moduleUrl: string, viaRequire = false): Promise<ShardHost> {
    const mod = (await importModule(moduleUrl, viaRequire)) as Partial<ShardWorkerModule> & { default?: Partial<ShardWorkerModule> };
    const handle = mod.handle ?? mod.default?.handle;
    if (typeof handle !== 'function') throw new TypeError(`shard worker module ${moduleUrl} must export a function named handle`);
    return new ShardHost(handle);
  }

  context(shard: number): ShardContext {
    let ctx = this.#contexts.get(shard);
    if (ctx === undefined) {
      ctx = { shard, state: new Map() };
      this.#contexts.set(shard, ctx);
    }
    return ctx;
  }

  /** Runs one call; may return a promise. Throws what the handler throws. */
  handle(shard: number, message: unknown): unknown {
    return this.#handle(message, this.context(shard));
  }

  /** Runs a batch in order; one failing call does not fail the others. */
  async runBatch(items: BatchItem[]): Promise<ItemResult[]> {
    const results: ItemResult[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      try {
        let value = this.handle(item.shard, item.message);
        if (isThenable(value)) value = await value;
        results[i] = { ok: true, value };
      } catch (err) {
        results[i] = { ok: false, error: serializeError(err) };
      }
    }
    return results;
  }
}

/**
 * Imports the handler module. A dev worker runs our .ts sources through tsx's require hook
 * (Node 20 does not apply tsx's ESM loader inside worker threads), so there the module is
 * required; everywhere else (compiled code, the main thread) it is imported.
 */
async function importModule(moduleUrl: string, viaRequire: boolean): Promise<unknown> {
  if (viaRequire && typeof require === 'function') return require(fileURLToPath(moduleUrl));
  return import(moduleUrl);
}

export function isThenable(v: unknown): v is PromiseLike<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { then?: unknown }).then === 'function';
}
