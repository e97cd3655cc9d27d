// An AdvancedCronJob's children (batch/v1 Jobs or BroadcastJobs): building one for a scheduled time,
// telling finished from active, reading their scheduled time and start time. Pure.
import type { KubeObject, ObjectReference, OwnerReference } from '../../api/index.js';
import { cloneJson, timeMs } from '../../api/index.js';
import { BROADCASTJOB_API_VERSION, BROADCASTJOB_KIND } from '../broadcastjob/types.js';
import { ADVANCEDCRONJOB_API_VERSION, ADVANCEDCRONJOB_KIND, ANNOTATION_SCHEDULED_AT, type AdvancedCronJob, type CronJobTemplate, type TemplateKind } from './types.js';
import { formatRfc3339InZone } from './zone.js';

export const CHILD_API_VERSION: Record<TemplateKind, string> = { Job: 'batch/v1', BroadcastJob: BROADCASTJOB_API_VERSION };

/** `Job` when a jobTemplate is set, else `BroadcastJob`. */
export function templateKindOf(template: CronJobTemplate | undefined): TemplateKind {
  return template?.jobTemplate ? 'Job' : BROADCASTJOB_KIND;
}

/** `<acj>-<unix seconds of the scheduled time>`. */
export function childName(acjName: string, scheduledMs: number): string {
  return `${acjName}-${Math.floor(scheduledMs / 1000)}`;
}

export type FinishedType = 'Complete' | 'Failed';

/** Complete/Failed condition with status True; BroadcastJobs with completionPolicy Never never finish. */
export function finishedTypeOf(child: KubeObject, kind: TemplateKind): FinishedType | undefined {
  if (kind === 'BroadcastJob') {
    const spec = child.spec as { completionPolicy?: { type?: string } } | undefined;
    if (spec?.completionPolicy?.type === 'Never') return undefined;
  }
  const conditions = (child.status as { conditions?: Array<{ type?: string; status?: string }> } | undefined)?.conditions ?? [];
  for (const c of conditions) {
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c.type;
  }
  return undefined;
}

/** The child's nominal schedule time from its annotation (undefined when missing or unparsable). */
export function scheduledAtOf(child: KubeObject): number | undefined {
  return timeMs(child.metadata?.annotations?.[ANNOTATION_SCHEDULED_AT]);
}

export function startTimeOf(child: KubeObject): number | undefined {
  return timeMs((child.status as { startTime?: string } | undefined)?.startTime);
}

/** What status.active lists for an active child. */
export function objectReferenceTo(child: KubeObject, kind: TemplateKind): ObjectReference {
  return {
    kind: child.kind ?? kind,
    namespace: child.metadata?.namespace,
    name: child.metadata?.name,
    uid: child.metadata?.uid,
    apiVersion: child.apiVersion ?? CHILD_API_VERSION[kind],
    resourceVersion: child.metadata?.resourceVersion,
  };
}

function ownerRefTo(acj: AdvancedCronJob): OwnerReference {
  return {
    apiVersion: acj.apiVersion ?? ADVANCEDCRONJOB_API_VERSION,
    kind: acj.kind ?? ADVANCEDCRONJOB_KIND,
    name: acj.metadata?.name ?? '',
    uid: acj.metadata?.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The child for the run scheduled at `scheduledMs`: template metadata and spec, scheduled-at in `zone`. */
export function buildChild(acj: AdvancedCronJob, kind: TemplateKind, scheduledMs: number, zone: string): KubeObject {
  const template = kind === 'Job' ? acj.spec.template.jobTemplate : acj.spec.template.broadcastJobTemplate;
  const meta = template?.metadata ?? {};
  return {
    apiVersion: CHILD_API_VERSION[kind],
    kind,
    metadata: {
      name: childName(acj.metadata?.name ?? '', scheduledMs),
      namespace: acj.metadata?.namespace,
      labels: { ...(meta.labels ?? {}) },
      annotations: { ...(meta.annotations ?? {}), [ANNOTATION_SCHEDULED_AT]: formatRfc3339InZone(scheduledMs, zone) },
      ownerReferences: [ownerRefTo(acj)],
    },
    spec: cloneJson(template?.spec ?? {}),
  };
}
