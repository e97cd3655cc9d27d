// Server-side apply types of the built-in kinds, from their strategic-merge metadata (patch/patch-meta.ts) as
// kube-apiserver 1.26 derives them from its OpenAPI: a merge list with a merge key is a map list keyed by it,
// a merge list without one is a set, any other list is atomic; plus what the OpenAPI adds (checked against
// /openapi/v3/api/v1): ports keyed by containerPort+protocol (protocol defaults to TCP), topology spread
// constraints by topologyKey+whenUnsatisfiable, atomic owner references, label selectors and references.
// Also the objects a kind's empty Go value already holds (`zeroObject`): on create they are not "added", so
// they carry no `.` marker in managedFields (`f:spec` has none, a new `f:labels` has one).
import { patchMetaFor, type FieldMeta, type StructMeta } from '../patch/patch-meta.js';
import type { FieldSet } from './field-set.js';
import { ATOMIC_MAP, type DeducedType, type ListType, type MapType, type TypeNode } from './types.js';

const ATOMIC_FIELDS: ReadonlySet<string> = new Set([
  'selector', 'labelSelector', 'namespaceSelector', 'nodeSelector', 'preference', 'requiredDuringSchedulingIgnoredDuringExecution',
  'configMapKeyRef', 'secretKeyRef', 'fieldRef', 'resourceFieldRef', 'secretRef', 'nodePublishSecretRef', 'dataSource', 'dataSourceRef',
  'scaleTargetRef', 'involvedObject', 'related', 'roleRef',
]);

const BUILTIN_DEDUCED: DeducedType = { kind: 'deduced', named: true, atomicFields: ATOMIC_FIELDS };

/** List keys where the OpenAPI's x-kubernetes-list-map-keys differ from the patch merge key. */
const LIST_KEYS: Readonly<Record<string, { keys: string[]; keyDefaults?: Record<string, unknown> }>> = {
  ports: { keys: ['containerPort', 'protocol'], keyDefaults: { protocol: 'TCP' } },
  topologySpreadConstraints: { keys: ['topologyKey', 'whenUnsatisfiable'] },
};

/** Lists whose items are atomic structs (x-kubernetes-map-type: atomic on the item type). */
const ATOMIC_ITEMS: ReadonlySet<string> = new Set(['ownerReferences', 'imagePullSecrets']);

function structType(meta: StructMeta | undefined): MapType {
  const fields: Record<string, TypeNode> = {};
  for (const [name, fm] of Object.entries(meta ?? {})) fields[name] = fieldTypeOf(name, fm);
  return { kind: 'map', fields, element: BUILTIN_DEDUCED, openStruct: true };
}

function fieldTypeOf(name: string, fm: FieldMeta): TypeNode {
  if (fm.strategy === 'merge') {
    const item: TypeNode = ATOMIC_ITEMS.has(name) ? ATOMIC_MAP : fm.mergeKey ? structType(fm.sub) : { kind: 'scalar' };
    if (!fm.mergeKey) return { kind: 'list', listType: 'set', item } satisfies ListType;
    const override = LIST_KEYS[name];
    return { kind: 'list', listType: 'map', keys: override?.keys ?? [fm.mergeKey], ...(override?.keyDefaults ? { keyDefaults: override.keyDefaults } : {}), item };
  }
  if (ATOMIC_FIELDS.has(name)) return ATOMIC_MAP;
  return structType(fm.sub);
}

const cache = new Map<string, TypeNode>();

/** The apply type of a built-in kind (`group/Kind`); kinds without patch metadata get a deduced struct. */
export function builtinType(group: string, kind: string): TypeNode {
  const key = `${group}/${kind}`;
  let t = cache.get(key);
  if (!t) {
    t = structType(patchMetaFor({ group, kind }));
    cache.set(key, t);
  }
  return t;
}

const podTemplate = { metadata: {}, spec: { containers: null } };
const workload = (spec: Record<string, unknown> = {}) => ({ metadata: {}, spec: { template: podTemplate, ...spec }, status: {} });

/** Objects present in a built-in kind's empty Go value (non-pointer structs, non-omitempty nil slices). */
const ZERO_OBJECTS: Readonly<Record<string, Record<string, unknown>>> = {
  '/Pod': { metadata: {}, spec: { containers: null }, status: {} },
  '/PodTemplate': { metadata: {}, template: podTemplate },
  '/Node': { metadata: {}, spec: {}, status: { daemonEndpoints: { kubeletEndpoint: {} }, nodeInfo: {} } },
  '/Namespace': { metadata: {}, spec: {}, status: {} },
  '/Service': { metadata: {}, spec: {}, status: { loadBalancer: {} } },
  '/PersistentVolumeClaim': { metadata: {}, spec: { resources: {} }, status: {} },
  '/Event': { metadata: {}, involvedObject: {}, source: {} },
  'apps/Deployment': workload({ selector: null, strategy: {} }),
  'apps/StatefulSet': workload({ selector: null, updateStrategy: {} }),
  'apps/DaemonSet': workload({ selector: null, updateStrategy: {} }),
  'apps/ReplicaSet': workload({ selector: null }),
  'batch/Job': workload(),
  'batch/CronJob': { metadata: {}, spec: { jobTemplate: { metadata: {}, spec: { template: podTemplate } } }, status: {} },
  'coordination.k8s.io/Lease': { metadata: {}, spec: {} },
  'apps/ControllerRevision': { metadata: {}, data: null },
};

/** What a create is compared against: the kind's empty Go value (built-ins) or an empty object. */
export function zeroObject(group: string, kind: string): Record<string, unknown> {
  return ZERO_OBJECTS[`${group}/${kind}`] ?? { metadata: {} };
}

/**
 * Fields an admission plugin sets on create, after kube's field manager ran (the Priority plugin's
 * spec.priority and spec.preemptionPolicy): not the creator's.
 */
const ADMISSION_SET: Readonly<Record<string, FieldSet>> = {
  '/Pod': { 'f:spec': { 'f:preemptionPolicy': {}, 'f:priority': {} } },
};

export function setByAdmissionOnCreate(group: string, kind: string): FieldSet | undefined {
  return ADMISSION_SET[`${group}/${kind}`];
}
