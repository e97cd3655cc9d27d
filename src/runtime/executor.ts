// The executor carries out a Plan for one actor: phases in sequence, the actions of one phase in
// parallel through the shared write queue; each successful write is recorded as an expectation; a
// 409 ends the turn with ReplanError (the actor plans again from the cache), other failures with
// WriteFailedError (retried with backoff). Then the status (through /status, only when changed,
// with optimistic concurrency), the plan's events, and deleteSelf. Writes go through the fair write
// queue under the actor's tenant: creates, deletes and patches of owned objects at `mutate` priority,
// status writes at `status` (behind them), so a burst of status writes never delays pod creates.
import { refOf, type KubeObject, type ObjectRef, type Plan, type PlanAction, type PlanEvent } from '../api/index.js';
import type { RestClient } from './client/rest-client.js';
import { ApiError, ReplanError, WriteFailedError, isApiError } from './errors.js';
import type { EventRecorder } from './event-recorder.js';
import type { Expectations } from './expectations.js';
import { statusDiffers } from './status.js';
import { WritePriority, type WriteQueue } from './write/write-queue.js';
import type { ResourceType, WorkloadDefinition } from './workload-definition.js';

export interface ExecutorDeps {
  client: RestClient;
  writes: WriteQueue;
  expectations: Expectations;
  recorder: EventRecorder | undefined;
  /** The fair-queueing tenant of an actor key. @default one tenant */
  tenantOf?: (actorKey: string) => string;
}

export interface ExecuteHooks {
  /** Called when only the workload's own status write (and plan events, and a planned delete of the workload itself) remain. */
  beforeStatus?: () => void;
}

export interface ExecuteResult {
  writes: number;
  statusWritten: boolean;
}

export class Executor {
  readonly #d: ExecutorDeps;
  #inFlight = 0;
  #idleWaiters: Array<() => void> = [];

  constructor(deps: ExecutorDeps) {
    this.#d = deps;
  }

  /** Writes running now (for graceful shutdown). */
  get inFlight(): number {
    return this.#inFlight;
  }

  onIdle(): Promise<void> {
    return this.#inFlight === 0 ? Promise.resolve() : new Promise((r) => this.#idleWaiters.push(r));
  }

  /**
   * `hooks.beforeStatus` runs once the plan's mutations are done and only the workload's own status write
   * is left: the controller host gives the turn's slot back there, so status writes waiting behind other
   * keys' creates (children due at a scheduled time, say) do not keep those keys' turns from starting.
   */
  async execute(actorKey: string, def: WorkloadDefinition, workload: KubeObject, plan: Plan, hooks: ExecuteHooks = {}): Promise<ExecuteResult> {
    const result: ExecuteResult = { writes: 0, statusWritten: false };
    const self = refOf(workload);
    for (const [i, phase] of plan.phases.entries()) {
      if (phase.length === 0) continue;
      const outcomes = await Promise.allSettled(phase.map((a) => this.#track(() => this.#apply(actorKey, def, workload, a))));
      result.writes += phase.length;
      let conflict: unknown;
      let failure: unknown;
      outcomes.forEach((o, j) => {
        const action = phase[j]!;
        if (o.status === 'fulfilled') this.#emit(action.onSuccess, self);
        else {
          this.#emit(action.onFailure, self, o.reason);
          if (isApiError(o.reason, 409)) conflict ??= o.reason;
          else failure ??= o.reason;
        }
      });
      if (failure) throw new WriteFailedError(`phase ${i + 1} of ${actorKey}: ${(failure as Error).message}`, failure);
      if (conflict) throw new ReplanError(`phase ${i + 1} of ${actorKey}: ${(conflict as Error).message}`, conflict);
    }
    if (statusDiffers(workload.status, plan.status)) {
      hooks.beforeStatus?.();
      await this.#track(() => this.#writeStatus(actorKey, def, workload, plan.status!));
      result.statusWritten = true;
    }
    for (const ev of plan.events) this.#emit(ev, self);
    if (plan.deleteSelf) {
      await this.#track(() => this.#delete(actorKey, def.resource, self, 'Background', false));
    }
    return result;
  }

  async #track<T>(fn: () => Promise<T>): Promise<T> {
    this.#inFlight++;
    try {
      return await fn();
    } finally {
      if (--this.#inFlight === 0) this.#idleWaiters.splice(0).forEach((r) => r());
    }
  }

  #apply(actorKey: string, def: WorkloadDefinition, workload: KubeObject, a: PlanAction): Promise<void> {
    switch (a.type) {
      case 'create':
        return this.#create(actorKey, def, workload, a.object, a.dueAtMs !== undefined);
      case 'delete':
        return this.#delete(actorKey, resourceFor(def, a.ref.apiVersion, a.ref.kind), a.ref, a.propagationPolicy, a.dueAtMs !== undefined);
      case 'patch':
        return this.#patch(actorKey, def, a, this.#priorityOf(workload, a.ref, a.subresource));
      case 'update':
        return this.#update(actorKey, def, a.object, a.subresource, this.#priorityOf(workload, refOf(a.object), a.subresource));
    }
  }

  async #create(actorKey: string, def: WorkloadDefinition, workload: KubeObject, obj: KubeObject, due: boolean): Promise<void> {
    const rt = resourceFor(def, obj.apiVersion ?? '', obj.kind ?? '');
    if (rt.namespaced && !obj.metadata?.namespace) obj = { ...obj, metadata: { ...obj.metadata, namespace: workload.metadata?.namespace } };
    const created = await this.#d.writes.run(() => this.#d.client.create(rt, obj), { ...this.#w(actorKey, WritePriority.mutate, false), due });
    this.#d.expectations.expect(actorKey, { verb: 'create', kind: rt.kind, namespace: created.metadata?.namespace, name: created.metadata?.name ?? '', uid: created.metadata?.uid });
  }

  async #delete(actorKey: string, rt: ResourceType, ref: ObjectRef, propagationPolicy: 'Background' | 'Foreground' | 'Orphan' | undefined, due: boolean): Promise<void> {
    try {
      await this.#d.writes.run(
        () => this.#d.client.delete(rt, ref.namespace, ref.name, { preconditions: ref.uid ? { uid: ref.uid } : undefined, propagationPolicy }),
        { ...this.#w(actorKey, WritePriority.mutate), due },
      );
    } catch (err) {
      if (isApiError(err, 404)) return; // already gone: nothing to expect
      throw err;
    }
    this.#d.expectations.expect(actorKey, { verb: 'delete', kind: rt.kind, namespace: ref.namespace, name: ref.name, uid: ref.uid });
  }

  /**
   * Status writes of the workload itself wait behind everything else of its tenant; an owned object's
   * status (a pod's readiness-gate condition) gates the rollout, so it goes with the creates.
   */
  #priorityOf(workload: KubeObject, ref: ObjectRef, subresource: 'status' | undefined): number {
    if (subresource !== 'status') return WritePriority.mutate;
    const self = ref.kind === workload.kind && ref.name === workload.metadata?.name && ref.namespace === workload.metadata?.namespace;
    return self ? WritePriority.status : WritePriority.mutate;
  }

  async #patch(actorKey: string, def: WorkloadDefinition, a: Extract<PlanAction, { type: 'patch' }>, priority: number): Promise<void> {
    const rt = resourceFor(def, a.ref.apiVersion, a.ref.kind);
    const body = a.resourceVersion === undefined ? a.patch : withResourceVersionPrecondition(a.patchType, a.patch, a.resourceVersion);
    const out = await this.#d.writes.run(
      () => this.#d.client.patch(rt, a.ref.namespace, a.ref.name, a.patchType, body, { subresource: a.subresource }),
      this.#w(actorKey, priority),
    );
    this.#expectWrite(actorKey, 'patch', rt, out);
  }

  async #update(actorKey: string, def: WorkloadDefinition, obj: KubeObject, subresource: 'status' | undefined, priority: number): Promise<void> {
    const rt = resourceFor(def, obj.apiVersion ?? '', obj.kind ?? '');
    const out = await this.#d.writes.run(
      () => this.#d.client.update(rt, obj, { subresource }),
      this.#w(actorKey, priority),
    );
    this.#expectWrite(actorKey, 'update', rt, out);
  }

  async #writeStatus(actorKey: string, def: WorkloadDefinition, workload: KubeObject, status: Record<string, unknown>): Promise<void> {
    try {
      const out = await this.#d.writes.run(() => this.#d.client.updateStatus(def.resource, { ...workload, status }), this.#w(actorKey, WritePriority.status));
      this.#expectWrite(actorKey, 'update', def.resource, out);
    } catch (err) {
      if (isApiError(err, 409)) throw new ReplanError(`status of ${actorKey}: ${(err as Error).message}`, err);
      throw new WriteFailedError(`failed to write status of ${actorKey}: ${(err as Error).message}`, err);
    }
  }

  #w(actorKey: string, priority: number, idempotent = true) {
    return { priority, idempotent, tenant: this.#d.tenantOf?.(actorKey) ?? '' };
  }

  #expectWrite(actorKey: string, verb: 'patch' | 'update', rt: ResourceType, out: KubeObject): void {
    this.#d.expectations.expect(actorKey, {
      verb,
      kind: rt.kind,
      namespace: out.metadata?.namespace,
      name: out.metadata?.name ?? '',
      uid: out.metadata?.uid,
      resourceVersion: out.metadata?.resourceVersion,
    });
  }

  #emit(ev: PlanEvent | undefined, self: ObjectRef, err?: unknown): void {
    if (!ev || !this.#d.recorder) return;
    const message = err === undefined ? ev.message : ev.message.replace('{err}', err instanceof Error ? err.message : String(err));
    this.#d.recorder.record(ev.involvedObject ?? self, ev.type, ev.reason, message);
  }
}

/** The ResourceType of an object a definition writes: its own resource or one of its owned kinds. */
export function resourceFor(def: WorkloadDefinition, apiVersion: string, kind: string): ResourceType {
  if (def.resource.kind === kind) return def.resource;
  const rt = def.owns.find((o) => o.kind === kind && (!apiVersion || o.apiVersion === apiVersion)) ?? def.owns.find((o) => o.kind === kind);
  if (!rt) throw new ApiError(`${def.controllerName} does not own kind ${kind} (${apiVersion}); add it to definition.owns`, 0, { code: 'BadRequest' });
  return rt;
}

/** Adds a resourceVersion precondition to a patch (metadata.resourceVersion, or a JSON-patch test). */
export function withResourceVersionPrecondition(patchType: string, patch: unknown, resourceVersion: string): unknown {
  if (patchType === 'json') return [{ op: 'test', path: '/metadata/resourceVersion', value: resourceVersion }, ...(patch as unknown[])];
  const p = (patch ?? {}) as Record<string, unknown>;
  return { ...p, metadata: { ...((p.metadata as object) ?? {}), resourceVersion } };
}
