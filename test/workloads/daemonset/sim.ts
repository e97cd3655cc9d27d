// A small pure step simulator for DaemonSet planner tests: holds nodes, pods, revisions and the
// DaemonSet; `step()` plans from a snapshot and applies the Plan as an API server + cache would once the
// writes are observed (creates appear bound to their node, deletes disappear — or linger terminating in
// graceful mode —, merge patches apply). A tiny kubelet: `markReady()` makes containers ready; Ready is
// recomputed from ContainersReady and the readiness gates; an image change restarts the container.
import type { ControllerRevision, KubeObject, Node, Plan, PlanAction, PlanEvent, Pod, PodCondition, Taint } from '../../../src/api/index.js';
import { formatTime } from '../../../src/api/index.js';
import { planDaemonSet } from '../../../src/workloads/daemonset/planner.js';
import { KRUISE_POD_READY, needsKruisePodReady } from '../../../src/workloads/common/pod-readiness.js';
import { podTargetNode } from '../../../src/workloads/daemonset/node-state.js';
import type { DaemonSet, DaemonSetSpec } from '../../../src/workloads/daemonset/types.js';

export const T0 = Date.parse('2026-01-01T00:00:00Z');

export function makeNode(name: string, o: { labels?: Record<string, string>; taints?: Taint[]; unschedulable?: boolean } = {}): Node {
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(o.labels ?? {}) } },
    spec: { taints: o.taints, unschedulable: o.unschedulable },
  };
}

export function tutorialNodes(): Node[] {
  return [
    makeNode('master1', { labels: { 'node-role.kubernetes.io/master': '' }, taints: [{ key: 'node-role.kubernetes.io/master', effect: 'NoSchedule' }] }),
    makeNode('node1'),
    makeNode('node2'),
  ];
}

export function makeDaemonSet(spec: Partial<DaemonSetSpec> = {}, name = 'nginx', annotations?: Record<string, string>): DaemonSet {
  return {
    apiVersion: 'apps.kruise.io/v1alpha1', kind: 'DaemonSet',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, generation: 1, annotations },
    spec: {
      selector: { matchLabels: { 'k8s-app': 'nginx' } },
      template: { metadata: { labels: { 'k8s-app': 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.7.9' }] } },
      ...spec,
    },
  };
}

export interface SimOptions {
  /** Deleted pods stay terminating (deletionTimestamp) until `finishTerminating()`. */
  graceful?: boolean;
  /** Created pods become Ready at once (containers start instantly). */
  autoReady?: boolean;
}

export class DsSim {
  ds: DaemonSet;
  nodes: Node[];
  pods = new Map<string, Pod>();
  revisions = new Map<string, ControllerRevision>();
  now = T0;
  events: PlanEvent[] = [];
  lastPlan: Plan = { phases: [], events: [] };
  readonly #ready = new Set<string>();
  #seq = 0;

  constructor(ds: DaemonSet, nodes: Node[], readonly opts: SimOptions = {}) {
    this.ds = ds;
    this.nodes = nodes;
  }

  plan(): Plan {
    const owned = { Pod: [...this.pods.values()] as KubeObject[], ControllerRevision: [...this.revisions.values()] as unknown as KubeObject[] };
    return planDaemonSet({ workload: this.ds, owned, orphans: {}, nodes: this.nodes, pending: [] }, this.now);
  }

  /** Plan and apply; returns the plan's pod creates/deletes/in-place updates for assertions. */
  step(): StepResult {
    const plan = this.plan();
    this.lastPlan = plan;
    this.apply(plan);
    this.now += 1; // turns never happen in the same millisecond
    return summarize(plan);
  }

  /** Steps until a plan has no writes (at most `max` steps); returns all step results. */
  settle(max = 50): StepResult[] {
    const out: StepResult[] = [];
    for (let i = 0; i < max; i++) {
      const r = this.step();
      out.push(r);
      if (this.lastPlan.phases.length === 0) return out;
    }
    throw new Error('did not settle');
  }

  apply(plan: Plan): void {
    for (const phase of plan.phases) for (const a of phase) this.#applyAction(a);
    this.events.push(...plan.events);
    if (plan.status) this.ds = { ...this.ds, status: plan.status as DaemonSet['status'] };
    this.kubelet();
  }

  #applyAction(a: PlanAction): void {
    if (a.type === 'create') {
      const obj = structuredClone(a.object) as KubeObject;
      const meta = obj.metadata as Record<string, unknown> & { name?: string; generateName?: string };
      meta.uid = `uid-${++this.#seq}`;
      meta.resourceVersion = String(this.#seq);
      meta.creationTimestamp = formatTime(this.now);
      if (!meta.name) meta.name = `${meta.generateName}${this.#seq}`;
      const name = meta.name;
      if (obj.kind === 'Pod') {
        const pod = obj as Pod;
        (pod.spec as { nodeName?: string }).nodeName = podTargetNode(pod);
        (pod as { status?: unknown }).status = { phase: 'Pending' };
        this.pods.set(name, pod);
        if (this.opts.autoReady) this.#ready.add(name);
      } else this.revisions.set(name, obj as unknown as ControllerRevision);
      if (a.onSuccess) this.events.push(a.onSuccess);
      return;
    }
    const store = a.type === 'update' ? undefined : a.ref.kind === 'Pod' ? this.pods : this.revisions;
    if (a.type === 'delete') {
      const pod = store!.get(a.ref.name) as Pod | undefined;
      if (!pod) return;
      if (a.ref.kind === 'Pod' && this.opts.graceful) {
        const m = pod.metadata as Record<string, unknown>;
        m.deletionTimestamp = formatTime(this.now);
        m.resourceVersion = String(++this.#seq);
      } else store!.delete(a.ref.name);
      if (a.onSuccess) this.events.push(a.onSuccess);
      return;
    }
    if (a.type === 'patch') {
      const obj = store!.get(a.ref.name) as KubeObject | undefined;
      if (!obj) throw new Error(`patch of missing ${a.ref.kind} ${a.ref.name}`);
      if (a.resourceVersion && a.resourceVersion !== obj.metadata?.resourceVersion) throw new Error(`conflict patching ${a.ref.name}`);
      const patch = a.subresource === 'status' ? { status: (a.patch as { status: unknown }).status } : a.patch;
      mergePatch(obj as Record<string, unknown>, patch as Record<string, unknown>);
      (obj.metadata as Record<string, unknown>).resourceVersion = String(++this.#seq);
      if (a.onSuccess) this.events.push(a.onSuccess);
      return;
    }
    throw new Error(`unexpected action ${a.type}`);
  }

  /** Pods whose deletion was requested disappear. */
  finishTerminating(): void {
    for (const [name, pod] of this.pods) if (pod.metadata?.deletionTimestamp) this.pods.delete(name);
  }

  /** Containers of these pods (default: all) are started and ready. */
  markReady(pods: Iterable<Pod> = this.livePods()): void {
    for (const p of pods) this.#ready.add(p.metadata!.name!);
    this.kubelet();
  }

  markNotReady(pods: Iterable<Pod>): void {
    for (const p of pods) this.#ready.delete(p.metadata!.name!);
    this.kubelet();
  }

  advance(ms: number): void {
    this.now += ms;
  }

  /** Container statuses, restarts on image change, ContainersReady, Ready (= containers ready and every gate True). */
  kubelet(): void {
    for (const pod of this.pods.values()) {
      if (pod.status?.phase === 'Failed') continue;
      const statuses = pod.status?.containerStatuses ?? [];
      const next = (pod.spec?.containers ?? []).map((c) => {
        const old = statuses.find((s) => s.name === c.name);
        if (old && old.image !== c.image) this.#ready.delete(pod.metadata!.name!);
        const restart = old && old.image !== c.image ? 1 : 0;
        return { name: c.name, image: c.image!, imageID: `docker.io/${c.image}@sha256:${c.image}`, ready: this.#ready.has(pod.metadata!.name!), restartCount: (old?.restartCount ?? 0) + restart, containerID: `c-${pod.metadata!.name}-${(old?.restartCount ?? 0) + restart}` };
      });
      const containersReady = this.#ready.has(pod.metadata!.name!);
      // Kruise's pod-readiness write lands within ms of the create, long before containers start (the
      // planner emits it on the pod's first turn: see the KruisePodReady tests); here it lands at the latest now.
      let conditions = containersReady && needsKruisePodReady(pod) ? setCond(pod.status?.conditions, KRUISE_POD_READY, true, this.now) : pod.status?.conditions;
      conditions = setCond(conditions, 'ContainersReady', containersReady, this.now);
      const gatesOk = (pod.spec?.readinessGates ?? []).every((g) => conditions!.find((c) => c.type === g.conditionType)?.status === 'True');
      conditions = setCond(conditions, 'Ready', containersReady && gatesOk, this.now);
      (pod as { status?: unknown }).status = { ...pod.status, phase: 'Running', containerStatuses: next, conditions };
    }
  }

  livePods(): Pod[] {
    return [...this.pods.values()].filter((p) => !p.metadata?.deletionTimestamp);
  }

  podsOn(node: string): Pod[] {
    return [...this.pods.values()].filter((p) => p.spec?.nodeName === node);
  }

  setTemplateImage(image: string): void {
    const t = structuredClone(this.ds.spec!.template!);
    t.spec!.containers[0]!.image = image;
    this.updateSpec({ template: t });
  }

  updateSpec(spec: Partial<DaemonSetSpec>): void {
    this.ds = { ...this.ds, metadata: { ...this.ds.metadata, generation: (this.ds.metadata?.generation ?? 1) + 1 }, spec: { ...this.ds.spec, ...spec } };
  }

  setRollingUpdate(ru: NonNullable<NonNullable<DaemonSetSpec['updateStrategy']>['rollingUpdate']>): void {
    this.updateSpec({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: ru } });
  }

  hashOf(pod: Pod): string | undefined {
    return pod.metadata?.labels?.['controller-revision-hash'];
  }
}

export interface StepResult {
  creates: string[];
  deletes: string[];
  inPlace: string[];
  /** Nodes the created pods are for. */
  createNodes: string[];
}

export function summarize(plan: Plan): StepResult {
  const r: StepResult = { creates: [], deletes: [], inPlace: [], createNodes: [] };
  for (const a of plan.phases.flat()) {
    if (a.type === 'create' && a.object.kind === 'Pod') {
      r.creates.push(a.object.metadata!.name!);
      r.createNodes.push(podTargetNode(a.object as Pod)!);
    } else if (a.type === 'delete' && a.ref.kind === 'Pod') r.deletes.push(a.ref.name);
    else if (a.type === 'patch' && a.ref.kind === 'Pod' && a.onSuccess?.reason === 'SuccessfulUpdatePodInPlace') r.inPlace.push(a.ref.name);
  }
  return r;
}

function setCond(list: PodCondition[] | undefined, type: string, ok: boolean, nowMs: number): PodCondition[] {
  const out = [...(list ?? [])];
  const status = ok ? 'True' : 'False';
  const i = out.findIndex((c) => c.type === type);
  if (i < 0) out.push({ type, status, lastTransitionTime: formatTime(nowMs) });
  else if (out[i]!.status !== status) out[i] = { ...out[i]!, status, lastTransitionTime: formatTime(nowMs) };
  return out;
}

/** RFC 7386 JSON merge patch, in place. */
export function mergePatch(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete target[k];
    else if (typeof v === 'object' && !Array.isArray(v)) {
      const t = target[k];
      if (typeof t !== 'object' || t === null || Array.isArray(t)) target[k] = {};
      mergePatch(target[k] as Record<string, unknown>, v as Record<string, unknown>);
    } else target[k] = structuredClone(v);
  }
}
