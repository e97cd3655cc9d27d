// The MutatingWebhookConfiguration and ValidatingWebhookConfiguration that point the API server at
// kactor's webhooks: built from the routes (Kruise's names, paths and rules) with every field kube-apiserver
// would default written out (so a re-apply changes nothing), and kept current at start — created when
// absent; otherwise each of kactor's webhooks gets the current clientConfig and caBundle while whatever
// else an operator tuned (timeouts, selectors, failurePolicy) and any other webhook in the object stay.
import type { KubeObject, ObjectMeta } from '../api/index.js';
import type { RestClient } from '../runtime/client/rest-client.js';
import { isApiError } from '../runtime/errors.js';
import type { ResourceType } from '../runtime/workload-definition.js';
import type { WebhookRoute } from './webhooks.js';

export const MUTATING_CONFIGURATIONS: ResourceType = {
  apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingWebhookConfiguration', plural: 'mutatingwebhookconfigurations', namespaced: false,
};
export const VALIDATING_CONFIGURATIONS: ResourceType = {
  apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', plural: 'validatingwebhookconfigurations', namespaced: false,
};

export const DEFAULT_CONFIGURATION_NAMES = {
  mutating: 'kactor-mutating-webhook-configuration',
  validating: 'kactor-validating-webhook-configuration',
} as const;

/** Where the API server reaches the webhook server: a URL base (out of cluster) or a Service (in cluster). */
export type WebhookEndpoint = { url: string } | { service: { namespace: string; name: string; port?: number } };

export interface WebhookConfigurationOptions {
  endpoint: WebhookEndpoint;
  /** PEM of the CA that signed the serving certificate. */
  caPem: string;
  /** Namespaces the webhooks skip (kactor's own, so it can always start). */
  skipNamespaces?: readonly string[];
  /** @default 10 */
  timeoutSeconds?: number;
  names?: { mutating: string; validating: string };
}

export interface Webhook {
  name: string;
  clientConfig: { url?: string; service?: { namespace: string; name: string; path?: string; port?: number }; caBundle?: string };
  [field: string]: unknown;
}

export interface WebhookConfiguration extends KubeObject {
  metadata: ObjectMeta & { name: string };
  webhooks?: Webhook[];
}

/** The two configurations kactor wants, for these routes. */
export function desiredConfigurations(routes: readonly WebhookRoute[], o: WebhookConfigurationOptions): { mutating: WebhookConfiguration; validating: WebhookConfiguration } {
  const names = o.names ?? DEFAULT_CONFIGURATION_NAMES;
  const of = (type: WebhookRoute['type'], rt: ResourceType, name: string): WebhookConfiguration => ({
    apiVersion: rt.apiVersion,
    kind: rt.kind,
    metadata: { name, labels: { 'app.kubernetes.io/name': 'kactor', 'app.kubernetes.io/component': 'webhook' } },
    webhooks: routes.filter((r) => r.type === type).map((r) => webhookOf(r, o)),
  });
  return { mutating: of('mutating', MUTATING_CONFIGURATIONS, names.mutating), validating: of('validating', VALIDATING_CONFIGURATIONS, names.validating) };
}

function webhookOf(route: WebhookRoute, o: WebhookConfigurationOptions): Webhook {
  const skip = o.skipNamespaces ?? [];
  return {
    name: route.name,
    admissionReviewVersions: ['v1', 'v1beta1'],
    clientConfig: clientConfigOf(route.path, o),
    failurePolicy: 'Fail',
    matchPolicy: 'Equivalent',
    namespaceSelector: skip.length ? { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: [...skip] }] } : {},
    objectSelector: {},
    ...(route.type === 'mutating' ? { reinvocationPolicy: 'Never' } : {}),
    rules: [{ apiGroups: [route.group], apiVersions: [...route.versions], operations: [...route.operations], resources: [route.resource], scope: '*' }],
    sideEffects: 'None',
    timeoutSeconds: o.timeoutSeconds ?? 10,
  };
}

function clientConfigOf(path: string, o: WebhookConfigurationOptions): Webhook['clientConfig'] {
  const caBundle = Buffer.from(o.caPem, 'utf8').toString('base64');
  if ('url' in o.endpoint) return { url: o.endpoint.url.replace(/\/+$/, '') + path, caBundle };
  const { namespace, name, port } = o.endpoint.service;
  return { service: { namespace, name, path, port: port ?? 443 }, caBundle };
}

/** `current` with each desired webhook's clientConfig brought up to date (added when missing). */
export function mergeConfiguration(current: WebhookConfiguration, desired: WebhookConfiguration): WebhookConfiguration {
  const webhooks = [...(current.webhooks ?? [])];
  for (const want of desired.webhooks ?? []) {
    const i = webhooks.findIndex((w) => w.name === want.name);
    if (i < 0) webhooks.push(want);
    else webhooks[i] = { ...webhooks[i]!, clientConfig: want.clientConfig };
  }
  return { ...current, webhooks };
}

export type ConfigurationAction = 'created' | 'updated' | 'unchanged';

/** Creates or brings up to date one configuration; conflicts (another replica) re-read and retry. */
export async function ensureConfiguration(client: RestClient, rt: ResourceType, desired: WebhookConfiguration): Promise<ConfigurationAction> {
  for (let attempt = 0; attempt < 5; attempt++) {
    let current: WebhookConfiguration | undefined;
    try {
      current = await client.get<WebhookConfiguration>(rt, undefined, desired.metadata.name);
    } catch (err) {
      if (!isApiError(err, 404)) throw err;
    }
    try {
      if (!current) {
        await client.create(rt, desired);
        return 'created';
      }
      const merged = mergeConfiguration(current, desired);
      if (JSON.stringify(merged.webhooks) === JSON.stringify(current.webhooks)) return 'unchanged';
      await client.update(rt, merged);
      return 'updated';
    } catch (err) {
      if (isApiError(err, 409)) continue;
      throw err;
    }
  }
  throw new Error(`${rt.kind} ${desired.metadata.name}: gave up after 5 conflicting writes`);
}
