// Pure helpers the object service uses to shape writes: server-set metadata on create, generateName,
// pod defaults, the "spec changed" test behind metadata.generation, deep equality and copying.
import { randomBytes, randomUUID } from 'node:crypto';
import type { KubeObject } from '../../api/objects.js';
import { formatTime } from '../../api/meta.js';

const ALNUM = 'bcdfghjklmnpqrstvwxz2456789';

/** Five random lowercase alphanumerics, as generateName appends (Kubernetes avoids vowels and 0/1/3). */
export function randomSuffix(n = 5): string {
  const bytes = randomBytes(n);
  let out = '';
  for (let i = 0; i < n; i++) out += ALNUM[bytes[i]! % ALNUM.length];
  return out;
}

export function newUid(): string {
  return randomUUID();
}

let lastStamp = { second: -1, text: '' };

/** RFC 3339 at seconds precision; memoized per second (it is on every write's path). */
export function nowTimestamp(nowMs: number): string {
  const second = Math.floor(nowMs / 1000);
  if (second !== lastStamp.second) lastStamp = { second, text: formatTime(nowMs) };
  return lastStamp.text;
}

/** A mutable deep copy of a stored object (parsing its bytes is cheaper than cloning the frozen graph). */
export function mutableCopy<T = KubeObject>(json: string): T {
  return JSON.parse(json) as T;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEqual(a[i], bb[i])) return false;
    return true;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  let na = 0;
  for (const k in ra) {
    if (ra[k] === undefined) continue;
    na++;
    if (!deepEqual(ra[k], rb[k])) return false;
  }
  let nb = 0;
  for (const k in rb) if (rb[k] !== undefined) nb++;
  return na === nb;
}

const NON_SPEC = new Set(['apiVersion', 'kind', 'metadata', 'status']);

/** Whether anything outside metadata and status differs (what bumps metadata.generation). */
export function specChanged(oldObj: Readonly<KubeObject>, newObj: Readonly<KubeObject>): boolean {
  const keys = new Set([...Object.keys(oldObj), ...Object.keys(newObj)]);
  for (const k of keys) {
    if (NON_SPEC.has(k)) continue;
    if (!deepEqual(oldObj[k], newObj[k])) return true;
  }
  return false;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The message Kubernetes gives for a bad object name, or undefined when the name is valid. */
export function nameProblem(name: string): string | undefined {
  if (name.length > 253) return 'must be no more than 253 characters';
  if (!DNS1123_SUBDOMAIN.test(name)) {
    return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  }
  return undefined;
}

/** What the API server's pod strategy fills in on create (the fields kubectl and kubelets expect). */
export function applyPodDefaults(pod: KubeObject): void {
  const spec = applyPodSpecDefaults(pod);
  pod.status = { phase: 'Pending', qosClass: qosClass(spec) };
}

/** Spec defaults (applied on every write, as Kubernetes defaults every decoded object). */
export function applyPodSpecDefaults(pod: KubeObject): Record<string, unknown> {
  const spec = (pod.spec ??= {}) as Record<string, unknown>;
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.securityContext ??= {};
  spec.enableServiceLinks ??= true;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  spec.priority ??= 0;
  for (const list of ['initContainers', 'containers'] as const) {
    const containers = spec[list] as Record<string, unknown>[] | undefined;
    for (const c of containers ?? []) {
      c.terminationMessagePath ??= '/dev/termination-log';
      c.terminationMessagePolicy ??= 'File';
      c.imagePullPolicy ??= defaultPullPolicy(String(c.image ?? ''));
      c.resources ??= {};
      for (const port of (c.ports as Record<string, unknown>[] | undefined) ?? []) port.protocol ??= 'TCP';
    }
  }
  return spec;
}

function defaultPullPolicy(image: string): string {
  const lastSlash = image.lastIndexOf('/');
  const tagPart = image.slice(lastSlash + 1);
  if (image.includes('@')) return 'IfNotPresent';
  const colon = tagPart.indexOf(':');
  return colon < 0 || tagPart.slice(colon + 1) === 'latest' ? 'Always' : 'IfNotPresent';
}

function qosClass(spec: Record<string, unknown>): string {
  const containers = (spec.containers as { resources?: { requests?: object; limits?: object } }[] | undefined) ?? [];
  const any = containers.some((c) => Object.keys(c.resources?.requests ?? {}).length > 0 || Object.keys(c.resources?.limits ?? {}).length > 0);
  return any ? 'Burstable' : 'BestEffort';
}

/**
 * Empty labels, annotations, finalizers and owner references left out, as Go's encoding of ObjectMeta
 * (omitempty) does on every write: `{"metadata":{"labels":{"a":null}}}` removing the last label leaves none.
 */
export function dropEmptyMetadata(obj: KubeObject): void {
  const meta = obj.metadata as Record<string, unknown> | undefined;
  if (!meta) return;
  for (const key of ['labels', 'annotations'] as const) {
    const v = meta[key];
    if (v !== null && typeof v === 'object' && Object.keys(v).length === 0) delete meta[key];
  }
  for (const key of ['finalizers', 'ownerReferences'] as const) {
    const v = meta[key];
    if (Array.isArray(v) && v.length === 0) delete meta[key];
  }
}

/** String maps of built-in kinds where Go decodes a JSON null as "" (map[string]string). */
const STRING_MAPS: Record<string, readonly string[]> = { ConfigMap: ['data', 'binaryData'], Secret: ['data', 'stringData'] };

/** Nulls left in string maps (by a JSON patch) stored as "", as Go's decoding of the typed object does. */
export function nullsToEmptyStrings(kind: string, obj: KubeObject): void {
  const maps: Record<string, unknown>[] = [];
  const meta = obj.metadata as Record<string, unknown> | undefined;
  for (const k of ['labels', 'annotations']) if (meta?.[k] && typeof meta[k] === 'object') maps.push(meta[k] as Record<string, unknown>);
  for (const k of STRING_MAPS[kind] ?? []) {
    const v = (obj as Record<string, unknown>)[k];
    if (v && typeof v === 'object' && !Array.isArray(v)) maps.push(v as Record<string, unknown>);
  }
  for (const m of maps) for (const [k, v] of Object.entries(m)) if (v === null) m[k] = '';
}

/** Status fields of built-in workload kinds that Go encodes even at zero (no omitempty in their 1.26 types). */
const GO_ZERO_STATUS: Record<string, readonly string[]> = {
  'apps/StatefulSet': ['replicas', 'availableReplicas'],
  'apps/DaemonSet': ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady'],
  'apps/ReplicaSet': ['replicas'],
};

/** A built-in object's status as kube-apiserver answers it: the non-omitempty counters present, 0 when unset. */
export function fillGoZeroStatus(group: string, kind: string, obj: KubeObject): void {
  const fields = GO_ZERO_STATUS[`${group}/${kind}`];
  if (!fields) return;
  const status = ((obj as { status?: Record<string, unknown> }).status ??= {});
  for (const f of fields) status[f] ??= 0;
}

export type MutableMeta = { -readonly [K in keyof NonNullable<KubeObject['metadata']>]: NonNullable<KubeObject['metadata']>[K] };

/** The object's metadata as a writable record (kubernetes-types marks server-set fields readonly). */
export function metaOf(obj: KubeObject): MutableMeta {
  return (obj.metadata ??= {}) as MutableMeta;
}

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE_MESSAGE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const LABEL_NAME_MESSAGE =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

/** Label problems as Kubernetes reports them (field `metadata.labels`), as [message] pairs. */
export function labelProblems(labels: Record<string, unknown> | undefined): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(labels ?? {})) {
    const slash = key.lastIndexOf('/');
    const name = slash < 0 ? key : key.slice(slash + 1);
    const prefix = slash < 0 ? undefined : key.slice(0, slash);
    if (name.length > 63) out.push(`Invalid value: ${JSON.stringify(key)}: name part must be no more than 63 characters`);
    else if (!LABEL_NAME.test(name)) out.push(`Invalid value: ${JSON.stringify(key)}: ${LABEL_NAME_MESSAGE}`);
    if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
      out.push(`Invalid value: ${JSON.stringify(key)}: prefix part ${nameProblem(prefix) ?? 'must be no more than 253 characters'}`);
    }
    if (typeof value !== 'string') out.push(`Invalid value: ${JSON.stringify(value)}: label values must be strings`);
    else if (value.length > 63) out.push(`Invalid value: ${JSON.stringify(value)}: must be no more than 63 characters`);
    else if (!LABEL_VALUE.test(value)) out.push(`Invalid value: ${JSON.stringify(value)}: ${LABEL_VALUE_MESSAGE}`);
  }
  return out;
}

export const MAX_ANNOTATIONS_BYTES = 256 * 1024;

/** Kubernetes' total-size limit on annotations (keys plus values), as a field error body. */
export function annotationsProblem(annotations: Record<string, unknown> | undefined): string | undefined {
  let total = 0;
  for (const [k, v] of Object.entries(annotations ?? {})) total += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  return total > MAX_ANNOTATIONS_BYTES ? `Too long: must have at most ${MAX_ANNOTATIONS_BYTES} bytes` : undefined;
}

/** The decode error for a metadata map that is not a map of strings (labels, annotations). */
export function stringMapProblem(field: 'labels' | 'annotations', value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const typeName = Array.isArray(value) ? 'array' : typeof value === 'object' ? undefined : typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : 'bool';
  if (typeName) return `json: cannot unmarshal ${typeName} into Go struct field ObjectMeta.metadata.${field} of type map[string]string`;
  for (const v of Object.values(value as Record<string, unknown>)) {
    if (typeof v !== 'string') {
      const t = Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v === 'object' ? 'object' : typeof v === 'number' ? 'number' : 'bool';
      if (t !== 'null') return `json: cannot unmarshal ${t} into Go struct field ObjectMeta.metadata.${field} of type string`;
    }
  }
  return undefined;
}
