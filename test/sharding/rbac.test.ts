// deploy/controller.yaml's ClusterRole is exactly what kactor's code can issue: derived here from the
// workload definitions (informers list+watch every workload and owned kind; the executor writes workload
// status with PUT /status, may delete a workload itself (deleteSelf), creates/deletes/patches/updates
// owned objects and patches/updates their /status) and from the runtime (nodes for definitions that watch
// them, Events created then merge-patched, Leases for membership and leader election). The e2e run
// (test/e2e/sharding-replicas.test.ts) checks the other direction: every call observed is granted.
import { describe, expect, it } from 'vitest';
import { definitions } from '../../src/workloads/index.js';
import type { ResourceType } from '../../src/runtime/workload-definition.js';
import { grants, loadClusterRole } from './rbac.js';

function groupOf(rt: ResourceType): string {
  return rt.apiVersion.includes('/') ? rt.apiVersion.split('/')[0]! : '';
}

function required(): Set<string> {
  const out = new Set<string>();
  const add = (verbs: string[], rt: ResourceType, sub = '') => {
    for (const v of verbs) out.add(`${v} ${groupOf(rt)}/${rt.plural}${sub ? '/' + sub : ''}`);
  };
  for (const d of definitions) {
    add(['list', 'watch', 'delete'], d.resource);
    add(['update'], d.resource, 'status');
    for (const o of d.owns) {
      add(['list', 'watch', 'create', 'delete', 'patch', 'update'], o);
      // Only pods carry conditions the workloads patch through /status (readiness gates, in-place update).
      if (o.kind === 'Pod') add(['patch', 'update'], o, 'status');
    }
    if (d.watchesNodes) add(['list', 'watch'], { apiVersion: 'v1', kind: 'Node', plural: 'nodes', namespaced: false });
  }
  add(['create', 'patch'], { apiVersion: 'v1', kind: 'Event', plural: 'events', namespaced: true });
  add(['get', 'list', 'create', 'update', 'delete'], { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', plural: 'leases', namespaced: true });
  return out;
}

describe('deploy/controller.yaml RBAC', () => {
  it('grants everything the code can issue', () => {
    const granted = grants(loadClusterRole());
    expect([...required()].filter((g) => !granted.has(g)).sort()).toEqual([]);
  });

  it('grants nothing the code cannot issue (minimal)', () => {
    const need = required();
    expect([...grants(loadClusterRole())].filter((g) => !need.has(g)).sort()).toEqual([]);
  });
});
