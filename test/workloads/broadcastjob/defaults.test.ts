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
      paused: false,
    });
  });
  it('keeps set values', () => {
    expect(defaultBroadcastJob(bcjDemo({ parallelism: '50%', failurePolicy: { type: 'Continue' } })).spec).toMatchObject({ parallelism: '50%', failurePolicy: { type: 'Continue' } });
  });
});
