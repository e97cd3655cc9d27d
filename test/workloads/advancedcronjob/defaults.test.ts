import { describe, expect, it } from 'vitest';
import { formatFieldError } from '../../../src/api/index.js';
import { defaultAdvancedCronJob, mutateAdvancedCronJob, validateAdvancedCronJob } from '../../../src/workloads/advancedcronjob/defaults.js';
import { defaultPodTemplate } from '../../../src/workloads/common/pod-template.js';
import type { AdvancedCronJob, AdvancedCronJobSpec } from '../../../src/workloads/advancedcronjob/types.js';
import { acjTest, counterPod, jobTemplateAcj } from './fixtures.js';

const messages = (obj: AdvancedCronJob, old?: AdvancedCronJob) => validateAdvancedCronJob(obj, old).map((e) => `${e.field}: ${e.message}`);
const withSpec = (spec: Partial<AdvancedCronJobSpec>) => acjTest({ schedule: '0 * * * *', ...spec });

describe('spec scenario 7: invalid zone', () => {
  it('0 * * * * with no zone is accepted', () => expect(messages(withSpec({}))).toEqual([]));
  it('0 * * * * with America/New_York is accepted', () => expect(messages(withSpec({ timeZone: 'America/New_York' }))).toEqual([]));
  it('0 * * * * with "broken" is rejected with the zone load error', () => {
    expect(validateAdvancedCronJob(withSpec({ timeZone: 'broken' }))).toEqual([
      { type: 'FieldValueInvalid', field: 'spec.timeZone', value: 'broken', message: 'unknown time zone broken' },
    ]);
  });
});

describe('AdvancedCronJob validation messages', () => {
  it('rejects an empty schedule', () => {
    expect(messages(withSpec({ schedule: '' }))).toEqual(['spec.schedule: schedule cannot be empty, please provide valid cron schedule.']);
  });
  it('rejects an invalid cron expression with the parser error', () => {
    expect(messages(withSpec({ schedule: '0 * * *' }))).toEqual(['spec.schedule: expected exactly 5 fields, found 4: [0 * * *]']);
  });
  it('rejects TZ in the schedule together with timeZone', () => {
    expect(messages(withSpec({ schedule: 'TZ=UTC 0 * * * *', timeZone: 'UTC' }))).toEqual(['spec.schedule: cannot use both timeZone field and TZ or CRON_TZ in schedule']);
  });
  it('rejects an empty and a Local timeZone', () => {
    expect(messages(withSpec({ timeZone: '' }))).toEqual(['spec.timeZone: timeZone must be nil or non-empty string']);
    expect(messages(withSpec({ timeZone: 'local' }))).toEqual(['spec.timeZone: timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones']);
  });
  it('requires exactly one template', () => {
    expect(messages(withSpec({ template: {} }))).toEqual(['spec.template: spec must have one template, either JobTemplate or BroadcastJobTemplate should be provided']);
    const both = withSpec({ template: { ...jobTemplateAcj().spec.template, ...acjTest().spec.template } });
    expect(messages(both)).toEqual(['spec.template: spec can have only one template, either JobTemplate or BroadcastJobTemplate should be provided']);
  });
  it('validates the chosen pod template', () => {
    const acj = withSpec({ template: { jobTemplate: { spec: { template: { spec: { containers: [] } } } } } });
    expect(validateAdvancedCronJob(acj).map(formatFieldError)).toEqual(['spec.template.jobTemplate.spec.template.spec.containers: Required value']);
  });
  it('rejects negative deadline and history limits', () => {
    expect(messages(withSpec({ startingDeadlineSeconds: -1, successfulJobsHistoryLimit: -1, failedJobsHistoryLimit: -2 }))).toEqual([
      'spec.startingDeadlineSeconds: must be greater than or equal to 0',
      'spec.successfulJobsHistoryLimit: must be greater than or equal to 0',
      'spec.failedJobsHistoryLimit: must be greater than or equal to 0',
    ]);
  });
  it('rejects names with characters other than alphanumerics and -', () => {
    const acj = withSpec({});
    acj.metadata = { ...acj.metadata, name: 'acj_test' };
    expect(messages(acj)).toEqual(["metadata.name: AdvancedCronJob name must consist of alphanumeric characters or '-'"]);
  });
  it('on update, allows schedule/policy/limit/deadline/zone/paused changes and forbids template changes', () => {
    const old = withSpec({});
    expect(messages(withSpec({ schedule: '*/5 * * * *', concurrencyPolicy: 'Forbid', paused: true, timeZone: 'Asia/Shanghai', startingDeadlineSeconds: 10, successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 0 }), old)).toEqual([]);
    const changed = withSpec({});
    changed.spec.template.broadcastJobTemplate!.spec!.parallelism = 1;
    expect(messages(changed, old)).toEqual([
      "spec: updates to advancedcronjob spec for fields other than 'schedule', 'concurrencyPolicy', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit', 'startingDeadlineSeconds', 'timeZone' and 'paused' are forbidden",
    ]);
  });
});

type Spec = AdvancedCronJob['spec'];
const TEMPLATE = acjTest().spec.template;
/** The spec Kruise's SetDefaultsAdvancedCronJob gives `acjTest(spec)` without template defaults, `over` replacing whole fields. */
const expected = (over: Partial<Spec>): Spec => ({
  schedule: '*/1 * * * *', template: TEMPLATE, concurrencyPolicy: 'Allow', paused: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, ...over,
});

describe('AdvancedCronJob SetDefaults, field by field (Kruise v1.8.4 SetDefaultsAdvancedCronJob)', () => {
  it.each<[string, Partial<Spec>, Spec]>([
    ['nothing set: concurrencyPolicy Allow, paused false (a pointer: stored), history limits 3 and 1', {}, expected({})],
    ['set values kept, zero limits included', { concurrencyPolicy: 'Forbid', paused: true, successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 0 },
      expected({ concurrencyPolicy: 'Forbid', paused: true, successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 0 })],
    ['empty concurrencyPolicy is unset (Go zero value)', { concurrencyPolicy: '' as never }, expected({})],
    ['timeZone and startingDeadlineSeconds untouched', { timeZone: 'Europe/Paris', startingDeadlineSeconds: 0 }, expected({ timeZone: 'Europe/Paris', startingDeadlineSeconds: 0 })],
  ])('%s', (_name, input, output) => {
    expect(defaultAdvancedCronJob(acjTest(input), { templateDefaults: false }).spec).toEqual(output);
  });
});

describe('AdvancedCronJob mutating webhook (madvancedcronjob.kb.io): what is stored', () => {
  const bcjTemplate = TEMPLATE.broadcastJobTemplate!;
  it('create: pod defaults on the broadcastJobTemplate\'s pod template; its BroadcastJobSpec structs written as Go writes them', () => {
    expect(mutateAdvancedCronJob(acjTest()).spec).toEqual(expected({
      template: { broadcastJobTemplate: { spec: { ...bcjTemplate.spec, template: defaultPodTemplate(counterPod), failurePolicy: {} } } },
    }));
  });

  it('update changing only the schedule: the pod template is not defaulted (an undefaulted one stays so)', () => {
    expect(mutateAdvancedCronJob(acjTest({ schedule: '*/5 * * * *' }), acjTest()).spec).toEqual(expected({
      schedule: '*/5 * * * *', template: { broadcastJobTemplate: { spec: { ...bcjTemplate.spec, template: counterPod, failurePolicy: {} } } },
    }));
  });

  it('update that changes the template: defaulted (validation then forbids the change)', () => {
    const changed = jobTemplateAcj();
    expect(mutateAdvancedCronJob(changed, acjTest()).spec.template.jobTemplate!.spec!.template).toEqual(defaultPodTemplate(counterPod));
  });

  it('nothing to default: stored exactly as sent', () => {
    const sent = acjTest(expected({}));
    expect(mutateAdvancedCronJob(sent, sent)).toEqual(sent);
  });
});

describe('AdvancedCronJob defaulting: pod templates', () => {
  it('applies the upstream pod-spec defaults to the broadcastJobTemplate pod template', () => {
    const t = defaultAdvancedCronJob(acjTest()).spec.template.broadcastJobTemplate!.spec!.template!;
    expect(t.spec).toMatchObject({ restartPolicy: 'Never', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30 });
    expect(t.spec!.containers[0]).toMatchObject({ imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log' });
  });
  it('applies them to the jobTemplate pod template', () => {
    const t = defaultAdvancedCronJob(jobTemplateAcj()).spec.template.jobTemplate!.spec!.template;
    expect(t.spec).toMatchObject({ dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler' });
  });
  it('re-applying the same manifest passes the template immutability check (defaulting is idempotent)', () => {
    const stored = defaultAdvancedCronJob(acjTest());
    const again = defaultAdvancedCronJob(acjTest({ schedule: '*/5 * * * *' }));
    expect(defaultAdvancedCronJob(stored)).toEqual(stored);
    expect(messages(again, stored)).toEqual([]);
  });
});

describe('schedule parse errors are remembered', () => {
  it('answers the same for a schedule asked twice, valid or not', () => {
    expect(messages(withSpec({ schedule: '61 * * * *' }))).toEqual(messages(withSpec({ schedule: '61 * * * *' })));
    expect(messages(withSpec({ schedule: '61 * * * *' }))).toHaveLength(1);
    expect(messages(withSpec({ schedule: '59 * * * *' }))).toEqual([]);
    expect(messages(withSpec({ schedule: '59 * * * *' }))).toEqual([]);
  });
});
