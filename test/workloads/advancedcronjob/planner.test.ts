import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/api/index.js';
import { ANNOTATION_SCHEDULED_AT } from '../../../src/workloads/advancedcronjob/types.js';
import { planAdvancedCronJob } from '../../../src/workloads/advancedcronjob/planner.js';
import { advancedCronJobDefinition } from '../../../src/workloads/advancedcronjob/index.js';
import { acjSim, acjTest, finish, jobTemplateAcj, ms, names, unix } from './fixtures.js';

describe('spec scenario 3: Job child', () => {
  it('sets status.type Job at once, and creates <acj>-<unix minute> once a minute boundary has passed', () => {
    const sim = acjSim(jobTemplateAcj({ schedule: '* * * * *', concurrencyPolicy: 'Replace', successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 3 }), '2026-01-01T00:00:30Z');
    const first = sim.step();
    expect(first.status).toEqual({ type: 'Job' });
    expect(first.phases).toEqual([]);
    expect(first.requeueAfterMs).toBe(30_000);
    const second = sim.stepAtRequeue(first)!;
    const job = second.phases.flat()[0] as { type: 'create'; object: KubeObject };
    expect(job.type).toBe('create');
    // Due at the scheduled minute: the write queue serves it first and may borrow tokens for it.
    expect(job).toMatchObject({ dueAtMs: ms('2026-01-01T00:01:00Z') });
    expect(job.object).toMatchObject({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: `acj-test-${unix('2026-01-01T00:01:00Z')}`,
        namespace: 'default',
        labels: { app: 'pi' },
        annotations: { [ANNOTATION_SCHEDULED_AT]: '2026-01-01T00:01:00Z' },
        ownerReferences: [{ apiVersion: 'apps.kruise.io/v1alpha1', kind: 'AdvancedCronJob', name: 'acj-test', uid: 'acj-uid-1', controller: true, blockOwnerDeletion: true }],
      },
      spec: { backoffLimit: 2, template: { spec: { restartPolicy: 'Never' } } },
    });
    expect(second.requeueAfterMs).toBe(60_000);
  });
});

describe('spec scenarios 4 and 6 / tutorial 4.1–4.2: acj-test creates acj-test-<unix> every minute', () => {
  it('creates one BroadcastJob per minute, at the scheduled instant, and reports type and lastScheduleTime', () => {
    const sim = acjSim(acjTest(), '2026-01-01T00:00:30Z');
    let plan = sim.step();
    expect(plan.status).toEqual({ type: 'BroadcastJob' });
    for (let i = 1; i <= 3; i++) {
      plan = sim.stepAtRequeue(plan)!;
      const t = ms(`2026-01-01T00:0${i}:00Z`);
      expect(sim.nowMs).toBe(t); // planned exactly at the scheduled time
      expect(sim.created.at(-1)).toMatchObject({
        apiVersion: 'apps.kruise.io/v1alpha1',
        kind: 'BroadcastJob',
        metadata: { name: `acj-test-${t / 1000}`, annotations: { [ANNOTATION_SCHEDULED_AT]: new Date(t).toISOString().replace('.000Z', 'Z') } },
        spec: { completionPolicy: { type: 'Always', ttlSecondsAfterFinished: 30 } },
      });
      // the BroadcastJob completes a few seconds later; its event wakes the ACJ
      sim.advance(5_000);
      finish(sim, 'BroadcastJob', `acj-test-${t / 1000}`, 'Complete');
      const after = sim.step();
      expect(after.status).toMatchObject({ type: 'BroadcastJob', lastScheduleTime: new Date(t).toISOString().replace('.000Z', 'Z') });
      expect(after.status!.active).toBeUndefined();
      expect(after.requeueAfterMs).toBe(55_000);
      plan = after;
    }
    expect(names(sim.created)).toEqual([1, 2, 3].map((m) => `acj-test-${unix(`2026-01-01T00:0${m}:00Z`)}`));
  });

  it('lists a running child in status.active with kind, namespace, name, uid, apiVersion and resourceVersion', () => {
    const sim = acjSim(acjTest(), '2026-01-01T00:00:30Z');
    sim.stepAtRequeue(sim.step());
    const child = sim.created[0]!;
    sim.advance(1000);
    const plan = sim.step();
    expect(plan.status!.active).toEqual([
      { kind: 'BroadcastJob', namespace: 'default', name: child.metadata!.name, uid: child.metadata!.uid, apiVersion: 'apps.kruise.io/v1alpha1', resourceVersion: child.metadata!.resourceVersion },
    ]);
  });
});

describe('spec scenario 5: Job child e2e (planner side)', () => {
  it('a completed Job leaves status.active and stays within the successful history limit', () => {
    const sim = acjSim(jobTemplateAcj(), '2026-01-01T00:00:30Z');
    let plan = sim.step();
    for (let i = 0; i < 5; i++) {
      plan = sim.stepAtRequeue(plan)!;
      const name = sim.created.at(-1)!.metadata!.name!;
      sim.advance(10_000);
      finish(sim, 'Job', name, 'Complete');
      plan = sim.step();
      expect(plan.status!.active).toBeUndefined();
    }
    expect(sim.list('Job')).toHaveLength(3);
    expect(sim.deleted.map((d) => d.name)).toEqual([`acj-test-${unix('2026-01-01T00:01:00Z')}`, `acj-test-${unix('2026-01-01T00:02:00Z')}`]);
  });
});

describe('spec scenario 8: Forbid', () => {
  it('skips a due run while a child is active; the next run after it finishes creates one; the skipped run is not replayed', () => {
    const sim = acjSim(jobTemplateAcj({ concurrencyPolicy: 'Forbid', schedule: '*/5 * * * *' }), '2026-01-01T00:04:00Z');
    let plan = sim.stepAtRequeue(sim.step())!; // 00:05 run
    expect(names(sim.list('Job'))).toEqual([`acj-test-${unix('2026-01-01T00:05:00Z')}`]);
    plan = sim.stepAtRequeue(plan)!; // 00:10 due, 00:05 still active
    expect(plan.phases).toEqual([]);
    expect(sim.list('Job')).toHaveLength(1);
    expect(plan.requeueAfterMs).toBe(5 * 60_000);
    // Job children do not wake the ACJ (Kruise's watch bug); the next wake-up is the 00:15 run.
    sim.advance(2 * 60_000);
    finish(sim, 'Job', `acj-test-${unix('2026-01-01T00:05:00Z')}`, 'Complete');
    sim.advance(3 * 60_000);
    sim.step();
    expect(names(sim.list('Job'))).toEqual([`acj-test-${unix('2026-01-01T00:05:00Z')}`, `acj-test-${unix('2026-01-01T00:15:00Z')}`]);
    expect(sim.created.map((c) => c.metadata!.name)).not.toContain(`acj-test-${unix('2026-01-01T00:10:00Z')}`);
  });

  it('a wake-up between runs after the active child finished starts the skipped run late, once (the one catch-up run)', () => {
    const sim = acjSim(acjTest({ concurrencyPolicy: 'Forbid', schedule: '*/5 * * * *' }), '2026-01-01T00:04:00Z');
    let plan = sim.stepAtRequeue(sim.step())!;
    plan = sim.stepAtRequeue(plan)!; // 00:10 skipped
    sim.advance(60_000);
    finish(sim, 'BroadcastJob', `acj-test-${unix('2026-01-01T00:05:00Z')}`, 'Complete');
    sim.step(); // the BroadcastJob's update wakes the ACJ at 00:11
    expect(sim.created.at(-1)!.metadata!.name).toBe(`acj-test-${unix('2026-01-01T00:10:00Z')}`);
    sim.advance(1000);
    expect(sim.step().phases).toEqual([]);
  });
});

describe('spec scenario 9: Replace', () => {
  it('deletes the active child (background) and creates the new one in the same plan, delete first', () => {
    const sim = acjSim(acjTest({ concurrencyPolicy: 'Replace' }), '2026-01-01T00:00:30Z');
    let plan = sim.stepAtRequeue(sim.step())!;
    const first = sim.created[0]!;
    plan = sim.stepAtRequeue(plan)!;
    expect(plan.phases).toEqual([
      [{ type: 'delete', ref: { apiVersion: 'apps.kruise.io/v1alpha1', kind: 'BroadcastJob', namespace: 'default', name: first.metadata!.name, uid: first.metadata!.uid }, propagationPolicy: 'Background', dueAtMs: ms('2026-01-01T00:02:00Z') }],
      [expect.objectContaining({ type: 'create', dueAtMs: ms('2026-01-01T00:02:00Z'), object: expect.objectContaining({ metadata: expect.objectContaining({ name: `acj-test-${unix('2026-01-01T00:02:00Z')}` }) }) })],
    ]);
    expect(names(sim.list('BroadcastJob'))).toEqual([`acj-test-${unix('2026-01-01T00:02:00Z')}`]);
  });

  it('Allow keeps the active child and creates the new one alongside', () => {
    const sim = acjSim(acjTest({ concurrencyPolicy: 'Allow' }), '2026-01-01T00:00:30Z');
    sim.stepAtRequeue(sim.stepAtRequeue(sim.step())!);
    expect(sim.list('BroadcastJob')).toHaveLength(2);
    expect(sim.deleted).toEqual([]);
  });
});

describe('spec scenario 10: history cleanup', () => {
  function withChildren(kind: string, specs: Array<{ minute: number; type?: 'Complete' | 'Failed'; startMinute?: number }>): KubeObject[] {
    return specs.map(({ minute, type, startMinute }, i) => ({
      apiVersion: kind === 'Job' ? 'batch/v1' : 'apps.kruise.io/v1alpha1',
      kind,
      metadata: {
        name: `acj-test-${unix('2026-01-01T00:00:00Z') + minute * 60}`,
        namespace: 'default',
        uid: `child-${i}`,
        annotations: { [ANNOTATION_SCHEDULED_AT]: new Date(ms('2026-01-01T00:00:00Z') + minute * 60_000).toISOString() },
      },
      status: {
        ...(startMinute !== undefined ? { startTime: new Date(ms('2026-01-01T00:00:00Z') + startMinute * 60_000).toISOString() } : {}),
        ...(type ? { conditions: [{ type, status: 'True' }] } : {}),
      },
    }));
  }

  it('successful limit 3 with five completed children deletes the two with the oldest status.startTime', () => {
    // start times deliberately not in name order; one has none (counts as oldest)
    const owned = { BroadcastJob: withChildren('BroadcastJob', [
      { minute: 1, type: 'Complete', startMinute: 5 },
      { minute: 2, type: 'Complete' },
      { minute: 3, type: 'Complete', startMinute: 3 },
      { minute: 4, type: 'Complete', startMinute: 6 },
      { minute: 5, type: 'Complete', startMinute: 7 },
    ]) };
    const sim = acjSim(acjTest({ successfulJobsHistoryLimit: 3 }), '2026-01-01T00:05:30Z', undefined, owned);
    const plan = sim.step();
    expect(plan.phases.flat().map((a) => a.type === 'delete' && a.ref.name)).toEqual([
      `acj-test-${unix('2026-01-01T00:02:00Z')}`,
      `acj-test-${unix('2026-01-01T00:03:00Z')}`,
    ]);
    expect(plan.phases.flat().every((a) => a.type === 'delete' && a.propagationPolicy === 'Background')).toBe(true);
  });

  it('failed limit 1 keeps only the newest failed child; active children are never pruned', () => {
    const owned = { BroadcastJob: withChildren('BroadcastJob', [
      { minute: 1, type: 'Failed', startMinute: 1 },
      { minute: 2, type: 'Failed', startMinute: 2 },
      { minute: 3, startMinute: 3 },
      { minute: 4, startMinute: 4 },
    ]) };
    const sim = acjSim(acjTest({ concurrencyPolicy: 'Forbid' }), '2026-01-01T00:04:30Z', undefined, owned);
    sim.step();
    expect(sim.deleted.map((d) => d.name)).toEqual([`acj-test-${unix('2026-01-01T00:01:00Z')}`]);
  });

  it('history limits still apply while paused', () => {
    const owned = { BroadcastJob: withChildren('BroadcastJob', [{ minute: 1, type: 'Complete', startMinute: 1 }, { minute: 2, type: 'Complete', startMinute: 2 }]) };
    const sim = acjSim(acjTest({ paused: true, successfulJobsHistoryLimit: 0 }), '2026-01-01T00:04:30Z', undefined, owned);
    const plan = sim.step();
    expect(sim.list('BroadcastJob')).toEqual([]);
    expect(plan.requeueAfterMs).toBeUndefined();
  });
});

describe('spec scenario 11: starting deadline', () => {
  it('startingDeadlineSeconds 50 and the controller away from the run until 2 min later: the run is skipped, the next on-time run is created', () => {
    const sim = acjSim(acjTest({ schedule: '*/5 * * * *', startingDeadlineSeconds: 50 }), '2026-01-01T00:00:30Z');
    sim.stepAtRequeue(sim.step()); // 00:05 created on time
    sim.advance(7 * 60_000); // controller down at 00:10, back at 00:12
    const plan = sim.step();
    expect(plan.phases).toEqual([]);
    expect(plan.requeueAfterMs).toBe(3 * 60_000);
    sim.stepAtRequeue(plan);
    expect(names(sim.created)).toEqual([`acj-test-${unix('2026-01-01T00:05:00Z')}`, `acj-test-${unix('2026-01-01T00:15:00Z')}`]);
  });

  it('without a starting deadline the missed run is created late, once', () => {
    const sim = acjSim(acjTest({ schedule: '*/5 * * * *' }), '2026-01-01T00:00:30Z');
    sim.stepAtRequeue(sim.step());
    sim.advance(7 * 60_000);
    sim.step();
    expect(sim.created.at(-1)!.metadata!.name).toBe(`acj-test-${unix('2026-01-01T00:10:00Z')}`);
  });
});

describe('spec scenario 12: TTL re-run bug (#2213)', () => {
  function ttlRerun(options: { rememberLastScheduleTime: boolean }, startingDeadlineSeconds?: number) {
    const sim = acjSim(acjTest({ schedule: '0 0 * * *', startingDeadlineSeconds }), '2025-12-31T12:00:00Z', options);
    sim.stepAtRequeue(sim.step()); // 2026-01-01T00:00 run
    const name = `acj-test-${unix('2026-01-01T00:00:00Z')}`;
    sim.advance(5_000);
    finish(sim, 'BroadcastJob', name, 'Complete');
    sim.step(); // status records lastScheduleTime
    sim.advance(30_000);
    sim.remove('BroadcastJob', name); // deleted by ttlSecondsAfterFinished
    sim.step(); // the delete event wakes the ACJ
    return sim.created.filter((c) => c.metadata!.name === name).length;
  }
  it('Kruise v1.8 (rememberLastScheduleTime: false) recreates the TTL-deleted BroadcastJob under the same name', () => {
    expect(ttlRerun({ rememberLastScheduleTime: false })).toBe(2);
  });
  it('with startingDeadlineSeconds below the TTL the recreated run is too late, even in v1.8 mode', () => {
    expect(ttlRerun({ rememberLastScheduleTime: false }, 20)).toBe(1);
  });
  it('kactor by default remembers status.lastScheduleTime and never re-runs a deleted child', () => {
    expect(ttlRerun({ rememberLastScheduleTime: true })).toBe(1);
  });
});

describe('missed schedules after a controller restart (upstream CronJob rules)', () => {
  it('10 minutes away: exactly one catch-up run, for the latest missed time, no storm', () => {
    const sim = acjSim(acjTest(), '2026-01-01T00:00:30Z');
    sim.stepAtRequeue(sim.step());
    sim.advance(10 * 60_000 + 15_000);
    const plan = sim.step();
    expect(plan.phases.flat().filter((a) => a.type === 'create')).toHaveLength(1);
    expect(sim.created.at(-1)!.metadata!.name).toBe(`acj-test-${unix('2026-01-01T00:11:00Z')}`);
    expect(plan.events).toEqual([]);
    expect(plan.requeueAfterMs).toBe(45_000);
  });

  it('more than 100 missed start times: a Warning event, and still only the latest run', () => {
    const sim = acjSim(acjTest(), '2026-01-01T00:00:30Z');
    sim.advance(200 * 60_000);
    const plan = sim.step();
    expect(plan.events).toEqual([
      { type: 'Warning', reason: 'TooManyMissedTimes', message: 'too many missed start times (> 100). Set or decrease .spec.startingDeadlineSeconds or check clock skew' },
    ]);
    expect(names(sim.created)).toEqual([`acj-test-${unix('2026-01-01T03:20:00Z')}`]);
    expect(plan.requeueAfterMs).toBe(60_000 - 30_000);
  });

  it('startingDeadlineSeconds bounds the search, so a long absence is not "too many"', () => {
    const sim = acjSim(acjTest({ startingDeadlineSeconds: 300 }), '2026-01-01T00:00:30Z');
    sim.advance(200 * 60_000);
    expect(sim.step().events).toEqual([]);
    expect(sim.created).toHaveLength(1);
  });
});

describe('paused', () => {
  it('creates nothing and does not requeue, but writes status; unpausing resumes with the latest run', () => {
    const sim = acjSim(acjTest({ paused: true }), '2026-01-01T00:00:30Z');
    sim.advance(5 * 60_000);
    const plan = sim.step();
    expect(plan).toMatchObject({ phases: [], status: { type: 'BroadcastJob' } });
    expect(plan.requeueAfterMs).toBeUndefined();
    sim.workload!.spec.paused = false;
    sim.step();
    expect(names(sim.created)).toEqual([`acj-test-${unix('2026-01-01T00:05:00Z')}`]);
  });
});

describe('time zones in the planner', () => {
  it('timeZone Asia/Shanghai: 0 10 * * * runs at 02:00Z, named by that instant, scheduled-at in +08:00', () => {
    const sim = acjSim(acjTest({ schedule: '0 10 * * *', timeZone: 'Asia/Shanghai' }), '2022-09-06T01:01:00Z');
    const plan = sim.step();
    expect(plan.requeueAfterMs).toBe(59 * 60_000);
    sim.stepAtRequeue(plan);
    expect(sim.created[0]!.metadata).toMatchObject({
      name: `acj-test-${unix('2022-09-06T02:00:00Z')}`,
      annotations: { [ANNOTATION_SCHEDULED_AT]: '2022-09-06T10:00:00+08:00' },
    });
  });

  it('America/New_York across the 2026-03-08 change: 02:30 runs at 02:30 EST, then 03:30 EDT, then 02:30 EDT', () => {
    const sim = acjSim(acjTest({ schedule: '30 2 * * *', timeZone: 'America/New_York' }), '2026-03-07T00:00:00Z');
    let plan = sim.step();
    for (let i = 0; i < 3; i++) plan = sim.stepAtRequeue(plan)!;
    expect(sim.created.map((c) => c.metadata!.annotations![ANNOTATION_SCHEDULED_AT])).toEqual([
      '2026-03-07T02:30:00-05:00',
      '2026-03-08T03:30:00-04:00',
      '2026-03-09T02:30:00-04:00',
    ]);
    expect(sim.created.map((c) => c.metadata!.name)).toEqual([
      `acj-test-${unix('2026-03-07T07:30:00Z')}`,
      `acj-test-${unix('2026-03-08T07:30:00Z')}`,
      `acj-test-${unix('2026-03-09T06:30:00Z')}`,
    ]);
  });

  it('America/New_York across the 2026-11-01 change: an hourly :30 runs at 01:30 EDT and again at 01:30 EST', () => {
    const sim = acjSim(acjTest({ schedule: '30 * * * *', timeZone: 'America/New_York' }), '2026-11-01T05:00:00Z');
    let plan = sim.step();
    for (let i = 0; i < 2; i++) plan = sim.stepAtRequeue(plan)!;
    expect(sim.created.map((c) => c.metadata!.annotations![ANNOTATION_SCHEDULED_AT])).toEqual(['2026-11-01T01:30:00-04:00', '2026-11-01T01:30:00-05:00']);
  });
});

describe('timing', () => {
  it('requeueAfterMs is exact to the millisecond', () => {
    const sim = acjSim(acjTest(), '2026-01-01T00:00:30Z');
    sim.advance(17_250); // 00:00:47.250
    expect(sim.step().requeueAfterMs).toBe(12_750);
  });

  it('1,000 AdvancedCronJobs due in the same minute are each planned to create their child at the scheduled instant', () => {
    const due = ms('2026-01-01T00:01:00Z');
    const snapshots = Array.from({ length: 1000 }, (_, i) => {
      const acj = acjTest({}, '2026-01-01T00:00:10Z');
      acj.metadata = { ...acj.metadata, name: `acj-${i}`, uid: `uid-${i}` };
      return { workload: acj, owned: {}, orphans: {}, nodes: [], pending: [] };
    });
    const definition = advancedCronJobDefinition(); // with its schedule cache, as the runtime hosts it
    // all planned 10 s before: each asks to be woken exactly at the run
    for (const s of snapshots) expect(definition.plan(s, due - 10_000).requeueAfterMs).toBe(10_000);
    const plans = snapshots.map((s, i) => definition.plan(s, due + i)); // woken at the run, 1 ms apart
    for (const [i, p] of plans.entries()) {
      const create = p.phases.flat()[0];
      expect(create?.type === 'create' && create.object.metadata?.name).toBe(`acj-${i}-${due / 1000}`);
    }
  });

  it('does not create a child whose create is still pending after the expectation timeout', () => {
    const plan = planAdvancedCronJob(
      { workload: acjTest(), owned: {}, orphans: {}, nodes: [], pending: [{ verb: 'create', kind: 'BroadcastJob', name: `acj-test-${unix('2026-01-01T00:01:00Z')}`, sinceMs: 0 }] },
      ms('2026-01-01T00:01:00Z'),
    );
    expect(plan.phases).toEqual([]);
  });
});
