// `kactor up`: the default experience with no cluster at hand — the embedded API server (with the
// Kruise CRDs and the workloads' admission), simulated nodes (master1, node1, node2 by default) and
// the controller, in one process. Prints the `export KUBECONFIG=…` line; Ctrl-C stops everything.
import type { Command } from 'commander';
import { ContainerLogStore, startSimulator } from '../../cluster/nodes/index.js';
import { workloadAdmissionHooks } from '../admission.js';
import { addClusterFlags, startClusterFromFlags, stopOnSignals, type ClusterFlags } from './cluster.js';
import { addControllerFlags, controllerOptionsFromFlags, defaultDefinitionsModule, startController, type ControllerFlags } from './run.js';
import { nodeVersionHint } from '../node-version.js';

interface UpFlags extends ClusterFlags, Omit<ControllerFlags, 'kubeconfig'> {
  nodes: string;
  timeScale: string;
  latency: string;
  seed: string;
}

class UpFlagsError extends Error {
  readonly code = 'InvalidUpFlags';
}

function number(value: string, flag: string, check: (n: number) => boolean, rule: string): number {
  const n = Number(value);
  if (!check(n)) throw new UpFlagsError(`${flag} must be ${rule} (got "${value}")`);
  return n;
}

export function register(program: Command): void {
  const cmd = program
    .command('up')
    .description('start the embedded cluster (API server + simulated nodes) and the controller')
    .option('--nodes <n>', 'simulated worker nodes (node1 … nodeN), besides the tainted master1', '2')
    .option('--time-scale <x>', 'wall-clock time per simulated second (0.1 = ten times faster)', '1')
    .option('--latency <preset>', 'pod latency model: realistic or zero', 'realistic')
    .option('--seed <n>', 'seed of the simulator (jitter, failures)', '1');
  addControllerFlags(addClusterFlags(cmd)).action(async (flags: UpFlags) => {
    const nodes = number(flags.nodes, '--nodes', (n) => Number.isInteger(n) && n >= 0, 'an integer >= 0');
    const timeScale = number(flags.timeScale, '--time-scale', (n) => n > 0, 'a number > 0');
    const seed = number(flags.seed, '--seed', Number.isInteger, 'an integer');
    if (flags.latency !== 'realistic' && flags.latency !== 'zero') throw new UpFlagsError(`--latency must be "realistic" or "zero" (got "${flags.latency}")`);
    const definitionsModule = defaultDefinitionsModule();
    if (!definitionsModule) throw new UpFlagsError('no workload definitions found (src/workloads/index)');

    // The simulated kubelets write the containers' logs here; the API server serves them as pods/log.
    const containerLogs = new ContainerLogStore();
    const server = await startClusterFromFlags(flags, { admission: workloadAdmissionHooks(), podLogs: containerLogs });
    const kubeconfigPath = server.kubeconfigPath;
    if (!kubeconfigPath) throw new UpFlagsError('the API server wrote no kubeconfig');
    const sim = await startSimulator({ kubeconfigPath, nodes, timeScale, seed, latency: flags.latency as 'realistic' | 'zero', containerLogs });
    const ctl = await startController({ ...controllerOptionsFromFlags({ ...flags, kubeconfig: kubeconfigPath }), definitionsModule });
    process.stderr.write(`kactor: ${nodes} worker node(s) + master1 simulated; controller running (metrics ${ctl.metricsUrl ?? 'off'})\n`);
    process.stderr.write(`kactor: try: kubectl apply -f test/e2e/manifests/01-sts-RollingUpdate-Parallel.yaml && kubectl get asts\n`);
    const hint = nodeVersionHint();
    if (hint) process.stderr.write(`kactor: ${hint}\n`);
    await stopOnSignals(async () => {
      await ctl.stop(9000);
      await sim.stop();
      await server.stop();
    });
    process.exit(0);
  });
}
