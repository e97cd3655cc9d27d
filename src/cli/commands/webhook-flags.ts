// `kactor run`'s admission-webhook flags (controller-runtime's --webhook-port and friends) and the start of
// the webhook server from them (src/webhook). `kactor up` does not serve webhooks: its embedded API server
// runs the same admission functions in-process.
import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Logger } from 'pino';
import { loadKubeConfig } from '../../runtime/client/kubeconfig.js';
import { RestClient } from '../../runtime/client/rest-client.js';
import { RuntimeOptionsError } from '../../runtime/errors.js';
import { startWebhooks, WEBHOOK_DEFAULTS, type WebhookServerHandle } from '../../webhook/index.js';

export interface WebhookFlags {
  kubeconfig?: string;
  webhookPort: string;
  webhookHost: string;
  webhookNamespace?: string;
  webhookSecretName: string;
  webhookService?: string;
  webhookUrl?: string;
  webhookConfigure: boolean;
  webhookTimeoutSeconds: string;
}

const SA_NAMESPACE_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** Whether a kubeconfig's server URL is on this machine (so it can call a webhook on 127.0.0.1). */
export function isLoopbackServer(server: string): boolean {
  try {
    const host = new URL(server).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\./.test(host);
  } catch {
    return false;
  }
}

export function addWebhookFlags(cmd: Command): Command {
  return cmd
    .option('--webhook-port <n>', 'port of the admission webhook server (HTTPS); 0 disables the webhooks', String(WEBHOOK_DEFAULTS.port))
    .option('--webhook-host <addr>', 'address the webhook server listens on (0.0.0.0 in a pod, for its Service)', WEBHOOK_DEFAULTS.host)
    .option('--webhook-namespace <ns>', 'namespace of the certificate Secret and the webhook Service (default: the pod\'s namespace in a cluster, else kube-system)')
    .option('--webhook-secret-name <name>', 'Secret holding the webhook CA and serving certificate (created when absent)', WEBHOOK_DEFAULTS.secretName)
    .option('--webhook-service <name>', 'the API server calls this Service in --webhook-namespace (in cluster) instead of a URL')
    .option('--webhook-url <url>', 'base URL the API server calls when no Service is given (default: https://127.0.0.1:<port>)')
    .option('--no-webhook-configure', 'do not create or update the webhook configurations (they are managed elsewhere)')
    .option('--webhook-timeout-seconds <n>', 'timeoutSeconds of the webhooks kactor registers (1-30)', String(WEBHOOK_DEFAULTS.timeoutSeconds));
}

/** Starts the webhooks unless --webhook-port is 0; errors name the flag. */
export async function startWebhooksFromFlags(flags: WebhookFlags, logger?: Logger): Promise<WebhookServerHandle | undefined> {
  const port = Number(flags.webhookPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RuntimeOptionsError(`--webhook-port must be an integer from 0 to 65535 (got "${flags.webhookPort}")`);
  if (port === 0) return undefined;
  const timeout = Number(flags.webhookTimeoutSeconds);
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > 30) throw new RuntimeOptionsError(`--webhook-timeout-seconds must be an integer from 1 to 30 (got "${flags.webhookTimeoutSeconds}")`);
  if (flags.webhookUrl) {
    let url: URL;
    try {
      url = new URL(flags.webhookUrl);
    } catch {
      throw new RuntimeOptionsError(`--webhook-url must be an https URL (got "${flags.webhookUrl}")`);
    }
    if (url.protocol !== 'https:') throw new RuntimeOptionsError(`--webhook-url must be an https URL (got "${flags.webhookUrl}")`);
  }
  if (flags.webhookService && flags.webhookUrl) throw new RuntimeOptionsError('--webhook-service and --webhook-url are exclusive');
  const namespace = flags.webhookNamespace ?? (!flags.kubeconfig && existsSync(SA_NAMESPACE_FILE) ? readFileSync(SA_NAMESPACE_FILE, 'utf8').trim() : WEBHOOK_DEFAULTS.namespace);
  const kc = loadKubeConfig(flags.kubeconfig);
  const server = kc.getCurrentCluster()?.server ?? '';
  if (!flags.webhookService && !flags.webhookUrl && flags.webhookConfigure && !isLoopbackServer(server)) {
    // Registering https://127.0.0.1:<port> with an API server elsewhere would make it call its own host and
    // fail every write of the four kinds (failurePolicy Fail): run without webhooks and say how to have them.
    logger?.warn(
      { apiServer: server },
      `admission webhooks not started: an API server that is not on this machine cannot call https://127.0.0.1:${port}; ` +
        'pass --webhook-service NAME (in a cluster) or --webhook-url https://<address it can reach>:PORT with --webhook-host, or --webhook-port 0 to silence this',
    );
    return undefined;
  }
  const client = await RestClient.fromKubeConfig(kc, { maxSockets: 2, userAgent: 'kactor-webhook', fieldManager: 'kactor' });
  try {
    return await startWebhooks({
      client,
      host: flags.webhookHost,
      port,
      namespace,
      secretName: flags.webhookSecretName,
      service: flags.webhookService,
      url: flags.webhookUrl,
      configure: flags.webhookConfigure,
      timeoutSeconds: timeout,
      logger,
    });
  } catch (err) {
    throw new RuntimeOptionsError(`admission webhooks could not start: ${(err as Error).message} (--webhook-port 0 runs without them)`);
  } finally {
    client.close();
  }
}
