// Small pure facts about a DaemonSet's pods: updated (at the current hash), terminating, pre-deleting,
// available for the rolling update, and the new/old pod on one node (upstream findUpdatedPodsOnNode).
import type { Pod } from '../../api/index.js';
import { isPodAvailable, podCondition } from '../../api/index.js';
import { hasInPlaceReadinessGate } from '../common/inplace-update.js';
import type { DaemonSet } from './types.js';
import { INPLACE_UPDATE_READY, LIFECYCLE_STATE_LABEL, POD_TEMPLATE_GENERATION_LABEL, REVISION_HASH_LABEL, TEMPLATE_GENERATION_ANNOTATION } from './types.js';

export function podHash(pod: Pod): string | undefined {
  return pod.metadata?.labels?.[REVISION_HASH_LABEL];
}

/** At `hash` exactly, or its pod-template-generation label equals the DaemonSet's deprecated annotation. */
export function isPodUpdated(pod: Pod, hash: string, ds: DaemonSet): boolean {
  if (podHash(pod) === hash) return true;
  const gen = ds.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  return gen !== undefined && pod.metadata?.labels?.[POD_TEMPLATE_GENERATION_LABEL] === gen;
}

export function isTerminating(pod: Pod): boolean {
  return pod.metadata?.deletionTimestamp != null;
}

export function isPreDeleting(pod: Pod | undefined): boolean {
  return pod?.metadata?.labels?.[LIFECYCLE_STATE_LABEL] === 'PreparingDelete';
}

export function isNilOrPreDeleting(pod: Pod | undefined): boolean {
  return !pod || isPreDeleting(pod);
}

/** Rolling-update availability: Ready for minReadySeconds (the kubelet keeps Ready False while a gate is False). */
export function isDaemonPodAvailable(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  return isPodAvailable(pod, minReadySeconds, nowMs);
}

/** Status availability: also InPlaceUpdateReady=True when the pod has that gate. */
export function isDaemonPodAvailableForStatus(pod: Pod, minReadySeconds: number, nowMs: number): boolean {
  if (!isPodAvailable(pod, minReadySeconds, nowMs)) return false;
  return !hasInPlaceReadinessGate(pod) || podCondition(pod, INPLACE_UPDATE_READY)?.status === 'True';
}

export interface NodePods {
  newPod?: Pod;
  oldPod?: Pod;
  /** False when the node has several non-terminating pods of one kind. */
  ok: boolean;
}

/** The one new and one old non-terminating pod on a node; ok=false on duplicates of one kind. */
export function findUpdatedPodsOnNode(pods: readonly Pod[], hash: string, ds: DaemonSet): NodePods {
  let newPod: Pod | undefined;
  let oldPod: Pod | undefined;
  for (const pod of pods) {
    if (isTerminating(pod)) continue;
    if (isPodUpdated(pod, hash, ds)) {
      if (newPod) return { ok: false };
      newPod = pod;
    } else {
      if (oldPod) return { ok: false };
      oldPod = pod;
    }
  }
  return { newPod, oldPod, ok: true };
}
