// A tiny HTTPS client for tests: trusts the server's CA, sends its bearer token unless told not to.
import { Agent, request } from 'node:https';
import type { ApiServerHandle } from '../../../src/cluster/apiserver/index.js';

export interface ApiResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

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
            ...(payload !== undefined ? { 'Content-Type': 'application/json' } : {}),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
          });
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
