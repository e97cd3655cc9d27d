// Advanced DaemonSet (apps.kruise.io/v1alpha1) object types and the label/annotation keys it uses (FieldError
// is re-exported from src/api). Types only plus constants.
import type { KubeObject, LabelSelector, ObjectMeta, PodTemplateSpec } from '../../api/index.js';
import type { IntOrString } from '../../api/index.js';

export const DAEMONSET_API_VERSION = 'apps.kruise.io/v1alpha1';
export const DAEMONSET_KIND = 'DaemonSet';
export const CONTROLLER_NAME = 'daemonset-controller';

export const REVISION_HASH_LABEL = 'controller-revision-hash';
export const POD_TEMPLATE_GENERATION_LABEL = 'pod-template-generation';
export const TEMPLATE_GENERATION_ANNOTATION = 'deprecated.daemonset.template.generation';
export const PROGRESSIVE_CREATE_ANNOTATION = 'daemonset.kruise.io/progressive-create-pod';
export const LIFECYCLE_STATE_LABEL = 'lifecycle.apps.kruise.io/state';
export const LIFECYCLE_TIMESTAMP_ANNOTATION = 'lifecycle.apps.kruise.io/timestamp';
export { INPLACE_UPDATE_READY } from '../common/inplace-update.js';

export type RollingUpdateType = 'Standard' | 'InPlaceIfPossible' | 'Surging';
export type UpdateStrategyType = 'RollingUpdate' | 'OnDelete';

export interface RollingUpdateDaemonSet {
  rollingUpdateType?: RollingUpdateType | string;
  maxUnavailable?: IntOrString;
  maxSurge?: IntOrString;
  /** A selector on NODE labels: only pods on matching nodes are updated. */
  selector?: LabelSelector;
  partition?: number;
  paused?: boolean;
}

export interface DaemonSetUpdateStrategy {
  type?: UpdateStrategyType | string;
  rollingUpdate?: RollingUpdateDaemonSet;
}

export interface LifecycleHook {
  labelsHandler?: Record<string, string>;
  finalizersHandler?: string[];
  markPodNotReady?: boolean;
}

export interface DaemonSetLifecycle {
  preDelete?: LifecycleHook;
  inPlaceUpdate?: LifecycleHook;
  preNormal?: LifecycleHook;
}

export interface DaemonSetSpec {
  selector?: LabelSelector;
  template?: PodTemplateSpec;
  updateStrategy?: DaemonSetUpdateStrategy;
  minReadySeconds?: number;
  burstReplicas?: IntOrString;
  revisionHistoryLimit?: number;
  lifecycle?: DaemonSetLifecycle;
}

export interface DaemonSetStatus {
  currentNumberScheduled: number;
  numberMisscheduled: number;
  desiredNumberScheduled: number;
  numberReady: number;
  observedGeneration?: number;
  updatedNumberScheduled: number;
  numberAvailable?: number;
  numberUnavailable?: number;
  collisionCount?: number;
  conditions?: unknown[];
  daemonSetHash: string;
}

export interface DaemonSet extends KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: DaemonSetSpec;
  status?: Partial<DaemonSetStatus>;
}

/** One validation problem (`field` like `spec.updateStrategy.rollingUpdate.maxSurge`); the shared src/api shape. */
export type { FieldError } from '../../api/index.js';
