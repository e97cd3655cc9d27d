// The Plan: what a workload planner decides in one turn, as plain data. Planners are pure
// (`(snapshot, nowMs) → Plan`); the runtime's executor carries a Plan out and knows no workload.
// A Plan crosses thread boundaries (structured clone / JSON), is logged, and is snapshot-tested.
import type { KubeObject, ObjectRef } from './objects.js';

/** Create an object (pod, PVC, ControllerRevision, Job, BroadcastJob …) in the workload's namespace. */
export interface CreateAction {
  type: 'create';
  object: KubeObject;
  /**
   * The wall-clock time (ms) this write is due, for writes a schedule decides (an AdvancedCronJob's
   * child): the write queue serves it before all others and may borrow tokens from the future for it
   * (up to --schedule-burst), so a thousand schedules firing in one minute are not paced by --qps.
   */
  dueAtMs?: number;
  /** Events emitted when the write succeeds / fails (`{err}` in the failure message is replaced by the error). */
  onSuccess?: PlanEvent;
  onFailure?: PlanEvent;
}

/** Delete an object, optionally only if it still has this uid (a precondition, as Kubernetes offers). */
export interface DeleteAction {
  type: 'delete';
  ref: ObjectRef;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  /** As CreateAction.dueAtMs (concurrencyPolicy Replace deletes the running child at the scheduled time). */
  dueAtMs?: number;
  onSuccess?: PlanEvent;
  onFailure?: PlanEvent;
}

/**
 * Patch an object (or its status). `expect` names what the cache must observe before the executor
 * counts the patch as done — e.g. a pod label `controller-revision-hash` equal to the new revision —
 * so that the next plan never acts on a stale copy.
 */
export interface PatchAction {
  type: 'patch';
  ref: ObjectRef;
  patchType: 'merge' | 'json' | 'strategic';
  patch: unknown;
  subresource?: 'status';
  /** Optimistic concurrency: fail with 409 unless the object is still at this resourceVersion. */
  resourceVersion?: string;
  onSuccess?: PlanEvent;
  onFailure?: PlanEvent;
}

/** Replace an object (or its status) with optimistic concurrency on metadata.resourceVersion. */
export interface UpdateAction {
  type: 'update';
  object: KubeObject;
  subresource?: 'status';
  onSuccess?: PlanEvent;
  onFailure?: PlanEvent;
}

export type PlanAction = CreateAction | DeleteAction | PatchAction | UpdateAction;

export interface PlanEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** Defaults to the workload itself. */
  involvedObject?: ObjectRef;
}

export interface Plan {
  /**
   * Writes in phases: the actions of one phase go out in parallel (through the rate-limited write
   * queues); the next phase starts only when every action of the previous one succeeded. A failed
   * phase ends the turn and the actor re-plans from the cache.
   */
  phases: PlanAction[][];
  /** The workload's whole new status; written through /status only when it differs from the stored one. */
  status?: Record<string, unknown>;
  /** Events recorded on the workload (or on `involvedObject`). */
  events: PlanEvent[];
  /** Plan again after this many ms even if nothing changes (minReadySeconds, grace periods, schedules, TTLs). */
  requeueAfterMs?: number;
  /** Delete the workload itself after writing (BroadcastJob ttlSecondsAfterFinished). */
  deleteSelf?: boolean;
}

export function emptyPlan(): Plan {
  return { phases: [], events: [] };
}

/** Earliest of several optional requeue delays. */
export function earliest(...delays: Array<number | undefined>): number | undefined {
  let best: number | undefined;
  for (const d of delays) if (d !== undefined && (best === undefined || d < best)) best = d;
  return best;
}
