// The storage contract the API semantics sit on: versioned records, sorted listing, watch with bounded
// history. Kept small so a write-ahead-logged or fault-injecting store can wrap or replace the in-memory one.
import type { KubeObject } from '../../../api/objects.js';

/** One stored version of an object: frozen, serialized once (the bytes are reused for every reader). */
export interface StoredObject {
  readonly obj: Readonly<KubeObject>;
  readonly json: string;
  readonly rv: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** A change to one resource: `rec` is the new state (for DELETED, the last state stamped with the deletion rv). */
export interface StoreEvent {
  readonly type: WatchEventType;
  readonly rec: StoredObject;
  /** The state before the change (MODIFIED and DELETED). */
  readonly prev?: StoredObject;
}

export interface StoreWatch {
  cancel(): void;
}

export class ResourceVersionTooOldError extends Error {
  readonly code = 'ResourceVersionTooOld';
  constructor(readonly requested: number, readonly oldest: number) {
    super(`too old resource version: ${requested} (${oldest})`);
  }
}

export interface Storage {
  /** The latest resourceVersion handed out (global across resources). */
  readonly currentRv: number;
  get(resource: string, namespace: string, name: string): StoredObject | undefined;
  /** Objects sorted by namespace then name; all namespaces when `namespace` is undefined. */
  list(resource: string, namespace?: string): StoredObject[];
  count(resource: string, namespace?: string): number;
  /** Stores a new object; the store stamps metadata.resourceVersion. The caller checks existence. */
  create(resource: string, obj: KubeObject): StoredObject;
  /** Replaces an existing object; the store stamps metadata.resourceVersion. */
  update(resource: string, obj: KubeObject): StoredObject;
  /** Removes an object, emitting DELETED stamped with a new resourceVersion. */
  remove(resource: string, namespace: string, name: string): StoredObject | undefined;
  /** Namespaces that hold objects of this resource. */
  namespaces(resource: string): string[];
  /**
   * The objects as they were at resourceVersion `rv` (sorted as `list`), rebuilt from the event window;
   * throws ResourceVersionTooOldError when the window no longer reaches back to `rv`.
   */
  listAt(resource: string, rv: number, namespace?: string): StoredObject[];
  /**
   * Starts the event window of `resource` (of every resource when omitted) afresh at the current
   * resourceVersion, as kube-apiserver's watch cache starts at its initial list: at server start, and for
   * a custom resource when its CRD is created. A watch from before that answers 410.
   */
  resetHistory?(resource?: string): void;
  /**
   * Streams events of `resource` with rv > `sinceRv` (history replayed first, synchronously), then live ones.
   * Throws ResourceVersionTooOldError when history no longer reaches back to `sinceRv`.
   */
  watch(resource: string, sinceRv: number, sink: (ev: StoreEvent) => void): StoreWatch;
  /** Drops every object of a resource (CRD deletion), emitting DELETED for each. */
  dropResource(resource: string): void;
}
