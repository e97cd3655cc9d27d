// The namespace controller kube-controller-manager runs, inside the embedded server's process: for each
// terminating namespace it deletes the content, writes the deletion conditions, and once nothing is left
// removes its `kubernetes` finalizer (the /finalize write), which removes the namespace. Passes are
// triggered by namespace watch events and repeated every `resyncMs` while content remains.
import type { Clock, TimerHandle } from '../../../api/clock.js';
import type { KubeObject } from '../../../api/objects.js';
import { nowTimestamp } from '../prepare.js';
import type { ResourceRegistry } from '../resource-registry.js';
import { keyOf, type ObjectService } from '../service.js';
import type { StoreWatch } from '../storage/types.js';
import { nextConditions, type NamespaceCondition } from './conditions.js';
import { deleteNamespaceContent } from './content.js';
import { finalizeNamespace } from './finalize.js';
import { NAMESPACE_FINALIZER, specFinalizers } from './lifecycle.js';

export interface NamespaceDeleterOptions {
  clock: Clock;
  /** Delay between passes over a namespace whose content is not gone yet. @default 500 */
  resyncMs?: number;
}

export class NamespaceDeleter {
  readonly #nsDef;
  #watch?: StoreWatch;
  #queued = new Set<string>();
  #timers = new Map<string, TimerHandle>();
  #stopped = false;

  constructor(private readonly service: ObjectService, private readonly registry: ResourceRegistry, private readonly options: NamespaceDeleterOptions) {
    this.#nsDef = registry.find('', 'v1', 'namespaces')!;
  }

  start(): void {
    const key = keyOf(this.#nsDef);
    this.#watch = this.service.storage.watch(key, this.service.storage.currentRv, (ev) => {
      if (ev.type !== 'DELETED' && ev.rec.obj.metadata?.deletionTimestamp) this.#enqueue(ev.rec.obj.metadata.name!);
    });
    for (const rec of this.service.storage.list(key)) if (rec.obj.metadata?.deletionTimestamp) this.#enqueue(rec.obj.metadata.name!);
  }

  stop(): void {
    this.#stopped = true;
    this.#watch?.cancel();
    for (const t of this.#timers.values()) t.cancel();
    this.#timers.clear();
  }

  #enqueue(name: string): void {
    if (this.#stopped || this.#queued.has(name)) return;
    this.#queued.add(name);
    queueMicrotask(() => {
      this.#queued.delete(name);
      if (!this.#stopped) this.#sync(name);
    });
  }

  #later(name: string): void {
    if (this.#stopped || this.#timers.has(name)) return;
    this.#timers.set(name, this.options.clock.setTimer(this.options.resyncMs ?? 500, () => {
      this.#timers.delete(name);
      this.#enqueue(name);
    }));
  }

  /** One pass; a namespace with content left is looked at again later. */
  #sync(name: string): void {
    const rec = this.service.storage.get(keyOf(this.#nsDef), '', name);
    const deletedAt = rec?.obj.metadata?.deletionTimestamp;
    if (!rec || !deletedAt || !specFinalizers(rec.obj).includes(NAMESPACE_FINALIZER)) return;
    const now = this.options.clock.now();
    const pass = deleteNamespaceContent(this.service, this.registry, name, Date.parse(deletedAt), now);
    this.#writeConditions(name, pass, now);
    if (pass.remaining > 0 || pass.deleteErrors.length) {
      this.#later(name);
      return;
    }
    try {
      finalizeNamespace(this.service, this.#nsDef, name, (ns) => specFinalizers(ns).filter((f) => f !== NAMESPACE_FINALIZER));
    } catch {
      this.#later(name);
    }
  }

  #writeConditions(name: string, pass: Parameters<typeof nextConditions>[1], now: number): void {
    const current = this.service.storage.get(keyOf(this.#nsDef), '', name);
    if (!current) return;
    const status = (current.obj.status ?? {}) as { conditions?: NamespaceCondition[] };
    const conditions = nextConditions(status.conditions, pass, nowTimestamp(now));
    if (!conditions) return;
    try {
      this.service.modify(this.#nsDef, '', name, { version: 'v1', subresource: 'status' }, (obj: KubeObject) => {
        obj.status = { ...(obj.status as object), conditions };
        return obj;
      });
    } catch {
      // Written meanwhile or gone: the next pass writes them.
    }
  }
}
