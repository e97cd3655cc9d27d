// API-server fidelity: one HTTPS client shape for both servers — a real one through a kubeconfig (client
// certificate or bearer token) and the embedded one (its CA and token) — sending a step exactly as written
// and reading the whole answer, or, for a watch, its events until enough arrived or the server ended it.
import { Agent, request, type RequestOptions } from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import type { ApiServerHandle } from '../../src/cluster/apiserver/index.js';
import type { Method } from './types.js';

export interface FidelityRequest {
  method: Method;
  path: string;
  body?: string;
  contentType?: string;
  accept?: string;
  /** `null`: send no credentials at all. */
  token?: null;
  /** Read a watch stream: stop after this many events (or when the server ends it). */
  maxEvents?: number;
}

export interface FidelityResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  /** The parsed body (JSON), or for a watch the events parsed line by line. */
  json: unknown;
}

export interface FidelityClient {
  readonly url: string;
  send(req: FidelityRequest): Promise<FidelityResponse>;
  close(): void;
}

interface Credentials {
  url: string;
  ca?: string | Buffer;
  cert?: string | Buffer;
  key?: string | Buffer;
  authorization?: string;
}

export async function kubeconfigClient(path: string): Promise<FidelityClient> {
  const kc = new KubeConfig();
  kc.loadFromFile(path);
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error(`kubeconfig ${path} has no current cluster`);
  const opts: RequestOptions & { headers?: Record<string, string> } = {};
  await kc.applyToHTTPSOptions(opts);
  const authorization = Object.entries(opts.headers ?? {}).find(([k]) => k.toLowerCase() === 'authorization')?.[1];
  return clientFor({ url: cluster.server.replace(/\/$/, ''), ca: opts.ca as Buffer | undefined, cert: opts.cert as Buffer | undefined, key: opts.key as Buffer | undefined, authorization });
}

export function embeddedClient(server: ApiServerHandle): FidelityClient {
  return clientFor({ url: server.url, ca: server.caPem, authorization: `Bearer ${server.token}` });
}

function clientFor(c: Credentials): FidelityClient {
  const authed = new Agent({ ca: c.ca, cert: c.cert, key: c.key, keepAlive: true });
  const anonymous = new Agent({ ca: c.ca, keepAlive: true });
  const send = (r: FidelityRequest): Promise<FidelityResponse> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = {};
      if (r.token !== null && c.authorization) headers.Authorization = c.authorization;
      if (r.contentType !== undefined) headers['Content-Type'] = r.contentType;
      if (r.accept !== undefined) headers.Accept = r.accept;
      const body = r.body === undefined ? undefined : Buffer.from(r.body, 'utf8');
      if (body) headers['Content-Length'] = String(body.length);
      headers['User-Agent'] = 'kactor-fidelity/1.0';
      let done = false;
      const req = request(`${c.url}${r.path}`, { method: r.method, agent: r.token === null ? anonymous : authed, headers }, (res) => {
        const chunks: Buffer[] = [];
        const events: unknown[] = [];
        let pending = '';
        const finish = (): void => {
          if (done) return;
          done = true;
          const text = Buffer.concat(chunks).toString('utf8');
          const hdrs = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : String(v)]));
          resolve({ status: res.statusCode ?? 0, headers: hdrs, text, json: r.maxEvents !== undefined && res.statusCode === 200 ? events : parseJson(text) });
        };
        res.on('data', (chunk: Buffer) => {
          chunks.push(chunk);
          if (r.maxEvents === undefined || res.statusCode !== 200) return;
          pending += chunk.toString('utf8');
          let nl: number;
          while ((nl = pending.indexOf('\n')) >= 0) {
            const line = pending.slice(0, nl).trim();
            pending = pending.slice(nl + 1);
            if (line) events.push(parseJson(line));
          }
          if (events.length >= r.maxEvents) {
            finish();
            req.destroy();
          }
        });
        res.on('end', () => {
          if (r.maxEvents !== undefined && pending.trim()) events.push(parseJson(pending.trim()));
          finish();
        });
        res.on('error', (err) => (done ? undefined : reject(err)));
      });
      // Destroying a watch after enough events makes the request report an error: the answer is already in.
      req.on('error', (err) => (done ? undefined : reject(err)));
      req.end(body);
    });
  return {
    url: c.url,
    send,
    close() {
      authed.destroy();
      anonymous.destroy();
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text.length > 0 ? { text: text.slice(0, 2000) } : undefined;
  }
}
