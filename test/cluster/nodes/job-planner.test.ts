import { describe, expect, it } from 'vitest';
import type { Job } from 'kubernetes-types/batch/v1.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import { planJob } from '../../../src/cluster/nodes/job-planner.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
function job(spec: Partial<Job['spec']> = {}, status: Job['status'] = {}): Job {
  return {
    apiVersion: 'batch/v1', kind: 'Job',
    metadata: { name: 'pi', namespace: 'default', uid: 'juid' },
    spec: { template: { metadata: { labels: { app: 'pi' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } }, ...spec },
    status,
  };
}
const pod = (name: string, phase: string, extra: Partial<Pod['status']> = {}): Pod => ({ metadata: { name, namespace: 'default' }, status: { phase, ...extra } });

describe('Job runner decisions', () => {
  it('creates parallelism pods with the job labels and a controller reference', () => {
    const p = planJob(job({ parallelism: 2, completions: 3 }), [], 0, T0);
    expect(p.creates).toHaveLength(2);
    const m = p.creates[0]!.metadata!;
    expect(m.generateName).toBe('pi-');
    expect(m.labels).toMatchObject({ app: 'pi', 'job-name': 'pi', 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': 'juid', 'batch.kubernetes.io/controller-uid': 'juid' });
    expect(m.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: 'juid', controller: true, blockOwnerDeletion: true }]);
    expect(p.status).toMatchObject({ active: 2, startTime: '2026-01-01T00:00:00Z' });
  });

  it('never creates more while creates are pending', () => {
    expect(planJob(job({ parallelism: 2, completions: 3 }), [], 2, T0).creates).toHaveLength(0);
  });

  it('completes once completions pods succeeded', () => {
    const p = planJob(job({ completions: 2 }, { startTime: '2026-01-01T00:00:00Z' }), [pod('a', 'Succeeded'), pod('b', 'Succeeded')], 0, T0 + 5000);
    expect(p.creates).toHaveLength(0);
    expect(p.status).toMatchObject({ succeeded: 2, completionTime: '2026-01-01T00:00:05Z' });
    expect((p.status!.conditions as Array<{ type: string }>).map((c) => c.type)).toEqual(['SuccessCriteriaMet', 'Complete']);
    expect(p.events).toEqual([{ type: 'Normal', reason: 'Completed', message: 'Job completed' }]);
  });

  it('fails when the backoff limit is exceeded and deletes active pods', () => {
    const pods = [pod('a', 'Failed'), pod('b', 'Failed'), pod('c', 'Running')];
    const p = planJob(job({ backoffLimit: 1, completions: 1 }, { startTime: '2026-01-01T00:00:00Z' }), pods, 0, T0);
    expect(p.deletes.map((x) => x.metadata!.name)).toEqual(['c']);
    expect((p.status!.conditions as Array<{ type: string; reason: string }>)).toMatchObject([{ type: 'FailureTarget', reason: 'BackoffLimitExceeded' }]);
    const again = planJob({ ...job({ backoffLimit: 1, completions: 1 }), status: p.status as Job['status'] }, pods.slice(0, 2), 0, T0 + 1000);
    expect((again.status!.conditions as Array<{ type: string }>).map((c) => c.type)).toEqual(['FailureTarget', 'Failed']);
    expect(again.status!.completionTime).toBeUndefined();
  });

  it('fails after activeDeadlineSeconds, and asks to be woken at the deadline before that', () => {
    const j = job({ activeDeadlineSeconds: 10 }, { startTime: '2026-01-01T00:00:00Z' });
    expect(planJob(j, [pod('a', 'Running')], 0, T0 + 4000).requeueAfterMs).toBe(6000);
    const p = planJob(j, [pod('a', 'Running')], 0, T0 + 10_000);
    expect((p.status!.conditions as Array<{ reason: string }>)[0]!.reason).toBe('DeadlineExceeded');
  });

  it('counts OnFailure restarts toward the backoff limit', () => {
    const j = job({ backoffLimit: 2, template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c' }] } } });
    const p = planJob(j, [pod('a', 'Running', { containerStatuses: [{ name: 'c', restartCount: 3, image: 'x', imageID: '', ready: false }] })], 0, T0);
    expect(p.deletes).toHaveLength(1);
  });

  it('does nothing for a finished job', () => {
    expect(planJob(job({}, { conditions: [{ type: 'Complete', status: 'True' }] }), [], 0, T0)).toEqual({ creates: [], deletes: [], events: [] });
  });
});
