// API writes as the API server sees them: every ADDED/MODIFIED/DELETED of the resources a scenario
// touches (pods, the workload, ControllerRevisions, Events, Leases, Nodes, Jobs), with timestamps, from
// the embedded server's storage (or a watch per resource against an external cluster). Writes by every
// client count (controller and simulated kubelets/scheduler); the controller's own requests by verb come
// from its /metrics.
import type { ResourceType } from '../../src/runtime/workload-definition.js';
import type { BenchCluster } from './cluster.js';
import { subscribe, type Subscription } from './event-source.js';

export const WATCHED_RESOURCES: ResourceType[] = [
  { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true },
  { apiVersion: 'v1', kind: 'Event', plural: 'events', namespaced: true },
  { apiVersion: 'v1', kind: 'Node', plural: 'nodes', namespaced: false },
  { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', plural: 'leases', namespaced: true },
  { apiVersion: 'apps/v1', kind: 'ControllerRevision', plural: 'controllerrevisions', namespaced: true },
  { apiVersion: 'batch/v1', kind: 'Job', plural: 'jobs', namespaced: true },
  { apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', plural: 'statefulsets', namespaced: true },
  { apiVersion: 'apps.kruise.io/v1alpha1', kind: 'DaemonSet', plural: 'daemonsets', namespaced: true },
  { apiVersion: 'apps.kruise.io/v1alpha1', kind: 'BroadcastJob', plural: 'broadcastjobs', namespaced: true },
  { apiVersion: 'apps.kruise.io/v1alpha1', kind: 'AdvancedCronJob', plural: 'advancedcronjobs', namespaced: true },
];

export interface WriteCounts {
  total: number;
  byResource: Record<string, { ADDED: number; MODIFIED: number; DELETED: number }>;
}

export class WriteCounter {
  readonly t0: number;
  /** ms since t0 of every write. */
  readonly times: number[] = [];
  readonly counts: WriteCounts = { total: 0, byResource: {} };
  #subs: Subscription[] = [];

  constructor(cluster: BenchCluster, t0 = performance.now(), resources = WATCHED_RESOURCES) {
    this.t0 = t0;
    // Against an external cluster only pods and the workload kinds are watched (each watch costs a connection).
    const list = cluster.apiServer ? resources : resources.filter((r) => r.kind === 'Pod' || r.apiVersion.startsWith('apps.kruise.io'));
    for (const rt of list) {
      this.#subs.push(
        subscribe(cluster, rt, (type) => {
          this.times.push(performance.now() - this.t0);
          this.counts.total++;
          const r = (this.counts.byResource[rt.plural] ??= { ADDED: 0, MODIFIED: 0, DELETED: 0 });
          r[type]++;
        }),
      );
    }
  }

  get ready(): Promise<void> {
    return Promise.all(this.#subs.map((s) => s.ready)).then(() => undefined);
  }

  snapshot(): WriteCounts {
    return structuredClone(this.counts);
  }

  async stop(): Promise<void> {
    await Promise.all(this.#subs.map((s) => s.cancel()));
  }
}

/** Difference of two snapshots (writes during a phase). */
export function diffWrites(after: WriteCounts, before: WriteCounts): WriteCounts {
  const out: WriteCounts = { total: after.total - before.total, byResource: {} };
  for (const [k, v] of Object.entries(after.byResource)) {
    const b = before.byResource[k] ?? { ADDED: 0, MODIFIED: 0, DELETED: 0 };
    const d = { ADDED: v.ADDED - b.ADDED, MODIFIED: v.MODIFIED - b.MODIFIED, DELETED: v.DELETED - b.DELETED };
    if (d.ADDED || d.MODIFIED || d.DELETED) out.byResource[k] = d;
  }
  return out;
}
