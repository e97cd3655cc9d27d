import { describe, expect, it } from 'vitest';
import type { ApiServerHandle } from '../../../src/cluster/apiserver/index.js';
import { apiClient, type ApiClient } from './http-client.js';
import { serverPerFile } from './server-per-file.js';

// admissionregistration.k8s.io/v1 webhook configurations: served, defaulted and validated as kube-apiserver 1.26 does.
let server: ApiServerHandle;
let api: ApiClient;

serverPerFile((s, a) => {
  server = s;
  api = a;
});

const MWC = '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations';
const VWC = '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations';
const CA = Buffer.from('-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n').toString('base64');

const hook = (extra: Record<string, unknown> = {}) => ({
  name: 'mpod.example.com',
  clientConfig: { url: 'https://127.0.0.1:9443/mutate', caBundle: CA },
  rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'] }],
  sideEffects: 'None',
  admissionReviewVersions: ['v1'],
  ...extra,
});
const config = (kind: string, name: string, webhooks: unknown[]) => ({ apiVersion: 'admissionregistration.k8s.io/v1', kind, metadata: { name }, webhooks });

describe('webhook configurations', () => {
  it('discovery lists both kinds, cluster-scoped, in the api-extensions category', async () => {
    const res = await api.get('/apis/admissionregistration.k8s.io/v1');
    expect(res.status).toBe(200);
    const byName = Object.fromEntries(res.json.resources.map((r: any) => [r.name, r]));
    expect(byName.mutatingwebhookconfigurations).toMatchObject({ kind: 'MutatingWebhookConfiguration', namespaced: false, categories: ['api-extensions'] });
    expect(byName.validatingwebhookconfigurations).toMatchObject({ kind: 'ValidatingWebhookConfiguration', namespaced: false, categories: ['api-extensions'] });
  });

  it('a mutating configuration is stored with the v1 defaults filled in', async () => {
    const res = await api.post(MWC, config('MutatingWebhookConfiguration', 'defaults', [
      hook(),
      hook({ name: 'svc.example.com', clientConfig: { service: { namespace: 'kube-system', name: 'webhook' } } }),
    ]));
    expect(res.status).toBe(201);
    const stored = (await api.get(`${MWC}/defaults`)).json;
    expect(stored.webhooks[0]).toEqual({
      name: 'mpod.example.com',
      clientConfig: { url: 'https://127.0.0.1:9443/mutate', caBundle: CA },
      rules: [{ operations: ['CREATE'], apiGroups: [''], apiVersions: ['v1'], resources: ['pods'], scope: '*' }],
      failurePolicy: 'Fail',
      matchPolicy: 'Equivalent',
      namespaceSelector: {},
      objectSelector: {},
      sideEffects: 'None',
      timeoutSeconds: 10,
      admissionReviewVersions: ['v1'],
      reinvocationPolicy: 'Never',
    });
    // Fields in the Go types' order, as kube-apiserver serializes them (kubectl -o json shows it).
    expect(Object.keys(stored.webhooks[0])).toEqual(['name', 'clientConfig', 'rules', 'failurePolicy', 'matchPolicy', 'namespaceSelector', 'objectSelector', 'sideEffects', 'timeoutSeconds', 'admissionReviewVersions', 'reinvocationPolicy']);
    expect(stored.webhooks[1].clientConfig).toEqual({ service: { namespace: 'kube-system', name: 'webhook', port: 443 } });
    expect(stored.metadata.generation).toBe(1);
  });

  it('a validating configuration gets the same defaults but no reinvocationPolicy; set values are kept', async () => {
    const res = await api.post(VWC, config('ValidatingWebhookConfiguration', 'kept', [
      hook({ failurePolicy: 'Ignore', matchPolicy: 'Exact', timeoutSeconds: 3, namespaceSelector: { matchLabels: { a: 'b' } } }),
    ]));
    expect(res.status).toBe(201);
    const w = res.json.webhooks[0];
    expect(w).toMatchObject({ failurePolicy: 'Ignore', matchPolicy: 'Exact', timeoutSeconds: 3, namespaceSelector: { matchLabels: { a: 'b' } }, objectSelector: {} });
    expect(w.reinvocationPolicy).toBeUndefined();
  });

  it('an update that changes the webhooks bumps the generation and keeps the defaults', async () => {
    const current = (await api.get(`${MWC}/defaults`)).json;
    current.webhooks = [hook({ timeoutSeconds: 5 })];
    const res = await api.put(`${MWC}/defaults`, current);
    expect(res.status).toBe(200);
    expect(res.json.metadata.generation).toBe(2);
    expect(res.json.webhooks[0]).toMatchObject({ timeoutSeconds: 5, failurePolicy: 'Fail', reinvocationPolicy: 'Never' });
  });

  it('rejects a webhook name that is not a domain of at least three segments, a missing sideEffects and admissionReviewVersions', async () => {
    const bad = hook({ name: 'foo.com' });
    delete (bad as any).sideEffects;
    delete (bad as any).admissionReviewVersions;
    const res = await api.post(MWC, config('MutatingWebhookConfiguration', 'bad1', [bad]));
    expect(res.status).toBe(422);
    expect(res.json.reason).toBe('Invalid');
    expect(res.json.message).toBe(
      'MutatingWebhookConfiguration.admissionregistration.k8s.io "bad1" is invalid: [webhooks[0].name: Invalid value: "foo.com": should be a domain with at least three segments separated by dots, ' +
        'webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun, ' +
        'webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1]',
    );
    expect(res.json.details.causes).toEqual([
      { reason: 'FieldValueInvalid', message: 'Invalid value: "foo.com": should be a domain with at least three segments separated by dots', field: 'webhooks[0].name' },
      { reason: 'FieldValueRequired', message: 'Required value: must specify one of None, NoneOnDryRun', field: 'webhooks[0].sideEffects' },
      { reason: 'FieldValueRequired', message: 'Required value: must specify one of v1, v1beta1', field: 'webhooks[0].admissionReviewVersions' },
    ]);
    expect((await api.get(`${MWC}/bad1`)).status).toBe(404);
  });

  it('rejects an http URL, both url and service, a timeout out of range, unknown policies and review versions', async () => {
    const res = await api.post(VWC, config('ValidatingWebhookConfiguration', 'bad2', [
      hook({ clientConfig: { url: 'http://127.0.0.1:9443/v' }, timeoutSeconds: 31, failurePolicy: 'Sometimes', sideEffects: 'Some', admissionReviewVersions: ['v2'] }),
      hook({ name: 'two.example.com', clientConfig: { url: 'https://127.0.0.1/x', service: { namespace: 'a', name: 'b' } } }),
      hook({ name: 'two.example.com', clientConfig: {} }),
    ]));
    expect(res.status).toBe(422);
    expect(res.json.details.causes.map((c: any) => `${c.field}: ${c.message}`)).toEqual([
      'webhooks[0].failurePolicy: Unsupported value: "Sometimes": supported values: "Fail", "Ignore"',
      'webhooks[0].sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun"',
      'webhooks[0].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds',
      'webhooks[0].clientConfig.url: Invalid value: "http": \'https\' is the only allowed URL scheme; desired format: https://host[/path]',
      'webhooks[0].admissionReviewVersions: Invalid value: []string{"v2"}: must include at least one of v1, v1beta1',
      'webhooks[1].clientConfig: Required value: exactly one of url or service is required',
      'webhooks[2].clientConfig: Required value: exactly one of url or service is required',
      'webhooks[2].name: Duplicate value: "two.example.com"',
    ]);
  });

  it('rejects bad rules: no operations, a wildcard with others, no resources, an unknown scope and operation', async () => {
    const res = await api.post(MWC, config('MutatingWebhookConfiguration', 'bad3', [
      hook({ rules: [
        { operations: [], apiGroups: ['*', 'apps'], apiVersions: ['v1'], resources: [] },
        { operations: ['CREATE', 'PATCH'], apiGroups: [''], apiVersions: ['v1'], resources: ['*/*', 'pods'], scope: 'Everywhere' },
      ] }),
    ]));
    expect(res.status).toBe(422);
    expect(res.json.details.causes.map((c: any) => `${c.field}: ${c.message}`)).toEqual([
      'webhooks[0].rules[0].operations: Required value',
      'webhooks[0].rules[0].apiGroups: Invalid value: []string{"*", "apps"}: if \'*\' is present, must not specify other API groups',
      'webhooks[0].rules[0].resources: Required value',
      'webhooks[0].rules[1].operations[1]: Unsupported value: "PATCH": supported values: "*", "CONNECT", "CREATE", "DELETE", "UPDATE"',
      'webhooks[0].rules[1].resources: Invalid value: []string{"*/*", "pods"}: if \'*/*\' is present, must not specify other resources',
      'webhooks[0].rules[1].scope: Unsupported value: "Everywhere": supported values: "*", "Cluster", "Namespaced"',
    ]);
  });

  it('a field of the wrong JSON type is a 400 decoding error', async () => {
    const res = await api.post(MWC, config('MutatingWebhookConfiguration', 'bad4', [hook({ timeoutSeconds: 'ten' })]));
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('MutatingWebhookConfiguration in version "v1" cannot be handled as a MutatingWebhookConfiguration: json: cannot unmarshal string into Go struct field MutatingWebhook.webhooks.timeoutSeconds of type int32');
  });

  it('kubectl get shows NAME, WEBHOOKS, AGE', async () => {
    const res = await api.get(MWC, { Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' });
    expect(res.status).toBe(200);
    expect(res.json.columnDefinitions.map((c: any) => c.name)).toEqual(['Name', 'Webhooks', 'Age']);
    const row = res.json.rows.find((r: any) => r.cells[0] === 'defaults');
    expect(row.cells[1]).toBe(1);
  });
});
