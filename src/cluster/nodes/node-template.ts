// What a simulated Node looks like: labels, taints, capacity, addresses, podCIDR, conditions and
// nodeInfo, built as plain objects (pure). The default topology is the tutorial's cluster: master1
// (control plane, tainted NoSchedule), node1, node2.
import type { Node, NodeCondition, Taint } from 'kubernetes-types/core/v1.js';
import { formatTime } from '../../api/index.js';

/** Nodes carrying this label are driven by the simulator; others are left alone. */
export const SIMULATED_LABEL = 'kactor.io/simulated';
export const CONTROL_PLANE_LABEL = 'node-role.kubernetes.io/control-plane';
export const KUBELET_VERSION = 'v1.26.5+kactor';
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

export interface NodeSpecOptions {
  labels?: Record<string, string>;
  taints?: Taint[];
  controlPlane?: boolean;
  unschedulable?: boolean;
  cpu?: string;
  memory?: string;
  pods?: number;
  zone?: string;
}

export const NODE_DEFAULTS = { cpu: '8', memory: '32Gi', pods: 110 } as const;

export function isSimulatedNode(node: Node): boolean {
  return node.metadata?.labels?.[SIMULATED_LABEL] === 'true';
}

/** The default node names: master1 (when controlPlane) and node1 … nodeN. */
export function defaultNodeNames(workers: number, controlPlane: boolean): string[] {
  const names = controlPlane ? ['master1'] : [];
  for (let i = 1; i <= workers; i++) names.push(`node${i}`);
  return names;
}

/** The Node object `kactor node add` / the simulator creates (status is filled in by the node agent). */
export function buildNode(name: string, opts: NodeSpecOptions = {}): Node {
  const zones = ['zone-a', 'zone-b', 'zone-c'];
  const zone = opts.zone ?? zones[hashString(name) % zones.length]!;
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': name,
    'kubernetes.io/os': 'linux',
    'topology.kubernetes.io/zone': zone,
    [SIMULATED_LABEL]: 'true',
    ...(opts.controlPlane ? { [CONTROL_PLANE_LABEL]: '' } : {}),
    ...opts.labels,
  };
  const taints: Taint[] = [
    ...(opts.controlPlane ? [{ key: CONTROL_PLANE_LABEL, effect: 'NoSchedule' }] : []),
    ...(opts.taints ?? []),
  ];
  const node: Node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels, annotations: { 'node.alpha.kubernetes.io/ttl': '0' } },
    spec: {
      ...(taints.length ? { taints } : {}),
      ...(opts.unschedulable ? { unschedulable: true } : {}),
    },
    status: {
      capacity: nodeResources(opts),
      allocatable: nodeResources(opts),
    },
  };
  return node;
}

function nodeResources(opts: NodeSpecOptions): Record<string, string> {
  return {
    cpu: opts.cpu ?? NODE_DEFAULTS.cpu,
    memory: opts.memory ?? NODE_DEFAULTS.memory,
    pods: String(opts.pods ?? NODE_DEFAULTS.pods),
    'ephemeral-storage': '100Gi',
  };
}

/** The podCIDR of the node with this index: 10.244.0.0/24, 10.244.1.0/24 … (256 per second octet). */
export function podCidrForIndex(index: number): string {
  return `10.${244 + Math.floor(index / 256)}.${index % 256}.0/24`;
}

/** The InternalIP of the node with this index: 172.18.0.2, 172.18.0.3 … */
export function nodeIpForIndex(index: number): string {
  const n = index + 2;
  return `172.${18 + Math.floor(n / 65536)}.${Math.floor(n / 256) % 256}.${n % 256}`;
}

/** Parses `a.b.c.d/len` into a base address (as a number) and a size; undefined when malformed. */
export function parseCidr(cidr: string | undefined): { base: number; size: number } | undefined {
  const m = cidr?.match(/^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/);
  if (!m) return undefined;
  const len = Number(m[5]);
  if (len < 8 || len > 30) return undefined;
  const base = ((Number(m[1]) << 24) >>> 0) + (Number(m[2]) << 16) + (Number(m[3]) << 8) + Number(m[4]);
  return { base, size: 2 ** (32 - len) };
}

export function formatIp(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** The node status the kubelet reports: conditions (Ready and the pressure conditions), addresses, nodeInfo. */
export function computeNodeStatus(
  node: Node,
  nowMs: number,
  nodeIp: string,
  previous?: NodeCondition[],
): Record<string, unknown> {
  const now = formatTime(nowMs);
  const name = node.metadata?.name ?? '';
  const cond = (type: string, status: string, reason: string, message: string): NodeCondition => {
    const prev = previous?.find((c) => c.type === type);
    return {
      type,
      status,
      reason,
      message,
      lastHeartbeatTime: now,
      lastTransitionTime: prev && prev.status === status && prev.lastTransitionTime ? prev.lastTransitionTime : now,
    };
  };
  const resources = {
    cpu: NODE_DEFAULTS.cpu,
    memory: NODE_DEFAULTS.memory,
    pods: String(NODE_DEFAULTS.pods),
    'ephemeral-storage': '100Gi',
  };
  return {
    capacity: { ...resources, ...node.status?.capacity },
    allocatable: { ...resources, ...node.status?.allocatable },
    conditions: [
      cond('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
      cond('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
      cond('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
      cond('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
    ],
    addresses: [
      { type: 'InternalIP', address: nodeIp },
      { type: 'Hostname', address: name },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
    nodeInfo: {
      machineID: hex32(name),
      systemUUID: hex32(`uuid:${name}`),
      bootID: hex32(`boot:${name}`),
      kernelVersion: '6.1.0-kactor',
      osImage: 'kactor simulated node',
      containerRuntimeVersion: 'containerd://1.7.0-kactor',
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: KUBELET_VERSION,
      operatingSystem: 'linux',
      architecture: 'amd64',
    },
  };
}

/** FNV-1a 32-bit: a stable small hash for deterministic choices (zones, ids). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function hex32(s: string): string {
  let out = '';
  for (let i = 0; out.length < 32; i++) out += hashString(`${i}:${s}`).toString(16).padStart(8, '0');
  return out.slice(0, 32);
}
