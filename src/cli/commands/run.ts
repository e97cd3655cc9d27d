// `kactor run`: the controller's entry point against any cluster (kubeconfig, or in-cluster config
// when none). Loads the workload definitions from src/workloads/index.ts (the integrator's list of
// every definition) unless given another module, and runs the runtime's controller host until
// SIGTERM/SIGINT, then drains in-flight writes and exits 0 within 10 s.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { startController, type Controller, type ControllerOptions } from '../../runtime/controller-host.js';
import { RuntimeOptionsError } from '../../runtime/errors.js';

export { startController, type Controller, type ControllerOptions };

/** The flags `kactor run` accepts (and `kactor up` may reuse through addControllerFlags). */
export interface ControllerFlags {
  kubeconfig?: string;
  workers: string;
  qps: string;
  burst: string;
  metricsBindAddress: string;
  healthProbeBindAddress: string;
  leaderElect: boolean;
  leaderElectionNamespace: string;
  logLevel: string;
  namespace?: string;
}

export function addControllerFlags(cmd: Command): Command {
  return cmd
    .option('--workers <n>', 'planner worker threads; 0 plans inline on the main thread', '0')
    .option('--qps <n>', 'API writes per second across the process (0 = unlimited)', '50')
    .option('--burst <n>', 'API write burst', '100')
    .option('--metrics-bind-address <addr>', 'address of /metrics ("0" disables)', '127.0.0.1:8080')
    .option('--health-probe-bind-address <addr>', 'address of /healthz and /readyz ("0" disables)', '127.0.0.1:8081')
    .option('--leader-elect', 'elect a leader with a coordination.k8s.io Lease before reconciling (off for the embedded cluster)', false)
    .option('--leader-election-namespace <ns>', 'namespace of the leader-election Lease', 'kube-system')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent', 'info')
    .option('--namespace <ns>', 'reconcile only this namespace (default: all)');
}

function int(value: string, flag: string, min = 0): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new RuntimeOptionsError(`${flag} must be an integer >= ${min} (got "${value}")`);
  return n;
}

export function controllerOptionsFromFlags(flags: ControllerFlags): Omit<ControllerOptions, 'definitions' | 'definitionsModule'> {
  const qps = Number(flags.qps);
  if (!(qps >= 0)) throw new RuntimeOptionsError(`--qps must be a non-negative number (got "${flags.qps}")`);
  return {
    kubeconfig: flags.kubeconfig,
    workers: int(flags.workers, '--workers'),
    qps,
    burst: int(flags.burst, '--burst', 1),
    metricsBindAddress: flags.metricsBindAddress,
    healthProbeBindAddress: flags.healthProbeBindAddress,
    leaderElection: flags.leaderElect ? { namespace: flags.leaderElectionNamespace } : false,
    logLevel: flags.logLevel,
    namespace: flags.namespace,
  };
}

/** Stops the controller on SIGTERM/SIGINT and exits 0 within 10 s; exits 1 when leadership is lost. */
export function exitOnSignals(ctl: Controller): void {
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctl.logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      ctl.logger.warn('shutdown took longer than 9.5 s; exiting');
      process.exit(0);
    }, 9500);
    force.unref();
    ctl.stop(9000).then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
}

/** The default definitions module: src/workloads/index.(ts|js), once the integrator has created it. */
export function defaultDefinitionsModule(): URL | undefined {
  for (const ext of ['js', 'ts']) {
    const url = new URL(`../../workloads/index.${ext}`, import.meta.url);
    if (existsSync(fileURLToPath(url))) return url;
  }
  return undefined;
}

/** Registers `kactor run` with the definitions module to load (what src/cli wires). */
export function registerRun(program: Command, definitionsModule: URL | (() => URL | undefined)): void {
  const cmd = program
    .command('run')
    .description('run the controller against a cluster (kubeconfig, else in-cluster config)')
    .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG, ~/.kube/config, else in-cluster)');
  addControllerFlags(cmd).action(async (flags: ControllerFlags) => {
    const url = typeof definitionsModule === 'function' ? definitionsModule() : definitionsModule;
    if (!url) throw new RuntimeOptionsError('no workload definitions: src/workloads/index.ts does not exist yet');
    const ctl = await startController({ ...controllerOptionsFromFlags(flags), definitionsModule: url, onLostLeadership: () => process.exit(1) });
    exitOnSignals(ctl);
    ctl.logger.info({ metrics: ctl.metricsUrl, probes: ctl.probeUrl }, 'controller started');
  });
}

export function register(program: Command): void {
  registerRun(program, defaultDefinitionsModule);
}
