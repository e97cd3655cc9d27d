// Bad-input corpus: a raw HTTPS client that sends exactly the bytes a case gives (any content type, any
// token, chunked or with Content-Length) and reads the answer as a Status when it is one.
import { Agent, request } from 'node:https';
import type { ApiServerHandle } from '../../src/cluster/apiserver/index.js';
import { readResponse } from '../support/read-response.js';

export interface RawRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path and query, e.g. `/apis/apps.kruise.io/v1beta1/namespaces/default/statefulsets?watch=true`. */
  path: string;
  /** Raw body bytes; a string is sent as UTF-8. */
  body?: string | Buffer;
  /** Content-Type header; omitted when undefined. */
  contentType?: string;
  /** Bearer token: `undefined` sends the server's token, `null` sends no Authorization header. */
  token?: string | null;
  /** Raw Authorization header (overrides `token`). */
  authorization?: string;
  /** Send the body with Transfer-Encoding: chunked instead of Content-Length. */
  chunked?: boolean;
}

export interface RawResponse {
  status: number;
  text: string;
  /** The parsed body when it is JSON. */
  json: any;
}

export interface RawClient {
  send(req: RawRequest): Promise<RawResponse>;
  close(): void;
}

export function rawClient(server: ApiServerHandle): RawClient {
  const agent = new Agent({ ca: server.caPem, keepAlive: true });
  const send = (r: RawRequest): Promise<RawResponse> =>
    new Promise((resolve, reject) => {
      const headers: Record<string, string> = {};
      const auth = r.authorization ?? (r.token === null ? undefined : `Bearer ${r.token ?? server.token}`);
      if (auth !== undefined) headers.Authorization = auth;
      if (r.contentType !== undefined) headers['Content-Type'] = r.contentType;
      const body = r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, 'utf8');
      if (body && !r.chunked) headers['Content-Length'] = String(body.length);
      const req = request(`${server.url}${r.path}`, { method: r.method, agent, headers }, (res) => {
        readResponse(res).then(({ status, text, json }) => resolve({ status, text, json }), reject);
      });
      req.on('error', reject);
      if (body && r.chunked) {
        // Several writes so the server sees a stream without a declared length.
        const step = 256 * 1024;
        for (let i = 0; i < body.length; i += step) req.write(body.subarray(i, i + step));
        req.end();
      } else req.end(body);
    });
  return { send, close: () => agent.destroy() };
}
