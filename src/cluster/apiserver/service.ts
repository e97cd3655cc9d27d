// The object service: Kubernetes write semantics on top of Storage — create (generateName, uid,
// generation), update with optimistic concurrency, status subresource rules, graceful deletion,
// finalizers and propagation policies, namespace and CRD side effects, schema validation and admission.
import type { KubeObject } from '../../api/objects.js';
import type { Clock } from '../../api/clock.js';
import { hooksFor, runMutatingHooks, runValidatingHooks, type AdmissionHook, type AdmissionOperation } from './admission.js';
import { crdStatus, defaultCrd, resourceDefFromCrd, validateCrd } from './crds.js';
import { alreadyExists, ApiError, badRequest, conflict, forbidden, invalid, notFound } from './errors.js';
import { toCause } from './field-errors.js';
import { annotationsProblem, applyPodDefaults, applyPodSpecDefaults, deepEqual, labelProblems, stringMapProblem, podSpecUpdateProblem, metaOf, mutableCopy, nameProblem, newUid, nowTimestamp, randomSuffix, specChanged } from './prepare.js';
import type { ValidateFn } from './pure.js';
import { strictDecodingMessage, unknownFieldMessages } from './schema/field-errors.js';
import type { ResourceRegistry } from './resource-registry.js';
import { apiVersionOf, resourceKey, storageVersion, type ResourceDef } from './resources.js';
import type { Storage, StoredObject } from './storage/types.js';

export interface WriteOptions {
  /** The version the client wrote (CRDs validate against that version's schema). */
  version: string;
  dryRun?: boolean;
  /** `status` writes only status; `binding` is the scheduler's write of spec.nodeName (skips pod immutability). */
  subresource?: 'status' | 'binding';
  /** `Strict` rejects unknown (pruned) fields of custom resources with 400; others drop them silently. */
  fieldValidation?: string;
  /** Filled with Warning texts for the client (unknown fields dropped under fieldValidation Warn, the default). */
  warnings?: string[];
}

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: string;
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface DeleteResult {
  rec: StoredObject;
  /** False when the object stays (graceful deletion or finalizers pending). */
  removed: boolean;
}

export interface ObjectServiceOptions {
  clock: Clock;
  admission: readonly AdmissionHook[];
  validateObject?: ValidateFn;
}

const UNDELETABLE_NAMESPACES = new Set(['default', 'kube-system', 'kube-public']);
const CRD_KEY = resourceKey('apiextensions.k8s.io', 'customresourcedefinitions');
const NS_KEY = resourceKey('', 'namespaces');
/** Kinds whose status a create keeps (everything else with a status subresource starts from an empty status). */
const KEEP_STATUS_ON_CREATE = new Set(['/nodes']);

export class ObjectService {
  constructor(readonly storage: Storage, readonly registry: ResourceRegistry, private readonly options: ObjectServiceOptions) {}

  get(def: ResourceDef, ns: string, name: string): StoredObject {
    const rec = this.storage.get(keyOf(def), ns, name);
    if (!rec) throw notFound(def.group, def.plural, name);
    return rec;
  }

  create(def: ResourceDef, ns: string, body: KubeObject, opts: WriteOptions): StoredObject {
    const key = keyOf(def);
    const obj = this.#checkBody(def, body);
    const meta = metaOf(obj);
    if (def.namespaced) {
      if (meta.namespace && meta.namespace !== ns) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      meta.namespace = ns;
      if (!this.storage.get(NS_KEY, '', ns)) throw notFound('', 'namespaces', ns);
    } else delete meta.namespace;
    if (meta.resourceVersion) throw badRequest('resourceVersion should not be set on objects to be created');
    if (!meta.name) {
      if (!meta.generateName) throw invalid(def.kind, def.group, '', [{ reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' }]);
      meta.name = meta.generateName + randomSuffix();
    }
    const problem = nameProblem(meta.name);
    if (problem) throw invalid(def.kind, def.group, meta.name, [{ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: ${JSON.stringify(meta.name)}: ${problem}` }]);
    if (this.storage.get(key, ns, meta.name)) throw alreadyExists(def.group, def.plural, meta.name);
    const now = this.options.clock.now();
    meta.uid = newUid();
    meta.creationTimestamp = nowTimestamp(now);
    meta.generation = 1;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.managedFields;
    if (def.status && !KEEP_STATUS_ON_CREATE.has(key)) delete obj.status;
    if (key === '/pods') applyPodDefaults(obj);
    if (key === NS_KEY) obj.status = { phase: 'Active' };
    if (key === CRD_KEY) this.#prepareCrd(obj, undefined, now);
    const admitted = this.#admit(def, obj, undefined, 'CREATE', opts);
    if (opts.dryRun) return dryRecord(admitted);
    const rec = this.storage.create(key, admitted);
    if (key === CRD_KEY) this.registry.add(resourceDefFromCrd(rec.obj));
    return rec;
  }

  update(def: ResourceDef, ns: string, name: string, body: KubeObject, opts: WriteOptions): StoredObject {
    const current = this.get(def, ns, name);
    const obj = this.#checkBody(def, body);
    const meta = metaOf(obj);
    if (meta.name !== undefined && meta.name !== name) throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
    if (def.namespaced && meta.namespace && meta.namespace !== ns) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    if (meta.resourceVersion && meta.resourceVersion !== current.obj.metadata?.resourceVersion) throw conflict(def.group, def.plural, name);
    if (meta.uid && meta.uid !== current.obj.metadata?.uid) {
      throw conflict(def.group, def.plural, name, `Precondition failed: UID in precondition: ${meta.uid}, UID in object meta: ${current.obj.metadata?.uid}`);
    }
    return this.#replace(def, current, obj, opts);
  }

  /** Writes `next` (a mutable object derived from `current`) with update semantics. */
  #replace(def: ResourceDef, current: StoredObject, next: KubeObject, opts: WriteOptions, afterStatus?: (obj: KubeObject) => void): StoredObject {
    const key = keyOf(def);
    const old = current.obj;
    let obj: KubeObject;
    if (opts.subresource === 'status') {
      obj = mutableCopy(current.json);
      if (next.status === undefined) delete obj.status;
      else obj.status = next.status;
    } else {
      obj = next;
      if (def.status) {
        if (old.status === undefined) delete obj.status;
        else obj.status = mutableCopy(JSON.stringify(old.status));
      }
    }
    afterStatus?.(obj);
    const meta = metaOf(obj);
    const oldMeta = old.metadata!;
    meta.name = oldMeta.name;
    if (def.namespaced) meta.namespace = oldMeta.namespace;
    else delete meta.namespace;
    meta.uid = oldMeta.uid;
    meta.creationTimestamp = oldMeta.creationTimestamp;
    meta.generation = oldMeta.generation ?? 1;
    if (oldMeta.deletionTimestamp) meta.deletionTimestamp = oldMeta.deletionTimestamp;
    else delete meta.deletionTimestamp;
    if (oldMeta.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = oldMeta.deletionGracePeriodSeconds;
    else delete meta.deletionGracePeriodSeconds;
    delete meta.managedFields;
    meta.resourceVersion = oldMeta.resourceVersion;
    if (key === CRD_KEY) this.#prepareCrd(obj, old, this.options.clock.now());
    if (key === '/pods' && opts.subresource === undefined) {
      applyPodSpecDefaults(obj);
      const problem = podSpecUpdateProblem(old.spec, obj.spec);
      if (problem) {
        const colon = problem.indexOf(': Forbidden: ');
        const field = colon > 0 ? `spec.${problem.slice(0, colon)}` : 'spec';
        throw invalid('Pod', '', oldMeta.name!, [{ reason: 'FieldValueForbidden', field, message: problem.slice(colon + 2) }]);
      }
    }
    const admitted = this.#admit(def, obj, old, 'UPDATE', opts);
    if (specChanged(old, admitted)) metaOf(admitted).generation = (oldMeta.generation ?? 1) + 1;
    if (admitted.metadata!.deletionTimestamp && !(admitted.metadata!.finalizers?.length) && !admitted.metadata!.deletionGracePeriodSeconds) {
      if (opts.dryRun) return current;
      return this.#remove(def, current);
    }
    if (JSON.stringify(admitted) === current.json) return current;
    if (opts.dryRun) return dryRecord(admitted);
    const rec = this.storage.update(key, admitted);
    if (key === CRD_KEY) this.registry.add(resourceDefFromCrd(rec.obj));
    return rec;
  }

  /** Applies a mutation to a mutable copy of the current object and writes it with update semantics. */
  modify(
    def: ResourceDef, ns: string, name: string, opts: WriteOptions,
    mutate: (obj: KubeObject, current: StoredObject) => KubeObject, afterStatus?: (obj: KubeObject) => void,
  ): StoredObject {
    const current = this.get(def, ns, name);
    const next = mutate(mutableCopy(current.json), current);
    const meta = next.metadata ?? {};
    if (meta.resourceVersion && meta.resourceVersion !== current.obj.metadata?.resourceVersion) throw conflict(def.group, def.plural, name);
    if (meta.uid && meta.uid !== current.obj.metadata?.uid) throw conflict(def.group, def.plural, name, `Precondition failed: UID in precondition: ${meta.uid}, UID in object meta: ${current.obj.metadata?.uid}`);
    if (meta.name !== undefined && meta.name !== name) throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
    next.apiVersion = apiVersionOf(def.group, storageVersion(def));
    next.kind = def.kind;
    return this.#replace(def, current, next, opts, afterStatus);
  }

  delete(def: ResourceDef, ns: string, name: string, options: DeleteOptions, dryRun = false): DeleteResult {
    const key = keyOf(def);
    const current = this.get(def, ns, name);
    const meta = current.obj.metadata!;
    const pre = options.preconditions;
    if (pre?.uid && pre.uid !== meta.uid) throw conflict(def.group, def.plural, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${meta.uid}`);
    if (pre?.resourceVersion && pre.resourceVersion !== meta.resourceVersion) {
      throw conflict(def.group, def.plural, name, `Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion}`);
    }
    if (key === NS_KEY && UNDELETABLE_NAMESPACES.has(name)) throw forbidden(`namespaces "${name}" is forbidden: this namespace may not be deleted`);
    const grace = this.#gracePeriod(def, current.obj, options);
    const finalizers = [...(meta.finalizers ?? [])];
    const policy = options.propagationPolicy ?? (options.orphanDependents ? 'Orphan' : undefined);
    if (policy && !['Background', 'Foreground', 'Orphan'].includes(policy)) throw badRequest(`Unsupported propagationPolicy: ${JSON.stringify(policy)}`);
    if (!meta.deletionTimestamp) {
      if (policy === 'Foreground' && !finalizers.includes('foregroundDeletion')) finalizers.push('foregroundDeletion');
      if (policy === 'Orphan' && !finalizers.includes('orphan')) finalizers.push('orphan');
    }
    if (finalizers.length === 0 && grace === 0) {
      if (dryRun) return { rec: current, removed: true };
      return { rec: this.#remove(def, current), removed: true };
    }
    const now = this.options.clock.now();
    const alreadyDeleting = meta.deletionTimestamp !== undefined;
    const currentGrace = meta.deletionGracePeriodSeconds ?? 0;
    if (alreadyDeleting && !(grace < currentGrace) && deepEqual(finalizers, meta.finalizers ?? [])) return { rec: current, removed: false };
    if (dryRun) return { rec: current, removed: false };
    const obj = mutableCopy(current.json);
    const m = metaOf(obj);
    if (!alreadyDeleting || grace < currentGrace) {
      m.deletionTimestamp = nowTimestamp(now + grace * 1000);
      m.deletionGracePeriodSeconds = grace;
    }
    if (finalizers.length) m.finalizers = finalizers;
    return { rec: this.storage.update(key, obj), removed: false };
  }

  #gracePeriod(def: ResourceDef, obj: Readonly<KubeObject>, options: DeleteOptions): number {
    if (keyOf(def) !== '/pods') return 0;
    const spec = (obj.spec ?? {}) as { nodeName?: string; terminationGracePeriodSeconds?: number };
    const phase = (obj.status as { phase?: string } | undefined)?.phase;
    if (!spec.nodeName || phase === 'Succeeded' || phase === 'Failed') return 0;
    const requested = options.gracePeriodSeconds ?? obj.metadata?.deletionGracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
    if (!Number.isInteger(requested) || requested < 0) throw badRequest(`invalid gracePeriodSeconds: ${requested}`);
    return requested;
  }

  #remove(def: ResourceDef, current: StoredObject): StoredObject {
    const key = keyOf(def);
    const meta = current.obj.metadata!;
    if (key === NS_KEY) this.#emptyNamespace(meta.name!);
    const rec = this.storage.remove(key, meta.namespace ?? '', meta.name!)!;
    if (key === CRD_KEY) {
      const spec = current.obj.spec as { group: string; names: { plural: string } };
      this.storage.dropResource(resourceKey(spec.group, spec.names.plural));
      this.registry.remove(spec.group, spec.names.plural);
    }
    return rec;
  }

  #emptyNamespace(ns: string): void {
    for (const def of this.registry.all()) {
      if (!def.namespaced) continue;
      const key = keyOf(def);
      for (const rec of this.storage.list(key, ns)) this.storage.remove(key, ns, rec.obj.metadata!.name!);
    }
  }

  #checkBody(def: ResourceDef, body: KubeObject): KubeObject {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest('the body of the request must be a JSON object');
    if (body.kind !== undefined && body.kind !== def.kind) {
      throw badRequest(`the kind of the provided object (${String(body.kind)}) does not match the kind of the resource (${def.kind})`);
    }
    if (body.apiVersion !== undefined && !def.versions.some((v) => apiVersionOf(def.group, v) === body.apiVersion)) {
      throw badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${apiVersionOf(def.group, storageVersion(def))})`);
    }
    if (body.metadata !== undefined && (typeof body.metadata !== 'object' || body.metadata === null || Array.isArray(body.metadata))) {
      throw badRequest('metadata must be an object');
    }
    for (const field of ['labels', 'annotations'] as const) {
      const problem = stringMapProblem(field, (body.metadata as Record<string, unknown> | undefined)?.[field]);
      if (problem) throw badRequest(`${def.kind} in version "${storageVersion(def)}" cannot be handled as a ${def.kind}: ${problem}`);
    }
    const apiVersion = apiVersionOf(def.group, storageVersion(def));
    const out: KubeObject = { apiVersion, kind: def.kind, ...body };
    out.apiVersion = apiVersion;
    out.kind = def.kind;
    return out;
  }

  #prepareCrd(obj: KubeObject, old: Readonly<KubeObject> | undefined, now: number): void {
    defaultCrd(obj);
    validateCrd(obj);
    obj.status = crdStatus(obj, old ? firstConditionTime(old) ?? nowTimestamp(now) : nowTimestamp(now), old?.status as Record<string, unknown> | undefined);
  }

  #admit(def: ResourceDef, obj: KubeObject, old: Readonly<KubeObject> | undefined, op: AdmissionOperation, opts: WriteOptions): KubeObject {
    let out = obj;
    const tooLong = annotationsProblem(obj.metadata?.annotations);
    if (tooLong) throw invalid(def.kind, def.group, obj.metadata?.name ?? '', [{ reason: 'FieldValueTooLong', field: 'metadata.annotations', message: tooLong }]);
    const labels = obj.metadata?.labels;
    if (labels) {
      const problems = labelProblems(labels);
      if (problems.length) throw invalid(def.kind, def.group, obj.metadata?.name ?? '', problems.map((message) => ({ reason: 'FieldValueInvalid', field: 'metadata.labels', message })));
    }
    const schema = def.crd?.versions.get(opts.version)?.schema;
    if (schema && this.options.validateObject) {
      const { object, errors, pruned } = this.options.validateObject(schema, obj);
      if (opts.fieldValidation === 'Strict' && pruned?.length) throw badRequest(strictDecodingMessage(def.kind, opts.version, pruned));
      if (opts.fieldValidation !== 'Ignore' && pruned?.length) opts.warnings?.push(...unknownFieldMessages(pruned));
      if (errors.length) throw invalid(def.kind, def.group, obj.metadata?.name ?? '', errors.map(toCause));
      out = { ...(object as KubeObject), apiVersion: obj.apiVersion, kind: obj.kind, metadata: obj.metadata };
    }
    // Kruise's webhooks register the main resource only: a /status write never reaches them (running them
    // here cost CPU and let a mutating hook rewrite spec during a status write).
    const hooks = opts.subresource === 'status' ? [] : hooksFor(this.options.admission, def.group, def.kind);
    if (hooks.length) {
      out = runMutatingHooks(hooks, out, old, op);
      runValidatingHooks(hooks, out, old, op);
    }
    return out;
  }
}

export function keyOf(def: ResourceDef): string {
  return resourceKey(def.group, def.plural);
}

function dryRecord(obj: KubeObject): StoredObject {
  return { obj, json: JSON.stringify(obj), rv: Number(obj.metadata?.resourceVersion ?? 0) };
}

function firstConditionTime(crd: Readonly<KubeObject>): string | undefined {
  const conds = (crd.status as { conditions?: { lastTransitionTime?: string }[] } | undefined)?.conditions;
  return conds?.[0]?.lastTransitionTime;
}

