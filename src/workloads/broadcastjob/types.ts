// BroadcastJob (apps.kruise.io/v1alpha1) object types: spec, status and the label keys its pods carry.
import type { KubeObject, ObjectMeta, PodTemplateSpec, IntOrString } from '../../api/index.js';

export const BROADCASTJOB_API_VERSION = 'apps.kruise.io/v1alpha1';
export const BROADCASTJOB_KIND = 'BroadcastJob';

/** Pod labels naming the job (users may not preset them). */
export const LABEL_JOB_NAME = 'broadcastjob-name';
export const LABEL_CONTROLLER_UID = 'broadcastjob-controller-uid';

export type CompletionPolicyType = 'Always' | 'Never';
export type FailurePolicyType = 'FailFast' | 'Continue' | 'Pause';

export interface CompletionPolicy {
  /** @default 'Always' */
  type?: CompletionPolicyType;
  /** Always only: fail the job this long after status.startTime. */
  activeDeadlineSeconds?: number;
  /** Always only: delete the job this long after it finished. */
  ttlSecondsAfterFinished?: number;
}

export interface FailurePolicy {
  /** @default 'FailFast' */
  type?: FailurePolicyType;
  /** OnFailure pods whose summed restarts exceed this count as failed. @default 0 */
  restartLimit?: number;
}

export interface BroadcastJobSpec {
  template: PodTemplateSpec;
  /** Max active pods (int or percent of desired, rounded up). @default 2147483647 */
  parallelism?: IntOrString;
  completionPolicy?: CompletionPolicy;
  /** @default false */
  paused?: boolean;
  failurePolicy?: FailurePolicy;
}

export type BroadcastJobPhase = 'running' | 'paused' | 'completed' | 'failed';

export interface JobCondition {
  type: 'Complete' | 'Failed';
  status: 'True' | 'False' | 'Unknown';
  lastProbeTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface BroadcastJobStatus {
  conditions?: JobCondition[];
  startTime?: string;
  completionTime?: string;
  active: number;
  succeeded: number;
  failed: number;
  desired: number;
  phase?: BroadcastJobPhase;
}

export interface BroadcastJob extends KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec: BroadcastJobSpec;
  status?: Partial<BroadcastJobStatus>;
}

export const MAX_PARALLELISM = 2147483647;
