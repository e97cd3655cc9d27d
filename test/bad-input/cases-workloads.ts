// Bad-input corpus: Advanced DaemonSet, BroadcastJob and AdvancedCronJob — schema types and enums,
// the Kruise webhooks' validation (spec/*.md §3) and immutable fields on the seeded objects.
import { denied, invalid, patch, post, type BadInputCase } from './case.js';
import { ACJ, advancedCronJob, BJ, broadcastJob, daemonSet, DS, dsRolling, SEED } from './fixtures.js';

const RU = 'spec.updateStrategy.rollingUpdate';
const agentTemplate = (spec: Record<string, unknown>) => ({ metadata: { labels: { app: 'agent' } }, spec });

export const DAEMONSET_CASES: BadInputCase[] = [
  { id: 'ds-rolling-update-type-unknown', group: 'webhook validation', rule: 'rollingUpdateType is Standard, InPlaceIfPossible or Surging', input: post(DS, dsRolling('d1', { rollingUpdateType: 'Sideways' })), expect: denied('vdaemonset.kb.io', `${RU}.rollingUpdateType`, 'Unsupported value: "Sideways"') },
  { id: 'ds-surge-and-unavailable-zero', group: 'webhook validation', rule: 'maxUnavailable and maxSurge are not both 0', input: post(DS, dsRolling('d2', { maxSurge: 0, maxUnavailable: 0 })), expect: denied('vdaemonset.kb.io', `${RU}.maxUnavailable`, 'cannot be 0 when maxSurge is 0') },
  { id: 'ds-surge-and-unavailable-nonzero', group: 'webhook validation', rule: 'maxSurge only with maxUnavailable 0', input: post(DS, dsRolling('d3', { maxSurge: 1, maxUnavailable: 1 })), expect: denied('vdaemonset.kb.io', `${RU}.maxSurge`, 'may not be set when maxUnavailable is non-zero') },
  { id: 'ds-inplace-with-surge', group: 'webhook validation', rule: 'InPlaceIfPossible takes no surge', input: post(DS, dsRolling('d4', { rollingUpdateType: 'InPlaceIfPossible', maxSurge: 1, maxUnavailable: 0 })), expect: denied('vdaemonset.kb.io', `${RU}.maxSurge`, 'must be 0 for InPlaceIfPossible type') },
  { id: 'ds-maxunavailable-150pct', group: 'webhook validation', rule: 'maxUnavailable percent ≤ 100%', input: post(DS, dsRolling('d5', { maxUnavailable: '150%' })), expect: denied('vdaemonset.kb.io', `${RU}.maxUnavailable`, 'must not be greater than 100%') },
  { id: 'ds-update-strategy-unknown', group: 'webhook validation', rule: 'updateStrategy.type is OnDelete or RollingUpdate', input: post(DS, daemonSet('d6', { updateStrategy: { type: 'Whenever' } })), expect: denied('vdaemonset.kb.io', 'spec.updateStrategy.type', 'Unsupported value: "Whenever"') },
  { id: 'ds-restart-never', group: 'webhook validation', rule: 'a DaemonSet pod restarts Always', input: post(DS, daemonSet('d7', { template: agentTemplate({ restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] }) })), expect: denied('vdaemonset.kb.io', 'spec.template.spec.restartPolicy', 'Unsupported value: "Never"') },
  { id: 'ds-min-ready-negative', group: 'webhook validation', rule: 'minReadySeconds ≥ 0', input: post(DS, daemonSet('d8', { minReadySeconds: -1 })), expect: denied('vdaemonset.kb.io', 'spec.minReadySeconds', 'must be greater than or equal to 0') },
  { id: 'ds-selector-empty', group: 'webhook validation', rule: 'selector is non-empty', input: post(DS, daemonSet('d9', { selector: {} })), expect: denied('vdaemonset.kb.io', 'spec.selector', 'empty selector is invalid for daemonset') },
  { id: 'ds-selector-mismatch', group: 'webhook validation', rule: 'selector matches the template labels', input: post(DS, daemonSet('d10', { selector: { matchLabels: { app: 'other' } } })), expect: denied('vdaemonset.kb.io', 'spec.template.metadata.labels', '`selector` does not match template `labels`') },
  { id: 'ds-maxsurge-bool', group: 'wrong types', rule: 'maxSurge is an int or a string', input: post(DS, dsRolling('d11', { maxSurge: false })), expect: invalid(`${RU}.maxSurge`, 'must be of type integer,string') },
  {
    id: 'ds-containers-object', group: 'wrong types', rule: 'template.spec.containers is a list',
    input: post(DS, daemonSet('d12', { template: agentTemplate({ containers: { name: 'main', image: 'busybox' } }) })),
    expect: { code: [400, 422], field: 'spec.template.spec.containers' },
  },
  {
    id: 'ds-immutable-selector', group: 'immutable fields', rule: 'selector is immutable',
    input: patch(`${DS}/${SEED.ds}`, { spec: { selector: { matchLabels: { app: 'agent', track: 'b' } }, template: { metadata: { labels: { app: 'agent', track: 'b' } } } } }),
    expect: denied('vdaemonset.kb.io', 'spec', 'Forbidden: updates to daemonset spec for fields other than'),
  },
];

export const BROADCASTJOB_CASES: BadInputCase[] = [
  { id: 'bj-parallelism-negative', group: 'webhook validation', rule: 'parallelism is a non-negative int or a percent', input: post(BJ, broadcastJob('b1', { parallelism: -1 })), expect: denied('vbroadcastjob.kb.io', 'spec.parallelism', 'must be a non-negative integer or a percentage') },
  { id: 'bj-parallelism-abc', group: 'webhook validation', rule: 'parallelism is a non-negative int or a percent', input: post(BJ, broadcastJob('b2', { parallelism: 'abc' })), expect: denied('vbroadcastjob.kb.io', 'spec.parallelism', 'must be a non-negative integer or a percentage') },
  { id: 'bj-parallelism-bool', group: 'wrong types', rule: 'parallelism is an int or a string', input: post(BJ, broadcastJob('b3', { parallelism: true })), expect: invalid('spec.parallelism', 'must be of type integer,string') },
  { id: 'bj-completion-type-number', group: 'wrong types', rule: 'completionPolicy.type is a string', input: post(BJ, broadcastJob('b4', { completionPolicy: { type: 5 } })), expect: invalid('spec.completionPolicy.type', 'must be of type string') },
  { id: 'bj-completion-never-ttl', group: 'webhook validation', rule: 'ttlSecondsAfterFinished only with Always', input: post(BJ, broadcastJob('b5', { completionPolicy: { type: 'Never', ttlSecondsAfterFinished: 5 } })), expect: denied('vbroadcastjob.kb.io', 'spec.completionPolicy.ttlSecondsAfterFinished', 'ttlSecondsAfterFinished can just work with Always CompletionPolicyType') },
  { id: 'bj-completion-never-deadline', group: 'webhook validation', rule: 'activeDeadlineSeconds only with Always', input: post(BJ, broadcastJob('b6', { completionPolicy: { type: 'Never', activeDeadlineSeconds: 5 } })), expect: denied('vbroadcastjob.kb.io', 'spec.completionPolicy.activeDeadlineSeconds', 'activeDeadlineSeconds can just work with Always CompletionPolicyType') },
  {
    id: 'bj-restart-always', group: 'webhook validation', rule: 'a BroadcastJob pod restarts Never or OnFailure',
    input: post(BJ, broadcastJob('b7', { template: { metadata: { labels: { app: 'probe' } }, spec: { restartPolicy: 'Always', containers: [{ name: 'main', image: 'busybox' }] } } })),
    expect: denied('vbroadcastjob.kb.io', 'spec.template.spec.restartPolicy', 'pod restartPolicy can only be Never or OnFailure'),
  },
  { id: 'bj-name-64-chars', group: 'names', rule: 'a BroadcastJob name has at most 63 characters', input: post(BJ, broadcastJob('b'.repeat(64))), expect: denied('vbroadcastjob.kb.io', 'metadata.name', "BroadcastJob name must consist of alphanumeric characters or '-'") },
  {
    id: 'bj-update-parallelism-abc', group: 'webhook validation', rule: 'updates are re-validated (parallelism)',
    input: patch(`${BJ}/${SEED.bj}`, { spec: { parallelism: 'lots' } }),
    expect: denied('vbroadcastjob.kb.io', 'spec.parallelism', 'must be a non-negative integer or a percentage'),
  },
];

export const ADVANCEDCRONJOB_CASES: BadInputCase[] = [
  { id: 'acj-minute-61', group: 'webhook validation', rule: 'minute field is 0-59', input: post(ACJ, advancedCronJob('a1', { schedule: '61 * * * *' })), expect: denied('vadvancedcronjob.kb.io', 'spec.schedule', 'above maximum (59)') },
  { id: 'acj-three-fields', group: 'webhook validation', rule: 'a schedule has 5 fields', input: post(ACJ, advancedCronJob('a2', { schedule: '* * *' })), expect: denied('vadvancedcronjob.kb.io', 'spec.schedule', 'expected exactly 5 fields, found 3') },
  { id: 'acj-schedule-empty', group: 'webhook validation', rule: 'schedule is required', input: post(ACJ, advancedCronJob('a3', { schedule: '' })), expect: denied('vadvancedcronjob.kb.io', 'spec.schedule', 'schedule cannot be empty') },
  { id: 'acj-time-zone-unknown', group: 'webhook validation', rule: 'timeZone is an IANA zone', input: post(ACJ, advancedCronJob('a4', { timeZone: 'Mars/Olympus' })), expect: denied('vadvancedcronjob.kb.io', 'spec.timeZone', 'unknown time zone Mars/Olympus') },
  { id: 'acj-time-zone-local', group: 'webhook validation', rule: 'timeZone is explicit (not Local)', input: post(ACJ, advancedCronJob('a5', { timeZone: 'Local' })), expect: denied('vadvancedcronjob.kb.io', 'spec.timeZone', 'timeZone must be an explicit time zone') },
  { id: 'acj-time-zone-twice', group: 'webhook validation', rule: 'no TZ= prefix together with timeZone', input: post(ACJ, advancedCronJob('a6', { schedule: 'TZ=UTC 0 * * * *', timeZone: 'Europe/Paris' })), expect: denied('vadvancedcronjob.kb.io', 'spec.schedule', 'cannot use both timeZone field and TZ or CRON_TZ in schedule') },
  { id: 'acj-concurrency-sometimes', group: 'schema enums', rule: 'concurrencyPolicy is Allow, Forbid or Replace', input: post(ACJ, advancedCronJob('a7', { concurrencyPolicy: 'Sometimes' })), expect: invalid('spec.concurrencyPolicy', 'Unsupported value: "Sometimes"') },
  { id: 'acj-successful-history-negative', group: 'webhook validation', rule: 'successfulJobsHistoryLimit ≥ 0 (Kruise\'s CRD has no minimum: the webhook checks it)', input: post(ACJ, advancedCronJob('a8', { successfulJobsHistoryLimit: -1 })), expect: denied('vadvancedcronjob.kb.io', 'spec.successfulJobsHistoryLimit', 'greater than or equal to 0') },
  { id: 'acj-failed-history-negative', group: 'webhook validation', rule: 'failedJobsHistoryLimit ≥ 0', input: post(ACJ, advancedCronJob('a9', { failedJobsHistoryLimit: -2 })), expect: denied('vadvancedcronjob.kb.io', 'spec.failedJobsHistoryLimit', 'greater than or equal to 0') },
  { id: 'acj-starting-deadline-negative', group: 'webhook validation', rule: 'startingDeadlineSeconds ≥ 0', input: post(ACJ, advancedCronJob('a10', { startingDeadlineSeconds: -2 })), expect: denied('vadvancedcronjob.kb.io', 'spec.startingDeadlineSeconds', 'greater than or equal to 0') },
  { id: 'acj-no-template', group: 'webhook validation', rule: 'exactly one template', input: post(ACJ, advancedCronJob('a11', { template: {} })), expect: denied('vadvancedcronjob.kb.io', 'spec.template', 'spec must have one template') },
  { id: 'acj-schedule-number', group: 'wrong types', rule: 'schedule is a string', input: post(ACJ, advancedCronJob('a12', { schedule: 5 })), expect: invalid('spec.schedule', 'must be of type string') },
  {
    id: 'acj-immutable-template', group: 'immutable fields', rule: 'the template is immutable',
    input: patch(`${ACJ}/${SEED.acj}`, { spec: { template: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'main', image: 'nginx:1.26' }] } } } } } } }),
    expect: denied('vadvancedcronjob.kb.io', 'spec', 'Forbidden: updates to advancedcronjob spec for fields other than'),
  },
  { id: 'acj-update-schedule-61', group: 'webhook validation', rule: 'updates are re-validated (schedule)', input: patch(`${ACJ}/${SEED.acj}`, { spec: { schedule: '61 * * * *' } }), expect: denied('vadvancedcronjob.kb.io', 'spec.schedule', 'above maximum (59)') },
  { id: 'acj-update-time-zone', group: 'webhook validation', rule: 'updates are re-validated (timeZone)', input: patch(`${ACJ}/${SEED.acj}`, { spec: { timeZone: 'Mars/Olympus' } }), expect: denied('vadvancedcronjob.kb.io', 'spec.timeZone', 'unknown time zone') },
];
