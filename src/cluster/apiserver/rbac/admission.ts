// RBAC objects' defaulting and validation as in-process admission hooks (422 Invalid with field causes).
import type { KubeObject } from '../../../api/objects.js';
import type { AdmissionHook } from '../admission.js';
import { invalid, type StatusCause } from '../errors.js';
import { bindingErrors, defaultRbacObject, RBAC_GROUP, roleErrors } from './validation.js';

type Check = (obj: Readonly<KubeObject>, old: Readonly<KubeObject> | undefined) => StatusCause[];

function hook(kind: string, errors: Check): AdmissionHook {
  return {
    group: RBAC_GROUP,
    kind,
    name: `rbac-${kind.toLowerCase()}`,
    mutate: (obj) => defaultRbacObject(obj),
    validate(obj, old) {
      const causes = errors(obj, old);
      if (causes.length) throw invalid(kind, RBAC_GROUP, obj.metadata?.name ?? '', causes);
      return [];
    },
  };
}

export const RBAC_ADMISSION: AdmissionHook[] = [
  hook('Role', (obj) => roleErrors(obj, true)),
  hook('ClusterRole', (obj) => roleErrors(obj, false)),
  hook('RoleBinding', (obj, old) => bindingErrors(obj, old, true)),
  hook('ClusterRoleBinding', (obj, old) => bindingErrors(obj, old, false)),
];
