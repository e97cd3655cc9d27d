// Pod templates: the pod-spec defaults Kruise's mutating webhooks apply to a workload's template
// (Kruise v1.8.4 SetDefaultPodSpec over Kubernetes 1.30's SetDefaults_*: restartPolicy, dnsPolicy, grace
// period, scheduler, container defaults, probes, ports, volumes …) and a generic builder of a pod from a
// template. Go's zero values count as unset ("" strings, 0 probe thresholds). Pure; imports src/api.
import { cloneJson, type Container, type OwnerReference, type Pod, type PodSpec, type PodTemplateSpec } from '../../api/index.js';
import { isPlainObject } from './shape.js';

/** Non-narrowing form of isPlainObject (the typed fields stay typed). */
const isObj = (v: unknown): boolean => isPlainObject(v);

type Probe = NonNullable<Container['livenessProbe']>;
type Obj = Record<string, unknown>;

/**
 * Upstream defaults for a pod spec. Returns a new spec; fields already set are kept. Wrong-typed input
 * (a spec or list that is not one, an item that is not an object) is left as it is for validation to report.
 */
export function defaultPodSpec(spec: PodSpec | undefined): PodSpec {
  if (spec !== undefined && spec !== null && !isObj(spec)) return spec;
  const s: PodSpec = { ...(spec ?? ({} as PodSpec)) };
  s.dnsPolicy ||= 'ClusterFirst';
  s.restartPolicy ||= 'Always';
  s.securityContext ??= {};
  s.terminationGracePeriodSeconds ??= 30;
  s.schedulerName ||= 'default-scheduler';
  if (s.volumes) s.volumes = mapObjects(s.volumes, defaultVolume);
  if (s.initContainers) s.initContainers = mapObjects(s.initContainers, (c) => defaultContainerParts(defaultContainer(c)));
  // Kruise sets imagePullPolicy Always on containers (not init containers) "for in-place update".
  s.containers = s.containers == null ? [] : mapObjects(s.containers, (c) => defaultContainerParts(defaultContainer({ ...c, imagePullPolicy: c.imagePullPolicy || 'Always' })));
  const loose = s as unknown as Obj;
  if (Array.isArray(loose.ephemeralContainers)) loose.ephemeralContainers = mapObjects(loose.ephemeralContainers as Container[], defaultContainerParts);
  return s;
}

/** Upstream defaults for a pod template (metadata untouched; a template that is not an object is kept). */
export function defaultPodTemplate(template: PodTemplateSpec | undefined): PodTemplateSpec {
  if (template !== undefined && template !== null && !isObj(template)) return template;
  return { ...(template ?? {}), spec: defaultPodSpec(template?.spec) };
}

/** `list.map(fn)` over the object items of a real array; anything else is returned untouched. */
function mapObjects<T>(list: T[], fn: (item: T) => T): T[] {
  return Array.isArray(list) ? list.map((item) => (isObj(item) ? fn(item) : item)) : list;
}

/** `Always` for `:latest` or untagged images, else `IfNotPresent` (SetDefaults_Container; Kruise's init containers). */
export function defaultImagePullPolicy(image: string | undefined): 'Always' | 'IfNotPresent' {
  if (!image) return 'IfNotPresent';
  const at = image.indexOf('@');
  if (at >= 0) return 'IfNotPresent';
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  const tag = colon < 0 ? 'latest' : last.slice(colon + 1);
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** SetDefaults_Container: pull policy and termination message (not applied to ephemeral containers). */
function defaultContainer(c: Container): Container {
  const out: Container = { ...c };
  out.imagePullPolicy ||= defaultImagePullPolicy(typeof c.image === 'string' ? c.image : undefined);
  out.terminationMessagePath ||= '/dev/termination-log';
  out.terminationMessagePolicy ||= 'File';
  return out;
}

/** Ports, env field refs, probes and lifecycle handlers: every kind of container. */
function defaultContainerParts(c: Container): Container {
  const out: Container = { ...c };
  if (out.ports) out.ports = mapObjects(out.ports, (p) => ({ ...p, protocol: p.protocol || 'TCP' }));
  if (out.env) {
    out.env = mapObjects(out.env, (e) =>
      e.valueFrom?.fieldRef && isObj(e.valueFrom) && isObj(e.valueFrom.fieldRef) && !e.valueFrom.fieldRef.apiVersion ? { ...e, valueFrom: { ...e.valueFrom, fieldRef: { ...e.valueFrom.fieldRef, apiVersion: 'v1' } } } : e,
    );
  }
  if (out.livenessProbe && isObj(out.livenessProbe)) out.livenessProbe = defaultProbe(out.livenessProbe);
  if (out.readinessProbe && isObj(out.readinessProbe)) out.readinessProbe = defaultProbe(out.readinessProbe);
  if (out.startupProbe && isObj(out.startupProbe)) out.startupProbe = defaultProbe(out.startupProbe);
  if (out.lifecycle && isObj(out.lifecycle)) out.lifecycle = defaultLifecycle(out.lifecycle);
  return out;
}

function defaultProbe(p: Probe): Probe {
  const out: Probe = { ...p };
  out.timeoutSeconds ||= 1;
  out.periodSeconds ||= 10;
  out.successThreshold ||= 1;
  out.failureThreshold ||= 3;
  if (out.httpGet && isObj(out.httpGet)) out.httpGet = defaultHttpGet(out.httpGet);
  return out;
}

/** SetDefaults_HTTPGetAction: path `/`, scheme HTTP. */
function defaultHttpGet<T extends { path?: string; scheme?: string }>(h: T): T {
  return { ...h, path: h.path || '/', scheme: h.scheme || 'HTTP' };
}

type Lifecycle = NonNullable<Container['lifecycle']>;

/** postStart / preStop HTTP handlers get the HTTPGetAction defaults. */
function defaultLifecycle(l: Lifecycle): Lifecycle {
  const out = { ...l } as Obj;
  for (const key of ['postStart', 'preStop']) {
    const handler = out[key] as Obj | undefined;
    if (handler && isObj(handler) && handler.httpGet && isObj(handler.httpGet)) out[key] = { ...handler, httpGet: defaultHttpGet(handler.httpGet as Obj) };
  }
  return out as Lifecycle;
}

type Volume = NonNullable<PodSpec['volumes']>[number];

/** The VolumeSource fields of Kubernetes 1.30: a volume naming none of them is an emptyDir (SetDefaults_Volume). */
const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap',
  'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral',
];

/** Per-source defaults (only what is unset): SetDefaultPodVolumes. */
const SOURCE_DEFAULTS: Record<string, (src: Obj) => Obj> = {
  hostPath: (src) => ({ ...src, type: src.type ?? '' }),
  secret: (src) => ({ ...src, defaultMode: src.defaultMode ?? 420 }),
  configMap: (src) => ({ ...src, defaultMode: src.defaultMode ?? 420 }),
  downwardAPI: (src) => ({ ...src, defaultMode: src.defaultMode ?? 420, ...withFieldRefItems(src) }),
  projected: (src) => ({ ...src, defaultMode: src.defaultMode ?? 420, ...(Array.isArray(src.sources) ? { sources: mapObjects(src.sources as Obj[], defaultProjection) } : {}) }),
  iscsi: (src) => ({ ...src, iscsiInterface: src.iscsiInterface || 'default' }),
  rbd: (src) => ({ ...src, pool: src.pool || 'rbd', user: src.user || 'admin', keyring: src.keyring || '/etc/ceph/keyring' }),
  azureDisk: (src) => ({ ...src, cachingMode: src.cachingMode ?? 'ReadWrite', kind: src.kind ?? 'Shared', fsType: src.fsType ?? 'ext4', readOnly: src.readOnly ?? false }),
  scaleIO: (src) => ({ ...src, storageMode: src.storageMode || 'ThinProvisioned', fsType: src.fsType || 'xfs' }),
};

function defaultVolume(v: Volume): Volume {
  const out = { ...v } as Obj;
  if (!VOLUME_SOURCES.some((k) => out[k] !== undefined && out[k] !== null)) out.emptyDir = {};
  for (const [key, fill] of Object.entries(SOURCE_DEFAULTS)) {
    if (out[key] && isObj(out[key])) out[key] = fill(out[key] as Obj);
  }
  return out as unknown as Volume;
}

/** `items[].fieldRef.apiVersion` v1 when unset (downwardAPI volumes and projections). */
function withFieldRefItems(src: Obj): Obj {
  if (!Array.isArray(src.items)) return {};
  return {
    items: mapObjects(src.items as Obj[], (item) => {
      const ref = item.fieldRef as Obj | undefined;
      return ref && isObj(ref) && !ref.apiVersion ? { ...item, fieldRef: { ...ref, apiVersion: 'v1' } } : item;
    }),
  };
}

function defaultProjection(p: Obj): Obj {
  const out = { ...p };
  if (out.downwardAPI && isObj(out.downwardAPI)) out.downwardAPI = { ...(out.downwardAPI as Obj), ...withFieldRefItems(out.downwardAPI as Obj) };
  if (out.serviceAccountToken && isObj(out.serviceAccountToken)) {
    const token = out.serviceAccountToken as Obj;
    out.serviceAccountToken = { ...token, expirationSeconds: token.expirationSeconds ?? 3600 };
  }
  return out;
}

export interface PodFromTemplateOptions {
  name: string;
  namespace?: string;
  ownerRef: OwnerReference;
  /** Labels added over the template's. */
  labels?: Record<string, string>;
  /** Annotations added over the template's. */
  annotations?: Record<string, string>;
}

/** A pod built from a template: template metadata (labels, annotations, finalizers) and spec copied. */
export function podFromTemplate(template: PodTemplateSpec | undefined, o: PodFromTemplateOptions): Pod {
  const meta = template?.metadata ?? {};
  const pod: Pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: o.name,
      namespace: o.namespace,
      labels: { ...(meta.labels ?? {}), ...(o.labels ?? {}) },
      ownerReferences: [o.ownerRef],
    },
    spec: cloneJson(template?.spec ?? ({ containers: [] } as PodSpec)),
  };
  const annotations = { ...(meta.annotations ?? {}), ...(o.annotations ?? {}) };
  if (Object.keys(annotations).length > 0) pod.metadata!.annotations = annotations;
  if (meta.finalizers?.length) pod.metadata!.finalizers = [...meta.finalizers];
  return pod;
}
