// Bad-input corpus: what a user types — kubectl 1.32 apply/get/scale with broken YAML, wrong types,
// unknown fields (default --validate=strict), webhook rejections and immutable fields. Each must exit
// non-zero with stderr naming the problem, and change nothing.
import { kubectl, type BadInputCase } from './case.js';
import { advancedCronJob, SEED, statefulSet, yamlOf } from './fixtures.js';
import { kubectlMinor } from '../support/kubectl-version.js';

const APPLY = ['apply', '-f', '-'];

const ALL_KUBECTL_CASES: BadInputCase[] = [
  {
    id: 'kubectl-yaml-bad-key', group: 'malformed YAML', rule: 'the manifest is YAML',
    input: kubectl(APPLY, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\n data: [oops\n'),
    expect: { message: /error converting YAML to JSON: yaml: line \d+/ },
  },
  {
    id: 'kubectl-yaml-tab', group: 'malformed YAML', rule: 'YAML indentation has no tabs',
    input: kubectl(APPLY, `${yamlOf(statefulSet('k1'))}\tbad: 1\n`),
    expect: { message: 'found a tab character' },
  },
  {
    id: 'kubectl-yaml-unclosed-quote', group: 'malformed YAML', rule: 'the manifest is YAML',
    input: kubectl(APPLY, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "broken\n'),
    expect: { message: /error (converting YAML to JSON|parsing)/ },
  },
  {
    id: 'kubectl-unknown-field', group: 'unknown fields', rule: 'kubectl apply validates strictly by default',
    input: kubectl(APPLY, yamlOf(statefulSet('k2', { foo: 1 }))),
    expect: { field: 'spec.foo', message: 'strict decoding error: unknown field "spec.foo"' },
  },
  {
    id: 'kubectl-replicas-string', group: 'wrong types', rule: 'replicas is an integer',
    input: kubectl(APPLY, yamlOf(statefulSet('k3', { replicas: 'five' }))),
    expect: { field: 'spec.replicas', message: 'must be of type integer' },
  },
  {
    id: 'kubectl-replicas-negative', group: 'scale subresource', rule: 'replicas ≥ 0',
    input: kubectl(APPLY, yamlOf(statefulSet('k4', { replicas: -1 }))),
    expect: { field: '.spec.replicas', message: 'should be a non-negative integer' },
  },
  {
    id: 'kubectl-immutable-policy', group: 'immutable fields', rule: 'podManagementPolicy is immutable',
    input: kubectl(APPLY, yamlOf(statefulSet(SEED.sts, { podManagementPolicy: 'Parallel' }))),
    expect: { field: 'spec', message: 'Forbidden: updates to statefulset spec' },
  },
  {
    id: 'kubectl-cron-61', group: 'webhook validation', rule: 'minute field is 0-59',
    input: kubectl(APPLY, yamlOf(advancedCronJob('k5', { schedule: '61 * * * *' }))),
    expect: { field: 'spec.schedule', message: 'above maximum (59)' },
  },
  {
    id: 'kubectl-unknown-version', group: 'body vs URL', rule: 'the apiVersion is served',
    input: kubectl(APPLY, yamlOf({ ...statefulSet('k6'), apiVersion: 'apps.kruise.io/v9' })),
    expect: { message: /no matches for kind "StatefulSet" in version "apps.kruise.io\/v9"/ },
  },
  {
    id: 'kubectl-label-selector', group: 'query strings', rule: 'labelSelector parses',
    input: kubectl(['get', 'asts', '-l', 'a in (b']),
    expect: { message: 'unable to parse requirement' },
  },
  {
    id: 'kubectl-scale-negative', group: 'webhook validation', rule: 'replicas ≥ 0',
    input: kubectl(['scale', 'asts', SEED.sts, '--replicas=-1']),
    expect: { message: /greater than or equal to 0/ },
  },
];

// kubectl before 1.25 (Debian's 1.20, where CI installs it) sends no fieldValidation with apply: the
// server then prunes an unknown field, as a real one does, so that case applies to newer kubectl only.
export const KUBECTL_CASES: BadInputCase[] = ALL_KUBECTL_CASES.filter((c) => c.id !== 'kubectl-unknown-field' || kubectlMinor() >= 25);
