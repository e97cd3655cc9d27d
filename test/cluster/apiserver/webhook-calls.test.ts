import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServerHandle } from '../../../src/cluster/apiserver/index.js';
import type { ApiClient } from './http-client.js';
import { deleteConfigurations, registerConfiguration, rule, startWebhookBed, stopWebhookBed, VWC, webhook, type TestWebhook } from './webhook-server.js';

// Admission webhooks registered through the API are called over HTTPS as kube-apiserver 1.26 calls them.
let server: ApiServerHandle;
let api: ApiClient;
let wh: TestWebhook;

beforeAll(async () => {
  ({ server, api, wh } = await startWebhookBed({ installKruiseCrds: false }));
});
afterEach(async () => {
  await deleteConfigurations(api);
});
afterAll(() => stopWebhookBed({ server, api, wh }));

const CM = '/api/v1/namespaces/default/configmaps';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const register = (type: 'mutating' | 'validating', name: string, webhooks: unknown[]) => registerConfiguration(api, type, name, webhooks);

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((ok) => s.close(() => ok()));
  return port;
}

describe('mutating webhooks', () => {
  it('the JSONPatch is applied and stored; the webhook sees the object before generateName, uid and creationTimestamp', async () => {
    wh.handle('/m1', () => ({ allowed: true, patch: [{ op: 'add', path: '/metadata/labels', value: { mutated: 'yes' } }], warnings: ['defaulted by m1'] }));
    await register('mutating', 'm1', [webhook(wh, 'm1.example.com', '/m1', [rule(['configmaps'], ['CREATE'])])]);
    const res = await api.post(CM, { metadata: { generateName: 'cm-' }, data: { a: '1' } });
    expect(res.status).toBe(201);
    expect(res.json.metadata.labels).toEqual({ mutated: 'yes' });
    expect(res.headers.warning).toBe('299 - "defaulted by m1"');
    expect((await api.get(`${CM}/${res.json.metadata.name}`)).json.metadata.labels).toEqual({ mutated: 'yes' });

    const [call] = wh.at('/m1');
    expect(call!.query).toBe('timeout=10s');
    expect(call!.review.apiVersion).toBe('admission.k8s.io/v1');
    expect(call!.review.kind).toBe('AdmissionReview');
    const { object, uid, ...request } = call!.review.request;
    expect(uid).toMatch(UUID);
    expect(request).toEqual({
      kind: { group: '', version: 'v1', kind: 'ConfigMap' },
      resource: { group: '', version: 'v1', resource: 'configmaps' },
      requestKind: { group: '', version: 'v1', kind: 'ConfigMap' },
      requestResource: { group: '', version: 'v1', resource: 'configmaps' },
      namespace: 'default',
      operation: 'CREATE',
      userInfo: { username: 'kactor', groups: ['system:masters', 'system:authenticated'] },
      oldObject: null,
      dryRun: false,
      options: { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1' },
    });
    expect(object).toEqual({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'cm-', namespace: 'default' }, data: { a: '1' } });
  });

  it('webhooks run in order, each seeing the previous patch; validating webhooks see the final object', async () => {
    wh.handle('/m2a', () => ({ allowed: true, patch: [{ op: 'add', path: '/data/first', value: 'a' }] }));
    wh.handle('/m2b', (req) => ({ allowed: true, patch: [{ op: 'add', path: '/data/second', value: `${req.object.data.first}b` }] }));
    await register('mutating', 'm2', [
      webhook(wh, 'first.m2.example.com', '/m2a', [rule(['configmaps'], ['CREATE'])]),
      webhook(wh, 'second.m2.example.com', '/m2b', [rule(['configmaps'], ['CREATE'])]),
    ]);
    await register('validating', 'v2', [webhook(wh, 'v2.example.com', '/v2', [rule(['configmaps'], ['CREATE'])])]);
    const res = await api.post(CM, { metadata: { name: 'ordered' }, data: {} });
    expect(res.status).toBe(201);
    expect(res.json.data).toEqual({ first: 'a', second: 'ab' });
    const seen = wh.at('/v2')[0]!.review.request;
    expect(seen.name).toBe('ordered');
    expect(seen.object.data).toEqual({ first: 'a', second: 'ab' });
    expect(seen.object.metadata.uid).toBe(res.json.metadata.uid);
    expect(seen.object.metadata.creationTimestamp).toBe(res.json.metadata.creationTimestamp);
  });

  it('a webhook with reinvocationPolicy IfNeeded is called again when a later webhook changed the object', async () => {
    wh.handle('/r1', () => ({ allowed: true }));
    wh.handle('/r2', (req) => (req.object.metadata.labels?.late ? { allowed: true } : { allowed: true, patch: [{ op: 'add', path: '/metadata/labels', value: { late: 'x' } }] }));
    await register('mutating', 'r', [
      webhook(wh, 'early.r.example.com', '/r1', [rule(['configmaps'], ['CREATE'])], { reinvocationPolicy: 'IfNeeded' }),
      webhook(wh, 'late.r.example.com', '/r2', [rule(['configmaps'], ['CREATE'])]),
    ]);
    expect((await api.post(CM, { metadata: { name: 'reinvoked' } })).status).toBe(201);
    expect(wh.at('/r1').map((c) => c.review.request.object.metadata.labels)).toEqual([undefined, { late: 'x' }]);
    expect(wh.at('/r2')).toHaveLength(1);
  });

  it('a webhook that speaks only v1beta1 is sent an admission.k8s.io/v1beta1 review, and its patch is applied', async () => {
    wh.handle('/beta', () => ({ allowed: true, patch: [{ op: 'add', path: '/data', value: { beta: '1' } }], patchType: null }));
    await register('mutating', 'beta', [webhook(wh, 'beta.example.com', '/beta', [rule(['configmaps'], ['CREATE'])], { admissionReviewVersions: ['v1beta1'] })]);
    const res = await api.post(CM, { metadata: { name: 'beta' } });
    expect(res.status).toBe(201);
    expect(res.json.data).toEqual({ beta: '1' });
    expect(wh.at('/beta')[0]!.review.apiVersion).toBe('admission.k8s.io/v1beta1');
  });

  it('with ?dryRun=All the webhook is told so (dryRun, options.dryRun) and nothing is stored', async () => {
    wh.handle('/dry', () => ({ allowed: true, patch: [{ op: 'add', path: '/data', value: { x: 'y' } }] }));
    await register('mutating', 'dry', [webhook(wh, 'dry.example.com', '/dry', [rule(['configmaps'], ['CREATE'])])]);
    const res = await api.post(`${CM}?dryRun=All`, { metadata: { name: 'dry-run' } });
    expect(res.status).toBe(201);
    expect(res.json.data).toEqual({ x: 'y' });
    const req = wh.at('/dry')[0]!.review.request;
    expect(req.dryRun).toBe(true);
    expect(req.options).toEqual({ kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1', dryRun: ['All'] });
    expect((await api.get(`${CM}/dry-run`)).status).toBe(404);
  });

  it('a patch that does not apply answers 500 in the words of kube\'s JSON patch library, even under failurePolicy Ignore', async () => {
    wh.handle('/badpatch', (req) => ({ allowed: true, patch: req.object.metadata.name === 'rm' ? [{ op: 'remove', path: '/metadata/labels/zz' }] : [{ op: 'add', path: '/spec/a/b', value: 1 }] }));
    await register('mutating', 'badpatch', [webhook(wh, 'badpatch.example.com', '/badpatch', [rule(['configmaps'], ['CREATE'])], { failurePolicy: 'Ignore' })]);
    const rm = await api.post(CM, { metadata: { name: 'rm', labels: { a: 'b' } } });
    expect(rm.status).toBe(500);
    expect(rm.json.message).toBe("Internal error occurred: error in remove for path: '/metadata/labels/zz': Unable to remove nonexistent key: zz: missing value");
    const add = await api.post(CM, { metadata: { name: 'add' } });
    expect(add.json.message).toBe('Internal error occurred: add operation does not apply: doc is missing path: "/spec/a/b": missing value');
  });

  it('a replace of a key the object lacks adds it (as kube\'s JSON patch library does)', async () => {
    wh.handle('/replace', () => ({ allowed: true, patch: [{ op: 'replace', path: '/data/added', value: 'yes' }] }));
    await register('mutating', 'replace', [webhook(wh, 'replace.example.com', '/replace', [rule(['configmaps'], ['CREATE'])])]);
    const res = await api.post(CM, { metadata: { name: 'replaced' }, data: { k: 'v' } });
    expect(res.status).toBe(201);
    expect(res.json.data).toEqual({ k: 'v', added: 'yes' });
  });

  it('a patch on DELETE is refused: there is no object to modify', async () => {
    expect((await api.post(CM, { metadata: { name: 'undeletable' } })).status).toBe(201);
    wh.handle('/mdel', () => ({ allowed: true, patch: [{ op: 'add', path: '/data', value: {} }] }));
    await register('mutating', 'mdel', [webhook(wh, 'mdel.example.com', '/mdel', [rule(['configmaps'], ['DELETE'])])]);
    const res = await api.delete(`${CM}/undeletable`);
    expect(res.status).toBe(500);
    expect(res.json.message).toBe('Internal error occurred: admission webhook "mdel.example.com" attempted to modify the object, which is not supported for this operation');
    expect((await api.get(`${CM}/undeletable`)).status).toBe(200);
  });
});

describe('validating webhooks', () => {
  it('a denial answers with the webhook\'s code, reason and message, and nothing is stored', async () => {
    wh.handle('/deny', (req) => (req.object.data?.bad ? { allowed: false, status: { code: 403, reason: 'Forbidden', message: 'bad data' } } : { allowed: true }));
    await register('validating', 'deny', [webhook(wh, 'deny.example.com', '/deny', [rule(['configmaps'], ['CREATE', 'UPDATE'])])]);
    const res = await api.post(CM, { metadata: { name: 'denied' }, data: { bad: 'yes' } });
    expect(res.status).toBe(403);
    expect(res.json).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'admission webhook "deny.example.com" denied the request: bad data', reason: 'Forbidden', code: 403,
    });
    expect((await api.get(`${CM}/denied`)).status).toBe(404);
  });

  it('a denial with a code below 400 answers 400; one without a message says "without explanation"; details pass through', async () => {
    wh.handle('/deny2', (req) =>
      req.object.metadata.name === 'quiet'
        ? { allowed: false }
        : { allowed: false, status: { code: 200, message: 'no', details: { causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value', field: 'data' }] } } });
    await register('validating', 'deny2', [webhook(wh, 'deny2.example.com', '/deny2', [rule(['configmaps'], ['CREATE'])])]);
    const quiet = await api.post(CM, { metadata: { name: 'quiet' } });
    expect(quiet.status).toBe(400);
    expect(quiet.json.message).toBe('admission webhook "deny2.example.com" denied the request without explanation');
    expect(quiet.json.reason).toBeUndefined();
    const loud = await api.post(CM, { metadata: { name: 'loud' } });
    expect(loud.status).toBe(400);
    expect(loud.json.message).toBe('admission webhook "deny2.example.com" denied the request: no');
    expect(loud.json.details).toEqual({ causes: [{ reason: 'FieldValueInvalid', message: 'Invalid value', field: 'data' }] });
  });

  it('DELETE is sent with the old object, no object and the DeleteOptions; a denial keeps the object', async () => {
    expect((await api.post(CM, { metadata: { name: 'to-delete', labels: { keep: 'no' } } })).status).toBe(201);
    expect((await api.post(CM, { metadata: { name: 'kept', labels: { keep: 'yes' } } })).status).toBe(201);
    wh.handle('/vdel', (req) => (req.oldObject.metadata.labels.keep === 'yes' ? { allowed: false, status: { code: 403, message: 'protected' } } : { allowed: true }));
    await register('validating', 'vdel', [webhook(wh, 'vdel.example.com', '/vdel', [rule(['configmaps'], ['DELETE'])])]);
    const res = await api.delete(`${CM}/to-delete`, { propagationPolicy: 'Background' });
    expect(res.status).toBe(200);
    const req = wh.at('/vdel')[0]!.review.request;
    expect(req).toMatchObject({ operation: 'DELETE', name: 'to-delete', namespace: 'default', object: null, dryRun: false, options: { kind: 'DeleteOptions', apiVersion: 'meta.k8s.io/v1', propagationPolicy: 'Background' } });
    expect(req.oldObject.metadata.name).toBe('to-delete');
    const denied = await api.delete(`${CM}/kept`);
    expect(denied.status).toBe(403);
    expect(denied.json.message).toBe('admission webhook "vdel.example.com" denied the request: protected');
    expect((await api.get(`${CM}/kept`)).status).toBe(200);
  });

  it('writes of webhook configurations never reach webhooks (a deny-all webhook can still be removed)', async () => {
    wh.handle('/all', () => ({ allowed: false, status: { code: 403, message: 'nothing passes' } }));
    await register('validating', 'deny-all', [webhook(wh, 'all.example.com', '/all', [rule(['*'], ['*'], ['*'], ['*'])])]);
    expect((await api.post(CM, { metadata: { name: 'blocked' } })).status).toBe(403);
    expect((await api.delete(`${VWC}/deny-all`)).status).toBe(200);
    expect((await api.post(CM, { metadata: { name: 'blocked' } })).status).toBe(201);
  });
});

describe('calls that fail', () => {
  it('an unreachable webhook fails the write with 500 under failurePolicy Fail, and is skipped under Ignore', async () => {
    const port = await closedPort();
    const down = (failurePolicy: string) => ({ ...webhook(wh, 'down.example.com', '/down', [rule(['configmaps'], ['CREATE'])], { failurePolicy }), clientConfig: { url: `https://127.0.0.1:${port}/down`, caBundle: wh.caBundle } });
    await register('validating', 'down', [down('Fail')]);
    const res = await api.post(CM, { metadata: { name: 'unreached' } });
    expect(res.status).toBe(500);
    const text = `failed calling webhook "down.example.com": failed to call webhook: Post "https://127.0.0.1:${port}/down?timeout=10s": dial tcp 127.0.0.1:${port}: connect: connection refused`;
    expect(res.json).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `Internal error occurred: ${text}`, reason: 'InternalError', details: { causes: [{ message: text }] }, code: 500 });
    const current = (await api.get(`${VWC}/down`)).json;
    current.webhooks = [down('Ignore')];
    expect((await api.put(`${VWC}/down`, current)).status).toBe(200);
    expect((await api.post(CM, { metadata: { name: 'unreached' } })).status).toBe(201);
  });

  it('a webhook slower than timeoutSeconds is abandoned (context deadline exceeded) and told its timeout', async () => {
    wh.handle('/slow', () => ({ hang: true }));
    await register('mutating', 'slow', [webhook(wh, 'slow.example.com', '/slow', [rule(['configmaps'], ['CREATE'])], { timeoutSeconds: 1 })]);
    const res = await api.post(CM, { metadata: { name: 'slow' } });
    expect(res.status).toBe(500);
    expect(res.json.message).toBe(`Internal error occurred: failed calling webhook "slow.example.com": failed to call webhook: Post "https://127.0.0.1:${wh.port}/slow?timeout=1s": context deadline exceeded`);
    expect(wh.at('/slow')[0]!.query).toBe('timeout=1s');
  });

  it('only the caBundle is trusted: a certificate it did not sign fails the call', async () => {
    const hook = webhook(wh, 'ca.example.com', '/ca', [rule(['configmaps'], ['CREATE'])]);
    await register('validating', 'ca', [{ ...hook, clientConfig: { url: wh.url('/ca'), caBundle: Buffer.from(server.caPem).toString('base64') } }]);
    const res = await api.post(CM, { metadata: { name: 'untrusted' } });
    expect(res.status).toBe(500);
    expect(res.json.message).toBe(`Internal error occurred: failed calling webhook "ca.example.com": failed to call webhook: Post "https://127.0.0.1:${wh.port}/ca?timeout=10s": x509: certificate signed by unknown authority`);
    expect(wh.at('/ca')).toHaveLength(0);
  });

  it('a service endpoint never resolves on the embedded cluster: not found, then no endpoints; Ignore lets the write through', async () => {
    const svcHook = (failurePolicy: string) => ({
      name: 'svc.example.com', clientConfig: { service: { namespace: 'kube-system', name: 'webhook', path: '/validate' } },
      rules: [rule(['configmaps'], ['CREATE'])], sideEffects: 'None', admissionReviewVersions: ['v1'], failurePolicy,
    });
    await register('validating', 'svc', [svcHook('Fail')]);
    const prefix = 'Internal error occurred: failed calling webhook "svc.example.com": failed to call webhook: Post "https://webhook.kube-system.svc:443/validate?timeout=10s": ';
    expect((await api.post(CM, { metadata: { name: 'via-svc' } })).json.message).toBe(`${prefix}service "webhook" not found`);
    expect((await api.post('/api/v1/namespaces/kube-system/services', { metadata: { name: 'webhook' }, spec: { ports: [{ port: 443 }] } })).status).toBe(201);
    const res = await api.post(CM, { metadata: { name: 'via-svc' } });
    expect(res.status).toBe(500);
    expect(res.json.message).toBe(`${prefix}no endpoints available for service "webhook"`);
    const current = (await api.get(`${VWC}/svc`)).json;
    current.webhooks = [svcHook('Ignore')];
    expect((await api.put(`${VWC}/svc`, current)).status).toBe(200);
    expect((await api.post(CM, { metadata: { name: 'via-svc' } })).status).toBe(201);
  });

  it('an answer for another request uid, an HTTP error or an answer that is not JSON is a failed call', async () => {
    wh.handle('/uid', () => ({ allowed: true, uid: 'not-the-uid' }));
    wh.handle('/http', () => ({ httpStatus: 500, body: 'boom' }));
    await register('validating', 'bad-answers', [
      webhook(wh, 'uid.example.com', '/uid', [rule(['configmaps'], ['CREATE'])]),
    ]);
    const res = await api.post(CM, { metadata: { name: 'wrong-uid' } });
    expect(res.status).toBe(500);
    expect(res.json.message).toMatch(/^Internal error occurred: failed calling webhook "uid\.example\.com": received invalid webhook response: expected response\.uid="[0-9a-f-]{36}", got "not-the-uid"$/);
    expect((await api.delete(`${VWC}/bad-answers`)).status).toBe(200);
    await register('validating', 'http-error', [webhook(wh, 'http.example.com', '/http', [rule(['configmaps'], ['CREATE'])])]);
    const res2 = await api.post(CM, { metadata: { name: 'http-error' } });
    expect(res2.json.message).toBe('Internal error occurred: failed calling webhook "http.example.com": failed to call webhook: an error on the server ("boom") has prevented the request from succeeding');
    expect((await api.delete(`${VWC}/http-error`)).status).toBe(200);
    wh.handle('/text', () => ({ httpStatus: 200, body: 'hello', contentType: 'application/json' }));
    await register('validating', 'not-json', [webhook(wh, 'text.example.com', '/text', [rule(['configmaps'], ['CREATE'])])]);
    const res3 = await api.post(CM, { metadata: { name: 'not-json' } });
    expect(res3.json.message).toBe(
      'Internal error occurred: failed calling webhook "text.example.com": failed to call webhook: couldn\'t get version/kind; json parse error: ' +
        'json: cannot unmarshal string into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }',
    );
  });
});
