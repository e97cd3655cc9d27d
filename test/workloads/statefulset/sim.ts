// A pure "simulated step" for planner tests: holds a StatefulSet and its children, builds snapshots,
// applies a Plan (creates appear Pending, deletes disappear or linger terminating, merge patches
// apply, resourceVersion preconditions conflict), and plays a tiny kubelet (Running/Ready, image
// restarts with new imageIDs, readiness gates). Invariants are checked after every step.
import type { ControllerRevision, KubeObject, Plan, PlanAction, PlanEvent, Pod } from '../../../src/api/index.js';
import { formatTime, selectorMatches } from '../../../src/api/index.js';
import type { Snapshot } from '../../../src/runtime/workload-definition.js';
import { planStatefulSet } from '../../../src/workloads/statefulset/planner.js';
import { applyMergePatch } from '../../../src/workloads/statefulset/pod-writes.js';
import type { StatefulSet } from '../../../src/workloads/statefulset/types.js';
import type { StatefulSetPlannerOptions } from '../../../src/workloads/statefulset/context.js';
import { parseOrdinal, parseReserveOrdinals } from '../../../src/workloads/common/ordinals.js';
import { KRUISE_POD_READY, needsKruisePodReady } from '../../../src/workloads/common/pod-readiness.js';

export const T0 = Date.parse('2026-01-01T00:00:00Z');

export function makeSet(spec: StatefulSet['spec'], name = 'web'): StatefulSet {
  return {
    apiVersion: 'apps.kruise.io/v1beta1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'default', uid: 'set-uid', generation: 1 },
    spec: {
      selector: { matchLabels: { app: 'nginx' } },
      template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1' }] } },
      ...spec,
    },
  };
}

export interface StepResult {
  plan: Plan;
  created: string[];
  deleted: string[];
  patched: string[];
  events: PlanEvent[];
  failed?: string;
}

export class Sim {
  set: StatefulSet;
  pods = new Map<string, Pod>();
  revisions = new Map<string, ControllerRevision>();
  claims = new Map<string, KubeObject>();
  now = T0;
  log: string[] = [];
  events: PlanEvent[] = [];
  /** Deleted pods linger with a deletionTimestamp until `finishTerminating`. */
  gracefulDelete = false;
  options?: StatefulSetPlannerOptions;
  #seq = 0;
  #createdOrder: string[] = [];
  #reachedUpdate = new Map<string, string>();
  violations: string[] = [];
  /** Check that no more than this many in-range pods are unavailable after each step (during updates). */
  maxUnavailableInvariant?: number;

  constructor(set: StatefulSet, options?: StatefulSetPlannerOptions) {
    this.set = structuredClone(set);
    this.options = options;
  }

  snapshot(): Snapshot<StatefulSet> {
    const owned: Pod[] = [];
    const orphans: Pod[] = [];
    for (const p of this.pods.values()) {
      const c = p.metadata?.ownerReferences?.find((r) => r.controller);
      if (c?.uid === this.set.metadata?.uid) owned.push(p);
      else if (!c && selectorMatches(this.set.spec?.selector, p.metadata?.labels)) orphans.push(p);
    }
    return {
      workload: structuredClone(this.set),
      owned: { Pod: structuredClone(owned) as never, ControllerRevision: structuredClone([...this.revisions.values()]) as never },
      orphans: { Pod: structuredClone(orphans) as never, PersistentVolumeClaim: structuredClone([...this.claims.values()]) },
      nodes: [],
      pending: [],
    };
  }

  plan(): Plan {
    return planStatefulSet(this.snapshot(), this.now, this.options);
  }

  /** Plans once and applies the plan. */
  step(): StepResult {
    const plan = this.plan();
    const r = this.apply(plan);
    this.checkInvariants(r);
    return r;
  }

  apply(plan: Plan): StepResult {
    const r: StepResult = { plan, created: [], deleted: [], patched: [], events: [...plan.events] };
    outer: for (const phase of plan.phases) {
      for (const a of phase) {
        const err = this.#applyAction(a, r);
        if (err) {
          if (a.onFailure) r.events.push({ ...a.onFailure, message: a.onFailure.message.replace('{err}', err) });
          r.failed = err;
          break outer;
        }
        if (a.onSuccess) r.events.push(a.onSuccess);
      }
    }
    if (plan.status) this.set.status = structuredClone(plan.status) as never;
    this.events.push(...r.events);
    return r;
  }

  #applyAction(a: PlanAction, r: StepResult): string | undefined {
    const rv = () => String(++this.#seq);
    if (a.type === 'create') {
      const o = structuredClone(a.object) as KubeObject;
      const name = o.metadata!.name!;
      o.metadata = { ...o.metadata, uid: `uid-${name}-${this.#seq}`, resourceVersion: rv(), creationTimestamp: formatTime(this.now) };
      if (o.kind === 'Pod') {
        if (this.pods.has(name)) return `pods "${name}" already exists`;
        mut(o).status = { phase: 'Pending' };
        this.pods.set(name, o as Pod);
        this.#createdOrder.push(name);
        r.created.push(name);
        this.log.push(`create ${name}`);
      } else if (o.kind === 'ControllerRevision') {
        if (this.revisions.has(name)) return `controllerrevisions "${name}" already exists`;
        this.revisions.set(name, o as unknown as ControllerRevision);
      } else {
        if (this.claims.has(name)) return 'already exists';
        this.claims.set(name, o);
      }
      return undefined;
    }
    const store = this.#store(a.type === 'update' ? a.object.kind ?? '' : a.ref.kind);
    if (a.type === 'delete') {
      const o = store.get(a.ref.name);
      if (!o) return 'not found';
      if (a.ref.kind === 'Pod' && this.gracefulDelete) {
        o.metadata = { ...o.metadata, deletionTimestamp: formatTime(this.now) };
      } else store.delete(a.ref.name);
      if (a.ref.kind === 'Pod') {
        r.deleted.push(a.ref.name);
        this.log.push(`delete ${a.ref.name}`);
      }
      return undefined;
    }
    if (a.type === 'patch') {
      const o = store.get(a.ref.name);
      if (!o) return 'not found';
      if (a.resourceVersion && a.resourceVersion !== o.metadata?.resourceVersion) return 'the object has been modified';
      const patch = a.subresource === 'status' ? { status: (a.patch as { status: unknown }).status } : a.patch;
      const next = applyMergePatch(o, patch) as KubeObject;
      next.metadata = { ...next.metadata, resourceVersion: rv() };
      store.set(a.ref.name, next as never);
      if (a.ref.kind === 'Pod') {
        r.patched.push(a.ref.name);
        this.log.push(`patch${a.subresource ? '/status' : ''} ${a.ref.name}`);
      }
      return undefined;
    }
    return 'update not simulated';
  }

  #store(kind: string): Map<string, KubeObject> {
    if (kind === 'Pod') return this.pods as unknown as Map<string, KubeObject>;
    if (kind === 'ControllerRevision') return this.revisions as unknown as Map<string, KubeObject>;
    return this.claims;
  }

  // ---- kubelet ---------------------------------------------------------------------------------

  /** Runs the pod (containers report the spec images) and makes it Ready when its gates allow. */
  run(name: string, ready = true): void {
    const p = this.pods.get(name)!;
    const statuses = (p.spec?.containers ?? []).map((c) => {
      const old = p.status?.containerStatuses?.find((s) => s.name === c.name);
      const changed = old && old.image !== c.image;
      return {
        name: c.name, image: c.image!, imageID: `id-${c.image}`, ready, containerID: changed || !old ? `cid-${c.image}-${this.#seq}` : old.containerID,
        restartCount: (old?.restartCount ?? 0) + (changed ? 1 : 0), state: {},
      };
    });
    mut(p).status = { ...p.status, phase: 'Running', containerStatuses: statuses };
    // Kruise's pod-readiness write lands within ms of the create, long before containers start (the
    // planner emits it on the pod's first turn: see the KruisePodReady tests); here it lands at the latest now.
    if (needsKruisePodReady(p)) this.#setCondition(p, KRUISE_POD_READY, 'True');
    this.#setCondition(p, 'ContainersReady', ready ? 'True' : 'False');
    this.#recomputeReady(p);
    mut(p.metadata).resourceVersion = String(++this.#seq);
  }

  /** Kubelet sync of every non-terminating pod: restart changed images, recompute Ready. */
  kubelet(opts: { ready?: (name: string) => boolean } = {}): void {
    for (const [name, p] of this.pods) {
      if (p.metadata?.deletionTimestamp) continue;
      this.run(name, opts.ready ? opts.ready(name) : true);
    }
  }

  setUnready(name: string): void {
    const p = this.pods.get(name)!;
    this.#setCondition(p, 'ContainersReady', 'False');
    this.#recomputeReady(p);
    mut(p.metadata).resourceVersion = String(++this.#seq);
  }

  finishTerminating(): void {
    for (const [name, p] of this.pods) if (p.metadata?.deletionTimestamp) this.pods.delete(name);
  }

  #setCondition(p: Pod, type: string, status: string): void {
    const list = [...(p.status?.conditions ?? [])];
    const i = list.findIndex((c) => c.type === type);
    const old = list[i];
    const c = { type, status, lastTransitionTime: old && old.status === status ? old.lastTransitionTime : formatTime(this.now) };
    if (i >= 0) list[i] = { ...old, ...c };
    else list.push(c);
    mut(p).status = { ...p.status, conditions: list };
  }

  #recomputeReady(p: Pod): void {
    const cr = p.status?.conditions?.find((c) => c.type === 'ContainersReady')?.status === 'True';
    const gates = (p.spec?.readinessGates ?? []).every((g) => p.status?.conditions?.find((c) => c.type === g.conditionType)?.status === 'True');
    this.#setCondition(p, 'Ready', cr && gates ? 'True' : 'False');
  }

  // ---- spec changes ---------------------------------------------------------------------------

  update(mutate: (spec: NonNullable<StatefulSet['spec']>) => void): void {
    mutate(this.set.spec!);
    mut(this.set.metadata).generation = (this.set.metadata!.generation ?? 1) + 1;
  }

  setImage(image: string): void {
    this.update((s) => (s.template!.spec!.containers[0]!.image = image));
  }

  // ---- queries ------------------------------------------------------------------------------------

  names(): string[] {
    return [...this.pods.keys()].sort((a, b) => parseOrdinal('web', a)! - parseOrdinal('web', b)!);
  }

  image(name: string): string | undefined {
    return this.pods.get(name)?.spec?.containers[0]?.image;
  }

  revisionOf(name: string): string | undefined {
    return this.pods.get(name)?.metadata?.labels?.['controller-revision-hash'];
  }

  isReady(p: Pod): boolean {
    return p.status?.phase === 'Running' && p.status?.conditions?.find((c) => c.type === 'Ready')?.status === 'True' && !p.metadata?.deletionTimestamp;
  }

  /** In-range ordinals whose pod is missing, not Ready or terminating. */
  unavailableCount(): number {
    const reserved = parseReserveOrdinals(this.set.spec?.reserveOrdinals);
    let n = 0;
    let ordinal = 0;
    for (let collected = 0; collected < (this.set.spec?.replicas ?? 1); ordinal++) {
      if (reserved.has(ordinal)) continue;
      collected++;
      const p = this.pods.get(`web-${ordinal}`);
      if (!p || !this.isReady(p)) n++;
    }
    return n;
  }

  /** Runs plan→apply→kubelet until a plan writes nothing (or `max` steps). */
  settle(max = 50, kubelet = true): number {
    for (let i = 0; i < max; i++) {
      if (kubelet) this.kubelet();
      const r = this.step();
      if (r.plan.phases.length === 0) return i;
    }
    throw new Error(`did not settle in ${max} steps: ${this.log.slice(-10).join(', ')}`);
  }

  checkInvariants(r: StepResult): void {
    const set = this.set;
    const reserved = parseReserveOrdinals(set.spec?.reserveOrdinals);
    const monotonic = (set.spec?.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
    for (const name of r.created) {
      const ord = parseOrdinal('web', name)!;
      if (reserved.has(ord)) this.violations.push(`created reserved ordinal ${name}`);
      if (monotonic) {
        for (let o = 0; o < ord; o++) {
          if (reserved.has(o)) continue;
          const lower = this.pods.get(`web-${o}`);
          if (!lower || (!this.isReady(lower) && !r.created.includes(`web-${o}`))) this.violations.push(`OrderedReady created ${name} before web-${o} was ready`);
        }
        if (r.created.length > 1) this.violations.push(`OrderedReady created ${r.created.length} pods in one pass`);
      }
    }
    const update = set.status?.updateRevision;
    for (const [name, p] of this.pods) {
      const rev = p.metadata?.labels?.['controller-revision-hash'];
      if (update && this.#reachedUpdate.get(name) === update && rev !== update && !p.metadata?.deletionTimestamp) {
        this.violations.push(`${name} rolled back from ${update} to ${rev}`);
      }
      if (rev && rev === update) this.#reachedUpdate.set(name, update);
    }
    if (this.maxUnavailableInvariant !== undefined && this.unavailableCount() > this.maxUnavailableInvariant) {
      this.violations.push(`unavailable ${this.unavailableCount()} > ${this.maxUnavailableInvariant} after ${this.log.slice(-3).join(', ')}`);
    }
  }
}

/** kubernetes-types fields are readonly; the simulator mutates its own copies. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function mut(x: unknown): any {
  return x;
}
