// The shapes of admissionregistration.k8s.io/v1 webhook configurations (as stored, after defaulting), of
// the admission.k8s.io/v1 AdmissionReview sent to a webhook, and of a compiled webhook the dispatcher calls.
import type { KubeObject, LabelSelector } from '../../../api/objects.js';

export const ADMISSION_GROUP = 'admissionregistration.k8s.io';
export const MUTATING_PLURAL = 'mutatingwebhookconfigurations';
export const VALIDATING_PLURAL = 'validatingwebhookconfigurations';
export const MUTATING_KIND = 'MutatingWebhookConfiguration';
export const VALIDATING_KIND = 'ValidatingWebhookConfiguration';

export type WebhookType = 'mutating' | 'validating';
export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface RuleWithOperations {
  operations?: string[];
  apiGroups?: string[];
  apiVersions?: string[];
  resources?: string[];
  scope?: string;
}

export interface ServiceReference {
  namespace?: string;
  name?: string;
  path?: string;
  port?: number;
}

export interface WebhookClientConfig {
  url?: string;
  service?: ServiceReference;
  /** Base64 of PEM certificates; the only roots trusted when set (system roots otherwise). */
  caBundle?: string;
}

/** One webhook of either configuration kind (reinvocationPolicy only on mutating ones). */
export interface WebhookSpec {
  name?: string;
  clientConfig?: WebhookClientConfig;
  rules?: RuleWithOperations[];
  failurePolicy?: string;
  matchPolicy?: string;
  namespaceSelector?: LabelSelector;
  objectSelector?: LabelSelector;
  sideEffects?: string;
  timeoutSeconds?: number;
  admissionReviewVersions?: string[];
  reinvocationPolicy?: string;
}

export interface WebhookConfiguration extends KubeObject {
  webhooks?: WebhookSpec[];
}

/** Where a webhook is called: a URL (the base, its path cleaned as client-go does) or a service. */
export type WebhookEndpoint =
  | { kind: 'url'; url: string; caPem?: string }
  | { kind: 'service'; namespace: string; name: string; port: number; path: string; caPem?: string };

export interface CompiledRule {
  operations: string[];
  apiGroups: string[];
  apiVersions: string[];
  resources: string[];
  scope: string;
}

/** A webhook ready to match and call: defaults resolved, selectors dropped when empty. */
export interface CompiledWebhook {
  name: string;
  configurationName: string;
  type: WebhookType;
  rules: CompiledRule[];
  failurePolicy: 'Fail' | 'Ignore';
  equivalent: boolean;
  namespaceSelector?: LabelSelector;
  objectSelector?: LabelSelector;
  timeoutSeconds: number;
  reinvokeIfNeeded: boolean;
  /** The AdmissionReview version the webhook is sent: the first of its list the server speaks. */
  reviewVersion: 'v1' | 'v1beta1';
  endpoint: WebhookEndpoint;
}

/** A webhook that applies to one request shape, with the version it is called at (matchPolicy Equivalent). */
export interface Invocation {
  hook: CompiledWebhook;
  version: string;
}

/** The webhooks whose rules match one group/version/resource/subresource/operation, in call order. */
export interface WebhookSet {
  mutating: readonly Invocation[];
  validating: readonly Invocation[];
}

export interface UserInfo {
  username: string;
  uid?: string;
  groups?: string[];
}

/** The user every request to the embedded server acts as (its one bearer token; kubeconfig user `kactor`). */
export const TOKEN_USER: UserInfo = { username: 'kactor', groups: ['system:masters', 'system:authenticated'] };

/** What one admission request is about: the attributes of admission.Attributes the review carries. */
export interface AdmissionAttributes {
  group: string;
  /** The version the client wrote at. */
  version: string;
  /** The kind of the object admitted (Scale or Binding for those subresources). */
  kind: { group: string; version: string; kind: string };
  resource: string;
  subresource: string;
  name: string;
  namespace: string;
  operation: Operation;
  /** The new object (null on DELETE). Mutating webhooks change it in place of the caller's copy. */
  object: KubeObject | null;
  oldObject: Readonly<KubeObject> | null;
  dryRun: boolean;
  /** CreateOptions, UpdateOptions or DeleteOptions (meta.k8s.io/v1). */
  options: Record<string, unknown>;
  userInfo: UserInfo;
  /** Texts of the webhooks' warnings, for the client's Warning headers. */
  warnings?: string[];
}
