// Strategic-merge-patch metadata of the built-in kinds kactor serves: which lists merge (and by which key) and
// which replace — the `patchStrategy`/`patchMergeKey` tags of Kubernetes' Go types, as a table per kind.
// A list without an entry is replaced by the patch; a map without an entry is merged key by key.

export interface FieldMeta {
  /** `merge` lists merge by `mergeKey` (maps) or as a set (primitives); `replace` (default for lists) takes the patch. */
  strategy?: 'merge' | 'replace';
  mergeKey?: string;
  /** Metadata of the field's value (for a list: of its items). */
  sub?: StructMeta;
}
export type StructMeta = Readonly<Record<string, FieldMeta>>;

const merge = (mergeKey?: string, sub?: StructMeta): FieldMeta => ({ strategy: 'merge', ...(mergeKey ? { mergeKey } : {}), ...(sub ? { sub } : {}) });
const nested = (sub: StructMeta): FieldMeta => ({ sub });

const conditionsByType: StructMeta = { conditions: merge('type') };

export const objectMeta: StructMeta = {
  finalizers: merge(),
  ownerReferences: merge('uid'),
};

export const container: StructMeta = {
  ports: merge('containerPort'),
  env: merge('name'),
  volumeMounts: merge('mountPath'),
  volumeDevices: merge('devicePath'),
};

export const podSpec: StructMeta = {
  volumes: merge('name'),
  initContainers: merge('name', container),
  containers: merge('name', container),
  ephemeralContainers: merge('name', container),
  imagePullSecrets: merge('name'),
  hostAliases: merge('ip'),
  topologySpreadConstraints: merge('topologyKey'),
  resourceClaims: merge('name'),
  schedulingGates: merge('name'),
};

export const podStatus: StructMeta = {
  conditions: merge('type'),
  podIPs: merge('ip'),
  hostIPs: merge('ip'),
  resourceClaimStatuses: merge('name'),
};

export const podTemplateSpec: StructMeta = { metadata: nested(objectMeta), spec: nested(podSpec) };

const withMeta = (rest: StructMeta = {}): StructMeta => ({ metadata: nested(objectMeta), ...rest });

const workload = (spec: StructMeta = {}): StructMeta =>
  withMeta({ spec: nested({ template: nested(podTemplateSpec), ...spec }), status: nested(conditionsByType) });

/** Patch metadata per `group/Kind` (core group: `/Kind`). */
export const PATCH_META: Readonly<Record<string, StructMeta>> = {
  '/Pod': withMeta({ spec: nested(podSpec), status: nested(podStatus) }),
  '/PodTemplate': withMeta({ template: nested(podTemplateSpec) }),
  '/Node': withMeta({
    spec: nested({ podCIDRs: merge() }),
    status: nested({ conditions: merge('type'), addresses: merge('type') }),
  }),
  '/Namespace': withMeta({ status: nested(conditionsByType) }),
  '/PersistentVolumeClaim': withMeta({ status: nested(conditionsByType) }),
  '/ServiceAccount': withMeta({ secrets: merge('name') }),
  '/ConfigMap': withMeta(),
  '/Secret': withMeta(),
  '/Event': withMeta(),
  'events.k8s.io/Event': withMeta(),
  'batch/Job': workload(),
  'batch/CronJob': withMeta({ spec: nested({ jobTemplate: nested({ metadata: nested(objectMeta), spec: nested({ template: nested(podTemplateSpec) }) }) }) }),
  'apps/StatefulSet': workload(),
  'apps/DaemonSet': workload(),
  'apps/Deployment': workload(),
  'apps/ReplicaSet': workload(),
  'apps/ControllerRevision': withMeta(),
  'coordination.k8s.io/Lease': withMeta(),
  'apiextensions.k8s.io/CustomResourceDefinition': withMeta({ status: nested(conditionsByType) }),
};

/** The patch metadata of a built-in kind, or undefined when strategic merge patch is not supported for it. */
export function patchMetaFor(gvk: { group: string; kind: string }): StructMeta | undefined {
  return PATCH_META[`${gvk.group}/${gvk.kind}`];
}
