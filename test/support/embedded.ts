// Test helper: what `kactor up` runs, in-process — the embedded API server (free loopback port, Kruise
// CRDs, workload admission), simulated nodes (master1 + N workers) and the controller — plus a kubectl
// runner. Every piece still talks HTTPS to the API server, as in production.
import { ContainerLogStore, startSimulator, type SimulatorHandle, type SimulatorOptions } from '../../src/cluster/nodes/index.js';
import { startController, type Controller, type ControllerOptions } from '../../src/runtime/controller-host.js';
import { workloadAdmissionHooks } from '../../src/cli/admission.js';
import { definitions } from '../../src/workloads/index.js';
import { startTestCluster, type TestCluster } from './cluster.js';

export interface EmbeddedOptions {
  /** Simulated worker nodes. @default 2 */
  nodes?: number;
  /** Simulator time scale. @default 0.05 (a 1 s pod start takes 50 ms) */
  timeScale?: number;
  latency?: SimulatorOptions['latency'];
  /** Controller options (workers, qps …). */
  controller?: Partial<ControllerOptions>;
  /** Start without the controller (tests that start/stop it themselves). */
  withoutController?: boolean;
}

export interface Embedded extends TestCluster {
  sim: SimulatorHandle;
  controller: Controller | undefined;
  startController(extra?: Partial<ControllerOptions>): Promise<Controller>;
}

export async function startEmbedded(opts: EmbeddedOptions = {}): Promise<Embedded> {
  // As `kactor up`: the simulated kubelets' container logs answer pods/log.
  const containerLogs = new ContainerLogStore();
  const cluster = await startTestCluster({ port: 0, admission: workloadAdmissionHooks(), podLogs: containerLogs });
  const sim = await startSimulator({
    kubeconfigPath: cluster.kubeconfigPath,
    containerLogs,
    nodes: opts.nodes ?? 2,
    timeScale: opts.timeScale ?? 0.05,
    latency: opts.latency ?? 'realistic',
    seed: 7,
  });
  const launch = (extra: Partial<ControllerOptions> = {}) =>
    startController({
      kubeconfig: cluster.kubeconfigPath,
      definitions,
      metricsBindAddress: '0',
      healthProbeBindAddress: '0',
      logLevel: 'silent',
      qps: 0,
      ...opts.controller,
      ...extra,
    });
  const embedded: Embedded = {
    ...cluster,
    sim,
    controller: opts.withoutController ? undefined : await launch(),
    async startController(extra) {
      embedded.controller = await launch(extra);
      return embedded.controller;
    },
    async stop() {
      await embedded.controller?.stop(2000);
      await sim.stop();
      await cluster.stop();
    },
  };
  return embedded;
}
