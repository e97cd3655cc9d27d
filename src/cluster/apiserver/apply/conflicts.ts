// The 409 an apply answers when it would change fields other managers own, worded as kube-apiserver 1.26
// words it (fieldmanager/internal/conflict.go): `Apply failed with 1 conflict: conflict with "m" using v1:
// .spec.replicas`, one cause per field (reason FieldManagerConflict); several conflicts are grouped by
// manager. An Apply manager prints as `"name"`, an Update manager as `"name" using <apiVersion>`.
import { ApiError } from '../errors.js';
import { memberPaths, printPath, type FieldSet } from './field-set.js';

export interface Conflict {
  /** The manager's identity (managed-fields.ts identityOf). */
  managerId: string;
  path: string;
}

function printManager(id: string): string {
  const e = JSON.parse(id) as { manager: string; operation: string; apiVersion?: string; subresource?: string };
  let out = JSON.stringify(e.manager);
  if (e.subresource) out += ` with subresource ${JSON.stringify(e.subresource)}`;
  if (e.operation === 'Update') out += ` using ${e.apiVersion ?? ''}`;
  return out;
}

/** The conflicts of each manager's set, managers in identity order, paths in set order. */
export function conflictsOf(byManager: Map<string, FieldSet>): Conflict[] {
  const out: Conflict[] = [];
  for (const id of [...byManager.keys()].sort()) {
    for (const p of memberPaths(byManager.get(id)!)) out.push({ managerId: id, path: printPath(p) });
  }
  return out;
}

export function conflictError(conflicts: Conflict[]): ApiError {
  const causes = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${printManager(c.managerId)}`, field: c.path }));
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0]!.managerId)}: ${conflicts[0]!.path}`;
  } else {
    const lines: string[] = [];
    let last: string | undefined;
    for (const c of conflicts) {
      if (c.managerId !== last) lines.push(`conflicts with ${printManager(c.managerId)}:`);
      last = c.managerId;
      lines.push(`- ${c.path}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new ApiError(409, 'Conflict', message, { causes });
}
