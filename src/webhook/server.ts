// The HTTPS server that answers the API server's AdmissionReviews: POST <route path> with a JSON review,
// one route per webhook (webhooks.ts), answered by review.ts. Anything else is 404/405/415/413/400 with a
// plain-text reason, so a misconfigured webhook reads clearly in the API server's "failed calling webhook".
import https from 'node:https';
import type { AddressInfo } from 'node:net';
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

export async function startAdmissionServer(o: AdmissionServerOptions): Promise<AdmissionServer> {
  const byPath = new Map(o.routes.map((r) => [r.path, r]));
  const server = https.createServer({ cert: o.certPem, key: o.keyPem, minVersion: 'TLSv1.2' }, (req, res) => {
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
        answer = answerReview(route, parseReview(Buffer.concat(chunks).toString('utf8')));
      } catch (err) {
        if (err instanceof BadReviewError) return fail(400, err.message);
        return fail(500, `webhook ${route.name} failed: ${(err as Error).message}`);
      }
      const body = JSON.stringify(answer);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      res.end(body);
      o.onReview?.(route, answer, performance.now() - started);
    });
  });
  // kube-apiserver keeps connections to webhooks alive; match its idle timeout so sockets are reused.
  server.keepAliveTimeout = 90_000;
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
        server.closeAllConnections();
      }),
  };
}
