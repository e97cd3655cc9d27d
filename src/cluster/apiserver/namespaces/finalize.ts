// The namespaces/{name}/finalize subresource: the only write that changes spec.finalizers. A namespace being
// deleted whose last finalizer goes is removed by that write (as the namespace storage's update does).
import type { KubeObject } from '../../../api/objects.js';
import type { ResourceDef } from '../resources.js';
import type { ObjectService } from '../service.js';
import type { StoredObject } from '../storage/types.js';

/** Writes spec.finalizers = `finalizers(current)` through the finalize subresource. */
export function finalizeNamespace(service: ObjectService, def: ResourceDef, name: string, finalizers: (current: Readonly<KubeObject>) => string[], dryRun = false): StoredObject {
  return service.modify(def, '', name, { version: 'v1', subresource: 'finalize', dryRun }, (obj, current) => {
    (obj as { spec?: Record<string, unknown> }).spec = { ...(obj.spec as object), finalizers: finalizers(current.obj) };
    return obj;
  });
}

/**
 * What an update of a namespace keeps from the stored one (the namespace strategies): a main-resource write
 * cannot change spec.finalizers; a finalize write changes nothing else.
 */
export function restrictNamespaceUpdate(obj: KubeObject, old: Readonly<KubeObject>, subresource: string | undefined): KubeObject {
  const oldSpec = (old.spec ?? {}) as { finalizers?: string[] };
  if (subresource === 'finalize') {
    const finalizers = (obj.spec as { finalizers?: string[] } | undefined)?.finalizers;
    const out = JSON.parse(JSON.stringify(old)) as KubeObject;
    out.metadata = { ...out.metadata, resourceVersion: obj.metadata?.resourceVersion ?? old.metadata?.resourceVersion };
    const spec = { ...oldSpec } as { finalizers?: string[] };
    if (finalizers?.length) spec.finalizers = [...new Set(finalizers)];
    else delete spec.finalizers;
    out.spec = spec;
    return out;
  }
  if (subresource === undefined) {
    const spec = { ...(obj.spec as object) } as { finalizers?: string[] };
    if (oldSpec.finalizers) spec.finalizers = oldSpec.finalizers;
    else delete spec.finalizers;
    obj.spec = spec;
  }
  return obj;
}
