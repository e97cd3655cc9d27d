// planDaemonSet: the pure planner of the Advanced DaemonSet (spec §6). One turn reads as the outline
// below; each step is a named pure function in its own file. Writes a turn depends on (manage's creates
// and deletes) must be observed by the cache before the rolling update looks again, so a turn that
// manages pods stops there, as Kruise does when its expectations are unsatisfied after manage.
import type { ControllerRevision, Plan, PlanEvent, Pod } from '../../api/index.js';
import { earliest, isEmptySelector } from '../../api/index.js';
import type { Snapshot } from '../../runtime/workload-definition.js';
import { claimObjects, expectationsSatisfied } from './claim.js';
import { constructHistory, revisionsToCleanUp, type HistoryDecision } from './history.js';
import { splitInPlace } from './inplace.js';
import { planManage } from './manage.js';
import { eligibleNodes, planNoSurgeUpdate, rollingUpdateBudgets, rollingUpdateNodes } from './rolling-update.js';
import { computeStatus } from './status.js';
import { resolveBurstReplicas, resolveStrategy } from './strategy.js';
import { planSurgeUpdate } from './surge.js';
import type { DaemonSet } from './types.js';
import { buildView, type DaemonSetView } from './view.js';
import { PlanWrites } from './writes.js';

/** Look again this soon when earlier pod writes were never observed (the runtime hands them over after 5 min). */
export const EXPECTATIONS_REQUEUE_MS = 1000;

export function planDaemonSet(snapshot: Snapshot<DaemonSet>, nowMs: number): Plan {
  const ds = snapshot.workload;
  if (ds.metadata?.deletionTimestamp) return { phases: [], events: [] };
  if (isEmptySelector(ds.spec?.selector)) return selectingAll();

  // 1. Ownership and revisions.
  const claimed = claimObjects(snapshot);
  const history = constructHistory(ds, claimed.revisions, claimed.pods);
  const view = buildView(ds, history.hash, resolveStrategy(ds), snapshot.nodes, claimed.pods, nowMs);
  // 2. Earlier writes not yet observed → status only (no write that could repeat an unobserved one).
  const writes = new PlanWrites(ds, nowMs);
  if (!expectationsSatisfied(snapshot.pending, nowMs)) return finish(view, writes, history, false, EXPECTATIONS_REQUEUE_MS);
  for (const c of claimed.adopt) writes.setOwner(c.obj, c.kind, true);
  for (const c of claimed.release) writes.setOwner(c.obj, c.kind, false);
  writeHistory(writes, history);

  // 3. Per-node create/delete; if anything was written, wait for the cache to see it.
  const burst = resolveBurstReplicas(ds);
  const manage = planManage(view);
  for (const f of manage.failed) writes.events.push(failedDaemonPodEvent(ds, f.pod, f.node));
  writes.deletePods(manage.deletes.slice(0, burst));
  writes.createPods(manage.createOn.slice(0, burst), view.hash, view.strategy.rollingUpdateType === 'InPlaceIfPossible');
  if (writes.podWrites > 0) {
    writes.markPodsReady(claimed.pods);
    return finish(view, writes, history, false, manage.requeueAfterMs);
  }

  // 4. Rolling update (not when paused; OnDelete never), then refresh in-place state of untouched pods.
  const touched = new Set<Pod>();
  if (view.strategy.type === 'RollingUpdate' && !view.strategy.paused) rollingUpdate(view, history, claimed.revisions, writes, burst, touched);
  for (const pod of claimed.pods) if (!touched.has(pod) && !pod.metadata?.deletionTimestamp) writes.refresh(pod);
  writes.markPodsReady(claimed.pods);

  // 5. History cleanup, full status.
  for (const rev of revisionsToCleanUp(ds, history.old, claimed.pods)) writes.deleteRevision(rev, true);
  return finish(view, writes, history, true, manage.requeueAfterMs);
}

function rollingUpdate(view: DaemonSetView, history: HistoryDecision, revisions: readonly ControllerRevision[], writes: PlanWrites, burst: number, touched: Set<Pod>): void {
  const nodeToPods = rollingUpdateNodes(view);
  const budgets = rollingUpdateBudgets(view);
  const eligible = eligibleNodes(view, nodeToPods);
  const inPlaceGate = view.strategy.rollingUpdateType === 'InPlaceIfPossible';
  if (budgets.maxSurge > 0) {
    const surge = planSurgeUpdate(view, nodeToPods, eligible, budgets.maxSurge);
    for (const pod of surge.deletes.slice(0, burst)) touched.add(pod);
    writes.deletePods(surge.deletes.slice(0, burst));
    writes.createPods(surge.createOn.slice(0, burst), view.hash, inPlaceGate);
    return;
  }
  const decision = planNoSurgeUpdate(view, nodeToPods, eligible, budgets.maxUnavailable);
  if (decision.budgetExhausted) writes.events.push(budgetExhaustedEvent(view.ds, decision.budgetExhausted));
  let toRecreate = decision.replace;
  if (inPlaceGate) {
    const split = splitInPlace(decision.replace, revisions, history.current);
    for (const { pod, spec } of split.inPlace.slice(0, burst)) {
      writes.updateInPlace(pod, spec, view.hash);
      touched.add(pod);
    }
    toRecreate = split.recreate;
  }
  for (const pod of toRecreate.slice(0, burst)) touched.add(pod);
  writes.deletePods(toRecreate.slice(0, burst));
}

function writeHistory(writes: PlanWrites, h: HistoryDecision): void {
  for (const rev of h.labelRevisions) writes.patchRevision(rev, { metadata: { labels: { 'controller-revision-hash': rev.metadata?.name ?? '' } } });
  if (h.create) writes.createRevision(h.create);
  if (h.bumpTo !== undefined) writes.patchRevision(h.current, { revision: h.bumpTo });
  for (const pod of h.relabelPods) writes.relabelPod(pod, h.hash);
  for (const dup of h.deleteDuplicates) writes.deleteRevision(dup, false);
}

function finish(view: DaemonSetView, writes: PlanWrites, h: HistoryDecision, fullPass: boolean, requeueAfterMs?: number): Plan {
  const { status, requeueAfterMs: statusRequeue } = computeStatus(view, { fullPass, collisionCount: h.collisionCount });
  const plan: Plan = { phases: writes.phases(), status: status as unknown as Record<string, unknown>, events: writes.events };
  const requeue = earliest(requeueAfterMs, statusRequeue);
  if (requeue !== undefined) plan.requeueAfterMs = requeue;
  return plan;
}

function selectingAll(): Plan {
  return { phases: [], events: [{ type: 'Warning', reason: 'SelectingAll', message: 'This DaemonSet is selecting all pods. A non-empty selector is required.' }] };
}

function failedDaemonPodEvent(ds: DaemonSet, pod: Pod, node: string): PlanEvent {
  return { type: 'Warning', reason: 'FailedDaemonPod', message: `Found failed daemon pod ${ds.metadata?.namespace}/${pod.metadata?.name} on node ${node}, will try to kill it` };
}

function budgetExhaustedEvent(ds: DaemonSet, b: { numUnavailable: number; maxUnavailable: number }): PlanEvent {
  return {
    type: 'Warning',
    reason: 'numUnavailable >= maxUnavailable',
    message: `${ds.metadata?.namespace}/${ds.metadata?.name} number of unavailable DaemonSet pods: ${b.numUnavailable}, is equal to or exceeds allowed maximum: ${b.maxUnavailable}`,
  };
}
