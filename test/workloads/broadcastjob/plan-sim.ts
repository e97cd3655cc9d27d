// A small pure step simulator for planner tests: holds a workload, its owned objects and nodes, asks a
// planner for a Plan at the simulated `nowMs`, and applies the Plan as an API server would (creates get a
// name/uid/creationTimestamp, deletes remove, status replaces, deleteSelf removes the workload).
// Everything is observed at once, so each step sees the previous step's writes.
import type { KubeObject, Node, Plan, PlanAction, PlanEvent } from '../../../src/api/index.js';
import { formatTime } from '../../../src/api/index.js';
import type { Snapshot } from '../../../src/runtime/workload-definition.js';

export type Planner<W extends KubeObject> = (snapshot: Snapshot<W>, nowMs: number) => Plan;

export interface RecordedEvent extends PlanEvent {
  atMs: number;
}

export interface PlanSimOptions {
  nowMs: number;
  nodes?: Node[];
  owned?: Record<string, KubeObject[]>;
  /** Return an error message to make a create fail. */
  failCreate?: (obj: KubeObject) => string | undefined;
}

export class PlanSim<W extends KubeObject> {
  workload: W | undefined;
  owned: Record<string, KubeObject[]>;
  nodes: Node[];
  nowMs: number;
  readonly events: RecordedEvent[] = [];
  readonly plans: Plan[] = [];
  readonly created: KubeObject[] = [];
  readonly deleted: Array<{ kind: string; name: string; atMs: number }> = [];
  /** Status merge patches applied (pod readiness writes). */
  readonly statusPatches: Array<{ kind: string; name: string; atMs: number }> = [];
  failCreate?: (obj: KubeObject) => string | undefined;
  #seq = 0;

  constructor(private readonly planner: Planner<W>, workload: W, opts: PlanSimOptions) {
    this.workload = structuredClone(workload);
    this.nowMs = opts.nowMs;
    this.nodes = opts.nodes ?? [];
    this.owned = opts.owned ?? {};
    this.failCreate = opts.failCreate;
  }

  snapshot(): Snapshot<W> {
    if (!this.workload) throw new Error('the workload was deleted');
    return structuredClone({ workload: this.workload, owned: this.owned, orphans: {}, nodes: this.nodes, pending: [] });
  }

  /** Plans once at the current time and applies the result. */
  step(): Plan {
    const plan = this.planner(this.snapshot(), this.nowMs);
    this.plans.push(plan);
    this.apply(plan);
    return plan;
  }

  advance(ms: number): this {
    this.nowMs += ms;
    return this;
  }

  /** Moves to the plan's requeue time (if any) and steps; returns undefined when there was no requeue. */
  stepAtRequeue(plan: Plan): Plan | undefined {
    if (plan.requeueAfterMs === undefined) return undefined;
    this.nowMs += plan.requeueAfterMs;
    return this.step();
  }

  list(kind: string): KubeObject[] {
    return this.owned[kind] ?? [];
  }

  find(kind: string, name: string): KubeObject | undefined {
    return this.list(kind).find((o) => o.metadata?.name === name);
  }

  /** Changes an owned object in place (what a kubelet / Job runner would do). */
  mutate(kind: string, name: string, fn: (obj: KubeObject) => void): void {
    const obj = this.find(kind, name);
    if (!obj) throw new Error(`no ${kind} ${name}`);
    fn(obj);
    (obj.metadata as Record<string, unknown>).resourceVersion = String(++this.#seq);
  }

  remove(kind: string, name: string): void {
    this.owned[kind] = this.list(kind).filter((o) => o.metadata?.name !== name);
  }

  apply(plan: Plan): void {
    for (const e of plan.events) this.record(e);
    let ok = true;
    for (const phase of plan.phases) {
      for (const action of phase) ok = this.applyAction(action) && ok;
      if (!ok) break;
    }
    if (plan.status && this.workload) (this.workload as KubeObject).status = structuredClone(plan.status);
    if (plan.deleteSelf) this.workload = undefined;
  }

  private applyAction(action: PlanAction): boolean {
    switch (action.type) {
      case 'create': {
        const err = this.failCreate?.(action.object);
        if (err !== undefined) {
          if (action.onFailure) this.record({ ...action.onFailure, message: action.onFailure.message.replace('{err}', err) });
          return false;
        }
        const obj = structuredClone(action.object);
        const meta = (obj.metadata ??= {}) as { name?: string; generateName?: string; uid?: string; resourceVersion?: string; creationTimestamp?: string };
        const seq = ++this.#seq;
        if (!meta.name) meta.name = `${meta.generateName ?? ''}${seq.toString(36).padStart(5, 'x')}`;
        if (this.find(obj.kind ?? '', meta.name)) {
          if (action.onFailure) this.record({ ...action.onFailure, message: action.onFailure.message.replace('{err}', 'already exists') });
          return false;
        }
        meta.uid = `uid-${seq}`;
        meta.resourceVersion = String(seq);
        meta.creationTimestamp = formatTime(this.nowMs);
        (this.owned[obj.kind ?? ''] ??= []).push(obj);
        this.created.push(obj);
        if (action.onSuccess) this.record(action.onSuccess);
        return true;
      }
      case 'delete': {
        const list = this.list(action.ref.kind);
        const idx = list.findIndex((o) => o.metadata?.name === action.ref.name && (!action.ref.uid || o.metadata?.uid === action.ref.uid));
        if (idx < 0) return true; // NotFound counts as done
        list.splice(idx, 1);
        this.deleted.push({ kind: action.ref.kind, name: action.ref.name, atMs: this.nowMs });
        if (action.onSuccess) this.record(action.onSuccess);
        return true;
      }
      case 'patch': {
        // Only pod status merge patches (KruisePodReady=True), guarded by the resourceVersion judged.
        if (action.subresource !== 'status' || action.patchType !== 'merge') throw new Error(`PlanSim does not apply ${action.patchType} patches of ${action.subresource ?? 'objects'}`);
        const obj = this.list(action.ref.kind).find((o) => o.metadata?.name === action.ref.name);
        if (!obj || (action.resourceVersion && action.resourceVersion !== obj.metadata?.resourceVersion)) return true; // NotFound / Conflict: dropped
        const status = (action.patch as { status?: Record<string, unknown> }).status ?? {};
        (obj as { status?: Record<string, unknown> }).status = { ...((obj as { status?: Record<string, unknown> }).status ?? {}), ...structuredClone(status) };
        (obj.metadata as { resourceVersion?: string }).resourceVersion = String(++this.#seq);
        this.statusPatches.push({ kind: action.ref.kind, name: action.ref.name, atMs: this.nowMs });
        return true;
      }
      case 'update':
        throw new Error(`PlanSim does not apply ${action.type} actions`);
    }
  }

  private record(e: PlanEvent): void {
    this.events.push({ ...e, atMs: this.nowMs });
  }
}
