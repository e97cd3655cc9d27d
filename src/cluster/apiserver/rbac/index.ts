// RBAC (rbac.authorization.k8s.io/v1): validation hooks, the bootstrap policy objects, and the authorizer the
// authorization reviews use, reading roles and bindings straight from storage.
import type { KubeObject } from '../../../api/objects.js';
import type { ObjectService } from '../service.js';
import type { ResourceRegistry } from '../resource-registry.js';
import type { Storage } from '../storage/types.js';
import type { RbacLookup } from './authorizer.js';
import { BOOTSTRAP_POLICY } from './bootstrap-policy.js';
import { RBAC_GROUP } from './validation.js';

export { RBAC_ADMISSION } from './admission.js';
export { rbacNameProblem, RBAC_GROUP } from './validation.js';
export { isAllowed, type UserInfo, type RbacLookup } from './authorizer.js';

export function rbacLookup(storage: Storage): RbacLookup {
  return {
    list: (plural, ns) => storage.list(`${RBAC_GROUP}/${plural}`, ns).map((r) => r.obj),
    get: (plural, ns, name) => storage.get(`${RBAC_GROUP}/${plural}`, ns, name)?.obj,
  };
}

/** Creates the bootstrap ClusterRoles and ClusterRoleBinding that are missing (a data dir may hold them already). */
export function bootstrapRbac(service: ObjectService, registry: ResourceRegistry): void {
  const put = (plural: string, objs: KubeObject[]) => {
    const def = registry.find(RBAC_GROUP, 'v1', plural)!;
    for (const obj of objs) {
      if (!service.storage.get(`${RBAC_GROUP}/${plural}`, '', obj.metadata!.name!)) service.create(def, '', structuredClone(obj), { version: 'v1' });
    }
  };
  put('clusterroles', BOOTSTRAP_POLICY.clusterRoles);
  put('clusterrolebindings', BOOTSTRAP_POLICY.clusterRoleBindings);
}
