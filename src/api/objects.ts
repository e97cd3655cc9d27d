// Kubernetes object types. Built-in kinds come from `kubernetes-types` (types only, no runtime cost);
// `KubeObject` is the shape every stored object has.
import type { ObjectMeta, OwnerReference, LabelSelector, LabelSelectorRequirement, Time } from 'kubernetes-types/meta/v1.js';
import type {
  Pod, PodSpec, PodStatus, PodCondition, PodTemplateSpec, Container, ContainerStatus, Node, NodeSpec, NodeStatus,
  Namespace, Event as CoreEvent, ConfigMap, Secret, ServiceAccount, PersistentVolumeClaim, Taint, Toleration,
  NodeSelectorRequirement, NodeSelectorTerm, Affinity, ObjectReference,
} from 'kubernetes-types/core/v1.js';
import type { ControllerRevision, StatefulSet as NativeStatefulSet, DaemonSet as NativeDaemonSet } from 'kubernetes-types/apps/v1.js';
import type { Job, JobSpec, JobStatus, CronJob } from 'kubernetes-types/batch/v1.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';

export type {
  ObjectMeta, OwnerReference, LabelSelector, LabelSelectorRequirement, Time,
  Pod, PodSpec, PodStatus, PodCondition, PodTemplateSpec, Container, ContainerStatus, Node, NodeSpec, NodeStatus,
  Namespace, CoreEvent, ConfigMap, Secret, ServiceAccount, PersistentVolumeClaim, Taint, Toleration,
  NodeSelectorRequirement, NodeSelectorTerm, Affinity, ObjectReference,
  ControllerRevision, NativeStatefulSet, NativeDaemonSet, Job, JobSpec, JobStatus, CronJob, Lease,
};

/** Any Kubernetes object as stored and served: apiVersion, kind, metadata, and whatever else. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

/** A reference to one object: enough to address it through the API. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
}

/** Splits `group/version` (or the core `v1`) into its parts. */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}
