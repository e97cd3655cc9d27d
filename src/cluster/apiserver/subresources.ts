// The `/scale` (autoscaling/v1 Scale, from a resource's scale paths) and pods `/binding` subresources.
import type { KubeObject } from '../../api/objects.js';
import { formatLabelSelector } from '../../api/selectors.js';
import { ApiError, badRequest, conflict, notFound } from './errors.js';
import { metaOf, nowTimestamp } from './prepare.js';
import type { ResourceDef, ScaleSubresource } from './resources.js';
import type { ObjectService } from './service.js';
import type { StoredObject } from './storage/types.js';

function pathOf(jsonPath: string): string[] {
  return jsonPath.replace(/^\./, '').split('.').filter(Boolean);
}

export function getPath(obj: unknown, jsonPath: string): unknown {
  let cur = obj;
  for (const key of pathOf(jsonPath)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function setPath(obj: Record<string, unknown>, jsonPath: string, value: unknown): void {
  const keys = pathOf(jsonPath);
  let cur = obj;
  for (const key of keys.slice(0, -1)) {
    const next = cur[key];
    if (next === null || typeof next !== 'object') cur[key] = {};
    cur = cur[key] as Record<string, unknown>;
  }
  cur[keys[keys.length - 1]!] = value;
}

export function scaleSpecOf(def: ResourceDef): ScaleSubresource {
  if (!def.scale) throw notFound(def.group, `${def.plural}/scale`, '');
  return def.scale;
}

/** GET …/scale of a missing built-in object names the subresource (`deployments/scale.apps "x" not found`). */
export function getForScale(service: ObjectService, def: ResourceDef, ns: string, name: string): StoredObject {
  try {
    return service.get(def, ns, name);
  } catch (err) {
    if (def.crd || !(err instanceof ApiError) || err.httpStatus !== 404) throw err;
    throw notFound(def.group, `${def.plural}/scale`, name);
  }
}

/** The autoscaling/v1 Scale view of an object. */
export function scaleOf(def: ResourceDef, rec: StoredObject): KubeObject {
  const scale = scaleSpecOf(def);
  const obj = rec.obj;
  let selector: unknown = scale.labelSelectorPath ? getPath(obj, scale.labelSelectorPath) : undefined;
  if (selector === undefined && !def.crd) {
    const specSelector = (obj.spec as { selector?: object } | undefined)?.selector;
    if (specSelector) selector = formatLabelSelector(specSelector);
  }
  const m = obj.metadata!;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: Number(getPath(obj, scale.specReplicasPath) ?? 0) },
    status: { replicas: Number(getPath(obj, scale.statusReplicasPath) ?? 0), ...(typeof selector === 'string' ? { selector } : {}) },
  };
}

/** Writes a Scale's spec.replicas back into the object (optimistic concurrency on the Scale's rv). */
export function writeScale(service: ObjectService, def: ResourceDef, ns: string, name: string, scaleBody: KubeObject, dryRun: boolean): StoredObject {
  const scale = scaleSpecOf(def);
  // A custom resource's scale writes the count into the resource, which its schema and the scale
  // subresource's own check then validate (kube-apiserver names the resource's kind, not Scale).
  const asked = (scaleBody?.spec as { replicas?: unknown } | undefined)?.replicas;
  const replicas = def.crd && Number.isInteger(asked) ? (asked as number) : checkScale(name, scaleBody);
  const rv = scaleBody.metadata?.resourceVersion;
  return service.modify(def, ns, name, { version: def.versions[0]!, dryRun }, (obj, current) => {
    if (rv && rv !== current.obj.metadata?.resourceVersion) throw conflict(def.group, def.plural, name);
    if (replicas !== undefined) setPath(obj as Record<string, unknown>, scale.specReplicasPath, replicas);
    return obj;
  });
}

/** The checks the scale endpoint makes of a Scale (400 when not an object, 422 for a bad count); returns spec.replicas. */
export function checkScale(name: string, scaleBody: KubeObject): number | undefined {
  if (scaleBody === null || typeof scaleBody !== 'object') throw badRequest('the body of the request must be a Scale object');
  const replicas = (scaleBody.spec as { replicas?: unknown } | undefined)?.replicas;
  if (replicas !== undefined && (!Number.isInteger(replicas) || (replicas as number) < 0)) {
    throw new ApiError(422, 'Invalid', `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, {
      name, group: 'autoscaling', kind: 'Scale', causes: [{ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`, field: 'spec.replicas' }],
    });
  }
  return replicas as number | undefined;
}

/** POST pods/<name>/binding: sets spec.nodeName once and marks the pod scheduled. */
export function bindPod(service: ObjectService, def: ResourceDef, ns: string, name: string, binding: KubeObject, nowMs: number): StoredObject {
  const target = (binding?.target ?? {}) as { name?: string; kind?: string };
  if (!target.name) throw badRequest('binding target name is required');
  return service.modify(def, ns, name, { version: 'v1', subresource: 'binding' }, (pod, current) => {
    const spec = (pod.spec ??= {}) as { nodeName?: string };
    if (spec.nodeName) throw conflict('', 'pods/binding', name, `pod ${name} is already assigned to node "${spec.nodeName}"`);
    const uid = binding.metadata?.uid;
    if (uid && uid !== current.obj.metadata?.uid) throw conflict('', 'pods/binding', name, `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${current.obj.metadata?.uid}`);
    spec.nodeName = target.name;
    metaOf(pod).resourceVersion = undefined;
    return pod;
  }, (pod) => {
    const status = (pod.status ??= {}) as { conditions?: Record<string, unknown>[] };
    const conditions = (status.conditions ??= []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: nowTimestamp(nowMs) });
    status.conditions = conditions;
  });
}
