// Serving certificates: a self-signed CA and a server certificate for 127.0.0.1/localhost signed by it
// (kubectl, a Go client, verifies the chain). Reused from certDir when present, generated otherwise.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateCertificates } from '../../tls/certificates.js';

export interface ServingCerts {
  caPem: string;
  certPem: string;
  keyPem: string;
}

const FILES = { ca: 'ca.crt', caKey: 'ca.key', cert: 'apiserver.crt', key: 'apiserver.key' } as const;

let ephemeral: Promise<ServingCerts> | undefined;

/** Certificates for the server: from `certDir` (created on first use), or one in-memory set per process. */
export function servingCerts(certDir?: string): Promise<ServingCerts> {
  if (!certDir) return (ephemeral ??= generateCerts().then(({ certs }) => certs));
  return loadOrCreate(certDir);
}

async function loadOrCreate(dir: string): Promise<ServingCerts> {
  const path = (f: string): string => join(dir, f);
  if (existsSync(path(FILES.ca)) && existsSync(path(FILES.cert)) && existsSync(path(FILES.key))) {
    return { caPem: readFileSync(path(FILES.ca), 'utf8'), certPem: readFileSync(path(FILES.cert), 'utf8'), keyPem: readFileSync(path(FILES.key), 'utf8') };
  }
  const { certs, caKeyPem } = await generateCerts();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(path(FILES.ca), certs.caPem, { mode: 0o644 });
  writeFileSync(path(FILES.caKey), caKeyPem, { mode: 0o600 });
  writeFileSync(path(FILES.cert), certs.certPem, { mode: 0o644 });
  writeFileSync(path(FILES.key), certs.keyPem, { mode: 0o600 });
  return certs;
}

async function generateCerts(): Promise<{ certs: ServingCerts; caKeyPem: string }> {
  const set = await generateCertificates({ caName: 'kactor-ca', commonName: 'kactor-apiserver', dnsNames: ['localhost'], ips: ['127.0.0.1'] });
  return { certs: { caPem: set.caPem, certPem: set.certPem, keyPem: set.keyPem }, caKeyPem: set.caKeyPem };
}
