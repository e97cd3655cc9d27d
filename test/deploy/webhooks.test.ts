// deploy/webhooks.yaml is what `kactor run` itself would register in the cluster, and the Deployment,
// Service and RBAC agree with the flags the controller is started with.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { desiredConfigurations, webhookRoutes, WEBHOOK_DEFAULTS } from '../../src/webhook/index.js';

type Doc = { kind: string; metadata: { name: string; namespace?: string }; [k: string]: unknown };
const load = (f: string): Doc[] => parseAllDocuments(readFileSync(new URL(`../../deploy/${f}`, import.meta.url), 'utf8')).map((d) => d.toJS() as Doc).filter(Boolean);
const webhooks = load('webhooks.yaml');
const controller = load('controller.yaml');
const byKind = (docs: Doc[], kind: string) => docs.filter((d) => d.kind === kind);

const deployment = byKind(controller, 'Deployment')[0] as Doc & { spec: { template: { spec: { containers: { args: string[]; ports: { name: string; containerPort: number }[] }[] } } } };
const container = deployment.spec.template.spec.containers[0]!;
const flag = (name: string) => container.args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];

describe('deploy/webhooks.yaml', () => {
  it('holds exactly the configurations kactor run registers for its Service (CA bundle filled at start)', () => {
    const want = desiredConfigurations(webhookRoutes(), {
      endpoint: { service: { namespace: flag('webhook-namespace')!, name: flag('webhook-service')! } },
      caPem: '',
      skipNamespaces: [flag('webhook-namespace')!],
    });
    for (const c of [want.mutating, want.validating]) for (const w of c.webhooks!) delete w.clientConfig.caBundle;
    expect(byKind(webhooks, 'MutatingWebhookConfiguration')).toEqual([want.mutating]);
    expect(byKind(webhooks, 'ValidatingWebhookConfiguration')).toEqual([want.validating]);
  });

  it('routes the Service to the container port the webhook server listens on, on all interfaces', () => {
    const svc = byKind(webhooks, 'Service')[0] as Doc & { spec: { ports: { port: number; targetPort: string }[] } };
    expect(svc.metadata).toMatchObject({ name: flag('webhook-service'), namespace: flag('webhook-namespace') });
    expect(svc.spec.ports).toEqual([{ name: 'webhook', port: 443, targetPort: 'webhook' }]);
    expect(container.ports.find((p) => p.name === 'webhook')?.containerPort).toBe(Number(flag('webhook-port')));
    expect(flag('webhook-host')).toBe('0.0.0.0');
  });

  it('grants the certificate step only the Secret it owns and the configurations only kactor\'s two', () => {
    const role = byKind(webhooks, 'Role')[0] as Doc & { rules: { resources: string[]; resourceNames?: string[]; verbs: string[] }[] };
    expect(role.metadata.namespace).toBe(flag('webhook-namespace'));
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['secrets'], verbs: ['create'] },
      { apiGroups: [''], resources: ['secrets'], resourceNames: [WEBHOOK_DEFAULTS.secretName], verbs: ['get', 'update'] },
    ]);
    const cr = byKind(webhooks, 'ClusterRole')[0] as Doc & { rules: { resourceNames?: string[]; verbs: string[] }[] };
    const want = desiredConfigurations(webhookRoutes(), { endpoint: { url: 'https://x' }, caPem: '' });
    expect(cr.rules[1]!.resourceNames).toEqual([want.mutating.metadata.name, want.validating.metadata.name]);
    for (const binding of [...byKind(webhooks, 'RoleBinding'), ...byKind(webhooks, 'ClusterRoleBinding')]) {
      expect((binding as unknown as { subjects: unknown[] }).subjects).toEqual([{ kind: 'ServiceAccount', name: 'kactor', namespace: 'kactor-system' }]);
    }
  });
});
