// The controller's Prometheus metrics on one prom-client Registry (not the global default, so several
// hosts can live in one process): controller-runtime's names users know, plus kactor's own.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface RuntimeMetrics {
  registry: Registry;
  reconcileTotal: Counter<'controller' | 'result'>;
  reconcileTime: Histogram<'controller'>;
  reconcileErrors: Counter<'controller'>;
  workqueueDepth: Gauge<'name'>;
  workqueueAdds: Counter<'name'>;
  workqueueQueueDuration: Histogram<'name'>;
  workqueueRetries: Counter<'name'>;
  mailboxDepth: Gauge<'controller'>;
  actors: Gauge<'shard'>;
  workerTask: Histogram<'controller'>;
  writeQueueWait: Histogram;
  apiRequests: Counter<'verb' | 'code'>;
  apiRequestDuration: Histogram<'verb'>;
  informerReconnects: Counter<'resource' | 'reason'>;
  expectationsTimeouts: Counter<'controller'>;
  eventsDropped: Gauge;
  leader: Gauge;
  reconciles: Counter<'controller'>;
  shardOwned: Gauge<'controller'>;
  shardMembers: Gauge;
  shardServing: Gauge;
  shardHandover: Histogram<'step'>;
  tenantQueueDepth: Gauge<'tenant' | 'queue'>;
  tenantQueueWait: Histogram<'tenant' | 'queue'>;
  apiCalls: Counter<'verb' | 'group' | 'resource' | 'subresource'>;
}

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function createRuntimeMetrics(opts: { defaultMetrics?: boolean } = {}): RuntimeMetrics {
  const registry = new Registry();
  if (opts.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const r = [registry];
  return {
    registry,
    reconcileTotal: new Counter({ name: 'controller_runtime_reconcile_total', help: 'Total number of reconciliations per controller', labelNames: ['controller', 'result'], registers: r }),
    reconcileTime: new Histogram({ name: 'controller_runtime_reconcile_time_seconds', help: 'Length of time per reconciliation per controller', labelNames: ['controller'], buckets: LATENCY_BUCKETS, registers: r }),
    reconcileErrors: new Counter({ name: 'controller_runtime_reconcile_errors_total', help: 'Total number of reconciliation errors per controller', labelNames: ['controller'], registers: r }),
    workqueueDepth: new Gauge({ name: 'workqueue_depth', help: 'Current depth of workqueue (actors ready to run)', labelNames: ['name'], registers: r }),
    workqueueAdds: new Counter({ name: 'workqueue_adds_total', help: 'Total number of adds handled by workqueue', labelNames: ['name'], registers: r }),
    workqueueQueueDuration: new Histogram({ name: 'workqueue_queue_duration_seconds', help: 'How long in seconds an item stays in workqueue before being requested', labelNames: ['name'], buckets: LATENCY_BUCKETS, registers: r }),
    workqueueRetries: new Counter({ name: 'workqueue_retries_total', help: 'Total number of retries handled by workqueue', labelNames: ['name'], registers: r }),
    mailboxDepth: new Gauge({ name: 'kactor_mailbox_depth', help: 'Actors with pending messages (queued or running)', labelNames: ['controller'], registers: r }),
    actors: new Gauge({ name: 'kactor_actors', help: 'Actors held in memory per shard', labelNames: ['shard'], registers: r }),
    workerTask: new Histogram({ name: 'kactor_worker_task_seconds', help: 'Planner call time (inline or on a worker, including transfer)', labelNames: ['controller'], buckets: LATENCY_BUCKETS, registers: r }),
    writeQueueWait: new Histogram({ name: 'kactor_write_queue_wait_seconds', help: 'Time a write waited for the rate limiter and a queue slot', buckets: LATENCY_BUCKETS, registers: r }),
    apiRequests: new Counter({ name: 'kactor_api_requests_total', help: 'API requests by verb and HTTP code (0 = no answer)', labelNames: ['verb', 'code'], registers: r }),
    apiRequestDuration: new Histogram({ name: 'kactor_api_request_duration_seconds', help: 'API request latency by verb', labelNames: ['verb'], buckets: LATENCY_BUCKETS, registers: r }),
    informerReconnects: new Counter({ name: 'kactor_informer_reconnects_total', help: 'Watch reconnects after errors, watchdog aborts and 410s', labelNames: ['resource', 'reason'], registers: r }),
    expectationsTimeouts: new Counter({ name: 'kactor_expectations_timeouts_total', help: 'Turns that planned with writes unobserved after the 5-minute timeout', labelNames: ['controller'], registers: r }),
    eventsDropped: new Gauge({ name: 'kactor_events_dropped', help: 'Events dropped by the spam filter or a full queue', registers: r }),
    leader: new Gauge({ name: 'leader_election_master_status', help: '1 when this instance leads', registers: r }),
    reconciles: new Counter({ name: 'kactor_reconciles_total', help: 'Turns this replica ran for keys it owns (planner called or waiting on expectations)', labelNames: ['controller'], registers: r }),
    shardOwned: new Gauge({ name: 'kactor_shard_owned_workloads', help: 'Cached workloads this replica may reconcile now', labelNames: ['controller'], registers: r }),
    shardMembers: new Gauge({ name: 'kactor_shard_members', help: 'Live members in this replica\'s shard view (1 without sharding)', registers: r }),
    shardServing: new Gauge({ name: 'kactor_shard_serving', help: '1 when this replica serves its full share of its current view', registers: r }),
    shardHandover: new Histogram({ name: 'kactor_shard_handover_seconds', help: 'View change → our ack written (release) / → serving the new view (acquire)', labelNames: ['step'], buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32, 64], registers: r }),
    tenantQueueDepth: new Gauge({ name: 'kactor_tenant_queue_depth', help: 'Ready turns (queue="turns") and queued writes (queue="writes") per tenant', labelNames: ['tenant', 'queue'], registers: r }),
    tenantQueueWait: new Histogram({ name: 'kactor_tenant_queue_wait_seconds', help: 'Wait from ready to turn start (turns) or from queued to dispatched (writes) per tenant', labelNames: ['tenant', 'queue'], buckets: LATENCY_BUCKETS, registers: r }),
    apiCalls: new Counter({ name: 'kactor_api_calls_total', help: 'API requests by RBAC verb, API group, resource and subresource', labelNames: ['verb', 'group', 'resource', 'subresource'], registers: r }),
  };
}
