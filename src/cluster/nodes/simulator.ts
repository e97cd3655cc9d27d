// Assembles the simulated cluster members over one REST client: a shared pod informer and node
// informer, shared informers for every other kind (one watch per kind, however many members read it),
// the node agent, kubelets, scheduler, garbage collector and Job runner, one write queue with a
// concurrency cap (no rate limit), one event sink. Everything talks to the API server over HTTP(S) only.
import PQueue from 'p-queue';
import { TokenBucket } from '../../runtime/write/token-bucket.js';
import type { Node } from 'kubernetes-types/core/v1.js';
import type { KubeObject } from '../../api/index.js';
import { loadKubeConfig } from '../../runtime/client/kubeconfig.js';
import { RestClient } from '../../runtime/client/rest-client.js';
import { Informer } from '../../runtime/informer/informer.js';
import { ContainerLogStore } from './container-logs.js';
import { EventSink } from './event-sink.js';
import { Kubelet, PODS } from './kubelet.js';
import { NodeImageCache } from './kubelet-machine.js';
import { LatencyModel } from './latency.js';
import { NodeAgent, NODES } from './node-agent.js';
import { defaultNodeNames, type NodeSpecOptions } from './node-template.js';
import { resolveSimulatorOptions, type SimulatorOptions } from './options.js';
import { Scheduler } from './scheduler.js';
import { GarbageCollector } from './gc.js';
import { JobRunner } from './job-runner.js';
import { SharedInformers } from './shared-informers.js';

export interface SimulatorHandle {
  /** Stops every loop and closes the connections (nodes stay in the API server). */
  stop(): Promise<void>;
  /** Creates a simulated Node; the running simulator starts driving it. */
  addNode(name: string, opts?: NodeSpecOptions): Promise<void>;
  /** Deletes a simulated Node (its pods are removed by the simulator). */
  removeNode(name: string): Promise<void>;
  /** Counters for benches and tests. */
  stats(): Record<string, unknown>;
  /** The containers' logs the kubelets write: give it to the embedded API server as its pod log source. */
  readonly containerLogs: ContainerLogStore;
}

export async function startSimulator(options: SimulatorOptions): Promise<SimulatorHandle> {
  const o = resolveSimulatorOptions(options);
  const kc = loadKubeConfig(o.kubeconfigPath);
  const client = await RestClient.fromKubeConfig(kc, { maxSockets: o.concurrency, userAgent: 'kactor-sim', fieldManager: 'kactor-sim' });
  const queue = new PQueue({ concurrency: o.concurrency });
  const clock = o.clock;
  const onError = o.onError;
  const events = new EventSink(client, queue, clock, { enabled: o.events, onError });
  const informerOpts = { clock, onError: (resource: string, err: unknown) => onError(err, `watch ${resource}`) };
  const informers = new SharedInformers(client, informerOpts);
  const pods = new Informer<KubeObject>(client, PODS, informerOpts);
  const nodes = new Informer<KubeObject>(client, NODES, informerOpts);
  const machine = { model: new LatencyModel(o.latency, o.seed), timeScale: o.timeScale, images: new NodeImageCache() };

  let kubelet!: Kubelet;
  const agent = new NodeAgent({
    client, queue, clock, onError, leaseRenewMs: o.leaseRenewMs, nodeStatusMs: o.nodeStatusMs,
    getNode: (name) => nodes.store.get(name) as unknown as Node | undefined,
    onDriven: (name, driven, deleted) => {
      if (!driven) machine.images.dropNode(name);
      kubelet.onNodeDriven(name, driven, deleted);
    },
  });
  const containerLogs = o.containerLogs ?? new ContainerLogStore();
  kubelet = new Kubelet({ client, queue, clock, pods: pods.store, machine, events, driven: agent.driven, logs: containerLogs, onError });
  const scheduler = o.scheduler ? new Scheduler({ client, queue, clock, pods: pods.store, events, onError }) : undefined;
  const gc = o.garbageCollector ? new GarbageCollector({ client, queue, clock, pods, onError, informers }) : undefined;
  const limiter = o.jobControllerQps > 0 ? new TokenBucket(clock, { qps: o.jobControllerQps, burst: o.jobControllerBurst }) : undefined;
  const jobs = o.jobs ? new JobRunner({ client, queue, clock, pods: pods.store, events, onError, informers, seed: o.seed, limiter }) : undefined;

  nodes.on((ev) => {
    agent.onNodeEvent(ev);
    scheduler?.onNodeEvent(ev);
  });
  pods.on((ev) => {
    scheduler?.onPodEvent(ev);
    kubelet.onPodEvent(ev);
    gc?.onPodEvent(ev);
    jobs?.onPodEvent(ev);
  });
  nodes.start();
  pods.start();
  await Promise.all([nodes.synced, pods.synced]);
  // The Job runner first: its full Jobs watch then serves the garbage collector too (metadata-only otherwise).
  await jobs?.start();
  await gc?.start();
  const defaults = defaultNodeNames(o.nodes, o.controlPlane).map((name) => ({ name, opts: { controlPlane: name === 'master1' && o.controlPlane } }));
  await agent.register(defaults);
  agent.start();

  return {
    async stop() {
      agent.stop();
      kubelet.stop();
      limiter?.stop();
      await Promise.all([pods.stop(), nodes.stop(), informers.stop(), gc?.stop(), jobs?.stop()]);
      queue.clear();
      await queue.onIdle();
      client.close();
    },
    containerLogs,
    addNode: (name, opts) => agent.createNode(name, opts),
    removeNode: (name) => agent.deleteNode(name),
    stats: () => ({
      kubelet: kubelet.stats, scheduler: scheduler?.stats, events: events.stats, gc: gc?.stats, jobs: jobs?.stats,
      queue: { size: queue.size, pending: queue.pending },
    }),
  };
}
