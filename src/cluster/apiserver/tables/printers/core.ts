// Printers for core/v1 kinds besides pods: nodes, namespaces, events, configmaps, secrets, serviceaccounts,
// persistentvolumeclaims — the columns and cells of Kubernetes' own printers.
import type { CoreEvent, KubeObject, Node, ObjectMeta, PersistentVolumeClaim } from '../../../../api/objects.js';
import { age } from '../duration.js';
import { NAME_DESCRIPTION, ageCol, col, nameCol } from '../columns.js';
import type { Printer } from '../types.js';

const name = (o: { metadata?: ObjectMeta }) => o.metadata?.name ?? '';

function nodeRoles(node: Node): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata?.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) { const r = k.slice('node-role.kubernetes.io/'.length); if (r) roles.add(r); }
    else if (k === 'kubernetes.io/role' && v) roles.add(v);
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}

function nodeStatus(node: Node): string {
  const ready = (node.status?.conditions ?? []).find((c) => c.type === 'Ready');
  const parts = ready ? [ready.status === 'True' ? 'Ready' : 'NotReady'] : ['Unknown'];
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

const address = (node: Node, type: string) => (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';

export const nodePrinter: Printer = {
  columns: [
    nameCol(),
    col('Status', 'string', 'The status of the node'),
    col('Roles', 'string', 'The roles of the node'),
    ageCol(),
    col('Version', 'string', 'Kubelet Version reported by the node.'),
    col('Internal-IP', 'string', 'List of addresses reachable to the node. Queried from cloud provider, if available.', 1),
    col('External-IP', 'string', 'List of addresses reachable to the node. Queried from cloud provider, if available.', 1),
    col('OS-Image', 'string', 'OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).', 1),
    col('Kernel-Version', 'string', 'Kernel Version reported by the node from \'uname -r\' (e.g. 3.16.0-0.bpo.4-amd64).', 1),
    col('Container-Runtime', 'string', 'ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).', 1),
  ],
  cells(obj, nowMs) {
    const n = obj as Node;
    const info = n.status?.nodeInfo;
    return [
      name(n), nodeStatus(n), nodeRoles(n), age(n.metadata?.creationTimestamp, nowMs), info?.kubeletVersion ?? '',
      address(n, 'InternalIP'), address(n, 'ExternalIP'), info?.osImage || '<unknown>', info?.kernelVersion || '<unknown>',
      info?.containerRuntimeVersion || '<unknown>',
    ];
  },
};

export const namespacePrinter: Printer = {
  columns: [nameCol(), col('Status', 'string', 'The status of the namespace'), ageCol()],
  cells: (o, nowMs) => [name(o), (o.status as { phase?: string } | undefined)?.phase ?? '', age(o.metadata?.creationTimestamp, nowMs)],
};

/** core/v1 and events.k8s.io/v1 events share one printer; the latter's field names are mapped first. */
function asCoreEvent(o: KubeObject): CoreEvent {
  if (!o.apiVersion?.startsWith('events.k8s.io/')) return o as unknown as CoreEvent;
  const e = o as Record<string, any>;
  return {
    ...e, involvedObject: e.regarding ?? {}, message: e.note, source: e.deprecatedSource ?? {},
    firstTimestamp: e.deprecatedFirstTimestamp, lastTimestamp: e.deprecatedLastTimestamp, count: e.deprecatedCount,
    reportingComponent: e.reportingController,
  } as CoreEvent;
}

export const eventPrinter: Printer = {
  columns: [
    col('Last Seen', 'string', 'The time at which the most recent occurrence of this event was recorded.'),
    col('Type', 'string', 'Type of this event (Normal, Warning), new types could be added in the future'),
    col('Reason', 'string', 'This should be a short, machine understandable string that gives the reason for the transition into the object\'s current status.'),
    col('Object', 'string', 'The object that this event is about.'),
    col('Subobject', 'string', 'The field path of the object this event is about.', 1),
    col('Source', 'string', 'The component reporting this event. Should be a short machine understandable string.', 1),
    col('Message', 'string', 'A human-readable description of the status of this operation.'),
    col('First Seen', 'string', 'The time at which the event was first recorded. (Time of server receipt is in TypeMeta.)', 1),
    col('Count', 'string', 'The number of times this event has occurred.', 1),
    col('Name', 'string', NAME_DESCRIPTION, 1, 'name'),
  ],
  cells(obj, nowMs) {
    const e = asCoreEvent(obj);
    let first = age(e.firstTimestamp, nowMs);
    if (!e.firstTimestamp) first = age(e.eventTime, nowMs);
    let last = e.lastTimestamp ? age(e.lastTimestamp, nowMs) : first;
    let count = e.count ?? 0;
    if (e.series) { last = age(e.series.lastObservedTime, nowMs); count = e.series.count ?? 0; }
    else if (count === 0) count = 1;
    const io = e.involvedObject ?? {};
    const target = io.name ? `${(io.kind ?? '').toLowerCase()}/${io.name}` : (io.kind ?? '').toLowerCase();
    const component = e.source?.component || e.reportingComponent || '';
    const host = e.source?.host || e.reportingInstance || '';
    return [
      last, e.type ?? '', e.reason ?? '', target, io.fieldPath ?? '', host ? `${component}, ${host}` : component,
      (e.message ?? '').trim(), first, count, name(obj),
    ];
  },
};

const countKeys = (...maps: unknown[]) => maps.reduce<number>((n, m) => n + Object.keys((m as object | undefined) ?? {}).length, 0);

export const configMapPrinter: Printer = {
  columns: [nameCol(), col('Data', 'string', 'Data contains the configuration data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. Values with non-UTF-8 byte sequences must use the BinaryData field. The keys stored in Data must not overlap with the keys in the BinaryData field, this is enforced during validation process.'), ageCol()],
  cells: (o, nowMs) => [name(o), countKeys(o.data, o.binaryData), age(o.metadata?.creationTimestamp, nowMs)],
};

export const secretPrinter: Printer = {
  columns: [nameCol(), col('Type', 'string', 'Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types'), col('Data', 'string', 'Data contains the secret data. Each key must consist of alphanumeric characters, \'-\', \'_\' or \'.\'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4'), ageCol()],
  cells: (o, nowMs) => [name(o), (o.type as string | undefined) ?? 'Opaque', countKeys(o.data), age(o.metadata?.creationTimestamp, nowMs)],
};

export const serviceAccountPrinter: Printer = {
  columns: [nameCol(), col('Secrets', 'string', 'Secrets is a list of the secrets in the same namespace that pods running using this ServiceAccount are allowed to use.'), ageCol()],
  cells: (o, nowMs) => [name(o), ((o.secrets as unknown[] | undefined) ?? []).length, age(o.metadata?.creationTimestamp, nowMs)],
};

const ACCESS_MODE: Record<string, string> = { ReadWriteOnce: 'RWO', ReadOnlyMany: 'ROX', ReadWriteMany: 'RWX', ReadWriteOncePod: 'RWOP' };

// Kubernetes 1.26's PVC columns (VolumeAttributesClass came in 1.29).
export const pvcPrinter: Printer = {
  columns: [
    nameCol(), col('Status', 'string', 'Phase represents the current phase of PersistentVolumeClaim.'),
    col('Volume', 'string', 'VolumeName is the binding reference to the PersistentVolume backing this claim.'),
    col('Capacity', 'string', 'Capacity represents the actual resources of the underlying volume.'),
    col('Access Modes', 'string', 'AccessModes contains the desired access modes the volume should have.'),
    col('StorageClass', 'string', 'StorageClassName is the name of the StorageClass required by the claim.'),
    ageCol(),
    col('VolumeMode', 'string', 'VolumeMode defines what type of volume is required by the claim.', 1),
  ],
  cells(obj, nowMs) {
    const p = obj as PersistentVolumeClaim;
    const phase = p.metadata?.deletionTimestamp ? 'Terminating' : (p.status?.phase ?? '');
    const bound = !!p.spec?.volumeName;
    const modes = bound ? [...new Set(p.status?.accessModes ?? [])].map((m) => ACCESS_MODE[m] ?? m).join(',') : '';
    const capacity = bound ? String(p.status?.capacity?.storage ?? '') : '';
    const storageClass = p.spec?.storageClassName ?? p.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? '';
    return [
      name(p), phase, p.spec?.volumeName ?? '', capacity, modes, storageClass,
      age(p.metadata?.creationTimestamp, nowMs), p.spec?.volumeMode || '<unset>',
    ];
  },
};
