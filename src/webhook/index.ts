// src/webhook — kactor's admission webhooks on a real cluster, as Kruise serves them: the four workloads'
// defaulting (mutating) and validation behind Kruise's webhook names and paths, over HTTPS, with
// certificates kactor makes itself and keeps in a Secret (no cert-manager needed), and the webhook
// configurations pointed at it with the CA bundle. `kactor run` starts it (--webhook-port). It imports the
// workloads' admission functions (the same ones the embedded API server runs in-process) and the
// runtime's REST client; the runtime does not import it.
import type { Logger } from 'pino';
import type { RestClient } from '../runtime/client/rest-client.js';
import { ensureServingSecret } from './cert-secret.js';
import { desiredConfigurations, ensureConfiguration, MUTATING_CONFIGURATIONS, VALIDATING_CONFIGURATIONS, type WebhookEndpoint } from './configurations.js';
import { startAdmissionServer, type AdmissionServer } from './server.js';
import { webhookRoutes, type WebhookRoute } from './webhooks.js';

export { webhookRoutes, type WebhookRoute } from './webhooks.js';
export { desiredConfigurations, DEFAULT_CONFIGURATION_NAMES, MUTATING_CONFIGURATIONS, VALIDATING_CONFIGURATIONS, type WebhookEndpoint } from './configurations.js';
export { answerReview, decide, parseReview, type AdmissionReview, type AdmissionRequest, type AdmissionResponse } from './review.js';

export interface WebhookOptions {
  client: RestClient;
  /** @default "127.0.0.1" (in a pod: "0.0.0.0", so the Service reaches it) */
  host?: string;
  /** @default 9443 (controller-runtime's); 0 picks a free port */
  port?: number;
  /** Namespace of the certificate Secret (and, with `service`, of the Service). @default "kube-system" */
  namespace?: string;
  /** @default "kactor-webhook-certs" */
  secretName?: string;
  /** The API server calls the Service `<namespace>/<service>` (in cluster) instead of a URL. */
  service?: string;
  /** Base URL the API server calls when no Service is given. @default https://127.0.0.1:<bound port> */
  url?: string;
  /** Create/update the webhook configurations (off: an operator or cert-manager manages them). @default true */
  configure?: boolean;
  /** @default 10 */
  timeoutSeconds?: number;
  routes?: WebhookRoute[];
  logger?: Logger;
}

export interface WebhookServerHandle {
  url: string;
  port: number;
  caPem: string;
  /** True once the server listens and the configurations are in place. */
  ready(): boolean;
  close(): Promise<void>;
}

export const WEBHOOK_DEFAULTS = { host: '127.0.0.1', port: 9443, namespace: 'kube-system', secretName: 'kactor-webhook-certs', timeoutSeconds: 10 } as const;

/** Certificates, then the server, then the configurations: the API server only calls a server that answers. */
export async function startWebhooks(options: WebhookOptions): Promise<WebhookServerHandle> {
  const o = { ...WEBHOOK_DEFAULTS, configure: true, ...options };
  const routes = o.routes ?? webhookRoutes();
  const urlHost = o.url ? new URL(o.url).hostname.replace(/^\[|\]$/g, '') : undefined;
  const isIp = (h: string) => /^[\d.]+$/.test(h) || h.includes(':');
  const dnsNames = ['localhost', ...(o.service ? serviceNames(o.service, o.namespace) : []), ...(urlHost && !isIp(urlHost) ? [urlHost] : [])];
  const ips = ['127.0.0.1', ...(urlHost && isIp(urlHost) && urlHost !== '127.0.0.1' ? [urlHost] : [])];
  const secret = await ensureServingSecret(o.client, o.namespace, o.secretName, { caName: 'kactor-webhook-ca', commonName: 'kactor-webhook', dnsNames, ips });
  o.logger?.info({ secret: `${o.namespace}/${o.secretName}`, action: secret.action, ...(secret.reason ? { reason: secret.reason } : {}) }, 'webhook certificates');

  const server: AdmissionServer = await startAdmissionServer({
    host: o.host,
    port: o.port,
    certPem: secret.certs.certPem,
    keyPem: secret.certs.keyPem,
    routes,
    onReview: (route, review, ms) => {
      const r = review.response;
      if (r && !r.allowed) o.logger?.debug({ webhook: route.name, ms: Math.round(ms * 100) / 100, message: r.status?.message }, 'admission denied');
    },
  });
  let ready = !o.configure;
  if (o.configure) {
    const endpoint: WebhookEndpoint = o.service
      ? { service: { namespace: o.namespace, name: o.service } }
      : { url: o.url ?? `https://127.0.0.1:${server.port}` };
    const desired = desiredConfigurations(routes, { endpoint, caPem: secret.certs.caPem, skipNamespaces: [o.namespace], timeoutSeconds: o.timeoutSeconds });
    try {
      const m = await ensureConfiguration(o.client, MUTATING_CONFIGURATIONS, desired.mutating);
      const v = await ensureConfiguration(o.client, VALIDATING_CONFIGURATIONS, desired.validating);
      o.logger?.info({ mutating: `${desired.mutating.metadata.name} ${m}`, validating: `${desired.validating.metadata.name} ${v}`, endpoint }, 'webhook configurations');
    } catch (err) {
      await server.close();
      throw err;
    }
    ready = true;
  }
  o.logger?.info({ url: server.url, webhooks: routes.length }, 'webhook server serving');
  return { url: server.url, port: server.port, caPem: secret.certs.caPem, ready: () => ready, close: () => server.close() };
}

/** The DNS names a Service answers to from the API server. */
function serviceNames(service: string, namespace: string): string[] {
  return [service, `${service}.${namespace}`, `${service}.${namespace}.svc`, `${service}.${namespace}.svc.cluster.local`];
}
