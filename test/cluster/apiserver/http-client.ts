// A tiny HTTPS client for tests: trusts the server's CA, sends its bearer token unless told not to.
import { Agent, request } from 'node:https';
import type { ApiServerHandle } from '../../../src/cluster/apiserver/index.js';
import { readResponse, type ReadResponse } from '../../support/read-response.js';

export type ApiResponse = ReadResponse;

export function apiClient(server: ApiServerHandle) {
  const agent = new Agent({ ca: server.caPem, keepAlive: true });
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}, token: string | null = server.token): Promise<ApiResponse> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
      const req = request(
        `${server.url}${path}`,
        {
          method,
          agent,
          headers: {
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
            ...(payload !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(payload)) } : {}),
            ...headers,
          },
        },
        (res) => {
          readResponse(res).then(resolve, reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  return {
    get: (path: string, headers?: Record<string, string>) => call('GET', path, undefined, headers),
    post: (path: string, body: unknown, headers?: Record<string, string>) => call('POST', path, body, headers),
    put: (path: string, body: unknown, headers?: Record<string, string>) => call('PUT', path, body, headers),
    patch: (path: string, body: unknown, contentType: string) => call('PATCH', path, body, { 'Content-Type': contentType }),
    delete: (path: string, body?: unknown) => call('DELETE', path, body),
    call,
    close: () => agent.destroy(),
  };
}

export type ApiClient = ReturnType<typeof apiClient>;

export interface WatchStream {
  events: any[];
  ended: Promise<void>;
  close(): void;
  /** Resolves once `n` events arrived (rejects after `ms`). */
  waitFor(n: number, ms?: number): Promise<any[]>;
}

/** Opens a watch and collects its events (one JSON object per line). */
export function openWatch(server: ApiServerHandle, path: string, headers: Record<string, string> = {}): Promise<WatchStream> {
  return new Promise((resolveOpen, reject) => {
    const events: any[] = [];
    let buf = '';
    let endResolve: () => void;
    const ended = new Promise<void>((r) => (endResolve = r));
    const req = request(`${server.url}${path}`, { ca: server.caPem, headers: { Authorization: `Bearer ${server.token}`, ...headers } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buf += chunk;
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          events.push(JSON.parse(buf.slice(0, nl)));
          buf = buf.slice(nl + 1);
        }
      });
      res.on('end', () => endResolve());
      res.on('close', () => endResolve());
      resolveOpen({
        events,
        ended,
        close: () => req.destroy(),
        async waitFor(n, ms = 3000) {
          const end = Date.now() + ms;
          while (events.length < n) {
            if (Date.now() > end) throw new Error(`watch got ${events.length} events, wanted ${n}: ${JSON.stringify(events.map((e) => e.type))}`);
            await new Promise((r) => setTimeout(r, 10));
          }
          return events;
        },
      });
    });
    req.on('error', (err) => {
      reject(err);
      endResolve();
    });
    req.end();
  });
}
