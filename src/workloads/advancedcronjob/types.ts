// AdvancedCronJob (apps.kruise.io/v1alpha1) object types: spec (schedule, policies, one of two templates),
// status, and the annotation its children carry.
import type { JobSpec, KubeObject, ObjectMeta, ObjectReference } from '../../api/index.js';
import type { BroadcastJobSpec } from '../broadcastjob/types.js';

export const ADVANCEDCRONJOB_API_VERSION = 'apps.kruise.io/v1alpha1';
export const ADVANCEDCRONJOB_KIND = 'AdvancedCronJob';

/** RFC 3339 nominal schedule time of a child, in the schedule's zone. */
export const ANNOTATION_SCHEDULED_AT = 'apps.kruise.io/scheduled-at';

export type ConcurrencyPolicy = 'Allow' | 'Forbid' | 'Replace';
export type TemplateKind = 'Job' | 'BroadcastJob';

export interface JobTemplateSpec {
  metadata?: ObjectMeta;
  spec?: JobSpec;
}

export interface BroadcastJobTemplateSpec {
  metadata?: ObjectMeta;
  spec?: BroadcastJobSpec;
}

export interface CronJobTemplate {
  jobTemplate?: JobTemplateSpec;
  broadcastJobTemplate?: BroadcastJobTemplateSpec;
}

export interface AdvancedCronJobSpec {
  schedule: string;
  /** IANA zone; nil = the controller's zone (UTC unless configured). */
  timeZone?: string;
  startingDeadlineSeconds?: number;
  /** @default 'Allow' */
  concurrencyPolicy?: ConcurrencyPolicy;
  /** @default false */
  paused?: boolean;
  /** @default 3 */
  successfulJobsHistoryLimit?: number;
  /** @default 1 */
  failedJobsHistoryLimit?: number;
  template: CronJobTemplate;
}

export interface AdvancedCronJobStatus {
  type?: TemplateKind;
  active?: ObjectReference[];
  lastScheduleTime?: string;
}

export interface AdvancedCronJob extends KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec: AdvancedCronJobSpec;
  status?: AdvancedCronJobStatus;
}
