// What the HTTP handlers share: the service, storage, registry, pure modules and tuning.
import type { Clock } from '../../../api/clock.js';
import type { FaultInjector } from '../faults/injector.js';
import type { PureModules } from '../pure.js';
import type { ResourceRegistry } from '../resource-registry.js';
import type { ObjectService } from '../service.js';
import type { Storage } from '../storage/types.js';
import type { WebhookWrites } from '../webhooks/writes.js';
import type { DiscoveryDocuments } from './discovery.js';
import type { Durability } from './durable.js';
import type { PodLogSource } from './pod-log.js';

export interface HttpTuning {
  maxBodyBytes: number;
  /** Upper bound of a watch's life when the client sets no timeoutSeconds. */
  watchTimeoutSeconds: number;
  bookmarkIntervalMs: number;
  /** A watcher whose unsent output exceeds this is closed (it re-watches from its last resourceVersion). */
  maxWatchBufferBytes: number;
}

export interface ApiContext {
  service: ObjectService;
  storage: Storage;
  registry: ResourceRegistry;
  discovery: DiscoveryDocuments;
  pure: PureModules;
  clock: Clock;
  tuning: HttpTuning;
  /** Registered admission webhooks: which apply to a write, and the writes that await them. */
  webhooks: WebhookWrites;
  /** The write-ahead log (with a data dir): write answers wait until it has them on disk. */
  durability?: Durability;
  /** Test-only fault injection (inactive unless configured). */
  faults?: FaultInjector;
  /** Answers pods/log in place of the nodes' kubelets (the simulated kubelets' log store, in-process). */
  podLogs?: PodLogSource;
  /** Open watch responses, ended on stop(). */
  watches: Set<{ close(): void }>;
}
