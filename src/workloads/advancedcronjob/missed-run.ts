// Which scheduled run (if any) is due now, by the upstream CronJob rules: look for activations after the
// last scheduled run (or the object's creation), never further back than startingDeadlineSeconds; only
// the latest missed one may run (no backlog); more than 100 missed → a warning; a run later than the
// starting deadline is skipped. Also when to look again. Pure.
import type { Schedule } from './schedule.js';

/** Upstream CronJob's limit on missed activations before it warns. */
export const MAX_MISSED_START_TIMES = 100;

export interface MissedRunInput {
  schedule: Schedule;
  nowMs: number;
  /** Latest known scheduled run, if any. */
  lastScheduleMs?: number;
  creationMs: number;
  startingDeadlineSeconds?: number;
}

export interface MissedRunDecision {
  /** The run to start now, if any (already checked against the starting deadline). */
  runMs?: number;
  /** A missed run skipped because it is later than startingDeadlineSeconds allows. */
  tooLateMs?: number;
  /** More than 100 activations were missed (counted up to 101). */
  tooManyMissed: boolean;
  /** Exactly the time until the next activation after now; undefined when the schedule never fires again. */
  requeueAfterMs?: number;
}

export function decideMissedRun(input: MissedRunInput): MissedRunDecision {
  const { schedule, nowMs } = input;
  const deadlineMs = input.startingDeadlineSeconds != null ? input.startingDeadlineSeconds * 1000 : undefined;
  let earliest = input.lastScheduleMs ?? input.creationMs;
  if (deadlineMs !== undefined && nowMs - deadlineMs > earliest) earliest = nowMs - deadlineMs;
  const next = schedule.next(nowMs);
  const decision: MissedRunDecision = { tooManyMissed: false, requeueAfterMs: next === undefined ? undefined : next - nowMs };
  if (earliest > nowMs) return decision;
  const missed = schedule.between(earliest, nowMs, MAX_MISSED_START_TIMES);
  decision.tooManyMissed = missed.count > MAX_MISSED_START_TIMES;
  if (missed.latestMs === undefined) return decision;
  if (deadlineMs !== undefined && missed.latestMs + deadlineMs < nowMs) decision.tooLateMs = missed.latestMs;
  else decision.runMs = missed.latestMs;
  return decision;
}
