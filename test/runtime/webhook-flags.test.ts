// `kactor run`'s --field-manager and --webhook-* flags: passed through, or refused with the flag named.
import { describe, expect, it } from 'vitest';
import { controllerOptionsFromFlags, type ControllerFlags } from '../../src/cli/commands/run.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isLoopbackServer, startWebhooksFromFlags, type WebhookFlags } from '../../src/cli/commands/webhook-flags.js';
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

describe('where the API server can call the webhooks', () => {
  it('knows an API server on this machine from one elsewhere', () => {
    expect(isLoopbackServer('https://127.0.0.1:6443')).toBe(true);
    expect(isLoopbackServer('https://localhost:16443')).toBe(true);
    expect(isLoopbackServer('https://[::1]:6443')).toBe(true);
    expect(isLoopbackServer('https://10.96.0.1:443')).toBe(false);
    expect(isLoopbackServer('https://api.example.com:6443')).toBe(false);
    expect(isLoopbackServer('')).toBe(false);
  });

  it('does not register https://127.0.0.1 with an API server elsewhere (every write of the four kinds would fail): runs without webhooks and says why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kactor-kc-'));
    const path = join(dir, 'kubeconfig');
    writeFileSync(path, [
      'apiVersion: v1', 'kind: Config', 'current-context: c',
      'clusters: [{name: c, cluster: {server: "https://192.0.2.10:6443", insecure-skip-tls-verify: true}}]',
      'users: [{name: u, user: {token: t}}]', 'contexts: [{name: c, context: {cluster: c, user: u}}]',
    ].join('\n'));
    const warnings: string[] = [];
    const logger = { warn: (_o: unknown, msg: string) => warnings.push(msg) } as unknown as Parameters<typeof startWebhooksFromFlags>[1];
    await expect(startWebhooksFromFlags({ ...HOOKS, kubeconfig: path }, logger)).resolves.toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/^admission webhooks not started: an API server that is not on this machine cannot call https:\/\/127\.0\.0\.1:9443; pass --webhook-service NAME/)]);
  });
});
