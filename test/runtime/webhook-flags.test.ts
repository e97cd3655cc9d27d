// `kactor run`'s --field-manager and --webhook-* flags: passed through, or refused with the flag named.
import { describe, expect, it } from 'vitest';
import { controllerOptionsFromFlags, type ControllerFlags } from '../../src/cli/commands/run.js';
import { startWebhooksFromFlags, type WebhookFlags } from '../../src/cli/commands/webhook-flags.js';
import { resolveControllerOptions } from '../../src/runtime/controller-host.js';

const BASE: ControllerFlags = {
  workers: '0', qps: '50', burst: '100', metricsBindAddress: '0', healthProbeBindAddress: '0', leaderElect: false,
  leaderElectionNamespace: 'kactor-system', logLevel: 'info',
};
const HOOKS: WebhookFlags = {
  webhookPort: '9443', webhookHost: '127.0.0.1', webhookSecretName: 'kactor-webhook-certs', webhookConfigure: true, webhookTimeoutSeconds: '10',
};

describe('--field-manager', () => {
  it('names the controller\'s writes (default kactor) and refuses names the API server would', () => {
    expect(controllerOptionsFromFlags({ ...BASE, fieldManager: 'team-a-kactor' }).fieldManager).toBe('team-a-kactor');
    expect(() => resolveControllerOptions({ definitions: [], fieldManager: 'has space' })).toThrow(
      'options.fieldManager must be 1 to 128 printable ASCII characters without spaces (got "has space")',
    );
    expect(() => resolveControllerOptions({ definitions: [], fieldManager: 'x'.repeat(129) })).toThrow('options.fieldManager must be 1 to 128');
  });
});

describe('--webhook-* flags', () => {
  it('--webhook-port 0 runs without webhooks', async () => {
    await expect(startWebhooksFromFlags({ ...HOOKS, webhookPort: '0' })).resolves.toBeUndefined();
  });

  it('refuses bad values naming the flag and the rule', async () => {
    await expect(startWebhooksFromFlags({ ...HOOKS, webhookPort: '70000' })).rejects.toThrow('--webhook-port must be an integer from 0 to 65535 (got "70000")');
    await expect(startWebhooksFromFlags({ ...HOOKS, webhookTimeoutSeconds: '31' })).rejects.toThrow('--webhook-timeout-seconds must be an integer from 1 to 30 (got "31")');
    await expect(startWebhooksFromFlags({ ...HOOKS, webhookUrl: 'http://127.0.0.1:9443' })).rejects.toThrow('--webhook-url must be an https URL (got "http://127.0.0.1:9443")');
    await expect(startWebhooksFromFlags({ ...HOOKS, webhookUrl: 'not a url' })).rejects.toThrow('--webhook-url must be an https URL');
    await expect(startWebhooksFromFlags({ ...HOOKS, webhookUrl: 'https://h:1', webhookService: 'svc' })).rejects.toThrow('--webhook-service and --webhook-url are exclusive');
  });
});
