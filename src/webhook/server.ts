// The HTTPS server that answers the API server's AdmissionReviews: POST <route path> with a JSON review,
// one route per webhook (webhooks.ts), answered by review.ts. HTTP/2 (what kube-apiserver's Go client
// negotiates) and HTTP/1.1 on the same port. Anything else is 404/405/415/413/400 with a plain-text
// reason, so a misconfigured webhook reads clearly in the API server's "failed calling webhook".
import http2 from 'node:http2';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { answerReview, BadReviewError, parseReview, type AdmissionReview } from './review.js';
import type { WebhookRoute } from './webhooks.js';

export interface AdmissionServerOptions {
  host: string;
  /** 0 picks a free port. */
  port: number;
  certPem: string;
  keyPem: string;
  routes: readonly WebhookRoute[];
  /** Called after each answered review (for logs and metrics). */
  onReview?: (route: WebhookRoute, review: AdmissionReview, ms: number) => void;
}

export interface AdmissionServer {
  port: number;
  /** `https://host:port` as bound. */
  url: string;
  close(): Promise<void>;
}

/** The largest review accepted (kube-apiserver's request limit is 3 MiB per object; a review holds two). */
export const MAX_REVIEW_BYTES = 8 * 1024 * 1024;

const WINDOW = 1 << 20;

type Request = IncomingMessage | http2.Http2ServerRequest;
type Response = ServerResponse | http2.Http2ServerResponse;

export async function startAdmissionServer(o: AdmissionServerOptions): Promise<AdmissionServer> {
  const byPath = new Map(o.routes.map((r) => [r.path, r]));
  const handle = (req: Request, res: Response): void => {
    const path = (req.url ?? '/').split('?')[0]!;
    const route = byPath.get(path);
    const fail = (code: number, text: string) => {
      res.writeHead(code, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(text + '\n');
    };
    if (!route) return fail(404, `no webhook at ${path}`);
    if (req.method !== 'POST') return fail(405, `${req.method} not allowed: POST an AdmissionReview`);
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
    if (type !== 'application/json') return fail(415, `content type ${JSON.stringify(type)} not supported: send application/json`);
    const started = performance.now();
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_REVIEW_BYTES) {
        fail(413, `request body larger than ${MAX_REVIEW_BYTES} bytes`);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (res.headersSent) return;
      let answer: AdmissionReview;
      try {
        answer = answerReview(route, parseReview(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')));
      } catch (err) {
        if (err instanceof BadReviewError) return fail(400, err.message);
        return fail(500, `webhook ${route.name} failed: ${(err as Error).message}`);
      }
      const body = JSON.stringify(answer);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      o.onReview?.(route, answer, performance.now() - started);
    });
  };
  const server = http2.createSecureServer(
    // Windows large enough that many reviews in flight on one session never wait for WINDOW_UPDATE frames.
    { cert: o.certPem, key: o.keyPem, minVersion: 'TLSv1.2', allowHTTP1: true, settings: { initialWindowSize: WINDOW } },
    handle,
  );
  // kube-apiserver keeps connections to webhooks open; sessions and sockets are closed on close().
  const sockets = new Set<Socket>();
  const sessions = new Set<http2.ServerHttp2Session>();
  server.on('secureConnection', (s: Socket) => {
    // No Nagle: an answer is one small write, and waiting for the peer's delayed ACK stalls it ~40 ms.
    s.setNoDelay(true);
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  server.on('session', (s: http2.ServerHttp2Session) => {
    sessions.add(s);
    s.once('connect', () => s.setLocalWindowSize(WINDOW * 8));
    s.once('close', () => sessions.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  return {
    port,
    url: `https://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sessions) s.close();
        for (const s of sockets) s.destroy();
      }),
  };
}
