// One informer per kind for every member of the simulated cluster (as kube-controller-manager's shared
// informer factory): the Job runner and the garbage collector read Jobs from the same watch, so each
// change crosses the wire, is parsed and is cached once. A member that needs only metadata (the garbage
// collector) gets a PartialObjectMetadata watch, or joins a full one already open (full objects carry their
// metadata). A handler that subscribes to an informer already running first gets the cached objects as ADDED
// (synchronously, so it misses nothing and sees nothing twice).
import type { KubeObject } from '../../api/index.js';
import type { RestClient } from '../../runtime/client/rest-client.js';
import { Informer, type InformerHandler, type InformerOptions } from '../../runtime/informer/informer.js';
import type { ResourceType } from '../../runtime/workload-definition.js';

export interface SubscribeOptions {
  /** The handler reads only metadata. @default false */
  metadataOnly?: boolean;
}

export class SharedInformers {
  readonly #informers = new Map<string, Informer<KubeObject>>();

  constructor(private readonly client: RestClient, private readonly options: InformerOptions) {}

  /** Adds `handler` to the kind's informer, creating and starting it on first use. */
  subscribe(rt: ResourceType, handler: InformerHandler<KubeObject>, opts: SubscribeOptions = {}): Informer<KubeObject> {
    const id = `${rt.apiVersion}/${rt.kind}`;
    const full = this.#informers.get(`${id}|full`);
    const existing = opts.metadataOnly ? full ?? this.#informers.get(`${id}|metadata`) : full;
    if (existing) {
      for (const object of existing.store.list()) handler({ type: 'ADDED', object, source: 'list' });
      existing.on(handler);
      return existing;
    }
    const inf = new Informer<KubeObject>(this.client, rt, { ...this.options, metadataOnly: opts.metadataOnly === true });
    inf.on(handler);
    this.#informers.set(`${id}|${opts.metadataOnly ? 'metadata' : 'full'}`, inf);
    inf.start();
    return inf;
  }

  /** How many watches are open for the kind (0, 1, or 2 when a metadata-only one came before a full one). */
  watches(rt: ResourceType): number {
    const id = `${rt.apiVersion}/${rt.kind}`;
    return (this.#informers.has(`${id}|full`) ? 1 : 0) + (this.#informers.has(`${id}|metadata`) ? 1 : 0);
  }

  async stop(): Promise<void> {
    await Promise.all([...this.#informers.values()].map((i) => i.stop()));
  }
}
