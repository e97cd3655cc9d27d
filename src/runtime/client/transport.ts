// HTTP/1.1 transport to one API server: keep-alive agent (pooled sockets), TLS and auth taken from a
// client-node KubeConfig, JSON requests with a timeout, streaming requests for watches, and typed
// ApiErrors (with Retry-After). Plain node:http(s) rather than client-node's generated clients: no
// per-call object model conversion, and one agent we control (see bench/runtime.ts for numbers).
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { KubeConfig } from '@kubernetes/client-node';
import { ApiError, type ApiStatus } from '../errors.js';

export interface TransportOptions {
  /** Max sockets to the server. @default 64 */
  maxSockets?: number;
  /** Per-request timeout for non-streaming calls, ms. @default 30000 */
  timeoutMs?: number;
  /** How often auth headers are re-read from the kubeconfig (rotating tokens), ms. @default 60000 */
  authRefreshMs?: number;
  /** Called after every request: for metrics. `code` is the HTTP status, 0 on network errors; `path` without the server prefix. */
  onResponse?: (verb: string, code: number, durationMs: number, path: string) => void;
  userAgent?: string;
}

interface AuthState {
  /** The kubeconfig's auth headers with user-agent and accept: every request's base headers. */
  headers: Record<string, string>;
  readAt: number;
}

export interface RawResponse {
  statusCode: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export class Transport {
  readonly server: URL;
  readonly #kc: KubeConfig;
  readonly #agent: http.Agent;
  readonly #isHttps: boolean;
  readonly #timeoutMs: number;
  readonly #authRefreshMs: number;
  readonly #onResponse?: TransportOptions['onResponse'];
  readonly #userAgent: string;
  /** TLS server name, computed once (the agent would otherwise work it out on every request). */
  readonly #servername: string | undefined;
  #auth: AuthState | undefined;
  #authPromise: Promise<AuthState> | undefined;

  private constructor(kc: KubeConfig, agent: http.Agent, opts: Required<Pick<TransportOptions, 'timeoutMs' | 'authRefreshMs'>> & TransportOptions) {
    const cluster = kc.getCurrentCluster()!;
    this.server = new URL(cluster.server);
    this.#kc = kc;
    this.#agent = agent;
    this.#isHttps = this.server.protocol === 'https:';
    this.#timeoutMs = opts.timeoutMs;
    this.#authRefreshMs = opts.authRefreshMs;
    this.#onResponse = opts.onResponse;
    this.#userAgent = opts.userAgent ?? 'kactor';
    this.#servername = this.#isHttps ? (isIP(this.server.hostname.replace(/^\[|\]$/g, '')) ? '' : this.server.hostname) : undefined;
  }

  #baseHeaders(auth: http.OutgoingHttpHeaders | readonly string[] | undefined): Record<string, string> {
    return { 'user-agent': this.#userAgent, accept: 'application/json', ...headerRecord(auth) };
  }

  static async create(kc: KubeConfig, opts: TransportOptions = {}): Promise<Transport> {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new ApiError('kubeconfig has no current cluster', 0, { code: 'Unknown' });
    const tls: https.RequestOptions = {};
    await kc.applyToHTTPSOptions(tls);
    const maxSockets = opts.maxSockets ?? 64;
    const agent = cluster.server.startsWith('https:')
      ? new https.Agent({
          keepAlive: true,
          maxSockets,
          maxFreeSockets: maxSockets,
          ca: tls.ca,
          cert: tls.cert,
          key: tls.key,
          pfx: tls.pfx,
          passphrase: tls.passphrase,
          servername: tls.servername,
          rejectUnauthorized: tls.rejectUnauthorized ?? !cluster.skipTLSVerify,
        })
      : new http.Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
    const t = new Transport(kc, agent, { ...opts, timeoutMs: opts.timeoutMs ?? 30_000, authRefreshMs: opts.authRefreshMs ?? 60_000 });
    t.#auth = { headers: t.#baseHeaders(tls.headers), readAt: Date.now() };
    return t;
  }

  async #authHeaders(): Promise<Record<string, string>> {
    const a = this.#auth;
    if (a && Date.now() - a.readAt < this.#authRefreshMs) return a.headers;
    this.#authPromise ??= (async () => {
      const opts: https.RequestOptions = {};
      await this.#kc.applyToHTTPSOptions(opts);
      const next = { headers: this.#baseHeaders(opts.headers), readAt: Date.now() };
      this.#auth = next;
      this.#authPromise = undefined;
      return next;
    })();
    return (await this.#authPromise).headers;
  }

  #requestOptions(method: string, path: string, headers: Record<string, string>): https.RequestOptions {
    return {
      protocol: this.server.protocol,
      hostname: this.server.hostname,
      port: this.server.port,
      servername: this.#servername,
      method,
      path: joinPath(this.server.pathname, path),
      agent: this.#agent,
      headers,
    };
  }

  /** One JSON request. Resolves with the parsed body on 2xx; rejects with ApiError otherwise. */
  async json<T>(method: string, path: string, body?: unknown, contentType = 'application/json', verb = method.toLowerCase(), accept?: string): Promise<T> {
    const raw = await this.raw(method, path, body === undefined ? undefined : JSON.stringify(body), contentType, verb, accept);
    if (raw.statusCode >= 200 && raw.statusCode < 300) return (raw.body ? JSON.parse(raw.body) : undefined) as T;
    throw errorFromResponse(method, path, raw.statusCode, raw.headers, raw.body);
  }

  /** `accept` replaces the default `application/json` (e.g. to ask for PartialObjectMetadata). */
  async raw(method: string, path: string, body: string | undefined, contentType: string, verb: string, accept?: string): Promise<RawResponse> {
    const base = await this.#authHeaders();
    let headers = body === undefined ? base : { ...base, 'content-type': contentType, 'content-length': String(Buffer.byteLength(body)) };
    if (accept !== undefined) headers = { ...headers, accept };
    const opts = this.#requestOptions(method, path, headers);
    const started = performance.now();
    const lib = this.#isHttps ? https : http;
    return new Promise<RawResponse>((resolve, reject) => {
      const req = lib.request(opts, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          this.#onResponse?.(verb, res.statusCode ?? 0, performance.now() - started, path);
          resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (err) => {
          this.#onResponse?.(verb, 0, performance.now() - started, path);
          reject(new ApiError(`${method} ${path}: ${err.message}`, 0, { cause: err }));
        });
      });
      req.setTimeout(this.#timeoutMs, () => req.destroy(new ApiError(`${method} ${path}: timed out after ${this.#timeoutMs} ms`, 0, { code: 'Timeout' })));
      req.on('error', (err) => {
        this.#onResponse?.(verb, 0, performance.now() - started, path);
        reject(err instanceof ApiError ? err : new ApiError(`${method} ${path}: ${err.message}`, 0, { cause: err }));
      });
      if (body !== undefined) req.end(body);
      else req.end();
    });
  }

  /**
   * A streaming GET (watch). Resolves once headers arrive: with the response stream on 200; rejects
   * with ApiError otherwise. `signal` aborts the request.
   */
  async stream(path: string, signal: AbortSignal, accept?: string): Promise<http.IncomingMessage> {
    const auth = await this.#authHeaders();
    const opts = { ...this.#requestOptions('GET', path, accept === undefined ? auth : { ...auth, accept }), signal };
    const lib = this.#isHttps ? https : http;
    const started = performance.now();
    return new Promise((resolve, reject) => {
      const req = lib.request(opts, (res) => {
        this.#onResponse?.('watch', res.statusCode ?? 0, performance.now() - started, path);
        if (res.statusCode === 200) return resolve(res);
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => reject(errorFromResponse('GET', path, res.statusCode ?? 0, res.headers, Buffer.concat(chunks).toString('utf8'))));
        res.on('error', (err) => reject(new ApiError(`watch ${path}: ${err.message}`, 0, { cause: err })));
      });
      req.on('error', (err) => {
        this.#onResponse?.('watch', 0, performance.now() - started, path);
        reject(new ApiError(`watch ${path}: ${err.message}`, 0, { cause: err }));
      });
      req.end();
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

function headerRecord(h: http.OutgoingHttpHeaders | readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!h || Array.isArray(h)) return out;
  for (const [k, v] of Object.entries(h as http.OutgoingHttpHeaders)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  return out;
}

function joinPath(base: string, path: string): string {
  if (!base || base === '/') return path;
  return base.replace(/\/$/, '') + path;
}

/** Parses Retry-After (seconds or an HTTP date) into ms. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  const secs = Number(v);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export function errorFromResponse(method: string, path: string, statusCode: number, headers: http.IncomingHttpHeaders, body: string): ApiError {
  let status: ApiStatus | undefined;
  try {
    status = body ? (JSON.parse(body) as ApiStatus) : undefined;
  } catch {
    status = { message: body.slice(0, 200) };
  }
  const msg = status?.message ?? `HTTP ${statusCode}`;
  return new ApiError(`${method} ${path}: ${statusCode} ${msg}`, statusCode, { status, retryAfterMs: parseRetryAfter(headers['retry-after']) });
}
