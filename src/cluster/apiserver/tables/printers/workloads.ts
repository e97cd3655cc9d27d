// Printers for batch/v1 Job and CronJob, apps/v1 StatefulSet/DaemonSet/Deployment and ControllerRevision, with
// the columns (and priority-1 wide columns) of Kubernetes' own printers.
import type { ControllerRevision, CronJob, Job, KubeObject, NativeDaemonSet, NativeStatefulSet, ObjectMeta } from '../../../../api/objects.js';
import { age, humanDuration, parseTime } from '../duration.js';
import { ageCol, col, containersCol, imagesCol, nameCol, selectorCol } from '../columns.js';
import { containerCells, formatLabelSelector, formatLabels } from '../format.js';
import type { Printer } from '../types.js';

const name = (o: { metadata?: ObjectMeta }) => o.metadata?.name ?? '';
const created = (o: { metadata?: ObjectMeta }, nowMs: number) => age(o.metadata?.creationTimestamp, nowMs);
const hasCondition = (conds: { type?: string; status?: string }[] | undefined, type: string) =>
  (conds ?? []).some((c) => c.type === type && c.status === 'True');

function jobCompletions(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec?.completions !== undefined && job.spec.completions !== null) return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function jobDuration(job: Job, nowMs: number): string {
  const start = parseTime(job.status?.startTime);
  if (start === undefined) return '';
  const end = parseTime(job.status?.completionTime);
  return humanDuration((end ?? nowMs) - start);
}

export const jobPrinter: Printer = {
  columns: [
    // Kubernetes 1.26's Job columns: no Status column yet (added in 1.30).
    nameCol(),
    col('Completions', 'string', 'The number of pods which reached phase Succeeded.'),
    col('Duration', 'string', 'Time required to complete the job.'), ageCol(), containersCol(), imagesCol(), selectorCol(),
  ],
  cells(obj, nowMs) {
    const j = obj as Job;
    const [names, images] = containerCells(j.spec?.template?.spec?.containers);
    return [name(j), jobCompletions(j), jobDuration(j, nowMs), created(j, nowMs), names, images, formatLabelSelector(j.spec?.selector)];
  },
};

// Kubernetes 1.26's CronJob columns (the Timezone column came in 1.27).
export const cronJobPrinter: Printer = {
  columns: [
    nameCol(), col('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    col('Suspend', 'boolean', 'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions.  Defaults to false.'),
    col('Active', 'integer', 'A list of pointers to currently running jobs.'),
    col('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'),
    ageCol(), containersCol(), imagesCol(), selectorCol(),
  ],
  cells(obj, nowMs) {
    const c = obj as CronJob;
    const [names, images] = containerCells(c.spec?.jobTemplate?.spec?.template?.spec?.containers);
    const suspend = c.spec?.suspend === undefined || c.spec?.suspend === null ? '<unset>' : c.spec.suspend ? 'True' : 'False';
    const last = c.status?.lastScheduleTime ? age(c.status.lastScheduleTime, nowMs) : '<none>';
    return [
      name(c), c.spec?.schedule ?? '', suspend, (c.status?.active ?? []).length, last,
      created(c, nowMs), names, images, formatLabelSelector(c.spec?.jobTemplate?.spec?.selector),
    ];
  },
};

export const statefulSetPrinter: Printer = {
  columns: [nameCol(), col('Ready', 'string', 'Number of the pod with ready state'), ageCol(), containersCol(), imagesCol()],
  cells(obj, nowMs) {
    const s = obj as NativeStatefulSet;
    const [names, images] = containerCells(s.spec?.template?.spec?.containers);
    return [name(s), `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 1}`, created(s, nowMs), names, images];
  },
};

export const daemonSetPrinter: Printer = {
  columns: [
    nameCol(), col('Desired', 'integer', 'The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).'),
    col('Current', 'integer', 'The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.'),
    col('Ready', 'integer', 'numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.'),
    col('Up-to-date', 'integer', 'The total number of nodes that are running updated daemon pod'),
    col('Available', 'integer', 'The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)'),
    col('Node Selector', 'string', 'NodeSelector is a selector which must be true for the pod to fit on a node. Selector which must match a node\'s labels for the pod to be scheduled on that node. More info: https://kubernetes.io/docs/concepts/configuration/assign-pod-node/'),
    ageCol(), containersCol(), imagesCol(), selectorCol(),
  ],
  cells(obj, nowMs) {
    const d = obj as NativeDaemonSet;
    const st = d.status;
    const [names, images] = containerCells(d.spec?.template?.spec?.containers);
    return [
      name(d), st?.desiredNumberScheduled ?? 0, st?.currentNumberScheduled ?? 0, st?.numberReady ?? 0, st?.updatedNumberScheduled ?? 0,
      st?.numberAvailable ?? 0, formatLabels(d.spec?.template?.spec?.nodeSelector), created(d, nowMs), names, images,
      formatLabelSelector(d.spec?.selector),
    ];
  },
};

export const deploymentPrinter: Printer = {
  columns: [
    nameCol(), col('Ready', 'string', 'Number of the pod with ready state'),
    col('Up-to-date', 'integer', 'Total number of non-terminated pods targeted by this deployment that have the desired template spec.'),
    col('Available', 'integer', 'Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.'),
    ageCol(), containersCol(), imagesCol(), selectorCol(),
  ],
  cells(obj: KubeObject, nowMs) {
    const d = obj as { metadata?: ObjectMeta; spec?: { replicas?: number; selector?: never; template?: { spec?: { containers?: [] } } }; status?: { readyReplicas?: number; updatedReplicas?: number; availableReplicas?: number } };
    const [names, images] = containerCells(d.spec?.template?.spec?.containers);
    return [
      name(d), `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`, d.status?.updatedReplicas ?? 0, d.status?.availableReplicas ?? 0,
      created(d, nowMs), names, images, formatLabelSelector(d.spec?.selector),
    ];
  },
};

export const controllerRevisionPrinter: Printer = {
  columns: [
    nameCol(), col('Controller', 'string', 'Controller of the object'),
    col('Revision', 'integer', 'Revision indicates the revision of the state represented by Data.'), ageCol(),
  ],
  cells(obj, nowMs) {
    const r = obj as unknown as ControllerRevision;
    const owner = (r.metadata?.ownerReferences ?? []).find((o) => o.controller);
    let controller = '<none>';
    if (owner) {
      const slash = owner.apiVersion.indexOf('/');
      const group = slash < 0 ? '' : owner.apiVersion.slice(0, slash);
      controller = `${(group ? `${owner.kind}.${group}` : owner.kind).toLowerCase()}/${owner.name}`;
    }
    return [name(r), controller, r.revision ?? 0, created(r, nowMs)];
  },
};
