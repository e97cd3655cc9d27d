// Accumulates one StatefulSet plan: actions in named phases (fixed order), events, the earliest
// requeue and the status conditions of this pass. Local to one planner call; never shared.
import type { Plan, PlanAction, PlanEvent } from '../../api/index.js';
import type { StatefulSetCondition } from './types.js';

/**
 * Phase order of a StatefulSet plan. Revisions exist before pods use them; ownership fixes come
 * first; conditional (resourceVersion) status writes of refresh go before other pod writes; PVCs
 * before the pods that mount them; an in-place update's status write (InPlaceUpdateReady=False)
 * before its pod patch; burst condemned deletes in slow-start batches; history truncation last.
 */
export type PhaseName = 'revisions' | 'ownership' | 'refreshStatus' | 'refresh' | 'claims' | 'pods' | 'inPlacePatch' | 'history';
const ORDER: PhaseName[] = ['revisions', 'ownership', 'refreshStatus', 'refresh', 'claims', 'pods', 'inPlacePatch'];

export class PlanBuilder {
  #phases = new Map<PhaseName, PlanAction[]>();
  #batches: PlanAction[][] = [];
  readonly events: PlanEvent[] = [];
  readonly conditions: StatefulSetCondition[] = [];
  #requeue: number | undefined;

  add(phase: PhaseName, action: PlanAction): void {
    let list = this.#phases.get(phase);
    if (!list) this.#phases.set(phase, (list = []));
    list.push(action);
  }

  /** Actions that go out in slow-start batches of 1, 2, 4, … (max 500) after the pod phase. */
  addBatched(actions: PlanAction[]): void {
    let size = 1;
    for (let i = 0; i < actions.length; i += size, size = Math.min(size * 2, 500)) this.#batches.push(actions.slice(i, i + size));
  }

  count(phase: PhaseName): number {
    return this.#phases.get(phase)?.length ?? 0;
  }

  requeueAfter(ms: number | undefined): void {
    if (ms === undefined) return;
    const v = Math.max(0, Math.ceil(ms));
    if (this.#requeue === undefined || v < this.#requeue) this.#requeue = v;
  }

  build(status: Record<string, unknown> | undefined): Plan {
    const phases: PlanAction[][] = [];
    for (const name of ORDER) {
      const list = this.#phases.get(name);
      if (list?.length) phases.push(list);
    }
    phases.push(...this.#batches);
    const history = this.#phases.get('history');
    if (history?.length) phases.push(history);
    const plan: Plan = { phases, events: this.events };
    if (status) plan.status = status;
    if (this.#requeue !== undefined) plan.requeueAfterMs = this.#requeue;
    return plan;
  }
}
