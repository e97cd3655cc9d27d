// The controller host: assembles the runtime's stages for a set of workload definitions —
// informers (one per kind) → triggers → one ActorSystem per controller → snapshot → planner (inline or
// on the ShardPool) → executor (write queue, expectations, events) — plus metrics, probes and
// leader election or shard membership (sharding/), and fair queueing of turns and writes per tenant.
// It knows no workload: definitions come as values or as a module URL.
import { ActorSystem } from '../actors/index.js';
import type { KubeObject } from '../api/index.js';
import { loadKubeConfig } from './client/kubeconfig.js';
import { RestClient } from './client/rest-client.js';
import { loadDefinitions, validateDefinitions } from './definitions-module.js';
import { ReplanError } from './errors.js';
import { EventRecorder } from './event-recorder.js';
import { Executor } from './executor.js';
import { Expectations } from './expectations.js';
import { Informer, type InformerEvent } from './informer/informer.js';
import { LeaderElector } from './leader-election.js';
import { createLogger } from './logger.js';
import { createRuntimeMetrics } from './metrics.js';
import { nodeChangeMatters } from './node-changes.js';
import { requestInfoOf } from './client/request-info.js';
import { ShardCoordinator } from './sharding/coordinator.js';
import { InlinePlannerRunner, type PlannerRunner } from './planner-runner.js';
import type { SnapshotTransport } from './pool-planner-runner.js';
import { parseBindAddress, startProbeServer, type ProbeServer } from './probe-server.js';
import { buildSnapshot } from './snapshot.js';
import { actorKey, keysForNode, keysForOwned, parseActorKey, type TriggerContext } from './triggers.js';
import { WriteQueue } from './write/write-queue.js';
import type { ResourceType, WorkloadDefinition } from './workload-definition.js';

export { NODES, resolveControllerOptions, type ActorMessage, type Controller, type ControllerOptions, type ControllerStats } from './controller-options.js';
import { NODES, resolveControllerOptions, type ActorMessage, type Controller, type ControllerOptions } from './controller-options.js';

export async function startController(options: ControllerOptions): Promise<Controller> {
  const o = resolveControllerOptions(options);
  const log = o.logger ?? createLogger(o.logLevel ?? 'info');
  const definitions = o.definitions ?? (await loadDefinitions(o.definitionsModule!));
  validateDefinitions(definitions);
  const metricsBind = parseBindAddress(o.metricsBindAddress, '--metrics-bind-address');
  const probeBind = parseBindAddress(o.healthProbeBindAddress, '--health-probe-bind-address');
  const kc = typeof o.kubeconfig === 'object' ? o.kubeconfig : loadKubeConfig(o.kubeconfig);
  const metrics = createRuntimeMetrics();
  const client = await RestClient.fromKubeConfig(kc, {
    fieldManager: o.fieldManager ?? 'kactor',
    onResponse: (verb, code, ms, path) => {
      metrics.apiRequests.inc({ verb, code: String(code) });
      metrics.apiRequestDuration.observe({ verb }, ms / 1000);
      const info = requestInfoOf(path);
      if (info) metrics.apiCalls.inc({ verb, ...info });
    },
  });
  const clock = o.clock;
  const runner = await createPlannerRunner(o.workers, o.definitionsModule, o.snapshotTransport ?? 'resident');

  // Informers: one per kind, shared by every definition that reads that kind.
  const informers = new Map<string, Informer>();
  const addInformer = (rt: ResourceType) => {
    if (informers.has(rt.kind)) return;
    informers.set(
      rt.kind,
      new Informer(client, rt, {
        clock,
        namespace: rt.namespaced ? o.namespace : undefined,
        resyncMs: o.resyncMs,
        onReconnect: (resource, reason) => {
          metrics.informerReconnects.inc({ resource, reason });
          log.info({ resource, reason }, 'watch reconnect');
        },
        onError: (resource, err) => log.warn({ resource, err: String(err) }, 'informer error'),
      }),
    );
  };
  for (const d of definitions) {
    addInformer(d.resource);
    for (const rt of d.owns) addInformer(rt);
  }
  if (definitions.some((d) => d.watchesNodes)) addInformer(NODES);
  const storeOf = (kind: string) => informers.get(kind)?.store;
  const ownedKinds = new Set(definitions.flatMap((d) => d.owns.map((r) => r.kind)));
  runner.attach?.({ definitions, ownedKinds, storeOf });

  const expectations = new Expectations(clock, storeOf);
  const weights = o.tenantWeights ?? {};
  const tenantWeight = (t: string) => weights[t] ?? 1;
  const tenantOf = (key: string): string => {
    const { kind, namespace, name } = parseActorKey(key);
    if (o.tenantLabel) {
      const v = storeOf(kind)?.getByName(namespace, name)?.metadata?.labels?.[o.tenantLabel];
      if (v) return v;
    }
    return namespace ?? '';
  };
  const writes = new WriteQueue(clock, {
    qps: o.qps,
    burst: o.burst,
    scheduleBurst: o.scheduleBurst,
    ...(o.tenantReserve === undefined ? {} : { tenantReserve: o.tenantReserve }),
    tenantWeight,
    onWait: (ms, tenant) => {
      metrics.writeQueueWait.observe(ms / 1000);
      metrics.tenantQueueWait.observe({ tenant, queue: 'writes' }, ms / 1000);
    },
  });
  const recorders = new Map<string, EventRecorder>();
  const executors = new Map<string, Executor>();
  for (const d of definitions) {
    const recorder = new EventRecorder(client, { component: d.controllerName, clock, onError: (err) => log.debug({ err: String(err) }, 'event write failed') });
    recorders.set(d.resource.kind, recorder);
    executors.set(d.resource.kind, new Executor({ client, writes, expectations, recorder, tenantOf }));
  }

  let stopping = false;
  let leading = !o.leaderElection;
  const systems = new Map<string, ActorSystem<ActorMessage>>();
  const defByKind = new Map(definitions.map((d) => [d.resource.kind, d]));

  // Shard ownership: turns of keys this replica may not run are skipped; `running` lets a drain wait
  // for the turns (and their writes) of keys being handed over.
  let shard: ShardCoordinator | undefined;
  const running = new Map<string, number>();
  const turnEndWaiters: Array<() => void> = [];
  const wallNow = () => performance.timeOrigin + performance.now();
  const turn = async (def: WorkloadDefinition, key: string, releaseSlot: () => void): Promise<{ requeueAfterMs?: number } | void> => {
    if (shard && !shard.mayRun(key)) return;
    running.set(key, (running.get(key) ?? 0) + 1);
    const t0 = wallNow();
    metrics.reconciles.inc({ controller: def.controllerName });
    try {
      return await ownedTurn(def, key, releaseSlot);
    } finally {
      const n = running.get(key)! - 1;
      if (n === 0) running.delete(key);
      else running.set(key, n);
      if (o.logTurns) log.info({ turn: key, t0, t1: wallNow() }, 'turn');
      turnEndWaiters.splice(0).forEach((w) => w());
    }
  };
  const ownedTurn = async (def: WorkloadDefinition, key: string, releaseSlot: () => void): Promise<{ requeueAfterMs?: number } | void> => {
    const { namespace, name } = parseActorKey(key);
    const workload = storeOf(def.resource.kind)?.getByName(namespace, name);
    if (!workload || (def.matches && !def.matches(workload))) {
      expectations.forget(key);
      systems.get(def.resource.kind)?.drop(key);
      return;
    }
    const check = expectations.check(key);
    if (!check.ready) {
      if (o.logTurns) log.info({ turn: key, pending: check.pending, waitMs: check.waitMs }, 'waiting for expectations');
      return { requeueAfterMs: check.waitMs };
    }
    if (check.expired.length > 0) {
      metrics.expectationsTimeouts.inc({ controller: def.controllerName });
      log.warn({ controller: def.controllerName, obj: { kind: def.resource.kind, namespace, name }, pending: check.expired }, 'expectations timed out; planning with pending writes');
    }
    const snapshot = buildSnapshot(def, workload, storeOf, check.expired);
    const t0 = performance.now();
    const plan = await runner.plan(key, def, snapshot, clock.now());
    metrics.workerTask.observe({ controller: def.controllerName }, (performance.now() - t0) / 1000);
    if (stopping) return;
    if (o.logTurns) log.info({ turn: key, plan: describePlan(plan) }, 'plan');
    await executors.get(def.resource.kind)!.execute(key, def, workload, plan, { beforeStatus: releaseSlot });
    return plan.requeueAfterMs !== undefined ? { requeueAfterMs: plan.requeueAfterMs } : undefined;
  };

  for (const def of definitions) {
    const controller = def.controllerName;
    systems.set(
      def.resource.kind,
      new ActorSystem<ActorMessage>({
        clock,
        concurrency: o.concurrency,
        tenantOf,
        tenantWeight,
        turn: (key, _messages, info) => turn(def, key, info.releaseSlot),
        onTurnStart: (key, queuedMs) => {
          metrics.workqueueQueueDuration.observe({ name: controller }, queuedMs / 1000);
          metrics.tenantQueueWait.observe({ tenant: tenantOf(key), queue: 'turns' }, queuedMs / 1000);
          o.onTurnStart?.(controller, key, queuedMs);
        },
        onTurnEnd: (key, durationMs, result) => {
          metrics.reconcileTime.observe({ controller }, durationMs / 1000);
          o.onTurnEnd?.(controller, key, durationMs, result);
          metrics.reconcileTotal.inc({ controller, result: result === 'requeue' ? 'requeue_after' : result });
        },
        onTurnError: (key, err, attempt, retryInMs) => {
          metrics.workqueueRetries.inc({ name: controller });
          metrics.reconcileErrors.inc({ controller });
          const level = err instanceof ReplanError ? 'debug' : 'warn';
          log[level]({ controller, key, attempt, retryInMs, err: (err as Error)?.message ?? String(err) }, 'reconcile failed; retrying');
        },
        onTerminal: (key, err) => log.error({ controller, key, err: (err as Error)?.message ?? String(err) }, 'reconcile failed terminally'),
      }),
    );
  }

  // No turn runs before every cache has synced (a planner must never see a half-listed cache: it
  // would create what exists); on sync every workload is enqueued at low priority.
  let ready = false;
  const tell = (key: string, source: ActorMessage['source'], low: boolean) => {
    if (stopping || !leading || !ready) return;
    if (shard && !shard.mayRun(key)) return;
    const kind = key.slice(0, key.indexOf('/'));
    const system = systems.get(kind);
    if (!system) return;
    system.tell(key, { source }, { priority: low ? 'low' : 'normal' });
    metrics.workqueueAdds.inc({ name: defByKind.get(kind)!.controllerName });
  };

  const triggerCtx: TriggerContext = { definitions, workloads: (kind) => storeOf(kind) };
  for (const [kind, informer] of informers) {
    const asWorkload = definitions.filter((d) => d.resource.kind === kind);
    const isOwned = ownedKinds.has(kind);
    const isNode = kind === 'Node';
    informer.on((ev: InformerEvent) => {
      runner.observe?.(kind, ev);
      const low = ev.source === 'list' || ev.source === 'resync';
      for (const d of asWorkload) {
        if (!d.matches || d.matches(ev.object) || (ev.old && d.matches(ev.old))) {
          tell(actorKey(kind, ev.object.metadata?.namespace, ev.object.metadata?.name ?? ''), ev.source, low);
        }
      }
      if (isOwned) for (const key of keysForOwned(triggerCtx, kind, ev.object, ev.old)) tell(key, ev.source, low);
      if (isNode && (ev.type !== 'MODIFIED' || ev.source === 'resync' || nodeChangeMatters(ev.old, ev.object))) {
        for (const key of keysForNode(triggerCtx)) tell(key, 'node', low);
      }
    });
  }

  const enqueueAll = (source: ActorMessage['source']) => {
    for (const d of definitions) {
      for (const w of storeOf(d.resource.kind)?.list() ?? []) {
        if (!d.matches || d.matches(w)) tell(actorKey(d.resource.kind, w.metadata?.namespace, w.metadata?.name ?? ''), source, true);
      }
    }
  };

  let elector: LeaderElector | undefined;
  if (o.leaderElection) {
    const leOpts = typeof o.leaderElection === 'object' ? o.leaderElection : {};
    elector = new LeaderElector(client, clock, leOpts, {
      onStartedLeading: () => {
        leading = true;
        metrics.leader.set(1);
        log.info({ identity: elector!.identity }, 'became leader');
        if (ready) enqueueAll('leader');
      },
      onStoppedLeading: () => {
        leading = false;
        metrics.leader.set(0);
        log.error({ identity: elector!.identity }, 'leadership lost');
        o.onLostLeadership?.();
      },
      onNewLeader: (id) => log.info({ leader: id }, 'observed leader'),
    });
  } else metrics.leader.set(1);

  if (o.sharding) {
    shard = new ShardCoordinator(client, clock, o.sharding, {
      release: () => {
        for (const d of definitions) {
          const sys = systems.get(d.resource.kind)!;
          for (const w of storeOf(d.resource.kind)?.list() ?? []) {
            const key = actorKey(d.resource.kind, w.metadata?.namespace, w.metadata?.name ?? '');
            if (!shard!.mayRun(key)) {
              sys.drop(key);
              expectations.forget(key);
            }
          }
        }
      },
      drained: async () => {
        while ([...running.keys()].some((k) => !shard!.mayRun(k))) await new Promise<void>((r) => turnEndWaiters.push(r));
      },
      acquired: () => {
        if (ready) enqueueAll('leader');
      },
      onPhase: (phase, members) => {
        metrics.shardMembers.set(members.length);
        metrics.shardServing.set(phase === 'Serving' ? 1 : 0);
        log.info({ identity: shard!.identity, phase, members }, 'shard phase');
      },
      onHandover: (step, ms) => {
        metrics.shardHandover.observe({ step }, ms / 1000);
        log.info({ step, ms }, 'shard handover');
      },
    });
  } else {
    metrics.shardMembers.set(1);
    metrics.shardServing.set(1);
  }

  for (const inf of informers.values()) inf.start();
  const synced = Promise.all([...informers.values()].map((i) => i.synced)).then(() => undefined);
  void synced.then(() => {
    ready = true;
    enqueueAll('list');
    log.info({ kinds: [...informers.keys()], controllers: definitions.map((d) => d.controllerName), workers: o.workers }, 'caches synced');
  });
  elector?.start();
  shard?.start();

  const beforeScrape = () => {
    const perShard = new Map<number, number>();
    for (const d of definitions) {
      const sys = systems.get(d.resource.kind)!;
      const s = sys.stats();
      metrics.workqueueDepth.set({ name: d.controllerName }, s.queued);
      metrics.mailboxDepth.set({ controller: d.controllerName }, s.queued + s.running);
      let owned = 0;
      for (const k of storeOf(d.resource.kind)?.keys() ?? []) {
        const key = `${d.resource.kind}/${k}`;
        const workerShard = runner.shardOf(key);
        perShard.set(workerShard, (perShard.get(workerShard) ?? 0) + 1);
        if (!shard || shard.mayRun(key)) owned++;
      }
      metrics.shardOwned.set({ controller: d.controllerName }, owned);
    }
    metrics.tenantQueueDepth.reset();
    const turnDepth = new Map<string, number>();
    for (const sys of systems.values()) for (const [t, n] of sys.queuedByTenant()) turnDepth.set(t, (turnDepth.get(t) ?? 0) + n);
    for (const [tenant, n] of turnDepth) metrics.tenantQueueDepth.set({ tenant, queue: 'turns' }, n);
    for (const [tenant, n] of writes.queuedByTenant()) metrics.tenantQueueDepth.set({ tenant, queue: 'writes' }, n);
    metrics.actors.reset();
    for (const [shard, n] of perShard) metrics.actors.set({ shard: String(shard) }, n);
    let dropped = 0;
    for (const r of recorders.values()) dropped += r.stats.dropped;
    metrics.eventsDropped.set(dropped);
  };

  const servers: ProbeServer[] = [];
  let metricsUrl: string | undefined;
  let probeUrl: string | undefined;
  const sameAddress = metricsBind && probeBind && metricsBind.host === probeBind.host && metricsBind.port === probeBind.port && metricsBind.port !== 0;
  const healthy = () => !stopping;
  const isReady = () => ready && (o.readinessGate?.() ?? true);
  if (metricsBind) {
    const s = await startProbeServer(metricsBind, { registry: metrics.registry, beforeScrape, ...(sameAddress ? { healthy, ready: isReady } : {}) });
    servers.push(s);
    metricsUrl = s.url;
    if (sameAddress) probeUrl = s.url;
  }
  if (probeBind && !sameAddress) {
    const s = await startProbeServer(probeBind, { healthy, ready: isReady });
    servers.push(s);
    probeUrl = s.url;
  }

  let stopPromise: Promise<void> | undefined;
  const stop = (timeoutMs = 9000): Promise<void> => {
    stopPromise ??= (async () => {
      stopping = true;
      log.info('stopping: no new events; finishing in-flight turns and writes');
      const drain = (async () => {
        await Promise.all([...systems.values()].map((s) => s.stop()));
        await Promise.all([...executors.values()].map((e) => e.onIdle()));
        await Promise.all([...recorders.values()].map((r) => r.flush()));
      })();
      const timedOut = await Promise.race([drain.then(() => false), sleepReal(timeoutMs).then(() => true)]);
      if (timedOut) log.warn({ timeoutMs }, 'shutdown deadline reached with writes in flight');
      writes.stop();
      await elector?.stop();
      // After a drain that timed out, writes may still land: peers must wait for our lease to expire.
      await shard?.stop(!timedOut);
      await Promise.all([...informers.values()].map((i) => i.stop()));
      await runner.close();
      await Promise.all(servers.map((s) => s.close()));
      client.close();
      log.info('stopped');
    })();
    return stopPromise;
  };

  return {
    synced,
    metrics,
    client,
    logger: log,
    metricsUrl,
    probeUrl,
    isReady: () => ready,
    isLeader: () => leading,
    get shard() {
      return shard;
    },
    store: storeOf,
    stats: () => {
      let turns = 0, retries = 0, actors = 0, queued = 0, running = 0, reconnects = 0;
      for (const s of systems.values()) {
        const st = s.stats();
        turns += st.turns;
        retries += st.retries;
        actors += st.keys;
        queued += st.queued;
        running += st.running;
      }
      for (const i of informers.values()) reconnects += i.stats.reconnects;
      return { turns, retries, actors, queued, running, writesQueued: writes.size, expectations: expectations.size, informerReconnects: reconnects };
    },
    stop,
  };
}

async function createPlannerRunner(workers: number, definitionsModule: URL | string | undefined, mode: SnapshotTransport): Promise<PlannerRunner> {
  if (workers === 0) return new InlinePlannerRunner();
  const { PoolPlannerRunner } = await import('./pool-planner-runner.js');
  return PoolPlannerRunner.create(workers, definitionsModule!, mode);
}

/** One line per plan for turn logs: each phase's writes (verb, kind/name, subresource), the requeue. */
function describePlan(plan: import('../api/index.js').Plan): string {
  const phases = plan.phases.map((ph) => ph.map((a) => {
    const ref = a.type === 'create' || a.type === 'update' ? a.object.metadata?.name : a.ref.name;
    const sub = 'subresource' in a && a.subresource ? `/${a.subresource}` : '';
    const body = a.type === 'patch' ? ` ${JSON.stringify(a.patch).slice(0, 600)}` : '';
    return `${a.type} ${ref}${sub}${body}`;
  }).join(' | '));
  return `${phases.map((p, i) => `[${i + 1}] ${p}`).join(' ')}${plan.requeueAfterMs !== undefined ? ` requeue ${plan.requeueAfterMs}ms` : ''}`;
}

function sleepReal(ms: number): Promise<void> {
  return new Promise((r) => {
    const t = setTimeout(r, ms);
    t.unref();
  });
}

export type { KubeObject };
