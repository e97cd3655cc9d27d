// src/tls — X.509 material kactor makes for itself: a self-signed CA and a serving certificate it signs,
// for the embedded API server (127.0.0.1/localhost) and for the admission webhook server (its Service's
// DNS names). ECDSA P-256, SHA-256; the CA lives 10 years, a serving certificate `validDays`.
import { X509Certificate } from 'node:crypto';
import { generate } from 'selfsigned';

export interface CertificateSet {
  caPem: string;
  caKeyPem: string;
  certPem: string;
  keyPem: string;
}

export interface CertificateRequest {
  /** Common name of the CA. */
  caName: string;
  /** Common name of the serving certificate. */
  commonName: string;
  dnsNames: readonly string[];
  ips?: readonly string[];
  /** @default 730 (two years) */
  validDays?: number;
}

const DAY_MS = 24 * 3600 * 1000;

/** A new CA and a serving certificate for the request's names, signed by it. */
export async function generateCertificates(req: CertificateRequest): Promise<CertificateSet> {
  const notBeforeDate = new Date(Date.now() - 3600_000);
  const ca = await generate([{ name: 'commonName', value: req.caName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(Date.now() + 3650 * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    ],
  });
  const server = await generate([{ name: 'commonName', value: req.commonName }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: new Date(Date.now() + (req.validDays ?? 730) * DAY_MS),
    ca: { key: ca.private, cert: ca.cert },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [...req.dnsNames.map((value) => ({ type: 2 as const, value })), ...(req.ips ?? []).map((ip) => ({ type: 7 as const, ip }))],
      },
    ],
  });
  return { caPem: ca.cert, caKeyPem: ca.private, certPem: server.cert, keyPem: server.private };
}

/**
 * Why a stored certificate set cannot serve `req` for at least `minRemainingDays` more, or undefined when it
 * can: unparsable, not signed by the CA, expiring, or missing one of the names.
 */
export function certificateProblem(set: Pick<CertificateSet, 'caPem' | 'certPem'>, req: CertificateRequest, now = Date.now(), minRemainingDays = 30): string | undefined {
  let ca: X509Certificate;
  let cert: X509Certificate;
  try {
    ca = new X509Certificate(set.caPem);
    cert = new X509Certificate(set.certPem);
  } catch (err) {
    return `unparsable certificate: ${(err as Error).message}`;
  }
  if (!cert.verify(ca.publicKey)) return 'the serving certificate is not signed by the CA';
  const remaining = Date.parse(cert.validTo) - now;
  if (!(remaining > minRemainingDays * DAY_MS)) return `the serving certificate expires ${cert.validTo}`;
  if (!(Date.parse(ca.validTo) - now > minRemainingDays * DAY_MS)) return `the CA expires ${ca.validTo}`;
  for (const name of req.dnsNames) if (!cert.checkHost(name, { wildcards: false })) return `the serving certificate does not name ${name}`;
  for (const ip of req.ips ?? []) if (!cert.checkIP(ip)) return `the serving certificate does not name ${ip}`;
  return undefined;
}
