// Triggers: which actor keys an informer event wakes. A workload event wakes its own actor
// (`kind/namespace/name`); an owned object's event wakes its controller owner's actor (looked up by
// owner uid, then by name); an orphan wakes every workload in its namespace whose selector matches
// it (adoption); a node event wakes every actor of definitions that watch nodes.
import { controllerOf, selectorMatches, type KubeObject } from '../api/index.js';
import type { StoreReader } from './informer/store.js';
import { INDEX_NAMESPACE } from './informer/store.js';
import type { WorkloadDefinition } from './workload-definition.js';

export function actorKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

export function parseActorKey(key: string): { kind: string; namespace: string | undefined; name: string } {
  const a = key.indexOf('/');
  const b = key.indexOf('/', a + 1);
  const ns = key.slice(a + 1, b);
  return { kind: key.slice(0, a), namespace: ns || undefined, name: key.slice(b + 1) };
}

export interface TriggerContext {
  definitions: readonly WorkloadDefinition[];
  /** The workload store of a definition's kind. */
  workloads(kind: string): StoreReader | undefined;
}

/** Keys for an event on a workload object itself. */
export function keysForWorkload(def: WorkloadDefinition, obj: KubeObject): string[] {
  return [actorKey(def.resource.kind, obj.metadata?.namespace, obj.metadata?.name ?? '')];
}

/** Keys for an event on an object of kind `kind` that some definitions own (new and old versions). */
export function keysForOwned(ctx: TriggerContext, kind: string, obj: KubeObject, old?: KubeObject): string[] {
  const keys = new Set<string>();
  for (const version of old && old !== obj ? [obj, old] : [obj]) {
    const ref = controllerOf(version);
    if (ref) {
      const def = ctx.definitions.find((d) => d.resource.kind === ref.kind && d.owns.some((o) => o.kind === kind));
      if (!def) continue;
      const owner = ref.uid ? ctx.workloads(def.resource.kind)?.getByUid(ref.uid) : undefined;
      // The owner may not be cached yet (or is gone): its name still addresses the actor, whose turn reads the cache.
      keys.add(actorKey(def.resource.kind, owner?.metadata?.namespace ?? version.metadata?.namespace, owner?.metadata?.name ?? ref.name));
    } else {
      for (const k of keysForOrphan(ctx, kind, version)) keys.add(k);
    }
  }
  return [...keys];
}

/** Workloads that could adopt this controller-less object: same namespace, selector matches. */
export function keysForOrphan(ctx: TriggerContext, kind: string, obj: KubeObject): string[] {
  if (obj.metadata?.deletionTimestamp) return [];
  const keys: string[] = [];
  for (const def of ctx.definitions) {
    if (!def.selectorOf || !def.owns.some((o) => o.kind === kind)) continue;
    const store = ctx.workloads(def.resource.kind);
    if (!store) continue;
    const candidates = def.resource.namespaced ? store.byIndex(INDEX_NAMESPACE, obj.metadata?.namespace ?? '') : store.list();
    for (const w of candidates) {
      if (selectorMatches(def.selectorOf(w), obj.metadata?.labels)) keys.push(actorKey(def.resource.kind, w.metadata?.namespace, w.metadata?.name ?? ''));
    }
  }
  return keys;
}

/** A node changed: every actor of every definition that watches nodes. */
export function keysForNode(ctx: TriggerContext): string[] {
  const keys: string[] = [];
  for (const def of ctx.definitions) {
    if (!def.watchesNodes) continue;
    for (const w of ctx.workloads(def.resource.kind)?.list() ?? []) keys.push(actorKey(def.resource.kind, w.metadata?.namespace, w.metadata?.name ?? ''));
  }
  return keys;
}
