// What kube-controller-manager puts in every namespace, done inside the embedded server: the `default`
// ServiceAccount (serviceaccount controller) and the `kube-root-ca.crt` ConfigMap holding the server's CA
// (root-ca-cert-publisher). Both are created for existing and new namespaces, recreated when deleted, and the
// ConfigMap is set back when its data or description change. Terminating namespaces are left alone.
// Work runs in a microtask after the write that triggered it: a client that creates a namespace and then a
// pod finds the ServiceAccount there (the real controllers race with such a client; this one does not).
import type { KubeObject } from '../../../api/objects.js';
import { deepEqual } from '../prepare.js';
import type { ResourceRegistry } from '../resource-registry.js';
import type { ResourceDef } from '../resources.js';
import { keyOf, type ObjectService } from '../service.js';
import type { StoreEvent, StoreWatch } from '../storage/types.js';
import { isTerminating } from './lifecycle.js';

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
export const DEFAULT_SERVICE_ACCOUNT = 'default';
const DESCRIPTION_KEY = 'kubernetes.io/description';
const DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

/** The ConfigMap the root-ca-cert-publisher keeps in every namespace (without server-set metadata). */
export function rootCaConfigMap(caPem: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: ROOT_CA_CONFIGMAP, annotations: { [DESCRIPTION_KEY]: DESCRIPTION } }, data: { 'ca.crt': caPem } };
}

export class NamespaceBootstrap {
  readonly #ns: ResourceDef;
  readonly #sa: ResourceDef;
  readonly #cm: ResourceDef;
  #watches: StoreWatch[] = [];
  #queued = new Set<string>();
  #stopped = false;

  constructor(private readonly service: ObjectService, registry: ResourceRegistry, private readonly caPem: string) {
    this.#ns = registry.find('', 'v1', 'namespaces')!;
    this.#sa = registry.find('', 'v1', 'serviceaccounts')!;
    this.#cm = registry.find('', 'v1', 'configmaps')!;
  }

  start(): void {
    const storage = this.service.storage;
    const from = storage.currentRv;
    this.#watches = [
      storage.watch(keyOf(this.#ns), from, (ev) => ev.type !== 'DELETED' && this.#enqueue(ev.rec.obj.metadata!.name!)),
      storage.watch(keyOf(this.#sa), from, (ev) => this.#onChild(ev, DEFAULT_SERVICE_ACCOUNT, 'DELETED')),
      storage.watch(keyOf(this.#cm), from, (ev) => this.#onChild(ev, ROOT_CA_CONFIGMAP, ev.type)),
    ];
    for (const rec of storage.list(keyOf(this.#ns))) this.#ensure(rec.obj.metadata!.name!);
  }

  stop(): void {
    this.#stopped = true;
    for (const w of this.#watches) w.cancel();
  }

  #onChild(ev: StoreEvent, name: string, type: string): void {
    const meta = ev.rec.obj.metadata!;
    if (meta.name === name && ev.type === type) this.#enqueue(meta.namespace!);
  }

  #enqueue(ns: string): void {
    if (this.#stopped || this.#queued.has(ns)) return;
    this.#queued.add(ns);
    queueMicrotask(() => {
      this.#queued.delete(ns);
      if (!this.#stopped) this.#ensure(ns);
    });
  }

  #ensure(ns: string): void {
    const namespace = this.service.storage.get(keyOf(this.#ns), '', ns);
    if (!namespace || namespace.obj.metadata?.deletionTimestamp || isTerminating(namespace.obj)) return;
    try {
      if (!this.service.storage.get(keyOf(this.#sa), ns, DEFAULT_SERVICE_ACCOUNT)) {
        this.service.create(this.#sa, ns, { metadata: { name: DEFAULT_SERVICE_ACCOUNT } }, { version: 'v1' });
      }
      this.#ensureRootCa(ns);
    } catch {
      // Raced with a client's write or the namespace's deletion: the next event brings us back.
    }
  }

  #ensureRootCa(ns: string): void {
    const want = rootCaConfigMap(this.caPem);
    const current = this.service.storage.get(keyOf(this.#cm), ns, ROOT_CA_CONFIGMAP);
    if (!current) {
      this.service.create(this.#cm, ns, want, { version: 'v1' });
      return;
    }
    const annotations = current.obj.metadata?.annotations ?? {};
    if (deepEqual((current.obj as { data?: unknown }).data, want.data) && annotations[DESCRIPTION_KEY] === DESCRIPTION) return;
    this.service.modify(this.#cm, ns, ROOT_CA_CONFIGMAP, { version: 'v1' }, (obj) => {
      obj.metadata = { ...obj.metadata, annotations: { ...obj.metadata?.annotations, [DESCRIPTION_KEY]: DESCRIPTION } };
      (obj as { data?: unknown }).data = want.data;
      return obj;
    });
  }
}
