// POST pods/{name}/eviction (policy/v1 Eviction): the pod is deleted gracefully (the Eviction's deleteOptions)
// unless a PodDisruptionBudget selecting it would be violated (429 TooManyRequests, cause DisruptionBudget).
// Pods that are not Running, or already being deleted, are evicted regardless of budgets, as kube-apiserver does.
import type { KubeObject } from '../../../api/objects.js';
import { ApiError, badRequest, internalError } from '../errors.js';
import type { ResourceRegistry } from '../resource-registry.js';
import type { DeleteOptions, ObjectService } from '../service.js';
import { budgetAllowance, budgetSelects } from './budget.js';

export const EVICTED = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };

const VIOLATION = "Cannot evict pod as it would violate the pod's disruption budget.";

export function evictPod(service: ObjectService, registry: ResourceRegistry, ns: string, name: string, eviction: KubeObject, dryRun: boolean): void {
  if (eviction === null || typeof eviction !== 'object' || Array.isArray(eviction)) throw badRequest('the body of the request must be an Eviction object');
  const bodyName = eviction.metadata?.name;
  if (bodyName !== undefined && bodyName !== name) throw badRequest('name in URL does not match name in Eviction object');
  const podDef = registry.find('', 'v1', 'pods')!;
  const pod = service.get(podDef, ns, name).obj;
  const options = ((eviction as { deleteOptions?: DeleteOptions }).deleteOptions ?? {}) as DeleteOptions;
  if (!canIgnoreBudget(pod)) checkBudgets(service, ns, pod);
  service.delete(podDef, ns, name, options, dryRun);
}

function canIgnoreBudget(pod: Readonly<KubeObject>): boolean {
  const phase = (pod.status as { phase?: string } | undefined)?.phase;
  return Boolean(pod.metadata?.deletionTimestamp) || phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending';
}

function checkBudgets(service: ObjectService, ns: string, pod: Readonly<KubeObject>): void {
  const budgets = service.storage.list('policy/poddisruptionbudgets', ns).map((r) => r.obj).filter((b) => budgetSelects(b, pod));
  if (budgets.length === 0) return;
  if (budgets.length > 1) throw internalError(new Error('This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.'));
  const budget = budgets[0]!;
  const pods = service.storage.list('/pods', ns).map((r) => r.obj);
  const { currentHealthy, desiredHealthy, disruptionsAllowed } = budgetAllowance(budget, pods);
  if (disruptionsAllowed > 0) return;
  const message = `The disruption budget ${budget.metadata!.name} needs ${desiredHealthy} healthy pods and has ${currentHealthy} currently`;
  throw new ApiError(429, 'TooManyRequests', VIOLATION, { causes: [{ reason: 'DisruptionBudget', message }] });
}
