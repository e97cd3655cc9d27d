// Fidelity: error answers (Status code, reason, message, details) for bad bodies, bad options, bad
// selectors and unknown paths, as kube-apiserver 1.26.5 gives them. Each answer checked by hand against it.
import type { FidelityScenario } from '../types.js';

const CM = '/api/v1/namespaces/{ns}/configmaps';
const PODS = '/api/v1/namespaces/{ns}/pods';

export const scenarios: FidelityScenario[] = [
  {
    id: 'errors/bodies',
    title: 'bodies the server cannot decode: media type, JSON syntax, top-level value, missing name, resourceVersion on create',
    steps: [
      { id: 'text-plain', method: 'POST', path: CM, body: 'x: 1', contentType: 'text/plain', compare: 'status' },
      { id: 'truncated', method: 'POST', path: CM, body: '{"metadata":{"name":"a"}', compare: 'status' },
      { id: 'trailing', method: 'POST', path: CM, body: '{"metadata":{"name":"a"}}}', compare: 'status' },
      { id: 'yaml-as-json', method: 'POST', path: CM, body: 'apiVersion: v1\nkind: ConfigMap\n', compare: 'status' },
      { id: 'empty', method: 'POST', path: CM, body: '', compare: 'status' },
      { id: 'array', method: 'POST', path: CM, body: '[]', compare: 'status' },
      { id: 'bad-escape', method: 'POST', path: CM, body: '{"metadata":{"name":"a\\q"}}', compare: 'status' },
      { id: 'no-name', method: 'POST', path: CM, body: { metadata: {} }, compare: 'status' },
      { id: 'null-body', method: 'POST', path: CM, body: 'null', compare: 'status' },
      { id: 'rv-on-create', method: 'POST', path: CM, body: { metadata: { name: 'rv', resourceVersion: '5' } }, compare: 'status' },
      { id: 'kind-mismatch', method: 'POST', path: CM, body: { kind: 'Secret', apiVersion: 'v1', metadata: { name: 'km' } }, compare: 'status' },
    ],
  },
  {
    id: 'errors/options',
    title: 'dryRun, fieldValidation, resourceVersionMatch, resourceVersion and limit checked as the real server checks them',
    steps: [
      { id: 'dry-run-unknown', method: 'POST', path: `${CM}?dryRun=Unknown`, body: { metadata: { name: 'o1' } }, compare: 'status' },
      { id: 'dry-run-two', method: 'POST', path: `${CM}?dryRun=All&dryRun=Maybe`, body: { metadata: { name: 'o1' } }, compare: 'status' },
      { id: 'field-validation-bogus', method: 'POST', path: `${CM}?fieldValidation=Bogus`, body: { metadata: { name: 'o1' } }, compare: 'status' },
      { id: 'create', method: 'POST', path: CM, body: { metadata: { name: 'o1' }, data: { a: '1' } }, compare: 'code' },
      { id: 'put-field-validation', method: 'PUT', path: `${CM}/o1?fieldValidation=Bogus`, body: { metadata: { name: 'o1' } }, compare: 'status' },
      { id: 'patch-field-validation', method: 'PATCH', path: `${CM}/o1?fieldValidation=Bogus`, body: { data: { b: '2' } }, contentType: 'application/merge-patch+json', compare: 'status' },
      { id: 'delete-dry-run', method: 'DELETE', path: `${CM}/o1?dryRun=Unknown`, compare: 'status' },
      { id: 'delete-policy-bogus', method: 'DELETE', path: `${CM}/o1?propagationPolicy=Bogus`, compare: 'status' },
      { id: 'delete-policy-and-orphan', method: 'DELETE', path: `${CM}/o1?propagationPolicy=Orphan&orphanDependents=true`, compare: 'status' },
      { id: 'match-without-rv', method: 'GET', path: `${CM}?resourceVersionMatch=Exact`, compare: 'status' },
      { id: 'match-bogus', method: 'GET', path: `${CM}?resourceVersionMatch=Bogus&resourceVersion=1`, compare: 'status' },
      { id: 'match-exact-zero', method: 'GET', path: `${CM}?resourceVersionMatch=Exact&resourceVersion=0`, compare: 'status' },
      { id: 'list-rv-abc', method: 'GET', path: `${CM}?resourceVersion=abc`, compare: 'status' },
      { id: 'get-rv-abc', method: 'GET', path: `${CM}/o1?resourceVersion=abc`, compare: 'status' },
      { id: 'watch-rv-abc', method: 'GET', path: `${CM}?watch=true&resourceVersion=abc`, compare: 'status' },
      { id: 'watch-rv-negative', method: 'GET', path: `${CM}?watch=true&resourceVersion=-5`, compare: 'status' },
      { id: 'watch-with-match', method: 'GET', path: `${CM}?watch=true&resourceVersion=1&resourceVersionMatch=NotOlderThan`, compare: 'status' },
      { id: 'limit-negative', method: 'GET', path: `${CM}?limit=-1&fieldSelector=metadata.name%3Do1`, compare: 'code' },
      { id: 'continue-garbage', method: 'GET', path: `${CM}?limit=1&continue=abc`, compare: 'status' },
      { id: 'continue-not-base64', method: 'GET', path: `${CM}?limit=1&continue=%25%25`, compare: 'status' },
    ],
  },
  {
    id: 'errors/selectors',
    title: 'label- and field-selector parse errors, and field labels a kind does not support',
    steps: [
      { id: 'label-unclosed', method: 'GET', path: `${PODS}?labelSelector=a%20in%20(b`, compare: 'status' },
      { id: 'label-no-key', method: 'GET', path: `${PODS}?labelSelector=%3Db`, compare: 'status' },
      { id: 'label-space-in-value', method: 'GET', path: `${PODS}?labelSelector=app%3Da%20b`, compare: 'status' },
      { id: 'label-bad-key', method: 'GET', path: `${PODS}?labelSelector=a%2F%2Fb%3Dc`, compare: 'status' },
      { id: 'label-bad-value', method: 'GET', path: `${PODS}?labelSelector=a%3Db%2Fc`, compare: 'status' },
      { id: 'label-gt-not-integer', method: 'GET', path: `${PODS}?labelSelector=a%3Ex`, compare: 'status' },
      { id: 'label-trailing-comma', method: 'GET', path: `${PODS}?labelSelector=a,`, compare: 'status' },
      { id: 'label-bang-operator', method: 'GET', path: `${PODS}?labelSelector=a!b`, compare: 'status' },
      { id: 'label-in-without-paren', method: 'GET', path: `${PODS}?labelSelector=x%20in%20b`, compare: 'status' },
      { id: 'field-no-operator', method: 'GET', path: `${PODS}?fieldSelector=metadata.name`, compare: 'status' },
      { id: 'field-unescaped', method: 'GET', path: `${PODS}?fieldSelector=metadata.name%3D%3Da%3Db`, compare: 'status' },
      { id: 'field-bad-escape', method: 'GET', path: `${PODS}?fieldSelector=metadata.name%3Da%5Cq`, compare: 'status' },
      { id: 'field-pods-unsupported', method: 'GET', path: `${PODS}?fieldSelector=spec.foo%3Dx`, compare: 'status' },
      { id: 'field-configmaps-unsupported', method: 'GET', path: `${CM}?fieldSelector=data.a%3Dx`, compare: 'status' },
      { id: 'field-jobs-unsupported', method: 'GET', path: '/apis/batch/v1/namespaces/{ns}/jobs?fieldSelector=spec.parallelism%3D1', compare: 'status' },
      { id: 'field-nodes-namespace', method: 'GET', path: '/api/v1/nodes?fieldSelector=metadata.namespace%3Dx', compare: 'status' },
      { id: 'field-pods-supported', method: 'GET', path: `${PODS}?fieldSelector=spec.nodeName%3Dnone,status.phase!%3DRunning`, compare: 'code' },
    ],
  },
  {
    id: 'errors/paths',
    title: 'unknown resources, unknown objects (details differ), subresources and methods a resource does not serve',
    steps: [
      { id: 'unknown-resource', method: 'GET', path: '/api/v1/namespaces/{ns}/foos', compare: 'status' },
      { id: 'unknown-object', method: 'GET', path: '/apis/apps/v1/namespaces/{ns}/deployments/nope', compare: 'status' },
      { id: 'unknown-object-scale', method: 'GET', path: '/apis/apps/v1/namespaces/{ns}/deployments/nope/scale', compare: 'status' },
      { id: 'unknown-object-status', method: 'GET', path: '/api/v1/nodes/core-no-such-node/status', compare: 'status' },
      { id: 'configmap-status', method: 'GET', path: `${CM}/x/status`, compare: 'status' },
      { id: 'post-on-object', method: 'POST', path: `${CM}/x`, body: {}, compare: 'status' },
      { id: 'put-on-collection', method: 'PUT', path: CM, body: {}, compare: 'status' },
      { id: 'delete-status', method: 'DELETE', path: `${PODS}/x/status`, compare: 'status' },
    ],
  },
];
