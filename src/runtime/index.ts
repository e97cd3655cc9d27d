// src/runtime — Kubernetes plumbing that knows no workload: the REST client (client/), guarded
// informers and their indexed stores (informer/), triggers, expectations, the rate-limited write
// queue (write/), the executor of Plans, the event recorder, metrics and probes, Lease leader
// election, and the controller host that assembles them around the actors' ActorSystem/ShardPool.
// It imports src/api and src/actors only — never src/workloads (src/cli hands definitions in) and
// never src/cluster. The informer, store and client pieces carry no controller concerns, so the
// simulated nodes reuse them.
export * from './workload-definition.js';
export * from './errors.js';
export { loadKubeConfig } from './client/kubeconfig.js';
export { RestClient, PATCH_CONTENT_TYPES, type PatchType, type ListOptions, type ListResult, type WriteOptions, type DeleteOptions, type WatchOptions, type Scale } from './client/rest-client.js';
export { Transport, type TransportOptions } from './client/transport.js';
export { resourcePath } from './client/resource-path.js';
export { Informer, type InformerEvent, type InformerHandler, type InformerOptions, type InformerState, type EventSource } from './informer/informer.js';
export { Store, defaultIndexers, INDEX_CONTROLLER_UID, INDEX_NAMESPACE, INDEX_NODE_NAME, type IndexFn, type StoreReader } from './informer/store.js';
export { TokenBucket, type TokenBucketOptions } from './write/token-bucket.js';
export { WriteQueue, WritePriority, type WriteQueueOptions, type WriteOptions as WriteQueueRunOptions } from './write/write-queue.js';
export { HashRing, ringId } from './sharding/hash-ring.js';
export { ShardState, type ShardPhase } from './sharding/shard-state.js';
export { MemberLease, resolveShardingOptions, type ShardingOptions } from './sharding/member-lease.js';
export { ShardCoordinator, type ShardHooks } from './sharding/coordinator.js';
export { Expectations, EXPECTATIONS_TIMEOUT_MS, type Expectation } from './expectations.js';
export { actorKey, parseActorKey } from './triggers.js';
export { buildSnapshot } from './snapshot.js';
export { statusDiffers } from './status.js';
export { EventRecorder, type EventRecorderOptions } from './event-recorder.js';
export { Executor } from './executor.js';
export { LeaderElector, LEASES, type LeaderElectionOptions } from './leader-election.js';
export { createRuntimeMetrics, type RuntimeMetrics } from './metrics.js';
export { createLogger, objRef, type Logger } from './logger.js';
export { loadDefinitions } from './definitions-module.js';
export { startController, resolveControllerOptions, NODES, type Controller, type ControllerOptions, type ControllerStats } from './controller-host.js';
