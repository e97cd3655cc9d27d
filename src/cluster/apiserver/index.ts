// Embedded Kubernetes-compatible API server (HTTPS on 127.0.0.1, bearer token). Owns storage, watch,
// HTTP routes, auth/TLS, discovery, CRD registration, admission webhooks registered through the API
// (webhooks/); calls the pure schema/, tables/ and patch/ modules.
// Must not import src/runtime, src/actors or src/workloads: it is a peer of the controller, reached over HTTP.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import { realClock, type Clock } from '../../api/clock.js';
import type { AdmissionHook } from './admission.js';
import { BUILTIN_RESOURCES, INITIAL_NAMESPACES } from './builtins.js';
import type { ApiContext, HttpTuning } from './http/context.js';
import { DiscoveryDocuments } from './http/discovery.js';
import { FaultInjector } from './faults/injector.js';
import type { FaultOptions } from './faults/types.js';
import type { PodLogSource } from './http/pod-log.js';
import { createRequestHandler } from './http/server.js';
import { writeKubeconfig } from './kubeconfig.js';
import { PURE_MODULES } from './pure.js';
import { ResourceRegistry } from './resource-registry.js';
import { loadKruiseCrds } from './schema/kruise-crds.js';
import { keyOf, ObjectService } from './service.js';
import type { ResourceDef } from './resources.js';
import { MemoryStorage } from './storage/memory.js';
import { WriteAheadLog, type WalOptions } from './storage/wal.js';
import { resourceDefFromCrd } from './crds.js';
import type { Storage } from './storage/types.js';
import { servingCerts } from './tls.js';
import { startNamespaceControllers } from './namespaces/index.js';
import { bootstrapRbac, RBAC_ADMISSION } from './rbac/index.js';
import { podAdmission } from './pod-admission/index.js';
import { PDB_ADMISSION } from './eviction/index.js';
import { WebhookClient, WebhookSource, WebhookWrites } from './webhooks/index.js';

export type { AdmissionHook, AdmissionOperation } from './admission.js';
export type { FieldError } from './field-errors.js';
export { FaultInjector } from './faults/injector.js';
export { FAULT_CLASSES, type FaultClass, type FaultCounts, type FaultOptions, type FaultRequestInfo, type LatencyFault } from './faults/types.js';
export type { Storage, StoredObject, StoreEvent } from './storage/types.js';
export type { WalOptions, WalStats } from './storage/wal.js';
export type { PodLogRequest, PodLogSink, PodLogSource } from './http/pod-log.js';

const IDLE_KEEPALIVE_MS = 10 * 60_000;

export interface ApiServerOptions {
  /** TCP port on 127.0.0.1; 0 picks a free one. @default 0 */
  port?: number;
  /** Where to write the kubeconfig (mode 0600). @default none written */
  kubeconfigPath?: string;
  /** Directory holding ca.crt/apiserver.crt/apiserver.key; generated there on first start. @default in-memory certificates */
  certDir?: string;
  /** Bearer token clients must send. @default random */
  token?: string;
  /** Installs the Kruise CRDs from deploy/crds/*.yaml at start. @default true */
  installKruiseCrds?: boolean;
  /** Directory of CRD YAMLs to install. @default <package>/deploy/crds */
  crdDir?: string;
  /** In-process admission hooks (webhook stand-ins). @default [] */
  admission?: AdmissionHook[];
  /** Largest request body accepted (413 beyond). @default 3 MiB */
  maxBodyBytes?: number;
  /**
   * Most watch events kept per resource for resumption (410 beyond): the window grows to it while events
   * are younger than 75 s and shrinks back to 100, as kube-apiserver 1.26's watch cache. @default 102400
   */
  watchHistorySize?: number;
  /** Longest watch when the client sets no timeoutSeconds. @default 1800 */
  watchTimeoutSeconds?: number;
  /** Period of BOOKMARK events for watches that allow them. @default 5000 */
  bookmarkIntervalMs?: number;
  /** Storage to use instead of a fresh in-memory store (hook for a write-ahead log or fault injection). */
  storage?: Storage;
  clock?: Clock;
  /** Test-only fault injection (409/429/500 on writes, latency, cut watches, 410 on resume, lost answers). @default none */
  faults?: FaultOptions;
  /**
   * Directory of the write-ahead log and snapshots: every acknowledged write survives kill -9; objects and
   * the global resourceVersion are reloaded at start. Ignored when `storage` is given. @default in memory
   */
  dataDir?: string;
  /** Write-ahead log tuning (group commit, snapshot period). */
  wal?: WalOptions;
  /**
   * What answers pods/log in place of the nodes' kubelets: the simulated kubelets' log store when they run in
   * this process (`kactor up`). @default none (pods/log answers 400 "simulated pod: no container runtime …")
   */
  podLogs?: PodLogSource;
}

export interface ApiServerHandle {
  url: string;
  port: number;
  token: string;
  caPem: string;
  kubeconfigPath?: string;
  /** Direct access to storage and service (tests, benchmarks, in-process tools). */
  readonly storage: Storage;
  /** Ends every open watch cleanly (clients re-watch); returns how many were closed. Test and fault hook. */
  closeWatches(): number;
  /** The write-ahead log's counters (with a data dir). */
  readonly wal?: import('./storage/wal.js').WalStats;
  /** Test-only fault injection: `faults.set({...})` at run time, `faults.counts()` per class. */
  readonly faults: FaultInjector;
  stop(): Promise<void>;
}

export const API_SERVER_DEFAULTS = {
  port: 0,
  installKruiseCrds: true,
  maxBodyBytes: 3 * 1024 * 1024,
  watchHistorySize: 100 * 1024,
  watchTimeoutSeconds: 1800,
  bookmarkIntervalMs: 5000,
} as const;

export class ApiServerOptionsError extends Error {
  readonly code = 'InvalidApiServerOptions';
}

export type ResolvedApiServerOptions = Required<Pick<ApiServerOptions, keyof typeof API_SERVER_DEFAULTS>> & ApiServerOptions & { clock: Clock; admission: AdmissionHook[]; token: string };

export function resolveApiServerOptions(options: ApiServerOptions = {}): ResolvedApiServerOptions {
  const out = { ...API_SERVER_DEFAULTS, ...stripUndefined(options) } as ResolvedApiServerOptions;
  const int = (name: keyof typeof API_SERVER_DEFAULTS, min: number, max = Number.MAX_SAFE_INTEGER): void => {
    const v = out[name] as number;
    if (!Number.isInteger(v) || v < min || v > max) throw new ApiServerOptionsError(`options.${name} must be an integer from ${min} to ${max} (got ${String(v)})`);
  };
  int('port', 0, 65535);
  int('maxBodyBytes', 1);
  int('watchHistorySize', 1);
  int('watchTimeoutSeconds', 1);
  int('bookmarkIntervalMs', 1);
  if (out.token !== undefined && (typeof out.token !== 'string' || out.token.length < 8)) throw new ApiServerOptionsError('options.token must be a string of at least 8 characters');
  out.token ??= randomBytes(24).toString('base64url');
  out.clock ??= realClock;
  out.admission ??= [];
  return out;
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export async function startApiServer(options: ApiServerOptions = {}): Promise<ApiServerHandle> {
  const opts = resolveApiServerOptions(options);
  const certs = await servingCerts(opts.certDir);
  const pure = PURE_MODULES;
  const wal = !opts.storage && opts.dataDir ? await WriteAheadLog.open(opts.dataDir, { historySize: opts.watchHistorySize, now: () => opts.clock.now(), ...opts.wal }) : undefined;
  const storage = opts.storage ?? wal?.storage ?? new MemoryStorage({ historySize: opts.watchHistorySize, now: () => opts.clock.now() });
  const registry = new ResourceRegistry(BUILTIN_RESOURCES);
  for (const crd of storage.list('apiextensions.k8s.io/customresourcedefinitions')) registry.add(resourceDefFromCrd(crd.obj));
  // Built-in admission a real cluster runs (pods, RBAC, PDBs) first, then the caller's hooks (Kruise's webhooks).
  const admission = [...podAdmission(storage), ...RBAC_ADMISSION, PDB_ADMISSION, ...opts.admission];
  const service = new ObjectService(storage, registry, { clock: opts.clock, admission, validateObject: pure.validateObject });
  const webhooks = startWebhooks(service, storage);
  const faults = new FaultInjector(opts.faults);
  let port = opts.port;
  const tuning: HttpTuning = {
    maxBodyBytes: opts.maxBodyBytes,
    watchTimeoutSeconds: opts.watchTimeoutSeconds,
    bookmarkIntervalMs: opts.bookmarkIntervalMs,
    maxWatchBufferBytes: 64 * 1024 * 1024,
  };
  const ctx: ApiContext = {
    service, storage, registry, pure, clock: opts.clock, tuning, watches: new Set(), faults, durability: wal, webhooks, podLogs: opts.podLogs,
    discovery: new DiscoveryDocuments(registry, () => `127.0.0.1:${port}`),
  };
  bootstrap(service, registry, opts);
  bootstrapRbac(service, registry);
  const controllers = startNamespaceControllers(service, registry, { clock: opts.clock, caPem: certs.caPem });
  // The watch window starts after the bootstrap objects, as a real server's cache starts at its first list.
  storage.resetHistory?.();
  await wal?.sync();

  const server = createServer({ key: certs.keyPem, cert: certs.certPem }, createRequestHandler(ctx, opts.token));
  // Idle keep-alive connections stay open 10 minutes (kube-apiserver keeps them until the client's
  // 90 s idle timeout): a controller waking for a cron minute must not pay a TLS handshake per socket.
  server.keepAliveTimeout = IDLE_KEEPALIVE_MS;
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    s.setNoDelay(true);
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await listen(server, opts.port);
  port = (server.address() as { port: number }).port;
  const url = `https://127.0.0.1:${port}`;
  if (opts.kubeconfigPath) writeKubeconfig(opts.kubeconfigPath, url, certs.caPem, opts.token);

  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    token: opts.token,
    caPem: certs.caPem,
    kubeconfigPath: opts.kubeconfigPath,
    storage,
    faults,
    wal: wal?.stats,
    closeWatches() {
      const open = [...ctx.watches];
      for (const w of open) w.close();
      return open.length;
    },
    stop() {
      stopped ??= new Promise<void>((done) => {
        for (const w of [...ctx.watches]) w.close();
        webhooks.close();
        controllers.stop();
        server.close(() => void (wal ? wal.close() : Promise.resolve()).then(() => done(), () => done()));
        for (const s of sockets) s.destroy();
      });
      return stopped;
    },
  };
}

/** Admission webhooks registered through the API: the source watches their configurations, the client calls them. */
function startWebhooks(service: ObjectService, storage: Storage): WebhookWrites {
  const source = new WebhookSource(storage);
  const client = new WebhookClient(storage);
  source.onChange(() => client.retain(source.all()));
  return new WebhookWrites(service, source, { client, storage });
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', fail);
      ok();
    });
  });
}

function bootstrap(service: ObjectService, registry: ResourceRegistry, opts: ResolvedApiServerOptions): void {
  const nsDef = registry.find('', 'v1', 'namespaces')!;
  // With a data dir the objects may be back from the log already: create only what is missing.
  const missing = (def: ResourceDef, ns: string, name: string) => !service.storage.get(keyOf(def), ns, name);
  for (const name of INITIAL_NAMESPACES) if (missing(nsDef, '', name)) service.create(nsDef, '', { metadata: { name, labels: { 'kubernetes.io/metadata.name': name } } }, { version: 'v1' });
  const saDef = registry.find('', 'v1', 'serviceaccounts')!;
  for (const ns of INITIAL_NAMESPACES) if (missing(saDef, ns, 'default')) service.create(saDef, ns, { metadata: { name: 'default' } }, { version: 'v1' });
  if (!opts.installKruiseCrds) return;
  const crdDef = registry.find('apiextensions.k8s.io', 'v1', 'customresourcedefinitions')!;
  for (const crd of loadKruiseCrds(opts.crdDir)) if (missing(crdDef, '', crd.metadata!.name!)) service.create(crdDef, '', crd, { version: 'v1' });
}
