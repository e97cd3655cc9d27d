import { describe, expect, it } from 'vitest';
import { defaultBroadcastJob, defaultBroadcastJobSpec, mutateBroadcastJob, validateBroadcastJob } from '../../../src/workloads/broadcastjob/defaults.js';
import { defaultPodTemplate } from '../../../src/workloads/common/pod-template.js';
import type { BroadcastJob } from '../../../src/workloads/broadcastjob/types.js';
import { bcjDemo } from './fixtures.js';

const messages = (obj: ReturnType<typeof bcjDemo>) => validateBroadcastJob(obj).map((e) => `${e.field}: ${e.message}`);

describe('BroadcastJob validation', () => {
  it('accepts the tutorial bcj-demo', () => expect(validateBroadcastJob(bcjDemo())).toEqual([]));

  it('reports errors in Kruise order: ttl, activeDeadline, restartPolicy, labels', () => {
    const job = bcjDemo({ completionPolicy: { type: 'Never', ttlSecondsAfterFinished: 30, activeDeadlineSeconds: 10 } });
    job.spec.template.spec!.restartPolicy = 'Always';
    job.spec.template.metadata = { labels: { 'broadcastjob-name': 'x' } };
    expect(messages(job)).toEqual([
      'spec.completionPolicy.ttlSecondsAfterFinished: ttlSecondsAfterFinished can just work with Always CompletionPolicyType',
      'spec.completionPolicy.activeDeadlineSeconds: activeDeadlineSeconds can just work with Always CompletionPolicyType',
      'spec.template.spec.restartPolicy: pod restartPolicy can only be Never or OnFailure',
      'spec.template.metadata.labels: "broadcastjob-name" and "broadcastjob-controller-uid" are not allowed to preset in pod labels',
    ]);
  });

  it('rejects an omitted restartPolicy (defaulting would make it Always)', () => {
    const job = bcjDemo();
    delete job.spec.template.spec!.restartPolicy;
    expect(messages(job)).toEqual(['spec.template.spec.restartPolicy: pod restartPolicy can only be Never or OnFailure']);
  });

  it('rejects a preset broadcastjob-controller-uid label, a bad name and a malformed parallelism', () => {
    const job = bcjDemo({ parallelism: 'half' });
    job.metadata!.name = 'bcj_demo';
    job.spec.template.metadata = { labels: { 'broadcastjob-controller-uid': 'x' } };
    expect(messages(job)).toEqual([
      "metadata.name: BroadcastJob name must consist of alphanumeric characters or '-'",
      'spec.template.metadata.labels: "broadcastjob-name" and "broadcastjob-controller-uid" are not allowed to preset in pod labels',
      'spec.parallelism: must be a non-negative integer or a percentage like "50%"',
    ]);
  });

  it('Always with ttl and deadline is fine; spec stays mutable on update', () => {
    const job = bcjDemo({ completionPolicy: { type: 'Always', ttlSecondsAfterFinished: 30, activeDeadlineSeconds: 10 } });
    expect(validateBroadcastJob(job, bcjDemo({ parallelism: 3 }))).toEqual([]);
  });
});

type Spec = BroadcastJob['spec'];
const TEMPLATE = bcjDemo().spec.template;
/** The spec Kruise's SetDefaultsBroadcastJob gives `bcjDemo(spec)` without template defaults, `over` replacing whole fields. */
const expected = (over: Partial<Spec>): Spec => ({
  template: TEMPLATE, completionPolicy: { type: 'Always' }, parallelism: 2147483647, failurePolicy: { type: 'FailFast' }, ...over,
});

describe('BroadcastJob SetDefaults, field by field (Kruise v1.8.4 SetDefaultsBroadcastJob)', () => {
  it.each<[string, Partial<Spec>, Spec]>([
    ['nothing set: parallelism 2147483647, completionPolicy Always, failurePolicy FailFast; no restartLimit, no paused', {}, expected({})],
    ['failurePolicy {restartLimit 3}: type added, restartLimit kept', { failurePolicy: { restartLimit: 3 } }, expected({ failurePolicy: { type: 'FailFast', restartLimit: 3 } })],
    ['failurePolicy Continue, completionPolicy Never kept', { failurePolicy: { type: 'Continue' }, completionPolicy: { type: 'Never' } }, expected({ failurePolicy: { type: 'Continue' }, completionPolicy: { type: 'Never' } })],
    ['completionPolicy {ttl, deadline}: type added, the rest kept', { completionPolicy: { ttlSecondsAfterFinished: 30, activeDeadlineSeconds: 10 } },
      expected({ completionPolicy: { type: 'Always', ttlSecondsAfterFinished: 30, activeDeadlineSeconds: 10 } })],
    ['parallelism 50% kept', { parallelism: '50%' }, expected({ parallelism: '50%' })],
    ['parallelism 0 kept', { parallelism: 0 }, expected({ parallelism: 0 })],
    ['empty strings are unset (Go zero values)', { completionPolicy: { type: '' as never }, failurePolicy: { type: '' as never } }, expected({})],
    ['paused true and false kept by defaulting (the webhook\'s answer drops false)', { paused: false }, expected({ paused: false })],
  ])('%s', (_name, input, output) => {
    expect(defaultBroadcastJob(bcjDemo(input), { templateDefaults: false }).spec).toEqual(output);
  });

  it('template defaults: the pod-spec defaults, idempotent', () => {
    const once = defaultBroadcastJob(bcjDemo());
    expect(once.spec.template.spec).toMatchObject({ restartPolicy: 'Never', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30, schedulerName: 'default-scheduler' });
    expect(once.spec.template.spec!.containers[0]).toMatchObject({ imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' });
    expect(defaultBroadcastJob(once)).toEqual(once);
  });

  it('an omitted restartPolicy: Always with template defaults (then rejected, as in Kruise); OnFailure without them', () => {
    const job = bcjDemo();
    delete job.spec.template.spec!.restartPolicy;
    const errors = validateBroadcastJob(defaultBroadcastJob(job));
    expect(errors).toEqual([expect.objectContaining({ field: 'spec.template.spec.restartPolicy', value: 'Always', message: 'pod restartPolicy can only be Never or OnFailure' })]);
    expect(defaultBroadcastJob(job, { templateDefaults: false }).spec.template).toEqual({ spec: { ...job.spec.template.spec, restartPolicy: 'OnFailure' } });
  });

  it('the planner\'s in-memory spec also reads restartLimit 0 and paused false', () => {
    expect(defaultBroadcastJobSpec(bcjDemo().spec)).toMatchObject({ failurePolicy: { type: 'FailFast', restartLimit: 0 }, paused: false });
  });
});

describe('BroadcastJob mutating webhook (mbroadcastjob.kb.io): what is stored', () => {
  it('create: template defaulted; paused false and restartLimit 0 dropped (omitempty zero values)', () => {
    expect(mutateBroadcastJob(bcjDemo({ paused: false, failurePolicy: { restartLimit: 0 } })).spec).toEqual(expected({ template: defaultPodTemplate(TEMPLATE) }));
    expect(mutateBroadcastJob(bcjDemo({ paused: true })).spec.paused).toBe(true);
  });

  it('update with an unchanged template: the template is not touched', () => {
    const old = bcjDemo({ parallelism: 1 });
    expect(mutateBroadcastJob(bcjDemo({ parallelism: 2 }), old).spec).toEqual(expected({ parallelism: 2 }));
  });

  it('update that changes the template: the template is defaulted', () => {
    const changed = bcjDemo();
    changed.spec.template.spec!.containers[0]!.image = 'busybox:1.36';
    expect(mutateBroadcastJob(changed, bcjDemo()).spec.template).toEqual(defaultPodTemplate(changed.spec.template));
  });

  it('nothing to default: stored exactly as sent (paused false stays)', () => {
    const sent = bcjDemo({ ...expected({}), paused: false });
    expect(mutateBroadcastJob(sent, sent)).toEqual(sent);
  });
});
