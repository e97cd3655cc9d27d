// Writes that admission webhooks apply to, in kube-apiserver's order: mutating webhooks → the server's own
// defaulting and validation (schema, in-process hooks) → validating webhooks → storage. The object service's
// stages are synchronous; the webhooks are awaited between them, so the stored object may change meanwhile.
// The commit then checks: a create whose name was taken answers AlreadyExists; an update or delete of an
// object written meanwhile runs again from the fresh object (kube's GuaranteedUpdate), where a
// resourceVersion precondition answers 409 Conflict.
import type { KubeObject } from '../../../api/objects.js';
import { conflict, ApiError } from '../errors.js';
import type { DeleteOptions, DeleteResult, ObjectService, WriteOptions } from '../service.js';
import type { ResourceDef } from '../resources.js';
import type { StoredObject } from '../storage/types.js';
import { bindPod, checkScale, scaleOf, writeScale } from '../subresources.js';
import { runMutatingWebhooks, runValidatingWebhooks, type Dispatcher } from './dispatch.js';
import { TOKEN_USER, type AdmissionAttributes, type Operation, type WebhookSet } from './types.js';
import type { WebhookSource } from './source.js';

/** Attempts of an update or delete whose object keeps changing while webhooks are awaited (then 409). */
const MAX_ATTEMPTS = 10;

/** meta.k8s.io/v1 CreateOptions, UpdateOptions or DeleteOptions, as the webhook sees them in `request.options`. */
export type OperationOptions = Record<string, unknown>;

export class WebhookWrites {
  constructor(private readonly service: ObjectService, readonly source: WebhookSource, private readonly dispatcher: Dispatcher) {}

  /** Stops following configuration changes and drops pooled connections to webhooks. */
  close(): void {
    this.source.close();
    this.dispatcher.client.close();
  }

  /** The webhooks that apply to this kind of write; undefined (no await needed) for nearly every write. */
  webhooksFor(def: ResourceDef, version: string, subresource: string | undefined, operation: Operation): WebhookSet | undefined {
    return this.source.webhooksFor(def, version, subresource, operation);
  }

  async create(set: WebhookSet, def: ResourceDef, ns: string, body: KubeObject, opts: WriteOptions, options: OperationOptions): Promise<StoredObject> {
    const svc = this.service;
    const prepared = svc.decodeForAdmission(def, svc.prepareCreate(def, ns, body), opts);
    const attrs = attributes(def, opts, '', 'CREATE', prepared.metadata?.name ?? '', ns, prepared, null, options);
    await runMutatingWebhooks(this.dispatcher, set.mutating, attrs);
    const mutated = attrs.object === prepared ? prepared : svc.prepareCreate(def, ns, attrs.object!);
    const admitted = svc.admitCreate(def, mutated, opts);
    attrs.object = admitted;
    attrs.name = admitted.metadata!.name!;
    await runValidatingWebhooks(this.dispatcher, set.validating, attrs);
    return svc.commitCreate(def, admitted, opts, true);
  }

  /** PUT: `body` replaces the object (retried with a fresh copy when the object changed meanwhile). */
  update(set: WebhookSet, def: ResourceDef, ns: string, name: string, body: KubeObject, opts: WriteOptions, options: OperationOptions): Promise<StoredObject> {
    return this.#replace(set, def, ns, name, opts, options, (current) => this.service.prepareUpdate(def, current, structuredClone(body)));
  }

  /** PATCH and other read-modify-writes: `mutate` is applied to a copy of the current object on every attempt. */
  modify(
    set: WebhookSet, def: ResourceDef, ns: string, name: string, opts: WriteOptions, options: OperationOptions,
    mutate: (obj: KubeObject, current: StoredObject) => KubeObject,
  ): Promise<StoredObject> {
    return this.#replace(set, def, ns, name, opts, options, (current) => this.service.prepareModify(def, current, mutate));
  }

  async #replace(
    set: WebhookSet, def: ResourceDef, ns: string, name: string, opts: WriteOptions, options: OperationOptions,
    prepare: (current: StoredObject) => KubeObject,
  ): Promise<StoredObject> {
    const svc = this.service;
    for (let attempt = 1; ; attempt++) {
      const current = svc.get(def, ns, name);
      const prepared = svc.decodeForAdmission(def, prepare(current), opts);
      const attrs = attributes(def, opts, opts.subresource ?? '', 'UPDATE', name, ns, prepared, current.obj, options);
      await runMutatingWebhooks(this.dispatcher, set.mutating, attrs);
      const mutated = attrs.object === prepared ? prepared : svc.prepareUpdate(def, current, attrs.object!);
      const admitted = svc.admitReplace(def, current, mutated, opts);
      attrs.object = admitted;
      await runValidatingWebhooks(this.dispatcher, set.validating, attrs);
      if (svc.isCurrent(def, current)) return svc.commitReplace(def, current, admitted, opts);
      if (attempt === MAX_ATTEMPTS) throw conflict(def.group, def.plural, name);
    }
  }

  async delete(
    set: WebhookSet, def: ResourceDef, ns: string, name: string, deleteOptions: DeleteOptions,
    opts: Pick<WriteOptions, 'version' | 'warnings'> & { dryRun: boolean }, options: OperationOptions,
  ): Promise<DeleteResult> {
    const svc = this.service;
    const dryRun = opts.dryRun;
    for (let attempt = 1; ; attempt++) {
      const current = svc.get(def, ns, name);
      const attrs = attributes(def, opts, '', 'DELETE', name, ns, null, current.obj, options);
      await runMutatingWebhooks(this.dispatcher, set.mutating, attrs);
      svc.delete(def, ns, name, { ...deleteOptions }, true); // preconditions and policy checks, nothing written
      await runValidatingWebhooks(this.dispatcher, set.validating, attrs);
      if (svc.isCurrent(def, current)) return svc.delete(def, ns, name, deleteOptions, dryRun);
      if (attempt === MAX_ATTEMPTS) throw conflict(def.group, def.plural, name);
    }
  }

  /** PUT or PATCH of `/scale`: the webhooks see autoscaling/v1 Scale objects; `makeScale` builds the new one from the current. */
  async writeScale(
    set: WebhookSet, def: ResourceDef, version: string, ns: string, name: string, dryRun: boolean, options: OperationOptions,
    makeScale: (current: KubeObject) => KubeObject,
  ): Promise<StoredObject> {
    const svc = this.service;
    for (let attempt = 1; ; attempt++) {
      const current = svc.get(def, ns, name);
      const oldScale = scaleOf(def, current);
      const newScale = makeScale(structuredClone(oldScale));
      const pinned = newScale?.metadata?.resourceVersion;
      const attrs = attributes(def, { version, dryRun }, 'scale', 'UPDATE', name, ns, newScale, oldScale, options);
      attrs.kind = { group: 'autoscaling', version: 'v1', kind: 'Scale' };
      await runMutatingWebhooks(this.dispatcher, set.mutating, attrs);
      const scale = attrs.object!;
      // A custom resource's count is validated with the resource (writeScale), as kube-apiserver does.
      if (!def.crd) checkScale(name, scale);
      await runValidatingWebhooks(this.dispatcher, set.validating, attrs);
      const guarded = { ...scale, metadata: { ...scale.metadata, resourceVersion: pinned ?? current.obj.metadata!.resourceVersion } };
      try {
        return writeScale(svc, def, ns, name, guarded, dryRun);
      } catch (err) {
        if (pinned || attempt === MAX_ATTEMPTS || !(err instanceof ApiError && err.reason === 'Conflict')) throw err;
      }
    }
  }

  /** POST pods/<name>/binding: a CREATE of the Binding, as kube admits it. */
  async bind(set: WebhookSet, def: ResourceDef, ns: string, name: string, binding: KubeObject, nowMs: number, options: OperationOptions): Promise<StoredObject> {
    const attrs = attributes(def, { version: 'v1' }, 'binding', 'CREATE', name, ns, binding, null, options);
    attrs.kind = { group: '', version: 'v1', kind: 'Binding' };
    await runMutatingWebhooks(this.dispatcher, set.mutating, attrs);
    await runValidatingWebhooks(this.dispatcher, set.validating, attrs);
    return bindPod(this.service, def, ns, name, attrs.object!, nowMs);
  }
}

function attributes(
  def: ResourceDef, opts: Pick<WriteOptions, 'version' | 'dryRun' | 'warnings'>, subresource: string, operation: Operation, name: string, ns: string,
  object: KubeObject | null, oldObject: Readonly<KubeObject> | null, options: OperationOptions,
): AdmissionAttributes {
  // The request of a namespace object names the namespace itself (except its create).
  const isNamespace = def.group === '' && def.plural === 'namespaces';
  return {
    group: def.group,
    version: opts.version,
    kind: { group: def.group, version: opts.version, kind: def.kind },
    resource: def.plural,
    subresource,
    name,
    namespace: isNamespace && operation !== 'CREATE' ? name : ns,
    operation,
    object,
    oldObject,
    dryRun: opts.dryRun === true,
    options,
    userInfo: TOKEN_USER,
    warnings: opts.warnings,
  };
}
