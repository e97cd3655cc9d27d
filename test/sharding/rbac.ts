// deploy/controller.yaml's ClusterRole as data, and the question RBAC answers: may this
// (verb, group/resource[/subresource]) be issued? Calls are written "verb group/resource[/sub]", the
// form test/e2e/sharding-support.ts reads from kactor_api_calls_total.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

export function loadClusterRole(path = join(import.meta.dirname, '..', '..', 'deploy', 'controller.yaml')): PolicyRule[] {
  const docs = parseAllDocuments(readFileSync(path, 'utf8')).map((d) => d.toJS());
  const role = docs.find((d) => d?.kind === 'ClusterRole');
  if (!role) throw new Error(`no ClusterRole in ${path}`);
  return role.rules as PolicyRule[];
}

/** Every single grant of the role, "verb group/resource[/sub]". */
export function grants(rules: PolicyRule[]): Set<string> {
  const out = new Set<string>();
  for (const r of rules) for (const g of r.apiGroups) for (const res of r.resources) for (const v of r.verbs) out.add(`${v} ${g}/${res}`);
  return out;
}

export function clusterRoleAllows(rules: PolicyRule[], call: string): boolean {
  return grants(rules).has(call);
}
