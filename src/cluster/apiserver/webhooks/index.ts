// src/cluster/apiserver/webhooks — admission webhooks registered through the API, as kube-apiserver 1.26
// calls them: admissionregistration.k8s.io/v1 Mutating/ValidatingWebhookConfigurations (defaults and
// validation on write), the webhooks that match a write (rules, selectors), AdmissionReviews posted over
// HTTPS, and the writes that await them between the object service's synchronous stages. Imports only
// the API server's own modules and src/api; the in-process hooks (../admission.ts) are separate.
export { defaultWebhookConfiguration, validateWebhookConfiguration } from './configuration.js';
export { WebhookClient, WebhookCallError } from './client.js';
export { runMutatingWebhooks, runValidatingWebhooks, type Dispatcher } from './dispatch.js';
export { webhookCallFailed, webhookDenial } from './errors.js';
export { compileWebhooks, invocationFor } from './match.js';
export { admissionReview, verifyAdmissionResponse } from './review.js';
export { WebhookSource } from './source.js';
export { TOKEN_USER, type AdmissionAttributes, type CompiledWebhook, type WebhookConfiguration, type WebhookSet } from './types.js';
export { WebhookWrites, type OperationOptions } from './writes.js';
