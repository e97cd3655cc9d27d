// `kactor cluster`: runs the embedded API server until SIGINT/SIGTERM and prints the KUBECONFIG line.
// `startClusterFromFlags` is the reusable part (`kactor up` adds simulated nodes and the controller).
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { API_SERVER_DEFAULTS, startApiServer, type ApiServerHandle, type ApiServerOptions } from '../../cluster/apiserver/index.js';

export interface ClusterFlags {
  port?: string | number;
  kubeconfig?: string;
  certDir?: string;
  crds?: boolean;
  dataDir?: string;
  watchHistorySize?: string | number;
}

export const CLUSTER_FLAG_DEFAULTS = { port: 6443, kubeconfig: '.kactor/kubeconfig', certDir: '.kactor/pki' } as const;

/** Adds --port, --kubeconfig, --cert-dir, --no-crds, --data-dir and --watch-history-size to a command. */
export function addClusterFlags(cmd: Command): Command {
  return cmd
    .option('--port <port>', 'HTTPS port on 127.0.0.1 (0 = any free port)', String(CLUSTER_FLAG_DEFAULTS.port))
    .option('--kubeconfig <path>', 'where to write the kubeconfig (mode 0600)', CLUSTER_FLAG_DEFAULTS.kubeconfig)
    .option('--cert-dir <dir>', 'CA and serving certificate (generated at first start, reused after)', CLUSTER_FLAG_DEFAULTS.certDir)
    .option('--no-crds', 'do not install the Kruise CRDs at start')
    .option('--data-dir <dir>', 'persist every acknowledged write (write-ahead log + snapshots) and reload it at start (default: in memory)')
    .option(
      '--watch-history-size <n>',
      'most watch events kept per resource (a watch or list from before them answers 410 Expired); the window grows to it while events are younger than 75 s and shrinks back to 100, as kube-apiserver 1.26\'s watch cache',
      String(API_SERVER_DEFAULTS.watchHistorySize),
    );
}

export class ClusterFlagsError extends Error {
  readonly code = 'InvalidClusterFlags';
}

export function resolveClusterFlags(flags: ClusterFlags): ApiServerOptions & { kubeconfigPath: string } {
  const port = Number(flags.port ?? CLUSTER_FLAG_DEFAULTS.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ClusterFlagsError(`--port must be an integer from 0 to 65535 (got ${String(flags.port)})`);
  const history = flags.watchHistorySize === undefined ? undefined : Number(flags.watchHistorySize);
  if (history !== undefined && (!Number.isInteger(history) || history < 1)) {
    throw new ClusterFlagsError(`--watch-history-size must be a positive integer (got ${String(flags.watchHistorySize)})`);
  }
  return {
    port,
    ...(history !== undefined ? { watchHistorySize: history } : {}),
    kubeconfigPath: resolve(flags.kubeconfig ?? CLUSTER_FLAG_DEFAULTS.kubeconfig),
    certDir: resolve(flags.certDir ?? CLUSTER_FLAG_DEFAULTS.certDir),
    installKruiseCrds: flags.crds !== false,
    ...(flags.dataDir ? { dataDir: resolve(flags.dataDir) } : {}),
  };
}

/** Starts the API server from CLI flags and prints `export KUBECONFIG=<abs path>` on stdout. */
export async function startClusterFromFlags(flags: ClusterFlags, extra: Partial<ApiServerOptions> = {}): Promise<ApiServerHandle> {
  const options = { ...resolveClusterFlags(flags), ...extra };
  const server = await startApiServer(options);
  process.stdout.write(`export KUBECONFIG=${server.kubeconfigPath}\n`);
  process.stderr.write(`kactor: API server listening on ${server.url} (kubeconfig ${server.kubeconfigPath}); Ctrl-C stops it\n`);
  if (server.wal) process.stderr.write(`kactor: data dir ${options.dataDir}: recovered ${server.wal.recoveredObjects} objects at resourceVersion ${server.wal.recoveredRv}\n`);
  return server;
}

/** Resolves when SIGINT or SIGTERM arrives, after running `stop`. */
export function stopOnSignals(stop: () => Promise<void>): Promise<void> {
  return new Promise((done) => {
    const onSignal = (): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      stop().then(done, (err: unknown) => {
        process.stderr.write(`kactor: error while stopping: ${err instanceof Error ? err.message : String(err)}\n`);
        done();
      });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

export function register(program: Command): void {
  addClusterFlags(program.command('cluster').description('run the embedded Kubernetes-compatible API server (HTTPS on 127.0.0.1)')).action(
    async (flags: ClusterFlags) => {
      const server = await startClusterFromFlags(flags);
      await stopOnSignals(() => server.stop());
    },
  );
}
