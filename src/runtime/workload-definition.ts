// The contract between the runtime and a workload: what a workload kind is (its resource, what it
// owns and watches) and its pure planner. The runtime is generic over this interface and never
// imports src/workloads; src/cli hands definitions to the controller host (and the module URL of
// the definitions to shard workers).
import type { KubeObject, Node, Plan } from '../api/index.js';

/** An API resource the runtime lists/watches and writes. */
export interface ResourceType {
  apiVersion: string; // e.g. 'v1', 'apps.kruise.io/v1beta1'
  kind: string; // e.g. 'Pod'
  plural: string; // e.g. 'pods'
  namespaced: boolean;
}

/** A write the executor issued that the cache has not observed yet (expectations as data). */
export interface PendingWrite {
  verb: 'create' | 'delete' | 'patch' | 'update';
  kind: string;
  name: string;
  /** Epoch ms when issued; expectations time out after 5 minutes as upstream. */
  sinceMs: number;
}

/** Everything a planner may look at in one turn: read from the cache, never fetched. */
export interface Snapshot<W extends KubeObject = KubeObject> {
  workload: W;
  /** Objects of each owned kind (by kind: 'Pod', 'ControllerRevision', …) whose controller ownerReference is the workload. */
  owned: Record<string, KubeObject[]>;
  /** Objects of owned kinds in the workload's namespace with no controller owner that match its selector: adoption candidates. */
  orphans: Record<string, KubeObject[]>;
  /** All nodes, when the definition watches nodes. */
  nodes: Node[];
  /** Pods on nodes (for node-fit checks) are not included: planners decide from node objects only. */
  pending: PendingWrite[];
}

export interface WorkloadDefinition<W extends KubeObject = KubeObject> {
  /** The workload resource itself (its storage version). */
  resource: ResourceType;
  /** Controller name: event source.component and the `controller` label of metrics. */
  controllerName: string;
  /** Kinds the workload creates and owns (pods, ControllerRevisions, PVCs, Jobs …). */
  owns: ResourceType[];
  /** Whether node events concern this workload (DaemonSet, BroadcastJob). */
  watchesNodes: boolean;
  /**
   * Which objects of `resource.kind` are workloads of this definition (default: all). Lets a
   * definition claim part of a kind it also owns (tests: "ConfigMaps labelled owner=true").
   */
  matches?(object: W): boolean;
  /** The workload's label selector for adoption, if it adopts orphans. */
  selectorOf?(workload: W): import('../api/index.js').LabelSelector | undefined;
  /** The pure planner. */
  plan(snapshot: Snapshot<W>, nowMs: number): Plan;
}
