import { describe, expect, it } from 'vitest';
import { defaultBroadcastJob, validateBroadcastJob } from '../../../src/workloads/broadcastjob/defaults.js';
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

describe('BroadcastJob defaults', () => {
  it('parallelism 2147483647, completionPolicy Always, failurePolicy FailFast with restartLimit 0', () => {
    expect(defaultBroadcastJob(bcjDemo()).spec).toMatchObject({
      parallelism: 2147483647,
      completionPolicy: { type: 'Always' },
      failurePolicy: { type: 'FailFast', restartLimit: 0 },
    });
  });
  it('the webhook drops paused: false (the zero value) and keeps paused: true', () => {
    expect(defaultBroadcastJob(bcjDemo({ paused: false })).spec).not.toHaveProperty('paused');
    expect(defaultBroadcastJob(bcjDemo()).spec).not.toHaveProperty('paused');
    expect(defaultBroadcastJob(bcjDemo({ paused: true })).spec.paused).toBe(true);
  });
  it('applies the upstream pod-spec defaults to the template, idempotently, unless told not to', () => {
    const once = defaultBroadcastJob(bcjDemo());
    expect(once.spec.template.spec).toMatchObject({ restartPolicy: 'Never', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30, schedulerName: 'default-scheduler' });
    expect(once.spec.template.spec!.containers[0]).toMatchObject({ imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' });
    expect(defaultBroadcastJob(once)).toEqual(once);
    expect(defaultBroadcastJob(bcjDemo(), { templateDefaults: false }).spec.template).toEqual(bcjDemo().spec.template);
  });
  it('an omitted restartPolicy is defaulted to Always and then rejected, as in Kruise', () => {
    const job = bcjDemo();
    delete job.spec.template.spec!.restartPolicy;
    const errors = validateBroadcastJob(defaultBroadcastJob(job));
    expect(errors).toEqual([expect.objectContaining({ field: 'spec.template.spec.restartPolicy', value: 'Always', message: 'pod restartPolicy can only be Never or OnFailure' })]);
  });
  it('keeps set values', () => {
    expect(defaultBroadcastJob(bcjDemo({ parallelism: '50%', failurePolicy: { type: 'Continue' } })).spec).toMatchObject({ parallelism: '50%', failurePolicy: { type: 'Continue' } });
  });
});
