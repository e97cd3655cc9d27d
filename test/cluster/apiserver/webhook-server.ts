// A test admission webhook: HTTPS on 127.0.0.1 with its own CA (src/tls), recording every
// AdmissionReview it receives and answering with what the test's handler for that path returns.
import { createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { expect } from 'vitest';
import { startApiServer, type ApiServerHandle, type ApiServerOptions } from '../../../src/cluster/apiserver/index.js';
import { generateCertificates } from '../../../src/tls/certificates.js';
import { apiClient, type ApiClient } from './http-client.js';

export interface ReceivedReview {
  path: string;
  /** The query string, e.g. `timeout=10s`. */
  query: string;
  review: any;
}

/** What a handler answers: a response (allowed, patch as JSON ops, status, warnings), `hang` (never answer), or a raw HTTP answer. */
export type HandlerAnswer =
  | { allowed: boolean; patch?: unknown[]; patchType?: string | null; status?: Record<string, unknown>; warnings?: string[]; uid?: string }
  | { hang: true }
  | { httpStatus: number; body: string; contentType?: string };

export type Handler = (request: any) => HandlerAnswer | Promise<HandlerAnswer>;

export interface TestWebhook {
  url(path: string): string;
  /** Base64 of the PEM of the CA that signed the server's certificate (a clientConfig.caBundle). */
  caBundle: string;
  port: number;
  received: ReceivedReview[];
  /** Reviews received at one path. */
  at(path: string): ReceivedReview[];
  handle(path: string, handler: Handler): void;
  close(): Promise<void>;
}

/** A CA of the test's own and a serving certificate for localhost/127.0.0.1 signed by it. */
export function generateServingCert(): Promise<{ caPem: string; certPem: string; keyPem: string }> {
  return generateCertificates({ caName: 'test-webhook-ca', commonName: 'test-webhook', dnsNames: ['localhost'], ips: ['127.0.0.1'], validDays: 1 });
}

export async function startWebhookServer(): Promise<TestWebhook> {
  const certs = await generateServingCert();
  const handlers = new Map<string, Handler>();
  const received: ReceivedReview[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer({ key: certs.keyPem, cert: certs.certPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const [path, query = ''] = (req.url ?? '/').split('?');
      const review = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      received.push({ path: path!, query, review });
      const handler: Handler = handlers.get(path!) ?? (() => ({ allowed: true }));
      void Promise.resolve(handler(review.request)).then((answer) => {
        if ('hang' in answer) return;
        if ('httpStatus' in answer) {
          res.writeHead(answer.httpStatus, { 'Content-Type': answer.contentType ?? 'text/plain' });
          res.end(answer.body);
          return;
        }
        const response: Record<string, unknown> = { uid: answer.uid ?? review.request.uid, allowed: answer.allowed };
        if (answer.patch) {
          response.patch = Buffer.from(JSON.stringify(answer.patch)).toString('base64');
          response.patchType = answer.patchType === undefined ? 'JSONPatch' : answer.patchType;
        }
        if (answer.status) response.status = answer.status;
        if (answer.warnings) response.warnings = answer.warnings;
        const body = JSON.stringify({ apiVersion: review.apiVersion, kind: 'AdmissionReview', response });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(body);
      });
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  return {
    url: (path) => `https://127.0.0.1:${port}${path}`,
    caBundle: Buffer.from(certs.caPem).toString('base64'),
    port,
    received,
    at: (path) => received.filter((r) => r.path === path),
    handle: (path, handler) => void handlers.set(path, handler),
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        for (const s of sockets) s.destroy();
      }),
  };
}

export const MWC = '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations';
export const VWC = '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations';

/** One webhook of a configuration, called at `path` of the test server (or at `url`), trusting its CA. */
export function webhook(wh: TestWebhook, name: string, path: string, rules: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { name, clientConfig: { url: wh.url(path), caBundle: wh.caBundle }, rules, sideEffects: 'None', admissionReviewVersions: ['v1'], ...extra };
}

export const rule = (resources: string[], operations: string[] = ['*'], apiGroups: string[] = [''], apiVersions: string[] = ['*']) => ({ operations, apiGroups, apiVersions, resources });

export function configuration(type: 'mutating' | 'validating', name: string, webhooks: unknown[]): Record<string, unknown> {
  const kind = type === 'mutating' ? 'MutatingWebhookConfiguration' : 'ValidatingWebhookConfiguration';
  return { apiVersion: 'admissionregistration.k8s.io/v1', kind, metadata: { name }, webhooks };
}

/** What a webhook test file runs against: an API server, a client of it and a test webhook. */
export interface WebhookBed {
  server: ApiServerHandle;
  api: ApiClient;
  wh: TestWebhook;
}

/** @default options: no Kruise CRDs */
export async function startWebhookBed(options: ApiServerOptions = { installKruiseCrds: false }): Promise<WebhookBed> {
  const server = await startApiServer(options);
  return { server, api: apiClient(server), wh: await startWebhookServer() };
}

export async function stopWebhookBed(bed: WebhookBed): Promise<void> {
  bed.api.close();
  await bed.wh.close();
  await bed.server.stop();
}

/** Deletes the two configurations every test registers (a test must leave no webhook behind). */
export async function deleteConfigurations(api: ApiClient): Promise<void> {
  expect((await api.delete(MWC)).status).toBe(200);
  expect((await api.delete(VWC)).status).toBe(200);
}

/** Registers one configuration, expecting it stored. */
export async function registerConfiguration(api: ApiClient, type: 'mutating' | 'validating', name: string, webhooks: unknown[]): Promise<void> {
  const res = await api.post(type === 'mutating' ? MWC : VWC, configuration(type, name, webhooks));
  expect(res.status, res.text).toBe(201);
}
