// A small typed REST client for any ResourceType: get/list/create/update/patch/delete, the /status
// and /scale subresources, and raw watch streams. Errors are ApiErrors (see ../errors.ts).
import type http from 'node:http';
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '../../api/index.js';
import type { ResourceType } from '../workload-definition.js';
import { queryString, resourcePath } from './resource-path.js';
import { Transport, type TransportOptions } from './transport.js';

export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

export const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  /** Ask for PartialObjectMetadata items (metadata-only clients, as kube's garbage collector). */
  metadataOnly?: boolean;
}

export interface ListResult<T extends KubeObject = KubeObject> {
  items: T[];
  metadata: { resourceVersion?: string; continue?: string };
}

export interface WriteOptions {
  subresource?: 'status' | 'scale';
  fieldManager?: string;
  dryRun?: boolean;
}

export interface DeleteOptions {
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  gracePeriodSeconds?: number;
}

export interface WatchOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  timeoutSeconds?: number;
  allowWatchBookmarks?: boolean;
  /** Ask for PartialObjectMetadata events. */
  metadataOnly?: boolean;
}

/** Accept headers of metadata-only reads (with plain JSON as the fallback a server may choose). */
export const ACCEPT_METADATA = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';
export const ACCEPT_METADATA_LIST = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

export interface Scale {
  apiVersion?: string;
  kind?: string;
  metadata?: KubeObject['metadata'];
  spec?: { replicas?: number };
  status?: { replicas?: number; selector?: string };
}

export class RestClient {
  readonly transport: Transport;
  readonly fieldManager: string;
  /** The query of an ordinary write (this client's field manager, no dry run), built once. */
  readonly #defaultWriteQuery: string;

  constructor(transport: Transport, fieldManager = 'kactor') {
    this.transport = transport;
    this.fieldManager = fieldManager;
    this.#defaultWriteQuery = queryString({ fieldManager });
  }

  static async fromKubeConfig(kc: KubeConfig, opts: TransportOptions & { fieldManager?: string } = {}): Promise<RestClient> {
    return new RestClient(await Transport.create(kc, opts), opts.fieldManager);
  }

  get<T extends KubeObject = KubeObject>(rt: ResourceType, namespace: string | undefined, name: string, subresource?: 'status' | 'scale'): Promise<T> {
    return this.transport.json<T>('GET', resourcePath(rt, namespace, name, subresource), undefined, undefined, 'get');
  }

  list<T extends KubeObject = KubeObject>(rt: ResourceType, opts: ListOptions = {}): Promise<ListResult<T>> {
    const q = queryString({
      labelSelector: opts.labelSelector,
      fieldSelector: opts.fieldSelector,
      limit: opts.limit,
      continue: opts.continue,
      resourceVersion: opts.resourceVersion,
    });
    return this.transport.json<ListResult<T>>('GET', resourcePath(rt, opts.namespace) + q, undefined, undefined, 'list', opts.metadataOnly ? ACCEPT_METADATA_LIST : undefined);
  }

  create<T extends KubeObject = KubeObject>(rt: ResourceType, obj: T, opts: WriteOptions = {}): Promise<T> {
    const ns = obj.metadata?.namespace;
    return this.transport.json<T>('POST', resourcePath(rt, ns) + this.#writeQuery(opts), obj, 'application/json', 'create');
  }

  /** PUT with optimistic concurrency on metadata.resourceVersion (when the object carries one). */
  update<T extends KubeObject = KubeObject>(rt: ResourceType, obj: T, opts: WriteOptions = {}): Promise<T> {
    const path = resourcePath(rt, obj.metadata?.namespace, obj.metadata?.name ?? '', opts.subresource);
    return this.transport.json<T>('PUT', path + this.#writeQuery(opts), obj, 'application/json', 'update');
  }

  patch<T extends KubeObject = KubeObject>(
    rt: ResourceType,
    namespace: string | undefined,
    name: string,
    patchType: PatchType,
    patch: unknown,
    opts: WriteOptions = {},
  ): Promise<T> {
    const path = resourcePath(rt, namespace, name, opts.subresource);
    return this.transport.json<T>('PATCH', path + this.#writeQuery(opts), patch, PATCH_CONTENT_TYPES[patchType], 'patch');
  }

  /** Resolves with the server's answer (the object with deletionTimestamp, or a Status). */
  delete(rt: ResourceType, namespace: string | undefined, name: string, opts: DeleteOptions = {}): Promise<KubeObject> {
    const body: Record<string, unknown> = { apiVersion: 'v1', kind: 'DeleteOptions' };
    if (opts.preconditions) body.preconditions = opts.preconditions;
    if (opts.propagationPolicy) body.propagationPolicy = opts.propagationPolicy;
    if (opts.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = opts.gracePeriodSeconds;
    return this.transport.json<KubeObject>('DELETE', resourcePath(rt, namespace, name), body, 'application/json', 'delete');
  }

  updateStatus<T extends KubeObject = KubeObject>(rt: ResourceType, obj: T): Promise<T> {
    return this.update(rt, obj, { subresource: 'status' });
  }

  getScale(rt: ResourceType, namespace: string | undefined, name: string): Promise<Scale> {
    return this.get<Scale & KubeObject>(rt, namespace, name, 'scale');
  }

  updateScale(rt: ResourceType, namespace: string | undefined, name: string, scale: Scale): Promise<Scale> {
    const path = resourcePath(rt, namespace, name, 'scale');
    return this.transport.json<Scale>('PUT', path, scale, 'application/json', 'update');
  }

  /** Opens a watch stream (newline-delimited JSON watch events); see ../informer/watcher.ts. */
  watchStream(rt: ResourceType, opts: WatchOptions, signal: AbortSignal): Promise<http.IncomingMessage> {
    const q = queryString({
      watch: 1,
      labelSelector: opts.labelSelector,
      fieldSelector: opts.fieldSelector,
      resourceVersion: opts.resourceVersion,
      timeoutSeconds: opts.timeoutSeconds,
      allowWatchBookmarks: opts.allowWatchBookmarks,
    });
    return this.transport.stream(resourcePath(rt, opts.namespace) + q, signal, opts.metadataOnly ? ACCEPT_METADATA : undefined);
  }

  close(): void {
    this.transport.close();
  }

  #writeQuery(opts: WriteOptions): string {
    if (opts.fieldManager === undefined && !opts.dryRun) return this.#defaultWriteQuery;
    return queryString({ fieldManager: opts.fieldManager ?? this.fieldManager, dryRun: opts.dryRun ? 'All' : undefined });
  }
}
