// A fresh cluster per scenario run: the embedded API server (with the workloads' admission hooks, as `kactor up`)
// and the simulated nodes in THIS process
// (the controller runs in a child process, see controller.ts), or — with --kubeconfig — an existing
// cluster whose nodes are simulated by `kactor sim` (then nothing is started here and the latency
// model is whatever that simulator was given).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServerHandle } from '../../src/cluster/apiserver/index.js';
import { workloadAdmissionHooks } from '../../src/cli/admission.js';
import { ContainerLogStore, startSimulator, type LatencyOptions, type SimulatorHandle } from '../../src/cluster/nodes/index.js';
import type { NodeSpecOptions } from '../../src/cluster/nodes/node-template.js';
import { loadKubeConfig } from '../../src/runtime/client/kubeconfig.js';
import { RestClient } from '../../src/runtime/client/rest-client.js';

export interface BenchClusterOptions {
  /** An existing cluster (nodes simulated by `kactor sim`); nothing is started. */
  kubeconfig?: string;
  /** Worker nodes of the embedded simulator. @default 2 */
  nodes?: number;
  /** Per-node capacity etc. for the embedded simulator's nodes (e.g. `{ pods: 2000 }`). */
  node?: NodeSpecOptions;
  /** Latency model of the embedded simulator (simulated ms). */
  latency: Required<Pick<LatencyOptions, 'imagePullMs' | 'containerStartMs' | 'stopMs'>> & LatencyOptions;
  /** Simulated → wall-clock factor. */
  timeScale: number;
  /** Kubelet/scheduler events (off for throughput runs). @default true */
  events?: boolean;
  /** Simulator's concurrent API requests. @default 64 */
  concurrency?: number;
  /** The simulated Job controller's write rate (kube-controller-manager's 20 / 30 by default; qps 0 = unlimited). */
  jobController?: { qps: number; burst: number };
  onError?: (err: unknown, context: string) => void;
}

export interface BenchCluster {
  mode: 'embedded' | 'external';
  kubeconfigPath: string;
  /** The embedded API server (undefined with --kubeconfig). */
  apiServer?: ApiServerHandle;
  simulator?: SimulatorHandle;
  /** A plain client for the bench's own reads and writes (not the controller's). */
  client: RestClient;
  /** Description of the nodes and latency model, for the report. */
  describe(): Record<string, unknown>;
  stop(): Promise<void>;
}

export async function startBenchCluster(o: BenchClusterOptions): Promise<BenchCluster> {
  const onError = o.onError ?? (() => {});
  if (o.kubeconfig) {
    const client = await RestClient.fromKubeConfig(loadKubeConfig(o.kubeconfig), { userAgent: 'kactor-bench', fieldManager: 'kactor-bench', maxSockets: 64 });
    return {
      mode: 'external',
      kubeconfigPath: o.kubeconfig,
      client,
      describe: () => ({ mode: 'external', kubeconfig: o.kubeconfig, latency: 'as configured in `kactor sim`', timeScale: 'as configured in `kactor sim`' }),
      async stop() {
        client.close();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'kactor-bench-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  // Certificates are reused across runs (generating them costs seconds on a busy 2-core machine).
  const containerLogs = new ContainerLogStore();
  const apiServer = await startApiServer({ kubeconfigPath, watchHistorySize: 200_000, certDir: join(tmpdir(), 'kactor-bench-certs'), admission: workloadAdmissionHooks(), podLogs: containerLogs });
  const nodes = o.nodes ?? 2;
  const custom = o.node !== undefined;
  const simulator = await startSimulator({
    kubeconfigPath,
    nodes: custom ? 0 : nodes,
    controlPlane: !custom,
    latency: { jitter: 0, ...o.latency },
    timeScale: o.timeScale,
    events: o.events ?? true,
    concurrency: o.concurrency ?? 64,
    containerLogs,
    ...(o.jobController ? { jobControllerQps: o.jobController.qps, jobControllerBurst: o.jobController.burst } : {}),
    onError,
  });
  if (custom) {
    for (let i = 1; i <= nodes; i++) await simulator.addNode(`node${i}`, o.node);
  }
  const client = await RestClient.fromKubeConfig(loadKubeConfig(kubeconfigPath), { userAgent: 'kactor-bench', fieldManager: 'kactor-bench', maxSockets: 64 });
  return {
    mode: 'embedded',
    kubeconfigPath,
    apiServer,
    simulator,
    client,
    describe: () => ({
      mode: 'embedded',
      nodes,
      nodeCapacity: o.node ?? 'default (110 pods)',
      controlPlane: !custom,
      latency: { jitter: 0, ...o.latency },
      timeScale: o.timeScale,
      events: o.events ?? true,
      jobController: o.jobController ?? { qps: 20, burst: 30, as: 'kube-controller-manager --kube-api-qps/--kube-api-burst defaults' },
    }),
    async stop() {
      client.close();
      await simulator.stop();
      await apiServer.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits until `n` simulated nodes are Ready (the node agent registers them asynchronously). */
export async function waitForNodes(c: BenchCluster, n: number, timeoutMs = 60_000): Promise<void> {
  const NODES = { apiVersion: 'v1', kind: 'Node', plural: 'nodes', namespaced: false };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await c.client.list(NODES);
    const ready = list.items.filter((node) => {
      const conds = (node as { status?: { conditions?: { type: string; status: string }[] } }).status?.conditions ?? [];
      const unschedulable = (node as { spec?: { taints?: unknown[] } }).spec?.taints?.length;
      return !unschedulable && conds.some((x) => x.type === 'Ready' && x.status === 'True');
    }).length;
    if (ready >= n) return;
    if (Date.now() > deadline) throw new Error(`only ${ready} of ${n} schedulable nodes became Ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
