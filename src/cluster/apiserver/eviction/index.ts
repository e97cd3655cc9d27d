// pods/{name}/eviction (policy/v1) and PodDisruptionBudgets: evict.ts deletes a pod unless a budget forbids it
// (budget.ts computes the allowance at eviction time); the HTTP handler answers 201 Success as kube-apiserver.
import type { KubeObject } from '../../../api/objects.js';
import type { ApiContext } from '../http/context.js';
import type { ResourceRequest } from '../http/read.js';
import { sendJson } from '../http/respond.js';
import { parseJsonBody } from '../http/write.js';
import { evictPod, EVICTED } from './evict.js';

export { PDB_ADMISSION } from './budget.js';

export function handleEviction(ctx: ApiContext, r: ResourceRequest, body: string): void {
  const eviction = parseJsonBody(body, r.req.headers['content-type']) as KubeObject;
  const dryRun = r.query.getAll('dryRun').includes('All');
  evictPod(ctx.service, ctx.registry, r.namespace ?? '', r.name!, eviction, dryRun);
  sendJson(r.res, 201, EVICTED);
}
