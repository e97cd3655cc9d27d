// The facts one StatefulSet pass works from: the defaulted set, the resolved knobs (replicas, ordinal
// range, budgets, partition), the revisions, and the slots (one per ordinal in range, holding the
// pod or the in-memory pod to create) plus the condemned pods. Built once per pass; slots are updated
// in place by the passes as they plan writes (the plan's view of the pods).
import type { ControllerRevision, Pod, PersistentVolumeClaim } from '../../api/index.js';
import { scaledValue } from '../../api/index.js';
import type { InPlaceDecision } from '../common/inplace-update.js';
import type { Lifecycle } from '../common/lifecycle.js';
import { computeOrdinalRange, parseReserveOrdinals, type OrdinalRange } from '../common/ordinals.js';
import type { PodUpdatePolicy, StatefulSet, UpdatePriorityStrategy } from './types.js';

export interface SetContext {
  set: StatefulSet;
  name: string;
  namespace: string;
  nowMs: number;
  replicas: number;
  reserved: Set<number>;
  range: OrdinalRange;
  /** OrderedReady. */
  monotonic: boolean;
  /** Resolved scaleStrategy.maxUnavailable, or undefined. */
  scaleBudget: number | undefined;
  minReadySeconds: number;
  rollingUpdate: boolean;
  partition: number;
  /** Resolved rollingUpdate.maxUnavailable (≥ 1). */
  maxUnavailable: number;
  podUpdatePolicy: PodUpdatePolicy;
  graceSeconds: number;
  paused: boolean;
  unordered: { priorityStrategy?: UpdatePriorityStrategy } | undefined;
  lifecycle: Lifecycle | undefined;
  updateRevision: ControllerRevision;
  currentRevision: ControllerRevision;
  revisionsByName: Map<string, ControllerRevision>;
  claimsByName: Map<string, PersistentVolumeClaim>;
  /** Pod names with a create/delete/patch the cache has not observed (after the 5-minute timeout). */
  pendingCreates: Set<string>;
  pendingPodPatches: boolean;
  gates: Required<StatefulSetFeatureGates>;
  /** Per-plan memo of in-place decisions by old revision name (all pods move to the same update revision). */
  inPlaceDecisions: Map<string, InPlaceDecision>;
}

export interface Slot {
  ordinal: number;
  reserved: boolean;
  /** The plan's view of the pod at this ordinal (undefined for reserved slots). */
  pod?: Pod;
  /** The pod exists in the cache (false: in-memory pod to be created). */
  exists: boolean;
  /** This plan deletes the pod (or marks it PreparingDelete). */
  deleting?: boolean;
}

/** Feature gates that change the StatefulSet planner (Kruise v1.8 defaults). */
export interface StatefulSetFeatureGates {
  /** Honour `spec.ordinals.start`. @default false */
  StatefulSetStartOrdinal?: boolean;
  /** Keep PVC ownerReferences consistent with persistentVolumeClaimRetentionPolicy. @default true */
  StatefulSetAutoDeletePVC?: boolean;
  /** Label pods with apps.kubernetes.io/pod-index. @default true */
  PodIndexLabel?: boolean;
}

export interface StatefulSetPlannerOptions {
  featureGates?: StatefulSetFeatureGates;
}

export const DEFAULT_FEATURE_GATES: Required<StatefulSetFeatureGates> = {
  StatefulSetStartOrdinal: false,
  StatefulSetAutoDeletePVC: true,
  PodIndexLabel: true,
};

export function resolvePlannerOptions(o: StatefulSetPlannerOptions | undefined): { gates: Required<StatefulSetFeatureGates> } {
  return { gates: { ...DEFAULT_FEATURE_GATES, ...(o?.featureGates ?? {}) } };
}

export function resolveRange(set: StatefulSet, gates: Required<StatefulSetFeatureGates>): { replicas: number; reserved: Set<number>; range: OrdinalRange } {
  const replicas = Math.max(0, set.spec?.replicas ?? 1);
  const reserved = parseReserveOrdinals(set.spec?.reserveOrdinals);
  const start = gates.StatefulSetStartOrdinal ? Math.max(0, set.spec?.ordinals?.start ?? 0) : 0;
  return { replicas, reserved, range: computeOrdinalRange(replicas, start, reserved) };
}

/** maxUnavailable-style value: percent of replicas rounded down, at least 1; `fallback` when unset. */
export function resolveBudget(value: number | string | undefined, replicas: number, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  let n: number;
  try {
    n = scaledValue(value, replicas, false);
  } catch {
    n = 1;
  }
  return Math.max(1, n);
}
