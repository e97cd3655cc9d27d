// Adding and removing simulated Node objects from outside the simulator (`kactor node add|remove`,
// SimulatorHandle.addNode/removeNode), and parsing `--label k=v` / `--taint k=v:Effect` (pure parts).
import type { Taint } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/index.js';
import type { RestClient } from '../../runtime/client/rest-client.js';
import { isAlreadyExists, isNotFound, NodeNameError } from './errors.js';
import { buildNode, podCidrForIndex, type NodeSpecOptions } from './node-template.js';
import type { ResourceType } from '../../runtime/workload-definition.js';

export const NODES: ResourceType = { apiVersion: 'v1', kind: 'Node', plural: 'nodes', namespaced: false };

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function checkNodeName(name: string): void {
  if (!name || name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
    throw new NodeNameError(`node name ${JSON.stringify(name)} must be a lowercase RFC 1123 subdomain (a-z, 0-9, '-', '.')`);
  }
}

/** `k=v` (or `k` for an empty value) → [k, v]. */
export function parseLabel(text: string): [string, string] {
  const i = text.indexOf('=');
  const key = i < 0 ? text : text.slice(0, i);
  if (!key) throw new NodeNameError(`label ${JSON.stringify(text)} must look like key=value`);
  return [key, i < 0 ? '' : text.slice(i + 1)];
}

/** `k=v:Effect` or `k:Effect` → a Taint (Effect: NoSchedule, PreferNoSchedule, NoExecute). */
export function parseTaint(text: string): Taint {
  const m = text.match(/^([^=:]+)(?:=([^:]*))?:(NoSchedule|PreferNoSchedule|NoExecute)$/);
  if (!m) throw new NodeNameError(`taint ${JSON.stringify(text)} must look like key=value:Effect with Effect NoSchedule, PreferNoSchedule or NoExecute`);
  return { key: m[1]!, ...(m[2] ? { value: m[2] } : {}), effect: m[3]! };
}

/** Creates a simulated Node (AlreadyExists is fine: the node is adopted). `index` fixes its podCIDR. */
export async function createSimulatedNode(client: RestClient, name: string, opts: NodeSpecOptions = {}, index?: number): Promise<boolean> {
  checkNodeName(name);
  const node = buildNode(name, opts);
  if (index !== undefined) {
    const spec = node.spec as { podCIDR?: string; podCIDRs?: string[] };
    spec.podCIDR = podCidrForIndex(index);
    spec.podCIDRs = [spec.podCIDR];
  }
  try {
    await client.create(NODES, node as unknown as KubeObject);
    return true;
  } catch (err) {
    if (isAlreadyExists(err)) return false;
    throw err;
  }
}

/** Deletes a Node; false when it did not exist. */
export async function deleteNode(client: RestClient, name: string): Promise<boolean> {
  try {
    await client.delete(NODES, undefined, name);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}
