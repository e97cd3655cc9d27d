// Bad-input corpus: Advanced StatefulSet — wrong types (CRD schema), the Kruise webhook's validation
// (spec/advanced-statefulset.md §3) and its immutable fields, each on create or on the seeded set.
import { denied, invalid, patch, post, put, type BadInputCase } from './case.js';
import { parallelSts, SEED, statefulSet, STS } from './fixtures.js';

const T = 'spec.updateStrategy.rollingUpdate';
const web = `${STS}/${SEED.sts}`;
const template = (spec: Record<string, unknown>) => ({ metadata: { labels: { app: 'web' } }, spec });

export const STATEFULSET_CASES: BadInputCase[] = [
  { id: 'sts-replicas-string', group: 'wrong types', rule: 'replicas is an integer', input: post(STS, statefulSet('s1', { replicas: 'five' })), expect: invalid('spec.replicas', 'must be of type integer') },
  { id: 'sts-maxunavailable-bool', group: 'wrong types', rule: 'maxUnavailable is an int or a string', input: post(STS, parallelSts('s2', { maxUnavailable: true })), expect: invalid(`${T}.maxUnavailable`, 'must be of type integer,string') },
  {
    id: 'sts-containers-object', group: 'wrong types', rule: 'template.spec.containers is a list',
    input: post(STS, statefulSet('s3', { template: template({ containers: { name: 'main', image: 'nginx' } }) })),
    expect: { code: [400, 422], field: 'spec.template.spec.containers' },
  },
  {
    id: 'sts-containers-string', group: 'wrong types', rule: 'template.spec.containers is a list',
    input: post(STS, statefulSet('s4', { template: template({ containers: 'nginx' }) })),
    expect: { code: [400, 422], field: 'spec.template.spec.containers' },
  },
  { id: 'sts-no-containers', group: 'webhook validation', rule: 'a pod template needs a container', input: post(STS, statefulSet('s5', { template: template({ containers: [] }) })), expect: denied('vstatefulset.kb.io', 'spec.template.spec.containers', 'Required value') },
  { id: 'sts-negative-replicas', group: 'scale subresource', rule: 'replicas ≥ 0', input: post(STS, statefulSet('s6', { replicas: -1 })), expect: invalid('.spec.replicas', 'Invalid value: -1: should be a non-negative integer') },
  { id: 'sts-maxunavailable-150pct', group: 'webhook validation', rule: 'maxUnavailable percent ≤ 100%', input: post(STS, parallelSts('s7', { maxUnavailable: '150%' })), expect: denied('vstatefulset.kb.io', `${T}.maxUnavailable`, 'must not be greater than 100%') },
  { id: 'sts-maxunavailable-abc', group: 'webhook validation', rule: 'maxUnavailable is an int or a percent', input: post(STS, parallelSts('s8', { maxUnavailable: 'abc' })), expect: denied('vstatefulset.kb.io', `${T}.maxUnavailable`, 'must be an integer or percentage') },
  { id: 'sts-maxunavailable-0pct', group: 'webhook validation', rule: 'maxUnavailable resolves to ≥ 1', input: post(STS, parallelSts('s9', { maxUnavailable: '0%' })), expect: denied('vstatefulset.kb.io', `${T}.maxUnavailable`, 'should not be less than 1') },
  { id: 'sts-maxunavailable-0', group: 'webhook validation', rule: 'maxUnavailable resolves to ≥ 1', input: post(STS, parallelSts('s10', { maxUnavailable: 0 })), expect: denied('vstatefulset.kb.io', `${T}.maxUnavailable`, 'should not be less than 1') },
  {
    id: 'sts-ordered-maxunavailable-2', group: 'webhook validation', rule: 'OrderedReady allows maxUnavailable 1 only',
    input: post(STS, statefulSet('s11', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 2 } } })),
    expect: denied('vstatefulset.kb.io', `${T}.maxUnavailable`, 'can only work with Parallel PodManagementPolicyType'),
  },
  {
    id: 'sts-inplace-without-gate', group: 'webhook validation', rule: 'InPlaceIfPossible needs the InPlaceUpdateReady readiness gate',
    input: post(STS, statefulSet('s12', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { podUpdatePolicy: 'InPlaceIfPossible' } } })),
    expect: denied('vstatefulset.kb.io', 'spec.template.spec.readinessGates', 'must contains InPlaceUpdateReady when podUpdatePolicy is InPlaceIfPossible'),
  },
  {
    id: 'sts-unordered-with-ordered', group: 'webhook validation', rule: 'unorderedUpdate needs Parallel',
    input: post(STS, statefulSet('s13', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { unorderedUpdate: { priorityStrategy: { weightPriority: [{ weight: 50, matchSelector: { matchLabels: { tier: 'a' } } }] } } } } })),
    expect: denied('vstatefulset.kb.io', `${T}.unorderedUpdate`, 'unorderedUpdate can only work with Parallel PodManagementPolicyType'),
  },
  { id: 'sts-reserve-ordinal-quoted-number', group: 'webhook validation', rule: 'a string reserve ordinal is a range a-b', input: post(STS, statefulSet('s14', { reserveOrdinals: ['3'] })), expect: denied('vstatefulset.kb.io', 'spec.reserveOrdinals', 'reserve ordinal is not a valid range: 3') },
  { id: 'sts-reserve-ordinal-reversed', group: 'webhook validation', rule: 'a reserve range has start ≤ end', input: post(STS, statefulSet('s15', { reserveOrdinals: ['5-2'] })), expect: denied('vstatefulset.kb.io', 'spec.reserveOrdinals', 'reserve ordinal is invalid: 5-2') },
  { id: 'sts-reserve-ordinal-negative', group: 'webhook validation', rule: 'a reserve ordinal is ≥ 0', input: post(STS, statefulSet('s16', { reserveOrdinals: [-1] })), expect: denied('vstatefulset.kb.io', 'spec.reserveOrdinals', 'reserve ordinal is negative: -1') },
  { id: 'sts-selector-mismatch', group: 'webhook validation', rule: 'selector matches the template labels', input: post(STS, statefulSet('s17', { selector: { matchLabels: { app: 'other' } } })), expect: denied('vstatefulset.kb.io', 'spec.template.metadata.labels', '`selector` does not match template `labels`') },
  { id: 'sts-selector-empty', group: 'webhook validation', rule: 'selector is non-empty', input: post(STS, statefulSet('s18', { selector: {} })), expect: denied('vstatefulset.kb.io', 'spec.selector', 'empty selector is invalid for statefulset') },
  { id: 'sts-pod-management-unknown', group: 'webhook validation', rule: "podManagementPolicy is 'OrderedReady' or 'Parallel'", input: post(STS, statefulSet('s19', { podManagementPolicy: 'Sometimes' })), expect: denied('vstatefulset.kb.io', 'spec.podManagementPolicy', "must be 'OrderedReady' or 'Parallel'") },
  { id: 'sts-partition-negative', group: 'webhook validation', rule: 'partition ≥ 0', input: post(STS, parallelSts('s20', { partition: -1 })), expect: denied('vstatefulset.kb.io', `${T}.partition`, 'must be greater than or equal to 0') },
  { id: 'sts-min-ready-over-300', group: 'webhook validation', rule: 'minReadySeconds ≤ 300', input: post(STS, parallelSts('s21', { minReadySeconds: 301 })), expect: denied('vstatefulset.kb.io', `${T}.minReadySeconds`, 'must be no more than 300 seconds') },
  { id: 'sts-restart-never', group: 'webhook validation', rule: 'a StatefulSet pod restarts Always', input: post(STS, statefulSet('s22', { template: template({ restartPolicy: 'Never', containers: [{ name: 'main', image: 'nginx' }] }) })), expect: denied('vstatefulset.kb.io', 'spec.template.spec.restartPolicy') },
  {
    id: 'sts-immutable-selector', group: 'immutable fields', rule: 'selector is immutable',
    input: patch(web, { spec: { selector: { matchLabels: { app: 'web', track: 'b' } }, template: { metadata: { labels: { app: 'web', track: 'b' } } } } }),
    expect: denied('vstatefulset.kb.io', 'spec', 'Forbidden: updates to statefulset spec for fields other than'),
  },
  { id: 'sts-immutable-pod-management', group: 'immutable fields', rule: 'podManagementPolicy is immutable', input: patch(web, { spec: { podManagementPolicy: 'Parallel' } }), expect: denied('vstatefulset.kb.io', 'spec', 'Forbidden: updates to statefulset spec for fields other than') },
  { id: 'sts-immutable-service-name', group: 'immutable fields', rule: 'serviceName is immutable', input: patch(web, { spec: { serviceName: 'other' } }), expect: denied('vstatefulset.kb.io', 'spec', 'Forbidden: updates to statefulset spec for fields other than') },
  { id: 'sts-update-negative-replicas', group: 'scale subresource', rule: 'updates are re-validated (replicas ≥ 0)', input: patch(web, { spec: { replicas: -2 } }), expect: invalid('.spec.replicas', 'Invalid value: -2: should be a non-negative integer') },
  { id: 'sts-update-replicas-string', group: 'wrong types', rule: 'patched replicas is an integer', input: patch(web, { spec: { replicas: 'five' } }), expect: invalid('spec.replicas', 'must be of type integer') },
  { id: 'sts-scale-negative', group: 'webhook validation', rule: 'scale replicas ≥ 0', input: patch(`${web}/scale`, { spec: { replicas: -3 } }), expect: invalid('.spec.replicas', 'Invalid value: -3: should be a non-negative integer') }, // as kube-apiserver 1.26.5: the CR is validated, not the Scale
  { id: 'sts-status-wrong-type', group: 'wrong types', rule: 'status.replicas is an integer', input: patch(`${web}/status`, { status: { replicas: 'many' } }), expect: invalid('status.replicas', 'must be of type integer') },
  { id: 'sts-put-stale-rv', group: 'concurrency', rule: 'an update at a stale resourceVersion conflicts', input: put(web, { ...statefulSet(SEED.sts, { replicas: 9 }), metadata: { name: SEED.sts, resourceVersion: '1' } }), expect: { code: 409, reason: 'Conflict', message: 'the object has been modified' } },
];
