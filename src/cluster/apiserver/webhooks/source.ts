// The webhooks currently registered: compiled from the stored Mutating/ValidatingWebhookConfigurations
// and kept current by watching them in storage. `webhooksFor` is on every write's path: with no
// configuration stored it returns at its first test; otherwise the matching set is cached per resource,
// version, operation and subresource until a configuration changes.
import type { ResourceDef } from '../resources.js';
import { resourceKey } from '../resources.js';
import type { Storage, StoreWatch } from '../storage/types.js';
import { compileWebhooks, invocationFor, type RequestShape } from './match.js';
import { ADMISSION_GROUP, MUTATING_PLURAL, VALIDATING_PLURAL, type CompiledWebhook, type Operation, type WebhookConfiguration, type WebhookSet } from './types.js';

const MUTATING_KEY = resourceKey(ADMISSION_GROUP, MUTATING_PLURAL);
const VALIDATING_KEY = resourceKey(ADMISSION_GROUP, VALIDATING_PLURAL);

export class WebhookSource {
  #mutating: CompiledWebhook[] = [];
  #validating: CompiledWebhook[] = [];
  #dirty = true;
  /** Stored configurations: 0 is the fast path's test. */
  #configs = 0;
  /** Matching sets by resource (a replaced CRD's old def is dropped with it), version, operation, subresource. */
  #cache = new WeakMap<ResourceDef, Map<string, Map<Operation, Map<string, WebhookSet | null>>>>();
  #watches: StoreWatch[];
  #listeners = new Set<() => void>();

  constructor(private readonly storage: Storage) {
    this.#configs = storage.count(MUTATING_KEY) + storage.count(VALIDATING_KEY);
    const changed = (): void => this.#changed();
    this.#watches = [storage.watch(MUTATING_KEY, storage.currentRv, changed), storage.watch(VALIDATING_KEY, storage.currentRv, changed)];
  }

  /** The webhooks a write must call, or undefined when none applies (the common case: no await, no allocation). */
  webhooksFor(def: ResourceDef, version: string, subresource: string | undefined, operation: Operation): WebhookSet | undefined {
    if (this.#configs === 0) return undefined;
    // Configurations are exempt from webhooks, or a broken webhook could never be removed.
    if (def.group === ADMISSION_GROUP) return undefined;
    if (this.#dirty) this.#rebuild();
    // Nested maps rather than a composite string key: a write no webhook matches allocates nothing.
    let byDef = this.#cache.get(def);
    if (!byDef) this.#cache.set(def, (byDef = new Map()));
    let byVersion = byDef.get(version);
    if (!byVersion) byDef.set(version, (byVersion = new Map()));
    let byOp = byVersion.get(operation);
    if (!byOp) byVersion.set(operation, (byOp = new Map()));
    const sub = subresource ?? '';
    let set = byOp.get(sub);
    if (set === undefined) {
      set = this.#compute({ def, version, subresource: sub, operation });
      byOp.set(sub, set);
    }
    return set ?? undefined;
  }

  /** Called after each configuration change (the client drops connections to webhooks no longer registered). */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Every compiled webhook (both kinds). */
  all(): CompiledWebhook[] {
    if (this.#dirty) this.#rebuild();
    return [...this.#mutating, ...this.#validating];
  }

  close(): void {
    for (const w of this.#watches) w.cancel();
    this.#listeners.clear();
  }

  #changed(): void {
    this.#configs = this.storage.count(MUTATING_KEY) + this.storage.count(VALIDATING_KEY);
    this.#dirty = true;
    this.#cache = new WeakMap();
    for (const l of this.#listeners) l();
  }

  #rebuild(): void {
    const objs = (key: string) => this.storage.list(key).map((r) => r.obj as Readonly<WebhookConfiguration>);
    this.#mutating = compileWebhooks(objs(MUTATING_KEY), 'mutating');
    this.#validating = compileWebhooks(objs(VALIDATING_KEY), 'validating');
    this.#dirty = false;
  }

  #compute(req: RequestShape): WebhookSet | null {
    const pick = (hooks: CompiledWebhook[]) => hooks.map((h) => invocationFor(h, req)).filter((i) => i !== undefined);
    const mutating = pick(this.#mutating);
    const validating = pick(this.#validating);
    return mutating.length || validating.length ? { mutating, validating } : null;
  }
}
