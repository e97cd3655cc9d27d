// HTTP endpoints of the controller: /metrics (prom-client), /healthz and /readyz (200 once caches have
// synced). Bind addresses as controller-runtime's flags: "host:port", ":port" (→ 127.0.0.1), "0" = off.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { RuntimeOptionsError } from './errors.js';

export interface BindAddress {
  host: string;
  port: number;
}

/** Parses a bind address; undefined for "0" (disabled). Only loopback hosts unless `allowAny`. */
export function parseBindAddress(value: string, flag: string): BindAddress | undefined {
  if (value === '0') return undefined;
  const m = value.match(/^(?:\[?([^\]]*)\]?)?:(\d+)$/);
  if (!m) throw new RuntimeOptionsError(`${flag} must be "host:port", ":port" or "0" (got "${value}")`);
  const port = Number(m[2]);
  if (port > 65535) throw new RuntimeOptionsError(`${flag} port must be at most 65535 (got ${port})`);
  return { host: m[1] || '127.0.0.1', port };
}

export interface ProbeHandlers {
  registry?: Registry;
  /** Refreshes gauges just before a scrape. */
  beforeScrape?: () => void;
  healthy?: () => boolean;
  ready?: () => boolean;
}

export interface ProbeServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts one server serving whichever of /metrics, /healthz, /readyz the handlers allow. */
export async function startProbeServer(bind: BindAddress, h: ProbeHandlers): Promise<ProbeServer> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/metrics' && h.registry) {
      h.beforeScrape?.();
      h.registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': h.registry!.contentType });
          res.end(text);
        },
        (err: Error) => {
          res.writeHead(500);
          res.end(err.message);
        },
      );
      return;
    }
    if (path === '/healthz' && h.healthy) return answer(res, h.healthy());
    if (path === '/readyz' && h.ready) return answer(res, h.ready());
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found\n');
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(bind.port, bind.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${bind.host}:${port}`,
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(res: http.ServerResponse, ok: boolean): void {
  res.writeHead(ok ? 200 : 503, { 'content-type': 'text/plain' });
  res.end(ok ? 'ok\n' : 'not ready\n');
}
