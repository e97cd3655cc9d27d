// One informer per kind for every member of the simulated cluster (as kube-controller-manager's shared
// informer factory): the Job runner and the garbage collector read Jobs from the same watch, so each
// change crosses the wire, is parsed and is cached once. A handler that subscribes to an informer already
// running first gets the cached objects as ADDED (synchronously, so it misses nothing and sees nothing twice).
import type { KubeObject } from '../../api/index.js';
import type { RestClient } from '../../runtime/client/rest-client.js';
import { Informer, type InformerHandler, type InformerOptions } from '../../runtime/informer/informer.js';
import type { ResourceType } from '../../runtime/workload-definition.js';

export class SharedInformers {
  readonly #byKind = new Map<string, Informer<KubeObject>>();

  constructor(private readonly client: RestClient, private readonly options: InformerOptions) {}

  /** Adds `handler` to the kind's informer, creating and starting it on first use. */
  subscribe(rt: ResourceType, handler: InformerHandler<KubeObject>): Informer<KubeObject> {
    const id = `${rt.apiVersion}/${rt.kind}`;
    const existing = this.#byKind.get(id);
    if (existing) {
      for (const object of existing.store.list()) handler({ type: 'ADDED', object, source: 'list' });
      existing.on(handler);
      return existing;
    }
    const inf = new Informer<KubeObject>(this.client, rt, this.options);
    inf.on(handler);
    this.#byKind.set(id, inf);
    inf.start();
    return inf;
  }

  has(rt: ResourceType): boolean {
    return this.#byKind.has(`${rt.apiVersion}/${rt.kind}`);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#byKind.values()].map((i) => i.stop()));
  }
}
