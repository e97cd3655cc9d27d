// `kactor run`: the controller's entry point against any cluster (kubeconfig, or in-cluster config
// when none). Loads the workload definitions from src/workloads/index.ts (the integrator's list of
// every definition) unless given another module, and runs the runtime's controller host until
// SIGTERM/SIGINT, then drains in-flight writes and exits 0 within 10 s. `--shard-mode leases` splits
// the workloads between replicas (src/runtime/sharding/README.md); `--tenant-*` tune fair queueing.
// The bound metrics/probe addresses are logged ("controller started", fields metrics/probes), so
// `--metrics-bind-address 127.0.0.1:0` can be used and the port read from the log.
import { DEFAULT_SCHEDULE_BURST } from '../../runtime/write/write-queue.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { startController, type Controller, type ControllerOptions } from '../../runtime/controller-host.js';
import { RuntimeOptionsError } from '../../runtime/errors.js';
import { createLogger } from '../../runtime/logger.js';
import { nodeVersionHint } from '../node-version.js';
import { addWebhookFlags, startWebhooksFromFlags, type WebhookFlags } from './webhook-flags.js';

export { startController, type Controller, type ControllerOptions };

/** The flags `kactor run` accepts (and `kactor up` may reuse through addControllerFlags). */
export interface ControllerFlags {
  kubeconfig?: string;
  workers: string;
  qps: string;
  burst: string;
  scheduleBurst?: string;
  tenantReserve?: string;
  metricsBindAddress: string;
  healthProbeBindAddress: string;
  leaderElect: boolean;
  leaderElectionNamespace: string;
  logLevel: string;
  namespace?: string;
  shardMode?: string;
  shardGroup?: string;
  identity?: string;
  leaseDuration?: string;
  renewDeadline?: string;
  retryPeriod?: string;
  tenantLabel?: string;
  tenantQpsShare?: string[];
  logTurns?: boolean;
  fieldManager?: string;
}

export function addControllerFlags(cmd: Command): Command {
  return cmd
    .option('--workers <n>', 'planner worker threads; 0 plans inline on the main thread', '0')
    .option('--qps <n>', 'API writes per second across the process (0 = unlimited)', '50')
    .option('--burst <n>', 'API write burst', '100')
    .option('--schedule-burst <n>', 'writes due at a scheduled time (AdvancedCronJob children) may borrow this many tokens beyond an empty bucket, repaid by later writes (0 = none)', String(DEFAULT_SCHEDULE_BURST))
    .option('--metrics-bind-address <addr>', 'address of /metrics ("0" disables)', '127.0.0.1:8080')
    .option('--health-probe-bind-address <addr>', 'address of /healthz and /readyz ("0" disables)', '127.0.0.1:8081')
    .option('--leader-elect', 'elect a leader with a coordination.k8s.io Lease before reconciling (off for the embedded cluster)', false)
    .option('--leader-election-namespace <ns>', 'namespace of the leader-election and shard-member Leases', 'kube-system')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent', 'info')
    .option('--namespace <ns>', 'reconcile only this namespace (default: all)')
    .option('--shard-mode <mode>', '"none", or "leases": replicas split workloads by consistent hashing over member Leases', 'none')
    .option('--shard-group <name>', 'replicas with the same group share the workloads', 'kactor')
    .option('--identity <id>', 'this replica\'s identity in Leases (default: hostname_random); use the pod name')
    .option('--lease-duration <dur>', 'Lease duration for leader election and shard membership', '15s')
    .option('--renew-deadline <dur>', 'renewals failing this long give up leadership / fence the replica', '10s')
    .option('--retry-period <dur>', 'Lease renew and poll period', '2s')
    .option('--tenant-label <label>', 'fair-queue turns and writes per value of this workload label (default: per namespace)')
    .option('--tenant-reserve <n>', 'write tokens kept for tenants with at most this many writes queued while another tenant has a backlog (default: burst / 4)')
    .option('--tenant-qps-share <tenant=weight>', 'a tenant\'s share of turns and writes per round (repeatable or comma-separated; default 1)', collect, [] as string[])
    .option('--log-turns', 'log each turn of an owned key with wall-clock start/end (ownership monitor)', false)
    .option('--field-manager <name>', 'field manager of the controller\'s writes (kubectl get --show-managed-fields)', 'kactor');
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, ...value.split(',').filter(Boolean)];
}

/** "15s", "500ms", "1m" or a bare number of seconds → milliseconds. */
export function parseDurationMs(value: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim());
  if (!m) throw new RuntimeOptionsError(`${flag} must be a duration like 15s, 500ms or 1m (got "${value}")`);
  const n = Number(m[1]);
  const ms = m[2] === 'ms' ? n : m[2] === 'm' ? n * 60_000 : n * 1000;
  if (!(ms > 0)) throw new RuntimeOptionsError(`${flag} must be positive (got "${value}")`);
  return ms;
}

export function parseTenantShares(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) {
    const i = v.lastIndexOf('=');
    const w = Number(v.slice(i + 1));
    if (i <= 0 || !(Number.isFinite(w) && w > 0)) throw new RuntimeOptionsError(`--tenant-qps-share must be tenant=weight with a positive weight (got "${v}")`);
    out[v.slice(0, i)] = w;
  }
  return out;
}

function int(value: string, flag: string, min = 0): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new RuntimeOptionsError(`${flag} must be an integer >= ${min} (got "${value}")`);
  return n;
}

export function controllerOptionsFromFlags(flags: ControllerFlags): Omit<ControllerOptions, 'definitions' | 'definitionsModule'> {
  const qps = Number(flags.qps);
  if (!(qps >= 0)) throw new RuntimeOptionsError(`--qps must be a non-negative number (got "${flags.qps}")`);
  const burst = int(flags.burst, '--burst', 1);
  const tenantReserve = flags.tenantReserve === undefined ? undefined : int(flags.tenantReserve, '--tenant-reserve');
  if (tenantReserve !== undefined && tenantReserve >= burst) throw new RuntimeOptionsError(`--tenant-reserve must be below --burst (${burst}) (got "${flags.tenantReserve}")`);
  const mode = flags.shardMode ?? 'none';
  if (mode !== 'none' && mode !== 'leases') throw new RuntimeOptionsError(`--shard-mode must be "none" or "leases" (got "${mode}")`);
  if (mode === 'leases' && flags.leaderElect) throw new RuntimeOptionsError('--shard-mode leases and --leader-elect are exclusive');
  const lease = {
    leaseDurationMs: parseDurationMs(flags.leaseDuration ?? '15s', '--lease-duration'),
    renewDeadlineMs: parseDurationMs(flags.renewDeadline ?? '10s', '--renew-deadline'),
    retryPeriodMs: parseDurationMs(flags.retryPeriod ?? '2s', '--retry-period'),
    ...(flags.identity ? { identity: flags.identity } : {}),
  };
  return {
    kubeconfig: flags.kubeconfig,
    sharding: mode === 'leases' ? { ...lease, namespace: flags.leaderElectionNamespace, group: flags.shardGroup ?? 'kactor' } : false,
    tenantLabel: flags.tenantLabel,
    tenantWeights: parseTenantShares(flags.tenantQpsShare ?? []),
    logTurns: flags.logTurns ?? false,
    workers: int(flags.workers, '--workers'),
    qps,
    burst,
    scheduleBurst: int(flags.scheduleBurst ?? String(DEFAULT_SCHEDULE_BURST), '--schedule-burst'),
    ...(tenantReserve === undefined ? {} : { tenantReserve }),
    metricsBindAddress: flags.metricsBindAddress,
    healthProbeBindAddress: flags.healthProbeBindAddress,
    leaderElection: flags.leaderElect ? { ...lease, namespace: flags.leaderElectionNamespace } : false,
    logLevel: flags.logLevel,
    namespace: flags.namespace,
    fieldManager: flags.fieldManager,
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

/**
 * Registers `kactor run` with the definitions module to load (what src/cli wires). `webhooks` adds the
 * admission webhook server (--webhook-*) for the four Kruise kinds: on for src/workloads, off for other
 * definition modules (their kinds have no webhooks).
 */
export function registerRun(program: Command, definitionsModule: URL | (() => URL | undefined), opts: { webhooks?: boolean } = {}): void {
  const cmd = program
    .command('run')
    .description('run the controller against a cluster (kubeconfig, else in-cluster config)')
    .option('--kubeconfig <path>', 'kubeconfig file (default: $KUBECONFIG, ~/.kube/config, else in-cluster)');
  addControllerFlags(cmd);
  if (opts.webhooks) addWebhookFlags(cmd);
  cmd.action(async (flags: ControllerFlags & Partial<WebhookFlags>) => {
    const url = typeof definitionsModule === 'function' ? definitionsModule() : definitionsModule;
    if (!url) throw new RuntimeOptionsError('no workload definitions: src/workloads/index.ts does not exist yet');
    const options = controllerOptionsFromFlags(flags);
    const logger = createLogger(options.logLevel ?? 'info');
    // Webhooks first: /readyz stays false until they serve, and the API server only calls a server that answers.
    const webhooks = opts.webhooks ? await startWebhooksFromFlags(flags as ControllerFlags & WebhookFlags, logger) : undefined;
    const ctl = await startController({
      ...options,
      logger,
      definitionsModule: url,
      onLostLeadership: () => process.exit(1),
      ...(webhooks ? { readinessGate: webhooks.ready } : {}),
    });
    exitOnSignals(ctl);
    ctl.logger.info({ metrics: ctl.metricsUrl, probes: ctl.probeUrl, ...(webhooks ? { webhooks: webhooks.url } : {}) }, 'controller started');
    const hint = nodeVersionHint();
    if (hint) ctl.logger.info(hint);
  });
}

export function register(program: Command): void {
  registerRun(program, defaultDefinitionsModule, { webhooks: true });
}
