// BroadcastJob status pieces and the exact event texts. Pure.
import { formatTime, timeMs } from '../../api/index.js';
import type { PlanEvent } from '../../api/index.js';
import type { BroadcastJob, BroadcastJobStatus, JobCondition } from './types.js';

export interface PodCounts {
  active: number;
  succeeded: number;
  failed: number;
}

/** Complete or Failed condition with status True. */
export function finishedCondition(status: Partial<BroadcastJobStatus> | undefined): JobCondition | undefined {
  return status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

export function appendCondition(status: BroadcastJobStatus, type: JobCondition['type'], message: string, nowMs: number): void {
  const now = formatTime(nowMs);
  status.conditions = [...(status.conditions ?? []), { type, status: 'True', lastProbeTime: now, lastTransitionTime: now, reason: type, message }];
}

/** Milliseconds from `nowMs` until `sinceIso + seconds` (negative when past); undefined without a start. */
export function msUntil(sinceIso: string | undefined, seconds: number, nowMs: number): number | undefined {
  const since = timeMs(sinceIso);
  return since === undefined ? undefined : since + seconds * 1000 - nowMs;
}

const jobRef = (job: BroadcastJob) => `${job.metadata?.namespace ?? ''}/${job.metadata?.name ?? ''}`;
const tally = (c: PodCounts) => `${c.succeeded} pods succeeded, ${c.failed} pods failed`;

export const events = {
  created: (pod: string): PlanEvent => ({ type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${pod}` }),
  failedCreate: (): PlanEvent => ({ type: 'Warning', reason: 'FailedCreate', message: 'Error creating: {err}' }),
  deleted: (pod: string): PlanEvent => ({ type: 'Normal', reason: 'SuccessfulDelete', message: `Delete pod: ${pod}` }),
  complete: (job: BroadcastJob, c: PodCounts): PlanEvent => ({ type: 'Normal', reason: 'JobComplete', message: `Job ${jobRef(job)} is completed, ${tally(c)}` }),
  failed: (reason: string, message: string, c: PodCounts): PlanEvent => ({ type: 'Warning', reason, message: `${message}: ${tally(c)}` }),
  paused: (): PlanEvent => ({ type: 'Warning', reason: 'Paused', message: 'job is paused, due to failed pod' }),
  continued: (): PlanEvent => ({ type: 'Normal', reason: 'Continue', message: 'continue to process job' }),
  tooManyActive: (): PlanEvent => ({ type: 'Warning', reason: 'TooManyActivePods', message: 'Number of active pods exceed parallelism limit' }),
  duplicate: (pod: string, node: string): PlanEvent => ({ type: 'Warning', reason: 'DuplicatePodCreatedOnSameNode', message: `Duplicated pod ${pod} found on same node ${node}` }),
};

export const FAIL_FAST = { reason: 'failed pod is found', message: 'failure policy is FailurePolicyTypeFailFast and failed pod is found' };

export function deadlineExceeded(job: BroadcastJob): { reason: string; message: string } {
  return { reason: 'DeadlineExceeded', message: `Job ${jobRef(job)} was active longer than specified deadline` };
}

export function completeMessage(c: PodCounts): string {
  return `Job completed, ${tally(c)}`;
}
