// pods/exec, pods/attach and pods/portforward: a real kube-apiserver upgrades these (SPDY or WebSocket)
// and proxies them to the node's kubelet. Simulated pods have no container runtime, so after the checks
// the real server makes first (GET/POST only; the pod exists, 404; the container is valid, 400; the pod
// has a node, 400 `pod p does not have a host assigned`) the answer is a clear 400 Status — which kubectl
// prints as `Error from server (BadRequest): simulated pod: no container runtime, exec is not available`.
import { badRequest } from '../errors.js';
import type { ApiContext } from './context.js';
import { connectMethodNotAllowed, containerOf, type PodLogRequest } from './pod-log.js';
import type { ResourceRequest } from './read.js';

export const STREAM_SUBRESOURCES: Record<string, string> = { exec: 'exec', attach: 'attach', portforward: 'port-forward' };

export function handlePodStream(ctx: ApiContext, r: ResourceRequest, sub: string, method: string): void {
  if (method !== 'GET' && method !== 'POST') throw connectMethodNotAllowed();
  if (sub === 'portforward') for (const value of r.query.getAll('ports')) parsePorts(value);
  const pod = ctx.service.get(r.def, r.namespace ?? '', r.name!).obj as PodLogRequest['pod'];
  if (sub !== 'portforward') containerOf(pod, r.query.get('container') ?? '');
  if (!(pod.spec as { nodeName?: string } | undefined)?.nodeName) throw badRequest(`pod ${r.name} does not have a host assigned`);
  throw badRequest(`simulated pod: no container runtime, ${STREAM_SUBRESOURCES[sub]} is not available`);
}

/** PodPortForwardOptions.ports as the query converts it: comma-separated, each strconv.ParseUint(p, 10, 16). */
function parsePorts(value: string): number[] {
  return value.split(',').map((p) => {
    const fail = (why: string) => badRequest(`cannot convert to []int32: strconv.ParseUint: parsing ${JSON.stringify(p)}: ${why}`);
    if (!/^\d+$/.test(p)) throw fail('invalid syntax');
    const n = Number(p);
    if (n > 65535) throw fail('value out of range');
    return n;
  });
}
