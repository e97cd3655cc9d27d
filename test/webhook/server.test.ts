// The HTTPS server answers reviews at Kruise's paths, over TLS the CA verifies, and refuses anything else
// with a status and a reason the API server's "failed calling webhook" message will carry.
import http2 from 'node:http2';
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAdmissionServer, type AdmissionServer } from '../../src/webhook/server.js';
import { webhookRoutes } from '../../src/webhook/index.js';
import { generateCertificates } from '../../src/tls/certificates.js';

let server: AdmissionServer;
let ca: string;

beforeAll(async () => {
  const certs = await generateCertificates({ caName: 'test-ca', commonName: 'kactor-webhook', dnsNames: ['localhost'], ips: ['127.0.0.1'] });
  ca = certs.caPem;
  server = await startAdmissionServer({ host: '127.0.0.1', port: 0, certPem: certs.certPem, keyPem: certs.keyPem, routes: webhookRoutes() });
});
afterAll(() => server.close());

function post(path: string, body: string, contentType = 'application/json', method = 'POST'): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request(`${server.url}${path}`, { method, ca, headers: { 'content-type': contentType } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const review = (operation: string, object: unknown) => JSON.stringify({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview', request: { uid: 'abc', operation, object } });

describe('admission server', () => {
  it('serves on loopback with a certificate the CA verifies, answering the review', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const bcj = { apiVersion: 'apps.kruise.io/v1alpha1', kind: 'BroadcastJob', metadata: { name: 'bcj' }, spec: { template: { spec: { restartPolicy: 'Always', containers: [{ name: 'c', image: 'busybox' }] } } } };
    const res = await post('/validate-apps-kruise-io-v1alpha1-broadcastjob?timeout=10s', review('CREATE', bcj));
    expect(res.status).toBe(200);
    const answer = JSON.parse(res.body);
    expect(answer.response).toMatchObject({ uid: 'abc', allowed: false, status: { code: 422 } });
    expect(answer.response.status.message).toContain('spec.template.spec.restartPolicy: Invalid value: "Always": pod restartPolicy can only be Never or OnFailure');
  });

  it('speaks HTTP/2 (what kube-apiserver negotiates) as well as HTTP/1.1 on the same port', async () => {
    const session = http2.connect(server.url, { ca });
    try {
      const answer = await new Promise<{ status: number; body: string; alpn: string | false | undefined }>((resolve, reject) => {
        const stream = session.request({ ':method': 'POST', ':path': '/mutate-apps-kruise-io-statefulset', 'content-type': 'application/json' });
        let status = 0;
        let body = '';
        stream.on('response', (h) => (status = Number(h[':status'])));
        stream.on('data', (c) => (body += c));
        stream.on('end', () => resolve({ status, body, alpn: session.alpnProtocol }));
        stream.on('error', reject);
        stream.end(review('CREATE', { apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', metadata: { name: 'w' }, spec: {} }));
      });
      expect(answer.alpn).toBe('h2');
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body).response).toMatchObject({ uid: 'abc', allowed: true, patchType: 'JSONPatch' });
    } finally {
      session.close();
    }
  });

  it('refuses unknown paths, other methods, other content types and non-reviews', async () => {
    expect(await post('/validate-pods', review('CREATE', {}))).toMatchObject({ status: 404, body: 'no webhook at /validate-pods\n' });
    expect((await post('/validate-apps-kruise-io-statefulset', '', 'application/json', 'GET')).status).toBe(405);
    expect((await post('/validate-apps-kruise-io-statefulset', review('CREATE', {}), 'application/yaml')).status).toBe(415);
    const bad = await post('/validate-apps-kruise-io-statefulset', '{"kind":"Pod"}');
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('must be an AdmissionReview');
  });
});
