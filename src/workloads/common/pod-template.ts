// Pod templates: the upstream pod-spec defaults the Kruise mutating webhook applies to a workload's
// template (restartPolicy, dnsPolicy, grace period, scheduler, container defaults, probes, ports,
// volume modes …) and a generic builder of a pod from a template. Pure; imports src/api.
import { cloneJson, type Container, type OwnerReference, type Pod, type PodSpec, type PodTemplateSpec } from '../../api/index.js';
import { isPlainObject } from './shape.js';

/** Non-narrowing form of isPlainObject (the typed fields stay typed). */
const isObj = (v: unknown): boolean => isPlainObject(v);

type Probe = NonNullable<Container['livenessProbe']>;

/**
 * Upstream defaults for a pod spec. Returns a new spec; fields already set are kept. Wrong-typed input
 * (a spec or list that is not one, an item that is not an object) is left as it is for validation to report.
 */
export function defaultPodSpec(spec: PodSpec | undefined): PodSpec {
  if (spec !== undefined && spec !== null && !isObj(spec)) return spec;
  const s: PodSpec = { ...(spec ?? ({} as PodSpec)) };
  s.restartPolicy ??= 'Always';
  s.dnsPolicy ??= 'ClusterFirst';
  s.terminationGracePeriodSeconds ??= 30;
  s.schedulerName ??= 'default-scheduler';
  s.securityContext ??= {};
  s.containers = s.containers == null ? [] : mapObjects(s.containers, defaultContainer);
  if (s.initContainers) s.initContainers = mapObjects(s.initContainers, defaultContainer);
  if (s.volumes) s.volumes = mapObjects(s.volumes, defaultVolume);
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

/** `Always` for `:latest` or untagged images, else `IfNotPresent`. */
export function defaultImagePullPolicy(image: string | undefined): 'Always' | 'IfNotPresent' {
  if (!image) return 'IfNotPresent';
  const at = image.indexOf('@');
  if (at >= 0) return 'IfNotPresent';
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.lastIndexOf(':');
  const tag = colon < 0 ? 'latest' : last.slice(colon + 1);
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultContainer(c: Container): Container {
  const out: Container = { ...c };
  out.terminationMessagePath ??= '/dev/termination-log';
  out.terminationMessagePolicy ??= 'File';
  out.imagePullPolicy ??= defaultImagePullPolicy(typeof c.image === 'string' ? c.image : undefined);
  if (out.ports) out.ports = mapObjects(out.ports, (p) => ({ ...p, protocol: p.protocol ?? 'TCP' }));
  if (out.env) {
    out.env = mapObjects(out.env, (e) =>
      e.valueFrom?.fieldRef && isObj(e.valueFrom) && isObj(e.valueFrom.fieldRef) && !e.valueFrom.fieldRef.apiVersion ? { ...e, valueFrom: { ...e.valueFrom, fieldRef: { ...e.valueFrom.fieldRef, apiVersion: 'v1' } } } : e,
    );
  }
  if (out.livenessProbe && isObj(out.livenessProbe)) out.livenessProbe = defaultProbe(out.livenessProbe);
  if (out.readinessProbe && isObj(out.readinessProbe)) out.readinessProbe = defaultProbe(out.readinessProbe);
  if (out.startupProbe && isObj(out.startupProbe)) out.startupProbe = defaultProbe(out.startupProbe);
  return out;
}

function defaultProbe(p: Probe): Probe {
  const out: Probe = { ...p };
  out.timeoutSeconds ??= 1;
  out.periodSeconds ??= 10;
  out.successThreshold ??= 1;
  out.failureThreshold ??= 3;
  if (out.httpGet && isObj(out.httpGet)) out.httpGet = { ...out.httpGet, scheme: out.httpGet.scheme ?? 'HTTP', path: out.httpGet.path ?? '/' };
  return out;
}

type Volume = NonNullable<PodSpec['volumes']>[number];

function defaultVolume(v: Volume): Volume {
  const out: Volume = { ...v };
  if (out.configMap && isObj(out.configMap)) out.configMap = { ...out.configMap, defaultMode: out.configMap.defaultMode ?? 420 };
  if (out.secret && isObj(out.secret)) out.secret = { ...out.secret, defaultMode: out.secret.defaultMode ?? 420 };
  if (out.downwardAPI && isObj(out.downwardAPI)) out.downwardAPI = { ...out.downwardAPI, defaultMode: out.downwardAPI.defaultMode ?? 420 };
  if (out.projected && isObj(out.projected)) out.projected = { ...out.projected, defaultMode: out.projected.defaultMode ?? 420 };
  if (out.hostPath && isObj(out.hostPath)) out.hostPath = { ...out.hostPath, type: out.hostPath.type ?? '' };
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
