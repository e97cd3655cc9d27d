import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServerHandle } from '../../../src/cluster/apiserver/index.js';
import type { ApiClient } from './http-client.js';
import { deleteConfigurations, registerConfiguration, rule, startWebhookBed, stopWebhookBed, VWC, webhook, type TestWebhook } from './webhook-server.js';

// Which writes a registered webhook is sent: rules (operations, subresources, versions), selectors.
let server: ApiServerHandle;
let api: ApiClient;
let wh: TestWebhook;

beforeAll(async () => {
  ({ server, api, wh } = await startWebhookBed({}));
  wh.handle('/deny', () => ({ allowed: false, status: { code: 403, message: 'denied' } }));
});
afterEach(async () => {
  await deleteConfigurations(api);
});
afterAll(() => stopWebhookBed({ server, api, wh }));

const register = (type: 'mutating' | 'validating', name: string, webhooks: unknown[]) => registerConfiguration(api, type, name, webhooks);

const cms = (ns: string) => `/api/v1/namespaces/${ns}/configmaps`;
const PODS = '/api/v1/namespaces/default/pods';
const pod = (name: string) => ({ metadata: { name }, spec: { containers: [{ name: 'c', image: 'nginx' }] } });

describe('selectors', () => {
  it('namespaceSelector is tested against the namespace\'s labels (kubernetes.io/metadata.name included)', async () => {
    expect((await api.post('/api/v1/namespaces', { metadata: { name: 'team-a', labels: { team: 'a' } } })).status).toBe(201);
    expect((await api.post('/api/v1/namespaces', { metadata: { name: 'team-b' } })).status).toBe(201);
    await register('validating', 'ns', [
      webhook(wh, 'team.ns.example.com', '/deny', [rule(['configmaps'], ['CREATE'])], { namespaceSelector: { matchLabels: { team: 'a' } } }),
      webhook(wh, 'name.ns.example.com', '/deny', [rule(['configmaps'], ['CREATE'])], {
        namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['default'] }] },
      }),
    ]);
    expect((await api.post(cms('team-b'), { metadata: { name: 'free' } })).status).toBe(201);
    const a = await api.post(cms('team-a'), { metadata: { name: 'held' } });
    expect(a.json.message).toBe('admission webhook "team.ns.example.com" denied the request: denied');
    const d = await api.post(cms('default'), { metadata: { name: 'held' } });
    expect(d.json.message).toBe('admission webhook "name.ns.example.com" denied the request: denied');
  });

  it('objectSelector matches the new or the old object\'s labels', async () => {
    const ns = cms('team-b');
    expect((await api.post(ns, { metadata: { name: 'guarded', labels: { guard: 'on' } } })).status).toBe(201);
    expect((await api.post(ns, { metadata: { name: 'open' } })).status).toBe(201);
    await register('validating', 'obj', [webhook(wh, 'obj.example.com', '/deny', [rule(['configmaps'], ['CREATE', 'UPDATE'])], { objectSelector: { matchLabels: { guard: 'on' } } })]);
    expect((await api.post(ns, { metadata: { name: 'plain' } })).status).toBe(201);
    expect((await api.post(ns, { metadata: { name: 'labelled', labels: { guard: 'on' } } })).status).toBe(403);
    // The old object is selected: dropping the label is still sent (and denied).
    expect((await api.patch(`${ns}/guarded`, { metadata: { labels: { guard: null } } }, 'application/merge-patch+json')).status).toBe(403);
    // The new object is selected: adding the label is sent (and denied).
    expect((await api.patch(`${ns}/open`, { metadata: { labels: { guard: 'on' } } }, 'application/merge-patch+json')).status).toBe(403);
    expect((await api.patch(`${ns}/open`, { data: { a: 'b' } }, 'application/merge-patch+json')).status).toBe(200);
  });
});

describe('rules', () => {
  it('a /status write is not sent to a webhook whose rule names only the resource; it is when the rule names pods/status', async () => {
    expect((await api.post(PODS, pod('st'))).status).toBe(201);
    await register('validating', 'main-only', [webhook(wh, 'main.example.com', '/deny', [rule(['pods'], ['UPDATE'])])]);
    const before = wh.at('/deny').length;
    const status = await api.patch(`${PODS}/st/status`, { status: { message: 'hello' } }, 'application/merge-patch+json');
    expect(status.status).toBe(200);
    expect(wh.at('/deny')).toHaveLength(before);
    expect((await api.patch(`${PODS}/st`, { metadata: { labels: { a: 'b' } } }, 'application/merge-patch+json')).status).toBe(403);
    expect((await api.delete(`${VWC}/main-only`)).status).toBe(200);

    await register('validating', 'status-only', [webhook(wh, 'status.example.com', '/deny', [rule(['pods/status'], ['UPDATE'])])]);
    const denied = await api.patch(`${PODS}/st/status`, { status: { message: 'again' } }, 'application/merge-patch+json');
    expect(denied.status).toBe(403);
    expect(wh.at('/deny').at(-1)!.review.request).toMatchObject({ subResource: 'status', requestSubResource: 'status', kind: { kind: 'Pod' }, operation: 'UPDATE' });
    expect((await api.patch(`${PODS}/st`, { metadata: { labels: { c: 'd' } } }, 'application/merge-patch+json')).status).toBe(200);
  });

  it('a rule naming deployments/scale is sent autoscaling/v1 Scale objects', async () => {
    const DEPLOY = '/apis/apps/v1/namespaces/default/deployments';
    expect((await api.post(DEPLOY, { metadata: { name: 'web' }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } } })).status).toBe(201);
    wh.handle('/scale', (req) => (req.object.spec.replicas > 5 ? { allowed: false, status: { code: 422, message: 'at most 5 replicas' } } : { allowed: true }));
    await register('validating', 'scale', [webhook(wh, 'scale.example.com', '/scale', [rule(['deployments/scale'], ['UPDATE'], ['apps'])])]);
    const big = await api.patch(`${DEPLOY}/web/scale`, { spec: { replicas: 10 } }, 'application/merge-patch+json');
    expect(big.status).toBe(422);
    expect(big.json.message).toBe('admission webhook "scale.example.com" denied the request: at most 5 replicas');
    const req = wh.at('/scale')[0]!.review.request;
    expect(req).toMatchObject({
      kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, resource: { group: 'apps', version: 'v1', resource: 'deployments' }, subResource: 'scale',
      name: 'web', object: { kind: 'Scale', spec: { replicas: 10 } }, oldObject: { kind: 'Scale', spec: { replicas: 1 } },
    });
    const ok = await api.put(`${DEPLOY}/web/scale`, { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web' }, spec: { replicas: 3 } });
    expect(ok.status).toBe(200);
    expect(ok.json.spec.replicas).toBe(3);
    expect((await api.get(`${DEPLOY}/web`)).json.spec.replicas).toBe(3);
    // The main resource is not named by the rule.
    expect((await api.patch(`${DEPLOY}/web`, { spec: { replicas: 9 } }, 'application/merge-patch+json')).status).toBe(200);
  });

  it('a rule naming pods/binding is sent the Binding as a CREATE', async () => {
    expect((await api.post(PODS, pod('bind-me'))).status).toBe(201);
    wh.handle('/bind', (req) => (req.object.target.name === 'bad-node' ? { allowed: false, status: { code: 403, message: 'not there' } } : { allowed: true }));
    await register('validating', 'binding', [webhook(wh, 'bind.example.com', '/bind', [rule(['pods/binding'], ['CREATE'])])]);
    const binding = (node: string) => ({ apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bind-me' }, target: { apiVersion: 'v1', kind: 'Node', name: node } });
    const denied = await api.post(`${PODS}/bind-me/binding`, binding('bad-node'));
    expect(denied.status).toBe(403);
    expect(wh.at('/bind')[0]!.review.request).toMatchObject({
      kind: { group: '', version: 'v1', kind: 'Binding' }, resource: { group: '', version: 'v1', resource: 'pods' }, subResource: 'binding',
      name: 'bind-me', namespace: 'default', operation: 'CREATE', object: { kind: 'Binding', target: { name: 'bad-node' } }, oldObject: null,
    });
    expect((await api.post(`${PODS}/bind-me/binding`, binding('node1'))).status).toBe(201);
    expect((await api.get(`${PODS}/bind-me`)).json.spec.nodeName).toBe('node1');
  });

  it('matchPolicy Equivalent calls a webhook registered for another served version of the resource, at that version', async () => {
    const ASTS = '/apis/apps.kruise.io/v1beta1/namespaces/default/statefulsets';
    const asts = (name: string) => ({
      apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', metadata: { name },
      spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
    });
    await register('validating', 'equivalent', [webhook(wh, 'eq.example.com', '/deny', [rule(['statefulsets'], ['CREATE'], ['apps.kruise.io'], ['v1alpha1'])])]);
    expect((await api.post(ASTS, asts('eq'))).status).toBe(403);
    const req = wh.at('/deny').at(-1)!.review.request;
    expect(req.kind).toEqual({ group: 'apps.kruise.io', version: 'v1alpha1', kind: 'StatefulSet' });
    expect(req.requestKind).toEqual({ group: 'apps.kruise.io', version: 'v1beta1', kind: 'StatefulSet' });
    expect(req.resource).toEqual({ group: 'apps.kruise.io', version: 'v1alpha1', resource: 'statefulsets' });
    expect(req.object.apiVersion).toBe('apps.kruise.io/v1alpha1');
    const current = (await api.get(`${VWC}/equivalent`)).json;
    current.webhooks[0].matchPolicy = 'Exact';
    expect((await api.put(`${VWC}/equivalent`, current)).status).toBe(200);
    expect((await api.post(ASTS, asts('eq'))).status).toBe(201);
  });

  it('a write no rule names is not sent (operations, groups, resources)', async () => {
    await register('validating', 'narrow', [webhook(wh, 'narrow.example.com', '/deny', [rule(['secrets'], ['DELETE'])])]);
    const before = wh.at('/deny').length;
    expect((await api.post(cms('default'), { metadata: { name: 'not-named' } })).status).toBe(201);
    expect((await api.post('/api/v1/namespaces/default/secrets', { metadata: { name: 'not-deleted' } })).status).toBe(201);
    expect(wh.at('/deny')).toHaveLength(before);
    expect((await api.delete('/api/v1/namespaces/default/secrets/not-deleted')).status).toBe(403);
  });
});
