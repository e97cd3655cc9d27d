// Test fixtures for BroadcastJob planner tests: nodes like the tutorial's cluster, the tutorial's bcj-demo,
// a kubelet stand-in that moves pods through phases, and invariants checked after every step.
import { expect } from 'vitest';
import type { KubeObject, Node, Pod, Taint } from '../../../src/api/index.js';
import { formatTime } from '../../../src/api/index.js';
import { planBroadcastJob } from '../../../src/workloads/broadcastjob/planner.js';
import { nodeNameOfPod } from '../../../src/workloads/broadcastjob/pods.js';
import type { BroadcastJob, BroadcastJobSpec } from '../../../src/workloads/broadcastjob/types.js';
import { PlanSim } from './plan-sim.js';

export const T0 = Date.parse('2026-01-01T00:00:00Z');

export function node(name: string, opts: { labels?: Record<string, string>; taints?: Taint[]; unschedulable?: boolean; pods?: string } = {}): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(opts.labels ?? {}) } },
    spec: { ...(opts.taints ? { taints: opts.taints } : {}), ...(opts.unschedulable ? { unschedulable: true } : {}) },
    status: { allocatable: { pods: opts.pods ?? '10', cpu: '4', memory: '8Gi' } },
  };
}

/** The tutorial's cluster: master1 tainted NoSchedule, node1, node2. */
export function tutorialNodes(): Node[] {
  return [
    node('master1', { labels: { 'node-role.kubernetes.io/control-plane': '' }, taints: [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] }),
    node('node1'),
    node('node2'),
  ];
}

export function nodes(n: number): Node[] {
  return Array.from({ length: n }, (_, i) => node(`node${i + 1}`));
}

/** tutorial/06-BroadcastJob.yaml */
export function bcjDemo(spec: Partial<BroadcastJobSpec> = {}, name = 'bcj-demo'): BroadcastJob {
  return {
    apiVersion: 'apps.kruise.io/v1alpha1',
    kind: 'BroadcastJob',
    metadata: { name, namespace: 'default', uid: `${name}-uid`, creationTimestamp: formatTime(T0) },
    spec: {
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'counter', image: 'busybox', command: ['/bin/sh', '-c', 'for i in 9 8 7 6 5 4 3 2 1; do echo $i; done'] }],
        },
      },
      ...spec,
    },
  };
}

export class BcjSim extends PlanSim<BroadcastJob> {
  /** Every pod name ever created per node: "exactly once" means one entry per node. */
  readonly createdPerNode = new Map<string, string[]>();

  constructor(job: BroadcastJob, nodeList: Node[], pods: Pod[] = [], nowMs = T0) {
    super(planBroadcastJob, job, { nowMs, nodes: nodeList, owned: { Pod: pods as KubeObject[] } });
  }

  override step() {
    const before = this.created.length;
    const plan = super.step();
    for (const p of this.created.slice(before)) {
      const n = nodeNameOfPod(p as Pod)!;
      this.createdPerNode.set(n, [...(this.createdPerNode.get(n) ?? []), p.metadata!.name!]);
    }
    checkInvariants(this);
    return plan;
  }

  pods(): Pod[] {
    return this.list('Pod') as Pod[];
  }

  podOn(nodeName: string): Pod | undefined {
    return this.pods().find((p) => nodeNameOfPod(p) === nodeName);
  }

  /** The kubelet: bind the pod to its node and set its phase (and restart count). */
  setPhase(nodeName: string, phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed', restartCount = 0): void {
    const pod = this.podOn(nodeName);
    if (!pod) throw new Error(`no pod on ${nodeName}`);
    this.mutate('Pod', pod.metadata!.name!, (p) => {
      const spec = p.spec as Pod['spec'] & { nodeName?: string };
      spec!.nodeName = nodeName;
      p.status = { phase, containerStatuses: [{ name: 'counter', image: 'busybox', imageID: 'busybox@sha256:1', ready: phase === 'Running', restartCount }] };
    });
  }

  setAll(phase: 'Running' | 'Succeeded' | 'Failed'): void {
    for (const p of this.pods()) this.setPhase(nodeNameOfPod(p)!, phase);
  }

  status() {
    return this.workload?.status as Record<string, unknown> | undefined;
  }

  /** `kubectl get bcj` columns: DESIRED ACTIVE SUCCEEDED FAILED. */
  columns(): string {
    const s = this.status() ?? {};
    return `${s.desired} ${s.active} ${s.succeeded} ${s.failed}`;
  }
}

/** A pod of the job, as a test fixture (pinned by nodeName unless `byAffinity`). */
export function jobPod(job: BroadcastJob, nodeName: string, phase: string, opts: { byAffinity?: boolean; name?: string; restartCount?: number; createdMs?: number } = {}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: opts.name ?? `${job.metadata!.name}-${nodeName}`,
      namespace: 'default',
      uid: `uid-${opts.name ?? nodeName}`,
      creationTimestamp: formatTime(opts.createdMs ?? T0),
      labels: { 'broadcastjob-name': job.metadata!.name!, 'broadcastjob-controller-uid': job.metadata!.uid! },
      ownerReferences: [{ apiVersion: 'apps.kruise.io/v1alpha1', kind: 'BroadcastJob', name: job.metadata!.name!, uid: job.metadata!.uid!, controller: true }],
    },
    spec: {
      restartPolicy: job.spec.template.spec?.restartPolicy,
      containers: [{ name: 'counter', image: 'busybox' }],
      ...(opts.byAffinity
        ? { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }] } } } }
        : { nodeName }),
    },
    status: { phase: phase as 'Running', containerStatuses: [{ name: 'counter', image: 'busybox', imageID: 'x', ready: true, restartCount: opts.restartCount ?? 0 }] },
  };
}

/** After every step: at most one live pod per node; every created pod is labelled, owned and pinned by affinity. */
export function checkInvariants(sim: BcjSim): void {
  if (!sim.workload) return;
  const live = new Map<string, string>();
  for (const p of sim.pods()) {
    if (p.metadata?.deletionTimestamp) continue;
    const n = nodeNameOfPod(p);
    expect(live.has(n!), `two live pods on ${n}: ${live.get(n!)} and ${p.metadata?.name}`).toBe(false);
    live.set(n!, p.metadata!.name!);
  }
  for (const p of sim.created as Pod[]) {
    expect(p.metadata?.labels).toMatchObject({ 'broadcastjob-name': sim.workload.metadata!.name, 'broadcastjob-controller-uid': sim.workload.metadata!.uid });
    expect(p.metadata?.ownerReferences).toEqual([
      { apiVersion: 'apps.kruise.io/v1alpha1', kind: 'BroadcastJob', name: sim.workload.metadata!.name, uid: sim.workload.metadata!.uid, controller: true, blockOwnerDeletion: true },
    ]);
    expect(p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms).toHaveLength(1);
  }
}
