// Namespace lifecycle rules of kube-apiserver's namespace storage and NamespaceLifecycle admission (pure):
// a new namespace carries the `kubernetes` finalizer; the first DELETE marks it Terminating (deletionTimestamp,
// phase) instead of removing it; it is removed only once spec.finalizers and metadata.finalizers are empty;
// nothing may be created in a terminating namespace; default, kube-system and kube-public may not be deleted.
import type { KubeObject } from '../../../api/objects.js';
import { ApiError, qualifiedResource } from '../errors.js';
import type { DeleteOptions } from '../service.js';

/** The finalizer the namespace controller owns (spec.finalizers). */
export const NAMESPACE_FINALIZER = 'kubernetes';

const IMMORTAL_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);

interface NamespaceShape {
  spec?: { finalizers?: string[] };
  status?: { phase?: string; conditions?: unknown[] };
}

/** Create: spec.finalizers defaults to ["kubernetes"] (as the namespace strategy's PrepareForCreate). */
export function prepareNamespaceCreate(obj: KubeObject): void {
  const ns = obj as NamespaceShape;
  ns.spec = { ...ns.spec, finalizers: [NAMESPACE_FINALIZER] };
  ns.status = { phase: 'Active' };
}

export function isTerminating(ns: Readonly<KubeObject> | undefined): boolean {
  return (ns as NamespaceShape | undefined)?.status?.phase === 'Terminating';
}

export function specFinalizers(ns: Readonly<KubeObject>): string[] {
  return (ns as NamespaceShape).spec?.finalizers ?? [];
}

/** The 403 of a DELETE of default, kube-system or kube-public, or undefined. */
export function immortalNamespaceProblem(name: string): ApiError | undefined {
  if (!IMMORTAL_NAMESPACES.has(name)) return undefined;
  return forbiddenFor('', 'namespaces', name, 'this namespace may not be deleted');
}

/** The 403 NamespaceLifecycle answers a create in a terminating namespace (the cause names metadata.namespace). */
export function terminatingNamespaceProblem(group: string, plural: string, name: string, namespace: string): ApiError {
  const err = forbiddenFor(group, plural, name, `unable to create new content in namespace ${namespace} because it is being terminated`);
  err.details!.causes = [{ reason: 'NamespaceTerminating', message: `namespace ${namespace} is being terminated`, field: 'metadata.namespace' }];
  return err;
}

/** A Forbidden Status as apierrors.NewForbidden builds it: `<resource> "<name>" is forbidden: <why>`, details name/group/kind. */
export function forbiddenFor(group: string, plural: string, name: string, why: string): ApiError {
  const resource = qualifiedResource(group, plural);
  const message = !plural && !name ? `forbidden: ${why}` : name ? `${resource} "${name}" is forbidden: ${why}` : `${resource} is forbidden: ${why}`;
  const details: Record<string, string> = {};
  if (name) details.name = name;
  if (group) details.group = group;
  if (plural) details.kind = plural;
  return new ApiError(403, 'Forbidden', message, details);
}

/**
 * The first DELETE of a namespace: `obj` (a mutable copy) gets a deletionTimestamp and phase Terminating; the
 * orphan / foregroundDeletion finalizers follow the delete options as the namespace storage sets them.
 */
export function markTerminating(obj: KubeObject, timestamp: string, options: DeleteOptions): void {
  const meta = obj.metadata as { deletionTimestamp?: string; finalizers?: string[] };
  meta.deletionTimestamp ??= timestamp;
  const ns = obj as NamespaceShape;
  ns.status = { ...ns.status, phase: 'Terminating' };
  const current = new Set(meta.finalizers ?? []);
  const want = (name: string, should: boolean): boolean => {
    const changed = current.has(name) !== should;
    if (should) current.add(name);
    else current.delete(name);
    return changed;
  };
  const orphan = options.orphanDependents ?? (options.propagationPolicy ? options.propagationPolicy === 'Orphan' : current.has('orphan'));
  const foreground = options.orphanDependents !== undefined ? !options.orphanDependents : options.propagationPolicy ? options.propagationPolicy === 'Foreground' : current.has('foregroundDeletion');
  const changed = [want('orphan', orphan), want('foregroundDeletion', foreground)].some(Boolean);
  if (changed) meta.finalizers = [...current];
}

/** Whether an update of a deleted namespace completes its deletion (no finalizers left in spec or metadata). */
export function namespaceDeletionComplete(obj: Readonly<KubeObject>): boolean {
  return Boolean(obj.metadata?.deletionTimestamp) && !(obj.metadata?.finalizers?.length) && specFinalizers(obj).length === 0;
}
