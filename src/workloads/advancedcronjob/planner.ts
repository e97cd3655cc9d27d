// The AdvancedCronJob planner: `planAdvancedCronJob(snapshot, nowMs) → Plan`. Pure: no I/O, no clock.
// Outline (Kruise's reconcile, with upstream CronJob's missed-run rules):
//   status from the children → history cleanup → paused? → parse schedule → which run is due →
//   concurrency policy (Forbid skips, Replace deletes the active children) → create the child →
//   requeue exactly at the next activation.
import type { KubeObject, Plan, PlanAction, PlanEvent, DeleteAction } from '../../api/index.js';
import { isBeingDeleted, timeMs } from '../../api/index.js';
import type { Snapshot } from '../../runtime/workload-definition.js';
import { buildChild, CHILD_API_VERSION, childName, finishedTypeOf, objectReferenceTo, scheduledAtOf, startTimeOf, templateKindOf } from './children.js';
import { defaultAdvancedCronJobSpec, type DefaultedAdvancedCronJobSpec } from './defaults.js';
import { AdvancedCronJobOptionsError } from './errors.js';
import { decideMissedRun } from './missed-run.js';
import { resolveSchedule, ScheduleCache, ScheduleError, type Schedule } from './schedule.js';
import { computeStatus } from './status.js';
import type { AdvancedCronJob, TemplateKind } from './types.js';
import { timeZoneLoadError } from './zone.js';

export interface AdvancedCronJobPlanOptions {
  /** Zone of schedules with neither `timeZone` nor a `TZ=` prefix (Kruise: the controller's zone). @default 'UTC' */
  defaultTimeZone?: string;
  /**
   * Keep `status.lastScheduleTime` as a floor for the last run, so a deleted child (history limit, TTL,
   * by hand) is not run again. Kruise v1.8 derives it only from existing children and re-runs deleted
   * ones (issues #792, #2213); `false` reproduces that. @default true
   */
  rememberLastScheduleTime?: boolean;
  /** Memo for schedule parsing and next-activation lookups. @default none */
  cache?: ScheduleCache;
}

export const ADVANCEDCRONJOB_PLAN_DEFAULTS = { defaultTimeZone: 'UTC', rememberLastScheduleTime: true };

export type ResolvedAdvancedCronJobPlanOptions = typeof ADVANCEDCRONJOB_PLAN_DEFAULTS & { cache?: ScheduleCache };

export function resolveAdvancedCronJobPlanOptions(opts: AdvancedCronJobPlanOptions = {}): ResolvedAdvancedCronJobPlanOptions {
  const r = {
    defaultTimeZone: opts.defaultTimeZone ?? ADVANCEDCRONJOB_PLAN_DEFAULTS.defaultTimeZone,
    rememberLastScheduleTime: opts.rememberLastScheduleTime ?? ADVANCEDCRONJOB_PLAN_DEFAULTS.rememberLastScheduleTime,
    cache: opts.cache,
  };
  if (typeof r.defaultTimeZone !== 'string' || r.defaultTimeZone === '' || timeZoneLoadError(r.defaultTimeZone) !== undefined || r.defaultTimeZone === 'Local') {
    throw new AdvancedCronJobOptionsError(`options.defaultTimeZone must be an IANA time zone name, got ${JSON.stringify(r.defaultTimeZone)}`);
  }
  if (typeof r.rememberLastScheduleTime !== 'boolean') throw new AdvancedCronJobOptionsError('options.rememberLastScheduleTime must be a boolean');
  if (r.cache !== undefined && !(r.cache instanceof ScheduleCache)) throw new AdvancedCronJobOptionsError('options.cache must be a ScheduleCache');
  return r;
}

interface Children {
  all: KubeObject[];
  active: KubeObject[];
  succeeded: KubeObject[];
  failed: KubeObject[];
}

export function planAdvancedCronJob(snapshot: Snapshot<AdvancedCronJob>, nowMs: number, options?: AdvancedCronJobPlanOptions): Plan {
  const opts = resolveAdvancedCronJobPlanOptions(options);
  const acj = snapshot.workload;
  const spec = defaultAdvancedCronJobSpec(acj.spec);
  const kind = templateKindOf(spec.template);
  const children = classifyChildren(snapshot.owned[kind] ?? [], kind);
  const lastScheduleMs = computeLastSchedule(children.all, acj, opts.rememberLastScheduleTime);
  const status = computeStatus(kind, children.active.map((c) => objectReferenceTo(c, kind)), lastScheduleMs) as Record<string, unknown>;
  const cleanup = planHistoryCleanup(children, spec);
  const plan: Plan = { phases: [], status, events: [] };
  const finish = (createPhase: PlanAction[] = [], replacePhase: PlanAction[] = []): Plan => {
    plan.phases = [replacePhase, [...cleanup, ...createPhase]].filter((p) => p.length > 0);
    return plan;
  };
  if (spec.paused) return finish(); // no requeue: unpausing is a spec change, which wakes the actor

  let schedule: Schedule;
  try {
    schedule = resolveSchedule(spec.schedule, spec.timeZone, { defaultTimeZone: opts.defaultTimeZone, cache: opts.cache });
  } catch (err) {
    if (!(err instanceof ScheduleError)) throw err;
    plan.events.push(warning('UnparseableSchedule', `unparseable schedule: ${JSON.stringify(spec.schedule)} : ${err.message}`));
    return finish();
  }

  const decision = decideMissedRun({
    schedule,
    nowMs,
    lastScheduleMs,
    creationMs: timeMs(acj.metadata?.creationTimestamp as string | undefined) ?? nowMs,
    startingDeadlineSeconds: spec.startingDeadlineSeconds,
  });
  plan.requeueAfterMs = decision.requeueAfterMs;
  if (decision.tooManyMissed) {
    plan.events.push(warning('TooManyMissedTimes', 'too many missed start times (> 100). Set or decrease .spec.startingDeadlineSeconds or check clock skew'));
  }
  if (decision.runMs === undefined) return finish();
  if (spec.concurrencyPolicy === 'Forbid' && children.active.length > 0) return finish();
  const name = childName(acj.metadata?.name ?? '', decision.runMs);
  if (children.all.some((c) => c.metadata?.name === name) || isPendingCreate(snapshot, kind, name)) return finish();

  // Both writes are due at the scheduled time: marked so the write queue serves them first (on time
  // even when many schedules fire in the same second).
  const replace = spec.concurrencyPolicy === 'Replace' ? children.active.filter((c) => !isBeingDeleted(c)).map((c) => deleteChild(c, kind, decision.runMs!)) : [];
  const child = buildChild({ ...acj, spec }, kind, decision.runMs, schedule.zone);
  return finish([{ type: 'create', object: child, dueAtMs: decision.runMs }], replace);
}

function classifyChildren(objects: KubeObject[], kind: TemplateKind): Children {
  const out: Children = { all: objects, active: [], succeeded: [], failed: [] };
  for (const c of objects) {
    const finished = finishedTypeOf(c, kind);
    if (finished === 'Complete') out.succeeded.push(c);
    else if (finished === 'Failed') out.failed.push(c);
    else out.active.push(c);
  }
  out.active.sort(byName);
  return out;
}

/** Latest scheduled-at among existing children, floored by the remembered status value. */
function computeLastSchedule(children: KubeObject[], acj: AdvancedCronJob, remember: boolean): number | undefined {
  let last = remember ? timeMs(acj.status?.lastScheduleTime) : undefined;
  for (const c of children) {
    const at = scheduledAtOf(c);
    if (at !== undefined && (last === undefined || at > last)) last = at;
  }
  return last;
}

/** Oldest (by status.startTime, missing first) finished children beyond each history limit. */
function planHistoryCleanup(children: Children, spec: DefaultedAdvancedCronJobSpec): DeleteAction[] {
  const kind = templateKindOf(spec.template);
  const beyond = (list: KubeObject[], limit: number) => {
    const live = list.filter((c) => !isBeingDeleted(c)).sort(byStartTime);
    return live.slice(0, Math.max(0, live.length - limit)).map((c) => deleteChild(c, kind));
  };
  return [...beyond(children.failed, spec.failedJobsHistoryLimit), ...beyond(children.succeeded, spec.successfulJobsHistoryLimit)];
}

function deleteChild(child: KubeObject, kind: TemplateKind, dueAtMs?: number): DeleteAction {
  return {
    type: 'delete',
    ref: { apiVersion: child.apiVersion ?? CHILD_API_VERSION[kind], kind, namespace: child.metadata?.namespace, name: child.metadata?.name ?? '', uid: child.metadata?.uid },
    propagationPolicy: 'Background',
    ...(dueAtMs === undefined ? {} : { dueAtMs }),
  };
}

function isPendingCreate(snapshot: Snapshot, kind: TemplateKind, name: string): boolean {
  return snapshot.pending.some((w) => w.verb === 'create' && w.kind === kind && w.name === name);
}

function byStartTime(a: KubeObject, b: KubeObject): number {
  const sa = startTimeOf(a) ?? -Infinity;
  const sb = startTimeOf(b) ?? -Infinity;
  return sa !== sb ? (sa < sb ? -1 : 1) : byName(a, b);
}

function byName(a: KubeObject, b: KubeObject): number {
  const na = a.metadata?.name ?? '';
  const nb = b.metadata?.name ?? '';
  return na < nb ? -1 : na > nb ? 1 : 0;
}

function warning(reason: string, message: string): PlanEvent {
  return { type: 'Warning', reason, message };
}
