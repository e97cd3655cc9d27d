// Certificates without cert-manager: the first replica creates the Secret, the others (even starting at
// the same moment) end up serving with the same CA; an unusable set is replaced; cert-manager's is not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RestClient } from '../../src/runtime/client/rest-client.js';
import { loadKubeConfig } from '../../src/runtime/client/kubeconfig.js';
import { ensureServingSecret, SECRETS, SECRET_KEYS } from '../../src/webhook/cert-secret.js';
import { generateCertificates } from '../../src/tls/certificates.js';
import { startTestCluster, type TestCluster } from '../support/cluster.js';

let cluster: TestCluster;
let client: RestClient;
const req = { caName: 'kactor-webhook-ca', commonName: 'kactor-webhook', dnsNames: ['localhost', 'kactor-webhook.kactor-system.svc'], ips: ['127.0.0.1'] };

beforeAll(async () => {
  cluster = await startTestCluster({ port: 0 });
  client = await RestClient.fromKubeConfig(loadKubeConfig(cluster.kubeconfigPath));
});
afterAll(async () => {
  client.close();
  await cluster.stop();
});

describe('webhook certificate Secret', () => {
  it('is created once when three replicas start together, and all serve with its CA', async () => {
    const results = await Promise.all([1, 2, 3].map(() => ensureServingSecret(client, 'default', 'race', req)));
    expect(results.filter((r) => r.action === 'created')).toHaveLength(1);
    const stored = await client.get<{ data: Record<string, string>; type: string }>(SECRETS, 'default', 'race');
    expect(stored.type).toBe('kubernetes.io/tls');
    const ca = Buffer.from(stored.data[SECRET_KEYS.ca]!, 'base64').toString();
    for (const r of results) expect(r.certs.caPem).toBe(ca);
    expect(stored.data[SECRET_KEYS.caKey]).toBeTruthy();
  });

  it('is reused by a later start', async () => {
    const first = await ensureServingSecret(client, 'default', 'reuse', req);
    const again = await ensureServingSecret(client, 'default', 'reuse', req);
    expect(again.action).toBe('reused');
    expect(again.certs).toEqual(first.certs);
  });

  it('is replaced when its certificate does not name the webhook Service', async () => {
    await ensureServingSecret(client, 'default', 'rename', { ...req, dnsNames: ['localhost'] });
    const next = await ensureServingSecret(client, 'default', 'rename', req);
    expect(next.action).toBe('replaced');
    expect(next.reason).toBe('the serving certificate does not name kactor-webhook.kactor-system.svc');
  });

  it('is never rewritten when cert-manager manages it, and says why it cannot serve', async () => {
    const other = await generateCertificates({ ...req, dnsNames: ['elsewhere'] });
    const b64 = (s: string) => Buffer.from(s).toString('base64');
    await client.create(SECRETS, {
      apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls',
      metadata: { name: 'managed', namespace: 'default', annotations: { 'cert-manager.io/certificate-name': 'kactor-webhook' } },
      data: { [SECRET_KEYS.ca]: b64(other.caPem), [SECRET_KEYS.cert]: b64(other.certPem), [SECRET_KEYS.key]: b64(other.keyPem) },
    });
    await expect(ensureServingSecret(client, 'default', 'managed', req)).rejects.toThrow(/managed by cert-manager and cannot serve: the serving certificate does not name localhost/);
    const stored = await client.get<{ data: Record<string, string> }>(SECRETS, 'default', 'managed');
    expect(Buffer.from(stored.data[SECRET_KEYS.ca]!, 'base64').toString()).toBe(other.caPem);
  });
});
