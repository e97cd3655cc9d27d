// Bad-input corpus: the HTTP surface — malformed bodies, content types, tokens, names, body vs URL,
// unknown fields with fieldValidation=Strict, query strings (selectors, resourceVersion, limit,
// continue), body size limits and deep nesting. Each answered as kube-apiserver answers it.
import { badRequest, get, invalid, JSON_TYPE, MERGE_PATCH, patch, post, postRaw, put, type BadInputCase } from './case.js';
import { CM, nestedArrays, SEED, spliceRaw, statefulSet, STS } from './fixtures.js';

const MiB = 1024 * 1024;
const web = `${STS}/${SEED.sts}`;
const validJson = JSON.stringify(statefulSet('p1'));
const bigAnnotation = (name: string, bytes: number) => ({ ...statefulSet(name), metadata: { name, annotations: { blob: 'x'.repeat(bytes) } } });

export const PROTOCOL_CASES: BadInputCase[] = [
  // Malformed bodies
  { id: 'json-truncated', group: 'malformed JSON', rule: 'the body is complete JSON', input: postRaw(STS, validJson.slice(0, 60)), expect: badRequest(/JSON|decod|unexpected end|Unterminated/i) },
  { id: 'json-trailing-garbage', group: 'malformed JSON', rule: 'the body is one JSON value', input: postRaw(STS, `${validJson}}}`), expect: badRequest(/JSON|decod|unexpected/i) },
  { id: 'json-yaml-as-json', group: 'malformed JSON', rule: 'a JSON content type carries JSON', input: postRaw(STS, 'apiVersion: apps.kruise.io/v1beta1\nkind: StatefulSet\n'), expect: badRequest(/JSON|decod|unexpected|invalid character/i) },
  { id: 'json-empty-body', group: 'malformed JSON', rule: 'a create has a body', input: postRaw(STS, ''), expect: { code: [400, 422], message: /empty|EOF|name or generateName/i } },
  { id: 'json-array-body', group: 'malformed JSON', rule: 'the body is an object', input: postRaw(STS, '[]'), expect: badRequest() },
  { id: 'json-null-body', group: 'malformed JSON', rule: 'the body is an object', input: postRaw(STS, 'null'), expect: { code: [400, 422] } },
  { id: 'json-invalid-utf8', group: 'malformed JSON', rule: 'the body is UTF-8 JSON', input: postRaw(STS, Buffer.concat([Buffer.from('{"metadata":{"name":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}')])), expect: { code: [400, 422] } },
  { id: 'merge-patch-truncated', group: 'malformed JSON', rule: 'a patch is complete JSON', input: patch(web, '{"spec":{"replicas":'), expect: badRequest() },
  { id: 'json-patch-not-a-list', group: 'malformed JSON', rule: 'a JSON patch is a list of operations', input: patch(web, '{"op":"replace"}', 'application/json-patch+json'), expect: badRequest() },
  // Content types
  { id: 'content-type-text', group: 'content type', rule: 'bodies are JSON', input: postRaw(STS, validJson, 'text/plain'), expect: { code: 415, reason: 'UnsupportedMediaType', message: 'accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf' } },
  { id: 'content-type-xml', group: 'content type', rule: 'bodies are JSON', input: postRaw(STS, validJson, 'application/xml'), expect: { code: 415, reason: 'UnsupportedMediaType' } },
  { id: 'patch-content-type-json', group: 'content type', rule: 'a PATCH names its patch type', input: patch(web, { spec: { replicas: 4 } }, JSON_TYPE), expect: { code: 415, reason: 'UnsupportedMediaType' } },
  { id: 'strategic-patch-on-crd', group: 'content type', rule: 'custom resources take no strategic merge patch', input: patch(web, { spec: { replicas: 4 } }, 'application/strategic-merge-patch+json'), expect: { code: 415, reason: 'UnsupportedMediaType' } },
  // Authentication
  // No credentials: anonymous, as kube-apiserver with anonymous auth on (its default) — 403 for system:anonymous.
  { id: 'token-missing', group: 'authentication', rule: 'a request without credentials is anonymous and forbidden', input: get(STS, { token: null }), expect: { code: 403, reason: 'Forbidden' } },
  { id: 'token-wrong', group: 'authentication', rule: 'only the server token is accepted', input: get(STS, { token: 'not-the-token' }), expect: { code: 401, reason: 'Unauthorized' } },
  { id: 'token-basic-auth', group: 'authentication', rule: 'basic auth is not accepted', input: get(STS, { authorization: 'Basic YWRtaW46YWRtaW4=' }), expect: { code: 401, reason: 'Unauthorized' } },
  { id: 'token-write-without', group: 'authentication', rule: 'a write without a token is refused before it is read', input: postRaw(STS, JSON.stringify(statefulSet('p2')), JSON_TYPE, { token: null }), expect: { code: 403, reason: 'Forbidden' } },
  // Names
  { id: 'name-uppercase', group: 'names', rule: 'names are lowercase RFC 1123 subdomains', input: post(STS, statefulSet('Web')), expect: invalid('metadata.name', 'a lowercase RFC 1123 subdomain') },
  { id: 'name-300-chars', group: 'names', rule: 'names have at most 253 characters', input: post(STS, statefulSet('a'.repeat(300))), expect: invalid('metadata.name', 'must be no more than 253 characters') },
  { id: 'name-missing', group: 'names', rule: 'a create names the object', input: post(STS, { ...statefulSet('x'), metadata: {} }), expect: invalid('metadata.name', 'name or generateName is required') },
  { id: 'name-url-mismatch', group: 'body vs URL', rule: 'the body names the object on the URL', input: put(web, statefulSet('someone-else')), expect: badRequest('does not match the name on the URL') },
  // Body vs URL
  { id: 'kind-mismatch', group: 'body vs URL', rule: 'the body kind is the resource kind', input: post(STS, { ...statefulSet('p3'), kind: 'DaemonSet' }), expect: invalid('kind', 'Invalid value: "DaemonSet": must be StatefulSet') },
  { id: 'api-version-mismatch', group: 'body vs URL', rule: 'the body apiVersion is served by the URL', input: post(STS, { ...statefulSet('p4'), apiVersion: 'apps/v1' }), expect: badRequest('apps/v1') },
  { id: 'namespace-mismatch', group: 'body vs URL', rule: 'the body namespace is the URL namespace', input: post(STS, { ...statefulSet('p5'), metadata: { name: 'p5', namespace: 'kube-system' } }), expect: badRequest('namespace') },
  { id: 'resource-version-on-create', group: 'body vs URL', rule: 'a create carries no resourceVersion', input: post(STS, { ...statefulSet('p6'), metadata: { name: 'p6', resourceVersion: '5' } }), expect: { code: 500, reason: '', message: 'resourceVersion should not be set on objects to be created' } },
  // Unknown fields
  { id: 'unknown-field-strict', group: 'unknown fields', rule: 'fieldValidation=Strict refuses unknown fields', input: post(STS, statefulSet('p7', { foo: 1 }), '?fieldValidation=Strict'), expect: badRequest('strict decoding error: unknown field "spec.foo"', 'spec.foo') },
  { id: 'unknown-field-strict-nested', group: 'unknown fields', rule: 'fieldValidation=Strict refuses unknown nested fields', input: post(STS, statefulSet('p8', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partitoin: 1 } } }), '?fieldValidation=Strict'), expect: badRequest('unknown field "spec.updateStrategy.rollingUpdate.partitoin"') },
  { id: 'field-validation-bogus', group: 'unknown fields', rule: 'fieldValidation is Ignore, Warn or Strict', input: post(STS, statefulSet('p9'), '?fieldValidation=Sometimes'), expect: invalid('fieldValidation', 'Unsupported value: "Sometimes": supported values: "", "Ignore", "Strict", "Warn"') },
  // Query strings
  { id: 'label-selector-unclosed', group: 'query strings', rule: 'labelSelector parses', input: get(`${STS}?labelSelector=${encodeURIComponent('a in (b')}`), expect: badRequest('unable to parse requirement') },
  { id: 'label-selector-no-key', group: 'query strings', rule: 'labelSelector parses', input: get(`${STS}?labelSelector=${encodeURIComponent('=b')}`), expect: badRequest() },
  { id: 'label-selector-bad-value', group: 'query strings', rule: 'label values are valid', input: get(`${STS}?labelSelector=${encodeURIComponent('app=a b')}`), expect: badRequest() },
  { id: 'field-selector-no-operator', group: 'query strings', rule: 'fieldSelector parses', input: get(`${STS}?fieldSelector=metadata.name`), expect: badRequest() },
  { id: 'watch-resource-version-abc', group: 'query strings', rule: 'a watch resourceVersion is a number', input: get(`${STS}?watch=true&resourceVersion=abc&timeoutSeconds=1`), expect: { code: 500, reason: '', field: 'resourceVersion', message: 'strconv.ParseUint: parsing "abc": invalid syntax' } },
  { id: 'watch-resource-version-negative', group: 'query strings', rule: 'a watch resourceVersion is a non-negative number', input: get(`${STS}?watch=true&resourceVersion=-5&timeoutSeconds=1`), expect: { code: 500, reason: '', field: 'resourceVersion', message: 'strconv.ParseUint: parsing "-5": invalid syntax' } },
  // limit=-1 is not bad input for kube-apiserver 1.26.5: it answers the whole list (no limit).
  { id: 'list-continue-garbage', group: 'query strings', rule: 'continue is a token the server issued', input: get(`${STS}?limit=1&continue=not-a-token`), expect: badRequest('continue') },
  // gracePeriodSeconds=-3 is not bad input for kube-apiserver 1.26.5: a ConfigMap is deleted (200 Status Success).
  { id: 'delete-propagation-unknown', group: 'query strings', rule: 'propagationPolicy is Background, Foreground or Orphan', input: { kind: 'http', request: { method: 'DELETE', path: `${CM}/${SEED.cm}?propagationPolicy=Eventually` } }, expect: invalid('propagationPolicy', 'Unsupported value: "Eventually": supported values: "Foreground", "Background", "Orphan", "nil"') },
  { id: 'dry-run-unknown', group: 'query strings', rule: 'dryRun is All', input: post(STS, statefulSet('p10'), '?dryRun=Maybe'), expect: invalid('dryRun', 'Unsupported value: []string{"Maybe"}: supported values: "All"') },
  // Size limits
  { id: 'body-4mib', group: 'size limits', rule: 'bodies over 3 MiB are refused', input: post(STS, bigAnnotation('huge', 4 * MiB)), expect: { code: 413, reason: 'RequestEntityTooLarge' } },
  { id: 'body-4mib-chunked', group: 'size limits', rule: 'bodies over 3 MiB are refused without a Content-Length too', input: postRaw(STS, JSON.stringify(bigAnnotation('huge2', 4 * MiB)), JSON_TYPE, { chunked: true }), expect: { code: 413, reason: 'RequestEntityTooLarge' } },
  {
    id: 'annotations-1mib', group: 'size limits', rule: 'annotations total at most 256 KiB',
    input: post(STS, bigAnnotation('annotated', MiB)),
    expect: invalid('metadata.annotations', 'must have at most 262144 bytes'),
  },
  { id: 'annotations-1mib-patch', group: 'size limits', rule: 'annotations total at most 256 KiB (on update)', input: patch(`${CM}/${SEED.cm}`, { metadata: { annotations: { blob: 'x'.repeat(MiB) } } }, MERGE_PATCH), expect: invalid('metadata.annotations', 'must have at most 262144 bytes'),
    },
  // Nesting
  {
    id: 'nesting-10k-preserved', group: 'deep nesting', rule: 'JSON nested deeper than 10,000 levels is refused',
    input: postRaw(STS, spliceRaw(statefulSet('deep1'), '"containers":[{', 'args', nestedArrays(10_000))),
    expect: badRequest(/depth|nest/i),
  },
  {
    id: 'nesting-10k-pruned', group: 'deep nesting', rule: 'JSON nested deeper than 10,000 levels is refused',
    input: postRaw(STS, spliceRaw(statefulSet('deep2'), '"spec":{', 'foo', nestedArrays(10_000))),
    expect: badRequest(/depth|nest/i),
  },
  {
    id: 'nesting-100k-annotations', group: 'deep nesting', rule: 'JSON nested deeper than 10,000 levels is refused',
    input: postRaw(CM, spliceRaw({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'deep3' } }, '"metadata":{', 'labels', nestedArrays(100_000))),
    expect: { code: [400, 422] },
  },
];
