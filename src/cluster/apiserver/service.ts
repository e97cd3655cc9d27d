// The object service: Kubernetes write semantics on top of Storage — create (generateName, uid,
// generation), update with optimistic concurrency, status subresource rules, graceful deletion,
// finalizers and propagation policies, namespace and CRD side effects, schema validation and admission.
import type { KubeObject } from '../../api/objects.js';
import type { Clock } from '../../api/clock.js';
import { hooksFor, runMutatingHooks, runValidatingHooks, type AdmissionHook, type AdmissionOperation } from './admission.js';
import { crdStatus, defaultCrd, resourceDefFromCrd, validateCrd } from './crds.js';
import { recordManagedFields, type FieldManagerContext } from './apply/index.js';
import { alreadyExists, ApiError, badRequest, conflict, invalid, notFound } from './errors.js';
import { toCause } from './field-errors.js';
import { scaleSpecErrors } from './scale-spec.js';
import { annotationsProblem, applyPodDefaults, applyPodSpecDefaults, deepEqual, dropEmptyMetadata, fillGoZeroStatus, nullsToEmptyStrings, labelProblems, stringMapProblem, metaOf, mutableCopy, nameProblem, newUid, nowTimestamp, randomSuffix } from './prepare.js';
import { generationChanged, generationPolicy } from './generation.js';
import { podUpdateCauses } from './pod-update.js';
import { podSpecProblems } from './pod-validation.js';
import type { ValidateFn } from './pure.js';
import { dropUnknownBuiltinFields } from './openapi/unknown-fields.js';
import { strictDecodingMessage, unknownFieldMessages } from './schema/field-errors.js';
import type { ResourceRegistry } from './resource-registry.js';
import { apiVersionOf, resourceKey, storageVersion, type ResourceDef } from './resources.js';
import type { Storage, StoredObject } from './storage/types.js';
import { restrictNamespaceUpdate } from './namespaces/finalize.js';
import { rbacNameProblem, RBAC_GROUP } from './rbac/validation.js';
import { immortalNamespaceProblem, isTerminating, markTerminating, namespaceDeletionComplete, prepareNamespaceCreate, specFinalizers, terminatingNamespaceProblem } from './namespaces/lifecycle.js';
import { defaultWebhookConfiguration, validateWebhookConfiguration } from './webhooks/configuration.js';
import { ADMISSION_GROUP, MUTATING_PLURAL, VALIDATING_PLURAL } from './webhooks/types.js';

export interface WriteOptions {
  /** The version the client wrote (CRDs validate against that version's schema). */
  version: string;
  dryRun?: boolean;
  /**
   * `status` writes only status; `binding` is the scheduler's write of spec.nodeName (skips pod immutability);
   * `finalize` writes only a namespace's spec.finalizers.
   */
  subresource?: 'status' | 'binding' | 'finalize';
  /** `Strict` rejects unknown fields (pruned from custom resources, dropped from built-ins) with 400; others drop them. */
  fieldValidation?: string;
  /** Filled with Warning texts for the client (unknown fields dropped under fieldValidation Warn, the default). */
  warnings?: string[];
  /** Who writes (metadata.managedFields, apply/); absent for the server's own writes, which keep them as stored. */
  fieldManager?: FieldManagerContext;
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

const CRD_KEY = resourceKey('apiextensions.k8s.io', 'customresourcedefinitions');
const NS_KEY = resourceKey('', 'namespaces');
const MUTATING_KEY = resourceKey(ADMISSION_GROUP, MUTATING_PLURAL);
const VALIDATING_KEY = resourceKey(ADMISSION_GROUP, VALIDATING_PLURAL);
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
    return this.commitCreate(def, this.admitCreate(def, this.prepareCreate(def, ns, this.#decodeBuiltin(def, body, opts)), opts), opts, false);
  }

  // A write in stages, for callers that await admission webhooks between them (webhooks/writes.ts):
  // prepare (the object mutating admission sees) → admit (server-set fields, defaults, validation,
  // in-process hooks: the object validating admission sees) → commit (store). Each stage is synchronous.

  /** Create, first stage: kind, apiVersion and namespace set; no name generated, no uid or timestamps yet. */
  prepareCreate(def: ResourceDef, ns: string, body: KubeObject): KubeObject {
    const obj = this.#checkBody(def, body);
    const meta = metaOf(obj);
    if (def.namespaced) {
      if (meta.namespace && meta.namespace !== ns) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      meta.namespace = ns;
      const namespace = this.storage.get(NS_KEY, '', ns);
      if (!namespace) throw notFound('', 'namespaces', ns);
      if (isTerminating(namespace.obj)) throw terminatingNamespaceProblem(def.group, def.plural, meta.name ?? meta.generateName ?? '', ns);
    } else delete meta.namespace;
    // kube-apiserver 1.26 answers this with a bare 500 (no reason), as the storage layer's error.
    if (meta.resourceVersion) throw new ApiError(500, '', 'resourceVersion should not be set on objects to be created');
    if (def.group === '' && def.plural === 'namespaces') labelNamespace(obj);
    return obj;
  }

  /**
   * The object as kube-apiserver decodes a custom resource before admission: unknown fields pruned (a
   * warning, or 400 under fieldValidation Strict) and schema defaults applied. Validation errors wait for
   * the admit stage. Other kinds pass unchanged.
   */
  decodeForAdmission(def: ResourceDef, obj: KubeObject, opts: WriteOptions): KubeObject {
    this.#decodeBuiltin(def, obj, opts);
    const schema = def.crd?.versions.get(opts.version)?.schema;
    if (!schema || !this.options.validateObject) return obj;
    const { object, pruned } = this.options.validateObject(schema, obj);
    if (opts.fieldValidation === 'Strict' && pruned?.length) throw badRequest(strictDecodingMessage(def.kind, opts.version, pruned));
    if (opts.fieldValidation !== 'Ignore' && pruned?.length) opts.warnings?.push(...unknownFieldMessages(pruned));
    return { ...(object as KubeObject), apiVersion: obj.apiVersion, kind: obj.kind, metadata: obj.metadata };
  }

  /** Whether `current` is still the stored version (nothing was written while admission was awaited). */
  isCurrent(def: ResourceDef, current: StoredObject): boolean {
    const meta = current.obj.metadata!;
    return this.storage.get(keyOf(def), meta.namespace ?? '', meta.name!)?.rv === current.rv;
  }

  /** Create, second stage: generateName resolved, uid, creationTimestamp, defaults, validation and admission hooks. */
  admitCreate(def: ResourceDef, obj: KubeObject, opts: WriteOptions): KubeObject {
    const key = keyOf(def);
    const meta = metaOf(obj);
    const ns = meta.namespace ?? '';
    if (!meta.name) {
      if (!meta.generateName) throw invalid(def.kind, def.group, '', [{ reason: 'FieldValueRequired', field: 'metadata.name', message: 'Required value: name or generateName is required' }]);
      meta.name = meta.generateName + randomSuffix();
    }
    const problem = def.group === RBAC_GROUP ? rbacNameProblem(meta.name) : nameProblem(meta.name);
    if (problem) throw invalid(def.kind, def.group, meta.name, [{ reason: 'FieldValueInvalid', field: 'metadata.name', message: `Invalid value: ${JSON.stringify(meta.name)}: ${problem}` }]);
    if (this.storage.get(key, ns, meta.name)) throw alreadyExists(def.group, def.plural, meta.name);
    const now = this.options.clock.now();
    meta.uid = newUid();
    meta.creationTimestamp = nowTimestamp(now);
    if (generationPolicy(def)) meta.generation = 1;
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    delete meta.managedFields;
    if (def.status && !KEEP_STATUS_ON_CREATE.has(key)) delete obj.status;
    if (key === '/pods') {
      applyPodDefaults(obj);
      const problems = podSpecProblems(obj.spec as Record<string, unknown> | undefined);
      if (problems.length) throw invalid('Pod', '', meta.name, problems);
    }
    if (key === NS_KEY) {
      prepareNamespaceCreate(obj);
      labelNamespace(obj);
    }
    if (key === CRD_KEY) this.#prepareCrd(obj, undefined, now);
    if (key === MUTATING_KEY || key === VALIDATING_KEY) prepareWebhookConfiguration(obj, def.kind);
    return this.#admit(def, obj, undefined, 'CREATE', opts);
  }

  /**
   * Create, last stage: stores the admitted object. `recheck` after an await: the name may have been taken
   * (AlreadyExists) or the namespace removed meanwhile.
   */
  commitCreate(def: ResourceDef, admitted: KubeObject, opts: WriteOptions, recheck: boolean): StoredObject {
    const key = keyOf(def);
    if (recheck) {
      const meta = admitted.metadata!;
      if (this.storage.get(key, meta.namespace ?? '', meta.name!)) throw alreadyExists(def.group, def.plural, meta.name!);
      if (def.namespaced && !this.storage.get(NS_KEY, '', meta.namespace!)) throw notFound('', 'namespaces', meta.namespace!);
    }
    if (opts.dryRun) return dryRecord(admitted);
    const rec = this.storage.create(key, admitted);
    if (key === CRD_KEY) {
      const def = resourceDefFromCrd(rec.obj);
      this.registry.add(def);
      this.storage.resetHistory?.(keyOf(def));
    }
    return rec;
  }

  update(def: ResourceDef, ns: string, name: string, body: KubeObject, opts: WriteOptions): StoredObject {
    const decoded = this.#decodeBuiltin(def, body, opts);
    const current = this.get(def, ns, name);
    return this.#replace(def, current, this.prepareUpdate(def, current, decoded), opts);
  }

  /** Update, first stage: the body checked against the URL and the current object's preconditions. */
  prepareUpdate(def: ResourceDef, current: StoredObject, body: KubeObject): KubeObject {
    const name = current.obj.metadata!.name!;
    const ns = current.obj.metadata!.namespace;
    const obj = this.#checkBody(def, body);
    const meta = metaOf(obj);
    if (meta.name !== undefined && meta.name !== name) throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
    if (def.namespaced && meta.namespace && meta.namespace !== ns) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    if (meta.resourceVersion && meta.resourceVersion !== current.obj.metadata?.resourceVersion) throw conflict(def.group, def.plural, name);
    if (meta.uid && meta.uid !== current.obj.metadata?.uid) {
      throw conflict(def.group, def.plural, name, `Precondition failed: UID in precondition: ${meta.uid}, UID in object meta: ${current.obj.metadata?.uid}`);
    }
    return obj;
  }

  #replace(def: ResourceDef, current: StoredObject, next: KubeObject, opts: WriteOptions, afterStatus?: (obj: KubeObject) => void): StoredObject {
    return this.commitReplace(def, current, this.admitReplace(def, current, next, opts, afterStatus), opts);
  }

  /**
   * Update, second stage: `next` (a mutable object derived from `current`) with update semantics — status
   * kept or taken, server-set metadata restored, defaults, validation, admission hooks, generation.
   */
  admitReplace(def: ResourceDef, current: StoredObject, next: KubeObject, opts: WriteOptions, afterStatus?: (obj: KubeObject) => void): KubeObject {
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
    if (key === NS_KEY) obj = restrictNamespaceUpdate(obj, old, opts.subresource);
    const meta = metaOf(obj);
    const oldMeta = old.metadata!;
    meta.name = oldMeta.name;
    if (def.namespaced) meta.namespace = oldMeta.namespace;
    else delete meta.namespace;
    meta.uid = oldMeta.uid;
    meta.creationTimestamp = oldMeta.creationTimestamp;
    const generation = generationPolicy(def);
    if (generation) meta.generation = oldMeta.generation ?? 1;
    if (oldMeta.deletionTimestamp) {
      const added = (meta.finalizers ?? []).filter((f) => !(oldMeta.finalizers ?? []).includes(f));
      if (added.length) {
        // kube-apiserver validates object metadata twice on update: the cause appears twice, the message once.
        const cause = { reason: 'FieldValueForbidden', field: 'metadata.finalizers', message: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(', ')}}` };
        throw invalid(def.kind, def.group, oldMeta.name!, [cause, cause]);
      }
    }
    if (oldMeta.deletionTimestamp) meta.deletionTimestamp = oldMeta.deletionTimestamp;
    else delete meta.deletionTimestamp;
    if (oldMeta.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = oldMeta.deletionGracePeriodSeconds;
    else delete meta.deletionGracePeriodSeconds;
    delete meta.managedFields;
    meta.resourceVersion = oldMeta.resourceVersion;
    if (key === CRD_KEY) this.#prepareCrd(obj, old, this.options.clock.now());
    if (key === NS_KEY) labelNamespace(obj);
    if (key === '/pods' && opts.subresource === undefined) {
      applyPodSpecDefaults(obj);
      const problems = podSpecProblems(obj.spec as Record<string, unknown> | undefined);
      // The pod strategy validates the spec twice on update (ValidatePod, then ValidatePodUpdate): every cause twice.
      if (problems.length) throw invalid('Pod', '', oldMeta.name!, [...problems, ...problems]);
      const causes = podUpdateCauses(old.spec, obj.spec);
      if (causes.length > 0) throw invalid('Pod', '', oldMeta.name!, causes);
    }
    if (key === MUTATING_KEY || key === VALIDATING_KEY) prepareWebhookConfiguration(obj, def.kind);
    const admitted = this.#admit(def, obj, old, 'UPDATE', opts);
    if (generation && generationChanged(generation, old, admitted)) metaOf(admitted).generation = (oldMeta.generation ?? 1) + 1;
    return admitted;
  }

  /** Update, last stage: removes (deletion complete), keeps (nothing changed) or stores the admitted object. */
  commitReplace(def: ResourceDef, current: StoredObject, admitted: KubeObject, opts: WriteOptions): StoredObject {
    const key = keyOf(def);
    const complete = key === NS_KEY ? namespaceDeletionComplete(admitted) : admitted.metadata!.deletionTimestamp && !(admitted.metadata!.finalizers?.length) && !admitted.metadata!.deletionGracePeriodSeconds;
    if (complete) {
      // The write that ends a deletion answers the object as written (kube-apiserver: its last resourceVersion).
      if (!opts.dryRun) this.#remove(def, current);
      return dryRecord(admitted);
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
    return this.#replace(def, current, this.prepareModify(def, current, mutate), opts, afterStatus);
  }

  /** Modify, first stage: the mutation applied to a copy of `current`, checked against its preconditions. */
  prepareModify(def: ResourceDef, current: StoredObject, mutate: (obj: KubeObject, current: StoredObject) => KubeObject): KubeObject {
    const name = current.obj.metadata!.name!;
    const next = mutate(mutableCopy(current.json), current);
    const meta = next.metadata ?? {};
    if (meta.resourceVersion && meta.resourceVersion !== current.obj.metadata?.resourceVersion) throw conflict(def.group, def.plural, name);
    if (meta.uid && meta.uid !== current.obj.metadata?.uid) throw conflict(def.group, def.plural, name, `Precondition failed: UID in precondition: ${meta.uid}, UID in object meta: ${current.obj.metadata?.uid}`);
    if (meta.name !== undefined && meta.name !== name) throw badRequest(`the name of the object (${meta.name}) does not match the name on the URL (${name})`);
    next.apiVersion = apiVersionOf(def.group, storageVersion(def));
    next.kind = def.kind;
    return next;
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
    if (key === NS_KEY) return this.#deleteNamespace(def, current, options, dryRun);
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

  /** A namespace's first DELETE marks it Terminating (the namespace controller empties and finalizes it). */
  #deleteNamespace(def: ResourceDef, current: StoredObject, options: DeleteOptions, dryRun: boolean): DeleteResult {
    const name = current.obj.metadata!.name!;
    const immortal = immortalNamespaceProblem(name);
    if (immortal) throw immortal;
    if (!current.obj.metadata!.deletionTimestamp) {
      const obj = mutableCopy(current.json);
      markTerminating(obj, nowTimestamp(this.options.clock.now()), options);
      if (dryRun) return { rec: dryRecord(obj), removed: false };
      return { rec: this.storage.update(NS_KEY, obj), removed: false };
    }
    if (specFinalizers(current.obj).length || current.obj.metadata!.finalizers?.length) return { rec: current, removed: false };
    if (dryRun) return { rec: current, removed: true };
    return { rec: this.#remove(def, current), removed: true };
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
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badRequest(`the object provided is unrecognized (must be of type ${def.kind})`);
    this.#checkTypeMeta(def, body);
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

  /**
   * A built-in kind's body as kube's strict decoder reads it: unknown fields dropped (400 under fieldValidation
   * Strict, a warning each under Warn, the default). Custom resources are pruned by their schema instead.
   */
  #decodeBuiltin(def: ResourceDef, obj: KubeObject, opts: WriteOptions): KubeObject {
    if (def.crd) return obj;
    const unknown = dropUnknownBuiltinFields(def.group, opts.version, def.kind, obj);
    if (!unknown.length) return obj;
    if (opts.fieldValidation === 'Strict') throw badRequest(strictDecodingMessage(def.kind, opts.version, unknown));
    if (opts.fieldValidation !== 'Ignore') opts.warnings?.push(...unknownFieldMessages(unknown));
    return obj;
  }

  /**
   * apiVersion and kind of a body as kube-apiserver 1.26 decodes them: a custom resource's must name its
   * group/version (400) and kind (422 on `kind`); a built-in kind's body converts only from its own kind.
   */
  #checkTypeMeta(def: ResourceDef, body: KubeObject): void {
    const expected = apiVersionOf(def.group, storageVersion(def));
    const versionOk = (v: unknown): boolean => def.versions.some((ver) => apiVersionOf(def.group, ver) === v);
    if (def.crd) {
      if (!versionOk(body.apiVersion)) throw badRequest(`the API version in the data (${String(body.apiVersion ?? '')}) does not match the expected API version (${expected})`);
      if (body.kind !== def.kind) {
        const kind = String(body.kind);
        throw invalid(kind, def.group, body.metadata?.name ?? '', [{ reason: 'FieldValueInvalid', field: 'kind', message: `Invalid value: ${JSON.stringify(kind)}: must be ${def.kind}` }]);
      }
      return;
    }
    const kind = String(body.kind ?? def.kind);
    const apiVersion = String(body.apiVersion ?? expected);
    const version = apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
    const cannot = `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${def.kind}`;
    const unregistered = `no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(apiVersion)} in scheme "k8s.io/kubernetes/pkg/api/legacyscheme/scheme.go:30"`;
    if (!versionOk(apiVersion)) throw badRequest(`${cannot}: ${unregistered}`);
    if (kind === def.kind) return;
    const known = this.registry.all().some((d) => !d.crd && d.group === def.group && d.kind === kind);
    const internalPackage = def.group === '' ? 'core' : def.group.split('.')[0]!;
    throw badRequest(known ? `${cannot}: converting (${version}.${kind}) to (${internalPackage}.${def.kind}): unknown conversion` : `${cannot}: ${unregistered}`);
  }

  #prepareCrd(obj: KubeObject, old: Readonly<KubeObject> | undefined, now: number): void {
    defaultCrd(obj);
    validateCrd(obj);
    obj.status = crdStatus(obj, old ? firstConditionTime(old) ?? nowTimestamp(now) : nowTimestamp(now), old?.status as Record<string, unknown> | undefined);
  }

  #admit(def: ResourceDef, obj: KubeObject, old: Readonly<KubeObject> | undefined, op: AdmissionOperation, opts: WriteOptions): KubeObject {
    let out = obj;
    dropEmptyMetadata(obj);
    if (!def.crd) {
      fillGoZeroStatus(def.group, def.kind, obj);
      if (def.group === '') nullsToEmptyStrings(def.kind, obj);
    }
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
      // kube-apiserver checks the scale subresource's replicas on writes of the main resource, after the schema.
      const all = opts.subresource === 'status' ? errors : [...errors, ...scaleSpecErrors(def, obj)];
      if (all.length) throw invalid(def.kind, def.group, obj.metadata?.name ?? '', all.map(toCause));
      out = { ...(object as KubeObject), apiVersion: obj.apiVersion, kind: obj.kind, metadata: obj.metadata };
    }
    // As kube's field manager, before admission: what admission plugins add is nobody's.
    recordManagedFields(def, opts.version, old, out, opts.fieldManager, this.options.clock.now());
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

/** The label kube-apiserver keeps on every namespace (namespaceSelectors of webhooks rely on it). */
function labelNamespace(obj: KubeObject): void {
  const meta = metaOf(obj);
  if (meta.name) meta.labels = { ...meta.labels, 'kubernetes.io/metadata.name': meta.name };
}

function prepareWebhookConfiguration(obj: KubeObject, kind: string): void {
  defaultWebhookConfiguration(obj, kind);
  validateWebhookConfiguration(obj, kind);
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

