// One pass of the namespace deleter over a terminating namespace's content, through the object service
// (not HTTP): every namespaced resource that can be deleted is emptied (pods gracefully, as any DELETE),
// then what is left is counted — per resource, per finalizer — with the pods' graceful-termination estimate.
import type { KubeObject } from '../../../api/objects.js';
import type { ResourceRegistry } from '../resource-registry.js';
import { ALL_VERBS, type ResourceDef } from '../resources.js';
import { keyOf, type ObjectService } from '../service.js';
import type { ContentTotals } from './conditions.js';

/** Seconds the real controller waits for content finalizers before looking again. */
const FINALIZER_ESTIMATE_SECONDS = 15;

export interface ContentPass extends ContentTotals {
  /** Seconds before the content is expected gone (0: nothing to wait for). */
  estimateSeconds: number;
  /** Objects left in total. */
  remaining: number;
}

/** Deletes what is left in `ns` and reports what remains (`deletedAtMs`: the namespace's deletionTimestamp). */
export function deleteNamespaceContent(service: ObjectService, registry: ResourceRegistry, ns: string, deletedAtMs: number, nowMs: number): ContentPass {
  const pass: ContentPass = { remainingByResource: new Map(), remainingByFinalizer: new Map(), deleteErrors: [], estimateSeconds: 0, remaining: 0 };
  for (const def of registry.all()) {
    if (!def.namespaced || !(def.verbs ?? ALL_VERBS).includes('delete')) continue;
    const key = keyOf(def);
    const estimate = key === '/pods' ? podsEstimate(service, ns, deletedAtMs, nowMs) : 0;
    for (const rec of service.storage.list(key, ns)) {
      try {
        service.delete(def, ns, rec.obj.metadata!.name!, { propagationPolicy: 'Background' });
      } catch {
        // Gone meanwhile, or refused: what is left is counted below.
      }
    }
    const left = service.storage.list(key, ns);
    if (left.length === 0) continue;
    const finalizers = countFinalizers(left.map((r) => r.obj));
    pass.remaining += left.length;
    pass.remainingByResource.set(`${def.plural}.${def.group}`, left.length);
    for (const [f, n] of finalizers) pass.remainingByFinalizer.set(f, (pass.remainingByFinalizer.get(f) ?? 0) + n);
    if (estimate > 0) pass.estimateSeconds = Math.max(pass.estimateSeconds, estimate);
    else if (finalizers.size > 0) pass.estimateSeconds = Math.max(pass.estimateSeconds, FINALIZER_ESTIMATE_SECONDS);
    else pass.deleteErrors.push(`unexpected items still remain in namespace: ${ns} for gvr: ${gvrString(def)}`);
  }
  return pass;
}

function countFinalizers(objs: readonly Readonly<KubeObject>[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const o of objs) for (const f of o.metadata?.finalizers ?? []) out.set(f, (out.get(f) ?? 0) + 1);
  return out;
}

/** The longest grace period of the namespace's running pods, or 0 once that long has passed since the deletion. */
function podsEstimate(service: ObjectService, ns: string, deletedAtMs: number, nowMs: number): number {
  let estimate = 0;
  for (const rec of service.storage.list('/pods', ns)) {
    const phase = (rec.obj.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const grace = (rec.obj.spec as { terminationGracePeriodSeconds?: number } | undefined)?.terminationGracePeriodSeconds;
    if (grace !== undefined && grace > estimate) estimate = grace;
  }
  return nowMs - deletedAtMs >= estimate * 1000 ? 0 : estimate;
}

/** schema.GroupVersionResource's String(): `apps/v1, Resource=deployments`, `/v1, Resource=pods`. */
function gvrString(def: ResourceDef): string {
  return `${def.group}/${def.versions[0]}, Resource=${def.plural}`;
}
