// The status conditions the namespace controller writes on a terminating namespace (pure), with the
// types, reasons and messages of kube-controller-manager's namespace deleter.

export interface NamespaceCondition {
  type: string;
  status: 'True' | 'False';
  lastTransitionTime: string;
  reason: string;
  message: string;
}

/** What one pass over a namespace's content found. */
export interface ContentTotals {
  /** `<plural>.<group>` → objects left. */
  remainingByResource: Map<string, number>;
  /** finalizer → objects left carrying it. */
  remainingByFinalizer: Map<string, number>;
  /** Errors of deleting content (`unexpected items still remain …`). */
  deleteErrors: string[];
}

const TYPES = ['NamespaceDeletionDiscoveryFailure', 'NamespaceDeletionGroupVersionParsingFailure', 'NamespaceDeletionContentFailure', 'NamespaceContentRemaining', 'NamespaceFinalizersRemaining'] as const;

const OK: Record<(typeof TYPES)[number], [reason: string, message: string]> = {
  NamespaceDeletionDiscoveryFailure: ['ResourcesDiscovered', 'All resources successfully discovered'],
  NamespaceDeletionGroupVersionParsingFailure: ['ParsedGroupVersions', 'All legacy kube types successfully parsed'],
  NamespaceDeletionContentFailure: ['ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
  NamespaceContentRemaining: ['ContentRemoved', 'All content successfully removed'],
  NamespaceFinalizersRemaining: ['ContentHasNoFinalizers', 'All content-preserving finalizers finished'],
};

/** The failing conditions a pass produced (the others are written as their successful form). */
function failingConditions(totals: ContentTotals, now: string): NamespaceCondition[] {
  const out: NamespaceCondition[] = [];
  if (totals.remainingByResource.size) {
    const parts = [...totals.remainingByResource].filter(([, n]) => n > 0).map(([r, n]) => `${r} has ${n} resource instances`).sort();
    out.push({ type: 'NamespaceContentRemaining', status: 'True', lastTransitionTime: now, reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${parts.join(', ')}` });
  }
  if (totals.remainingByFinalizer.size) {
    const parts = [...totals.remainingByFinalizer].filter(([, n]) => n > 0).map(([f, n]) => `${f} in ${n} resource instances`).sort();
    out.push({ type: 'NamespaceFinalizersRemaining', status: 'True', lastTransitionTime: now, reason: 'SomeFinalizersRemain', message: `Some content in the namespace has finalizers remaining: ${parts.join(', ')}` });
  }
  if (totals.deleteErrors.length) {
    const msgs = [...totals.deleteErrors].sort();
    out.push({ type: 'NamespaceDeletionContentFailure', status: 'True', lastTransitionTime: now, reason: 'ContentDeletionFailed', message: `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(', ')}` });
  }
  return out;
}

/**
 * The namespace's conditions after a pass: every type present, in the controller's order; a condition keeps
 * its lastTransitionTime unless its status flips. Returns undefined when nothing changed (no status write).
 */
export function nextConditions(current: readonly NamespaceCondition[] | undefined, totals: ContentTotals, now: string): NamespaceCondition[] | undefined {
  const failing = failingConditions(totals, now);
  const out = (current ?? []).map((c) => ({ ...c }));
  let changed = false;
  for (const type of TYPES) {
    const next = failing.find((c) => c.type === type) ?? { type, status: 'False' as const, lastTransitionTime: now, reason: OK[type][0], message: OK[type][1] };
    const old = out.find((c) => c.type === type);
    if (!old) {
      out.push(next);
      changed = true;
    } else if (old.status !== next.status || old.message !== next.message || old.reason !== next.reason) {
      if (old.status !== next.status) old.lastTransitionTime = now;
      Object.assign(old, { status: next.status, reason: next.reason, message: next.message });
      changed = true;
    }
  }
  return changed ? out : undefined;
}
