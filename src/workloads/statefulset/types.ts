// Advanced StatefulSet (apps.kruise.io/v1beta1, kind StatefulSet): spec and status types, field
// names exactly as the CRD, plus the label/annotation keys the controller reads and writes.
import type { KubeObject, LabelSelector, ObjectMeta, PersistentVolumeClaim, PodTemplateSpec } from '../../api/index.js';
import type { IntOrString } from '../../api/index.js';
import type { Lifecycle } from '../common/lifecycle.js';
import type { ReserveOrdinal } from '../common/ordinals.js';

export const STATEFULSET_API_VERSION = 'apps.kruise.io/v1beta1';
export const STATEFULSET_KIND = 'StatefulSet';

export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
export const SPECIFIED_DELETE_LABEL = 'apps.kruise.io/specified-delete';

export type PodManagementPolicy = 'OrderedReady' | 'Parallel';
export type UpdateStrategyType = 'RollingUpdate' | 'OnDelete';
export type PodUpdatePolicy = 'ReCreate' | 'InPlaceIfPossible' | 'InPlaceOnly';
export type RetentionPolicyType = 'Retain' | 'Delete';

export interface WeightPriorityTerm {
  weight: number;
  matchSelector: LabelSelector;
}

export interface OrderPriorityTerm {
  orderedKey: string;
}

export interface UpdatePriorityStrategy {
  weightPriority?: WeightPriorityTerm[];
  orderPriority?: OrderPriorityTerm[];
}

export interface RollingUpdateStatefulSetStrategy {
  partition?: number;
  maxUnavailable?: IntOrString;
  podUpdatePolicy?: PodUpdatePolicy;
  paused?: boolean;
  unorderedUpdate?: { priorityStrategy?: UpdatePriorityStrategy };
  inPlaceUpdateStrategy?: { gracePeriodSeconds?: number };
  minReadySeconds?: number;
}

export interface StatefulSetSpec {
  replicas?: number;
  selector?: LabelSelector;
  template?: PodTemplateSpec;
  volumeClaimTemplates?: PersistentVolumeClaim[];
  volumeClaimUpdateStrategy?: { type?: 'OnDelete' | 'OnPodRollingUpdate' };
  serviceName?: string;
  podManagementPolicy?: PodManagementPolicy;
  updateStrategy?: { type?: UpdateStrategyType; rollingUpdate?: RollingUpdateStatefulSetStrategy };
  revisionHistoryLimit?: number;
  reserveOrdinals?: ReserveOrdinal[];
  lifecycle?: Lifecycle;
  scaleStrategy?: { maxUnavailable?: IntOrString };
  persistentVolumeClaimRetentionPolicy?: { whenDeleted?: RetentionPolicyType; whenScaled?: RetentionPolicyType };
  ordinals?: { start?: number };
}

export interface StatefulSetCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface StatefulSetStatus {
  observedGeneration?: number;
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  currentReplicas: number;
  updatedReplicas: number;
  updatedReadyReplicas?: number;
  updatedAvailableReplicas?: number;
  currentRevision?: string;
  updateRevision?: string;
  collisionCount?: number;
  conditions?: StatefulSetCondition[];
  labelSelector?: string;
}

export interface StatefulSet extends KubeObject {
  metadata?: ObjectMeta;
  spec?: StatefulSetSpec;
  status?: StatefulSetStatus;
}
