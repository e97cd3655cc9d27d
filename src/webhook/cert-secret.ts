// The webhook's certificates kept in a Secret, so every replica serves with the same CA (the one in the
// webhook configurations' caBundle), as Kruise does without cert-manager: the first replica creates the
// Secret; the others read it; a replica that finds it unusable (expiring, wrong names, unparsable)
// replaces it with an update that carries the resourceVersion it read. Create and update races end in
// 409 and a re-read, so replicas converge on one set. A Secret written by cert-manager (it carries a
// `cert-manager.io/` annotation) is never rewritten.
import type { KubeObject } from '../api/index.js';
import type { RestClient } from '../runtime/client/rest-client.js';
import { isApiError } from '../runtime/errors.js';
import type { ResourceType } from '../runtime/workload-definition.js';
import { certificateProblem, generateCertificates, type CertificateRequest, type CertificateSet } from '../tls/certificates.js';

export const SECRETS: ResourceType = { apiVersion: 'v1', kind: 'Secret', plural: 'secrets', namespaced: true };

/** Keys as cert-manager writes them (plus the CA key, which only kactor's own Secret has). */
export const SECRET_KEYS = { ca: 'ca.crt', caKey: 'ca.key', cert: 'tls.crt', key: 'tls.key' } as const;

interface SecretObject extends KubeObject {
  type?: string;
  data?: Record<string, string>;
}

export interface ServingSecretResult {
  certs: Pick<CertificateSet, 'caPem' | 'certPem' | 'keyPem'>;
  /** What this replica did: used the stored set, created the Secret, or replaced an unusable set. */
  action: 'reused' | 'created' | 'replaced';
  /** Why an existing set was replaced. */
  reason?: string;
}

const ATTEMPTS = 5;

/** Reads the Secret, or creates/replaces it; resolves with the set every replica serves. */
export async function ensureServingSecret(client: RestClient, namespace: string, name: string, req: CertificateRequest): Promise<ServingSecretResult> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = await readSecret(client, namespace, name);
    if (current) {
      const certs = certsOf(current);
      const problem = certs ? certificateProblem(certs, req) : `the Secret lacks ${SECRET_KEYS.ca}, ${SECRET_KEYS.cert} or ${SECRET_KEYS.key}`;
      if (!problem) return { certs: certs!, action: 'reused' };
      if (isManagedElsewhere(current)) {
        throw new Error(`webhook Secret ${namespace}/${name} is managed by cert-manager and cannot serve: ${problem}`);
      }
      const fresh = await generateCertificates(req);
      try {
        await client.update(SECRETS, secretOf(namespace, name, fresh, current.metadata?.resourceVersion));
        return { certs: served(fresh), action: 'replaced', reason: problem };
      } catch (err) {
        if (isApiError(err, 409)) continue; // another replica replaced it first: read theirs
        throw err;
      }
    }
    const fresh = await generateCertificates(req);
    try {
      await client.create(SECRETS, secretOf(namespace, name, fresh));
      return { certs: served(fresh), action: 'created' };
    } catch (err) {
      if (isApiError(err, 409)) continue; // another replica created it first: read theirs
      throw err;
    }
  }
  throw new Error(`webhook Secret ${namespace}/${name}: gave up after ${ATTEMPTS} conflicting writes`);
}

async function readSecret(client: RestClient, namespace: string, name: string): Promise<SecretObject | undefined> {
  try {
    return await client.get<SecretObject>(SECRETS, namespace, name);
  } catch (err) {
    if (isApiError(err, 404)) return undefined;
    throw err;
  }
}

function certsOf(secret: SecretObject): ServingSecretResult['certs'] | undefined {
  const d = secret.data ?? {};
  const ca = d[SECRET_KEYS.ca];
  const cert = d[SECRET_KEYS.cert];
  const key = d[SECRET_KEYS.key];
  if (!ca || !cert || !key) return undefined;
  const text = (b64: string) => Buffer.from(b64, 'base64').toString('utf8');
  return { caPem: text(ca), certPem: text(cert), keyPem: text(key) };
}

/** What a replica serves with: never the CA key (it stays in the Secret). */
function served(set: CertificateSet): ServingSecretResult['certs'] {
  return { caPem: set.caPem, certPem: set.certPem, keyPem: set.keyPem };
}

function isManagedElsewhere(secret: SecretObject): boolean {
  return Object.keys(secret.metadata?.annotations ?? {}).some((k) => k.startsWith('cert-manager.io/'));
}

function secretOf(namespace: string, name: string, set: CertificateSet, resourceVersion?: string): SecretObject {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace, labels: { 'app.kubernetes.io/name': 'kactor', 'app.kubernetes.io/component': 'webhook' }, ...(resourceVersion ? { resourceVersion } : {}) },
    type: 'kubernetes.io/tls',
    data: { [SECRET_KEYS.ca]: b64(set.caPem), [SECRET_KEYS.caKey]: b64(set.caKeyPem), [SECRET_KEYS.cert]: b64(set.certPem), [SECRET_KEYS.key]: b64(set.keyPem) },
  };
}
