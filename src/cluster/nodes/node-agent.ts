// The node side of the simulated kubelets: registers the default nodes, drives every Node carrying the
// simulator's label (assigns a podCIDR when it has none, as the node-IPAM controller does; reports node
// status — conditions, addresses, capacity, nodeInfo — and renews its Lease in kube-node-lease), and
// forgets nodes that lose the label or are deleted. One periodic tick serves all nodes.
import type PQueue from 'p-queue';
import type { Node } from 'kubernetes-types/core/v1.js';
import type { Clock, TimerHandle } from '../../api/index.js';
import type { KubeObject } from '../../api/index.js';
export { NODES };
import type { RestClient } from '../../runtime/client/rest-client.js';
import type { InformerEvent } from '../../runtime/informer/informer.js';
import type { ResourceType } from '../../runtime/workload-definition.js';
import { isAlreadyExists, isNotFound } from './errors.js';
import { createSimulatedNode, deleteNode, NODES } from './node-admin.js';
import {
  computeNodeStatus, isSimulatedNode, nodeIpForIndex, NODE_LEASE_NAMESPACE, parseCidr, podCidrForIndex, type NodeSpecOptions,
} from './node-template.js';

export const LEASES: ResourceType = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', plural: 'leases', namespaced: true };
export const NAMESPACES: ResourceType = { apiVersion: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false };

export interface DrivenNode {
  name: string;
  uid: string;
  index: number;
  ip: string;
  podCidr: string;
  lastStatusAt: number;
  lastLeaseAt: number;
}

export interface NodeAgentDeps {
  client: RestClient;
  queue: PQueue;
  clock: Clock;
  leaseRenewMs: number;
  nodeStatusMs: number;
  onError: (err: unknown, context: string) => void;
  /** The cached Node (for heartbeats: conditions keep their lastTransitionTime). */
  getNode: (name: string) => Node | undefined;
  /** Told when a node starts or stops being driven. */
  onDriven: (name: string, driven: boolean, deleted: boolean) => void;
}

/** The index encoded in a podCIDR of the 10.244.0.0/14 scheme, or undefined. */
export function indexOfCidr(cidr: string | undefined): number | undefined {
  const m = cidr?.match(/^10\.(24[4-7])\.(\d+)\.0\/24$/);
  return m ? (Number(m[1]) - 244) * 256 + Number(m[2]) : undefined;
}

export class NodeAgent {
  readonly #d: NodeAgentDeps;
  readonly #driven = new Map<string, DrivenNode>();
  readonly #usedIndexes = new Map<number, string>();
  readonly #pendingCidr = new Set<string>();
  #timer: TimerHandle | undefined;
  #stopped = false;

  constructor(deps: NodeAgentDeps) {
    this.#d = deps;
  }

  get driven(): ReadonlyMap<string, DrivenNode> {
    return this.#driven;
  }

  /** Creates the lease namespace (if missing) and the given nodes (those that exist are adopted as they are). */
  async register(nodes: Array<{ name: string; opts?: NodeSpecOptions }>): Promise<void> {
    await this.#d.client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NODE_LEASE_NAMESPACE } }).catch((err: unknown) => {
      if (!isAlreadyExists(err)) throw err;
    });
    await Promise.all(nodes.map((n, i) => this.createNode(n.name, { ...n.opts }, i)));
  }

  /** Creates one simulated Node (index chooses its podCIDR; without one the agent assigns it later). */
  async createNode(name: string, opts: NodeSpecOptions = {}, index?: number): Promise<void> {
    await createSimulatedNode(this.#d.client, name, opts, index);
  }

  async deleteNode(name: string): Promise<void> {
    await deleteNode(this.#d.client, name);
  }

  start(): void {
    this.#tick();
  }

  stop(): void {
    this.#stopped = true;
    this.#timer?.cancel();
  }

  /** Node informer events: start or stop driving. */
  onNodeEvent(ev: InformerEvent<KubeObject>): void {
    const node = ev.object as unknown as Node;
    const name = node.metadata?.name ?? '';
    const cidrIndex = indexOfCidr(node.spec?.podCIDR);
    if (ev.type === 'DELETED') {
      if (cidrIndex !== undefined && this.#usedIndexes.get(cidrIndex) === name) this.#usedIndexes.delete(cidrIndex);
      this.#forget(name, true);
      return;
    }
    if (cidrIndex !== undefined) this.#usedIndexes.set(cidrIndex, name);
    const current = this.#driven.get(name);
    if (!isSimulatedNode(node)) {
      this.#forget(name, false);
      return;
    }
    if (current && current.uid === node.metadata?.uid && current.podCidr === node.spec?.podCIDR) return;
    if (!node.spec?.podCIDR || !parseCidr(node.spec.podCIDR)) {
      this.#assignCidr(node);
      return;
    }
    const index = cidrIndex ?? this.#freeIndex(name);
    const driven: DrivenNode = {
      name, uid: node.metadata?.uid ?? '', index, ip: nodeIpForIndex(index), podCidr: node.spec.podCIDR, lastStatusAt: 0, lastLeaseAt: 0,
    };
    this.#driven.set(name, driven);
    this.#d.onDriven(name, true, false);
    this.#reportStatus(driven, node);
    this.#renewLease(driven);
  }

  #forget(name: string, deleted: boolean): void {
    if (!this.#driven.delete(name)) return;
    this.#d.onDriven(name, false, deleted);
    if (deleted) {
      void this.#d.queue
        .add(() => this.#d.client.delete(LEASES, NODE_LEASE_NAMESPACE, name), { priority: 2 })
        .catch((err: unknown) => {
          if (!isNotFound(err)) this.#d.onError(err, `delete lease of node ${name}`);
        });
    }
  }

  #freeIndex(name: string): number {
    let i = 0;
    while (this.#usedIndexes.has(i) && this.#usedIndexes.get(i) !== name) i++;
    this.#usedIndexes.set(i, name);
    return i;
  }

  #assignCidr(node: Node): void {
    const name = node.metadata?.name ?? '';
    if (this.#pendingCidr.has(name)) return;
    this.#pendingCidr.add(name);
    const cidr = podCidrForIndex(this.#freeIndex(name));
    void this.#d.queue
      .add(() => this.#d.client.patch(NODES, undefined, name, 'merge', { spec: { podCIDR: cidr, podCIDRs: [cidr] } }), { priority: 2 })
      .catch((err: unknown) => this.#d.onError(err, `assign podCIDR to node ${name}`))
      .finally(() => this.#pendingCidr.delete(name));
  }

  #reportStatus(n: DrivenNode, node?: Node): void {
    n.lastStatusAt = this.#d.clock.now();
    const status = computeNodeStatus(node ?? { metadata: { name: n.name } }, n.lastStatusAt, n.ip, node?.status?.conditions);
    void this.#d.queue
      .add(() => this.#d.client.patch(NODES, undefined, n.name, 'strategic', { status }, { subresource: 'status' }), { priority: 2 })
      .catch((err: unknown) => {
        if (!isNotFound(err)) this.#d.onError(err, `report status of node ${n.name}`);
      });
  }

  #renewLease(n: DrivenNode): void {
    n.lastLeaseAt = this.#d.clock.now();
    const renewTime = new Date(n.lastLeaseAt).toISOString().replace('Z', '000Z');
    const lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: n.name,
        namespace: NODE_LEASE_NAMESPACE,
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: n.name, uid: n.uid }],
      },
      spec: { holderIdentity: n.name, leaseDurationSeconds: 40, renewTime },
    };
    void this.#d.queue
      .add(async () => {
        try {
          await this.#d.client.patch(LEASES, NODE_LEASE_NAMESPACE, n.name, 'merge', { spec: { renewTime, holderIdentity: n.name } });
        } catch (err) {
          if (!isNotFound(err)) throw err;
          await this.#d.client.create(LEASES, lease);
        }
      }, { priority: 2 })
      .catch((err: unknown) => this.#d.onError(err, `renew lease of node ${n.name}`));
  }

  #tick(): void {
    if (this.#stopped) return;
    const now = this.#d.clock.now();
    for (const n of this.#driven.values()) {
      if (now - n.lastLeaseAt >= this.#d.leaseRenewMs) this.#renewLease(n);
      if (now - n.lastStatusAt >= this.#d.nodeStatusMs) this.#reportStatus(n, this.#d.getNode(n.name));
    }
    this.#timer = this.#d.clock.setTimer(Math.min(this.#d.leaseRenewMs, this.#d.nodeStatusMs, 1000), () => this.#tick());
  }
}

