// A minimal batch/v1 Job controller's decisions (pure): how many pods to create or delete
// (parallelism, completions), when the Job has failed (backoffLimit, activeDeadlineSeconds) or completed,
// and its status (active, ready, succeeded, failed, terminating, startTime, completionTime and the
// SuccessCriteriaMet/Complete, FailureTarget/Failed conditions as Kubernetes 1.31 writes them).
import type { Job, JobCondition, JobSpec } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { formatTime, isPodReady, timeMs } from '../../api/index.js';

export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
export const JOB_UID_LABEL = 'batch.kubernetes.io/controller-uid';

export interface JobPlan {
  /** Pods to create (generateName `<job>-`). */
  creates: Pod[];
  /** Active pods to delete (surplus, or the job failed). */
  deletes: Pod[];
  /** The whole new status; undefined when it equals the stored one. */
  status?: Record<string, unknown>;
  events: Array<{ type: 'Normal' | 'Warning'; reason: string; message: string }>;
  requeueAfterMs?: number;
}

function isFinished(job: Job): boolean {
  return (job.status?.conditions ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

function condition(type: string, reason: string, message: string, now: number): JobCondition {
  const t = formatTime(now);
  return { type, status: 'True', reason, message, lastProbeTime: t, lastTransitionTime: t };
}

/** The pod a Job creates: its template with the job labels and a controller reference. */
export function podForJob(job: Job): Pod {
  const name = job.metadata?.name ?? '';
  const uid = job.metadata?.uid ?? '';
  const tpl = job.spec?.template ?? {};
  const labels = { ...tpl.metadata?.labels, 'controller-uid': uid, 'job-name': name, [JOB_UID_LABEL]: uid, [JOB_NAME_LABEL]: name };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${name}-`,
      namespace: job.metadata?.namespace,
      labels,
      ...(tpl.metadata?.annotations ? { annotations: { ...tpl.metadata.annotations } } : {}),
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name, uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: { ...(tpl.spec ?? { containers: [] }) },
  };
}

/**
 * Plans one turn of a Job. `pods` are the pods whose controller is the job; `pendingCreates` the creates
 * issued but not yet observed (counted as active so that a stale cache never creates twice).
 */
export function planJob(job: Job, pods: Pod[], pendingCreates: number, now: number): JobPlan {
  const plan: JobPlan = { creates: [], deletes: [], events: [] };
  if (isFinished(job)) return plan;
  const spec: Partial<JobSpec> = job.spec ?? {};
  const deleting = pods.filter((p) => p.metadata?.deletionTimestamp);
  const live = pods.filter((p) => !p.metadata?.deletionTimestamp);
  const active = live.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  const succeeded = Math.max(job.status?.succeeded ?? 0, pods.filter((p) => p.status?.phase === 'Succeeded').length);
  const failed = Math.max(job.status?.failed ?? 0, pods.filter((p) => p.status?.phase === 'Failed').length);
  const restarts = spec.template?.spec?.restartPolicy === 'OnFailure'
    ? active.reduce((n, p) => n + (p.status?.containerStatuses ?? []).reduce((m, c) => m + (c.restartCount ?? 0), 0), 0)
    : 0;
  const startMs = timeMs(job.status?.startTime as string | undefined) ?? now;
  const conditions = [...(job.status?.conditions ?? [])];
  const has = (type: string) => conditions.some((c) => c.type === type && c.status === 'True');

  const parallelism = spec.parallelism ?? 1;
  const completions = spec.completions;
  const backoffLimit = spec.backoffLimit ?? 6;
  const deadline = spec.activeDeadlineSeconds;

  let failure: { reason: string; message: string } | undefined;
  if (has('FailureTarget')) {
    const c = conditions.find((x) => x.type === 'FailureTarget')!;
    failure = { reason: c.reason ?? 'BackoffLimitExceeded', message: c.message ?? '' };
  } else if (failed + restarts > backoffLimit) {
    failure = { reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
  } else if (deadline !== undefined && deadline !== null && now - startMs >= deadline * 1000) {
    failure = { reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
  }
  const complete = !failure && (completions != null ? succeeded >= completions : succeeded > 0 && active.length === 0);

  const activeCount = active.length + pendingCreates;
  if (failure) {
    if (!has('FailureTarget')) {
      conditions.push(condition('FailureTarget', failure.reason, failure.message, now));
      plan.events.push({ type: 'Warning', reason: failure.reason, message: failure.message });
    }
    plan.deletes.push(...active);
    if (active.length === 0 && deleting.length === 0) conditions.push(condition('Failed', failure.reason, failure.message, now));
  } else if (complete || (completions != null && succeeded >= completions)) {
    plan.deletes.push(...active);
    if (active.length === 0 && deleting.length === 0) {
      if (!has('SuccessCriteriaMet')) conditions.push(condition('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods', now));
      conditions.push(condition('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods', now));
      plan.events.push({ type: 'Normal', reason: 'Completed', message: 'Job completed' });
    } else if (!has('SuccessCriteriaMet')) {
      conditions.push(condition('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods', now));
    }
  } else if (!spec.suspend) {
    const wanted = completions != null ? Math.min(parallelism, completions - succeeded) : succeeded > 0 ? 0 : parallelism;
    if (activeCount < wanted) {
      for (let i = activeCount; i < wanted; i++) plan.creates.push(podForJob(job));
    } else if (active.length > wanted) {
      plan.deletes.push(...active.slice(wanted));
    }
    if (deadline != null) plan.requeueAfterMs = Math.max(0, startMs + deadline * 1000 - now);
  } else {
    plan.deletes.push(...active);
  }

  const finished = conditions.some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  const status: Record<string, unknown> = {
    ...(job.status ?? {}),
    conditions: conditions.length ? conditions : undefined,
    startTime: job.status?.startTime ?? (spec.suspend ? undefined : formatTime(now)),
    active: active.length - plan.deletes.length + plan.creates.length || undefined,
    ready: active.filter((p) => isPodReady(p)).length,
    succeeded: succeeded || undefined,
    failed: failed || undefined,
    terminating: deleting.length + plan.deletes.length || undefined,
    uncountedTerminatedPods: {},
  };
  if (finished && conditions.some((c) => c.type === 'Complete')) status.completionTime = job.status?.completionTime ?? formatTime(now);
  for (const k of Object.keys(status)) if (status[k] === undefined) delete status[k];
  if (JSON.stringify(status) !== JSON.stringify(job.status ?? {})) plan.status = status;
  return plan;
}
