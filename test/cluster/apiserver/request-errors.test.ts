// Error answers with kube-apiserver 1.26.5's codes and texts (each checked against it): Go's JSON decoder
// errors, option validation (422 naming CreateOptions/ListOptions/DeleteOptions), label- and field-selector
// grammar, field labels a kind does not support, resourceVersion parsing, kind/apiVersion of a body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type ApiServerHandle } from '../../../src/cluster/apiserver/index.js';
import { parseFieldSelectorFor } from '../../../src/cluster/apiserver/field-selector.js';
import { goJsonSyntaxError } from '../../../src/cluster/apiserver/go-json.js';
import { parseLabelSelectorAsKube } from '../../../src/cluster/apiserver/label-selector.js';
import { apiClient, type ApiClient } from './http-client.js';

describe("Go's JSON syntax errors", () => {
  it.each([
    ['{"a":1', 'unexpected end of JSON input'],
    ['{"a":1}}', "invalid character '}' after top-level value"],
    ['apiVersion: v1', "invalid character 'a' looking for beginning of value"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
    ['[1 2]', "invalid character '2' after array element"],
    ['{a:1}', "invalid character 'a' looking for beginning of object key string"],
    ['{"a":"\\q"}', "invalid character 'q' in string escape code"],
    ['{"a":tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['{"a":-x}', "invalid character 'x' in numeric literal"],
    ['', 'unexpected end of JSON input'],
    ['{"a":[1,{"b":null}],"c":-1.5e3}', undefined],
  ])('%j → %s', (text, message) => {
    expect(goJsonSyntaxError(text)).toBe(message);
  });
});

describe('label selectors (apimachinery/pkg/labels grammar)', () => {
  it.each([
    ['a in (b', "unable to parse requirement: found '', expected: ',' or ')'"],
    ['=b', "found '=', expected: !, identifier, or 'end of string'"],
    ['app=a b', "found 'b', expected: ',' or 'end of string'"],
    ['a,', "found '', expected: identifier after ','"],
    ['a!b', "unable to parse requirement: found '!', expected: in, notin, =, ==, !=, gt, lt"],
    ['x in b', "unable to parse requirement: found 'b' expected: '('"],
    ['a>x', `unable to parse requirement: values[0]: Invalid value: "x": for 'Gt', 'Lt' operators, the value must be an integer`],
    ['!', "unable to parse requirement: found '', expected: identifier"],
  ])('%j → %s', (selector, message) => {
    expect(() => parseLabelSelectorAsKube(selector)).toThrow(message);
  });

  it('parses every operator', () => {
    expect(parseLabelSelectorAsKube('a=1,b==2,c!=3,d in (y,x),e notin (z),f,!g,h>1,i<2')).toEqual([
      { key: 'a', operator: 'Equals', values: ['1'] }, { key: 'b', operator: 'Equals', values: ['2'] }, { key: 'c', operator: 'NotEquals', values: ['3'] },
      { key: 'd', operator: 'In', values: ['x', 'y'] }, { key: 'e', operator: 'NotIn', values: ['z'] }, { key: 'f', operator: 'Exists', values: [] },
      { key: 'g', operator: 'DoesNotExist', values: [] }, { key: 'h', operator: 'Gt', values: ['1'] }, { key: 'i', operator: 'Lt', values: ['2'] },
    ]);
  });
});

describe('field selectors and the field labels each kind supports', () => {
  const pods = { key: '/pods', namespaced: true, customResource: false };
  it.each([
    ['metadata.name', pods, "invalid selector: 'metadata.name'; can't understand 'metadata.name'"],
    ['metadata.name==a=b', pods, 'invalid field selector: unescaped character in value: 61'],
    ['metadata.name=a\\q', pods, 'invalid field selector: invalid escape sequence: \\q'],
    ['spec.foo=x', pods, 'field label not supported: spec.foo'],
    ['data.a=x', { key: '/configmaps', namespaced: true, customResource: false }, '"data.a" is not a known field selector: only "metadata.name", "metadata.namespace"'],
    ['spec.parallelism=1', { key: 'batch/jobs', namespaced: true, customResource: false }, 'field label "spec.parallelism" not supported for Job'],
    ['metadata.namespace=x', { key: '/nodes', namespaced: false, customResource: false }, 'field label not supported: metadata.namespace'],
    ['spec.replicas=1', { key: 'apps.kruise.io/statefulsets', namespaced: true, customResource: true }, 'field label not supported: spec.replicas'],
  ])('%j on %o → %s', (text, target, message) => {
    expect(() => parseFieldSelectorFor(text, target)).toThrow(message);
  });

  it('supported labels parse, with spec.host read as spec.nodeName', () => {
    expect(parseFieldSelectorFor('spec.host=n1,status.phase!=Running', pods)).toEqual([
      { label: 'spec.nodeName', value: 'n1', negate: false }, { label: 'status.phase', value: 'Running', negate: true },
    ]);
  });
});

describe('over HTTP', () => {
  let server: ApiServerHandle;
  let api: ApiClient;
  const CMS = '/api/v1/namespaces/default/configmaps';
  beforeAll(async () => {
    server = await startApiServer({});
    api = apiClient(server);
  });
  afterAll(async () => {
    api.close();
    await server.stop();
  });

  it('an undecodable body: 400 with the decoder text and the first 30 bytes', async () => {
    const res = await api.post(CMS, '{"metadata":{"name":"abcdefghijklmnopqrstuvwxyz"}');
    expect(res.status).toBe(400);
    expect(res.json.message).toBe(`the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: unexpected end of JSON input ({"metadata":{"name":"abcdefghi ...)`);
    const array = await api.post(CMS, '[]');
    expect(array.json.message).toContain('json: cannot unmarshal array into Go value of type struct { APIVersion string');
    expect(array.json.message).toMatch(/\(5b5d\)$/);
  });

  it('415 lists the media types a body may have', async () => {
    const res = await api.post(CMS, 'x: 1', { 'Content-Type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(res.json.message).toBe('the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf');
  });

  it('422 ConfigMap "" for a create without name; 500 without reason for a resourceVersion on create', async () => {
    const noName = await api.post(CMS, { metadata: {} });
    expect(noName.json).toEqual({
      kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
      message: 'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required', reason: 'Invalid',
      details: { kind: 'ConfigMap', causes: [{ reason: 'FieldValueRequired', message: 'Required value: name or generateName is required', field: 'metadata.name' }] },
      code: 422,
    });
    const rv = await api.post(CMS, { metadata: { name: 'rv', resourceVersion: '5' } });
    expect(rv.status).toBe(500);
    expect(rv.json).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'resourceVersion should not be set on objects to be created', code: 500 });
  });

  it('dryRun, fieldValidation, propagationPolicy and resourceVersionMatch are checked as options (422)', async () => {
    const dry = await api.post(`${CMS}?dryRun=All&dryRun=Maybe`, { metadata: { name: 'o' } });
    expect(dry.status).toBe(422);
    expect(dry.json.message).toBe('CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"All", "Maybe"}: supported values: "All"');
    expect(dry.json.details).toEqual({ group: 'meta.k8s.io', kind: 'CreateOptions', causes: [{ reason: 'FieldValueNotSupported', message: 'Unsupported value: []string{"All", "Maybe"}: supported values: "All"', field: 'dryRun' }] });
    const fv = await api.put(`${CMS}/o?fieldValidation=Bogus`, { metadata: { name: 'o' } });
    expect(fv.json.message).toBe('UpdateOptions.meta.k8s.io "" is invalid: fieldValidation: Unsupported value: "Bogus": supported values: "", "Ignore", "Strict", "Warn"');
    const policy = await api.delete(`${CMS}/o?propagationPolicy=Bogus`);
    expect(policy.json.message).toBe('DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Bogus": supported values: "Foreground", "Background", "Orphan", "nil"');
    const match = await api.get(`${CMS}?resourceVersionMatch=Exact`);
    expect(match.json.message).toBe('ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided');
  });

  it('an unparsable resourceVersion is a bare 500; limit=-1 lists everything; a bad continue token is 400', async () => {
    const watch = await api.get(`${CMS}?watch=true&resourceVersion=abc`);
    expect(watch.status).toBe(500);
    expect(watch.json.message).toBe('resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax');
    expect(watch.json.reason).toBeUndefined();
    expect((await api.get(`${CMS}?limit=-1`)).status).toBe(200);
    const token = await api.get(`${CMS}?limit=1&continue=abc`);
    expect(token.json.message).toBe("invalid continue token: continue key is not valid: invalid character 'i' looking for beginning of value");
  });

  it('selectors: kube texts, and 400 for a field label the kind does not support', async () => {
    expect((await api.get(`/api/v1/namespaces/default/pods?labelSelector=${encodeURIComponent('a in (b')}`)).json.message).toBe("unable to parse requirement: found '', expected: ',' or ')'");
    const field = await api.get('/api/v1/namespaces/default/pods?fieldSelector=spec.foo%3Dx');
    expect(field.status).toBe(400);
    expect(field.json.message).toBe('field label not supported: spec.foo');
  });

  it('a body of another kind: 400 (built-in) or 422 on kind (custom resource); 405 and 404 texts', async () => {
    expect((await api.post(CMS, { kind: 'Secret', apiVersion: 'v1', metadata: { name: 'k' } })).json.message)
      .toBe('Secret in version "v1" cannot be handled as a ConfigMap: converting (v1.Secret) to (core.ConfigMap): unknown conversion');
    const cr = await api.post('/apis/apps.kruise.io/v1beta1/namespaces/default/statefulsets', { apiVersion: 'apps.kruise.io/v1beta1', kind: 'DaemonSet', metadata: { name: 'k' } });
    expect(cr.status).toBe(422);
    expect(cr.json.message).toBe('DaemonSet.apps.kruise.io "k" is invalid: kind: Invalid value: "DaemonSet": must be StatefulSet');
    const method = await api.post(`${CMS}/x`, {});
    expect(method.json).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server does not allow this method on the requested resource', reason: 'MethodNotAllowed', details: {}, code: 405 });
    expect((await api.get('/apis/apps/v1/namespaces/default/deployments/nope/scale')).json.details).toEqual({ name: 'nope', group: 'apps', kind: 'deployments/scale' });
  });
});
