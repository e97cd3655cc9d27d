// Tutorial section 4 end to end at the planner level: the AdvancedCronJob planner and the BroadcastJob
// planner of each child run together on a fake clock, with a kubelet stand-in that finishes pods 3 s after
// they are created and the children's ttlSecondsAfterFinished deleting them.
import { describe, expect, it } from 'vitest';
import type { KubeObject, Node, Pod } from '../../../src/api/index.js';
import { formatTime } from '../../../src/api/index.js';
import { planAdvancedCronJob, type AdvancedCronJobPlanOptions } from '../../../src/workloads/advancedcronjob/planner.js';
import { ScheduleCache } from '../../../src/workloads/advancedcronjob/schedule.js';
import { planBroadcastJob } from '../../../src/workloads/broadcastjob/planner.js';
import type { BroadcastJob } from '../../../src/workloads/broadcastjob/types.js';
import type { AdvancedCronJob } from '../../../src/workloads/advancedcronjob/types.js';
import { PlanSim } from '../broadcastjob/plan-sim.js';
import { tutorialNodes } from '../broadcastjob/fixtures.js';
import { acjTest, ms, unix } from './fixtures.js';

interface World {
  acj: PlanSim<AdvancedCronJob>;
  children: Map<string, PlanSim<BroadcastJob>>;
  nodes: Node[];
  /** For each child ever created: when it completed and when it was deleted, and its columns at completion. */
  log: Map<string, { createdMs: number; completedMs?: number; columns?: string; deletedMs?: number }>;
  maxLiveChildren: number;
}

function world(options: AdvancedCronJobPlanOptions = {}): World {
  options = { ...options, cache: new ScheduleCache() };
  const acj = new PlanSim<AdvancedCronJob>((s, now) => planAdvancedCronJob(s, now, options), acjTest({}, '2026-01-01T00:00:30Z'), { nowMs: ms('2026-01-01T00:00:30Z') });
  return { acj, children: new Map(), nodes: tutorialNodes(), log: new Map(), maxLiveChildren: 0 };
}

/** One simulated second: plan the ACJ and every child, run the kubelet, copy child state back. */
function tick(w: World): void {
  w.acj.step();
  for (const child of w.acj.list('BroadcastJob')) {
    const name = child.metadata!.name!;
    if (!w.children.has(name)) {
      w.children.set(name, new PlanSim<BroadcastJob>(planBroadcastJob, child as BroadcastJob, { nowMs: w.acj.nowMs, nodes: w.nodes }));
      w.log.set(name, { createdMs: w.acj.nowMs });
    }
  }
  for (const [name, sim] of w.children) {
    if (!sim.workload) continue;
    sim.nowMs = w.acj.nowMs;
    sim.step();
    for (const pod of sim.list('Pod') as Pod[]) {
      const age = sim.nowMs - Date.parse(pod.metadata!.creationTimestamp as string);
      if (age >= 3000 && pod.status?.phase !== 'Succeeded') sim.mutate('Pod', pod.metadata!.name!, (p) => { p.status = { phase: 'Succeeded' }; });
    }
    const entry = w.log.get(name)!;
    const status = sim.workload?.status;
    if (status?.phase === 'completed' && entry.completedMs === undefined) {
      entry.completedMs = sim.nowMs;
      entry.columns = `${status.desired} ${status.active} ${status.succeeded} ${status.failed}`;
    }
    if (sim.workload) {
      w.acj.mutate('BroadcastJob', name, (c) => { c.status = structuredClone(sim.workload!.status); });
    } else {
      entry.deletedMs = sim.nowMs;
      w.acj.remove('BroadcastJob', name);
      w.children.delete(name);
    }
  }
  w.maxLiveChildren = Math.max(w.maxLiveChildren, w.acj.list('BroadcastJob').length);
  w.acj.advance(1000);
}

describe('tutorial 4: acj-test with a BroadcastJob template on master1/node1/node2', () => {
  it('every minute a BroadcastJob acj-test-<unix> appears on time, completes 2 0 2 0, and ttlSecondsAfterFinished 30 removes it', () => {
    const w = world();
    for (let s = 0; s < 5 * 60; s++) tick(w);
    const runs = [...w.log.entries()];
    expect(runs.map(([name]) => name)).toEqual([1, 2, 3, 4, 5].map((m) => `acj-test-${unix(`2026-01-01T00:0${m}:00Z`)}`));
    for (const [name, r] of runs) {
      expect(r.createdMs).toBe(Number(name.split('-').at(-1)) * 1000); // created in the second it was scheduled
      if (r.completedMs !== undefined) expect(r.columns).toBe('2 0 2 0');
      if (r.deletedMs !== undefined) expect(r.deletedMs - r.completedMs!).toBe(30_000);
    }
    expect(runs.filter(([, r]) => r.deletedMs !== undefined)).toHaveLength(4);
    expect(w.maxLiveChildren).toBe(1);
    expect(w.acj.workload!.status).toMatchObject({ type: 'BroadcastJob', lastScheduleTime: '2026-01-01T00:05:00Z' });
  });

  it('Kruise v1.8 mode re-runs each TTL-deleted BroadcastJob under the same name (issue #2213), kactor does not', () => {
    const v18 = world({ rememberLastScheduleTime: false });
    for (let s = 0; s < 3 * 60; s++) tick(v18);
    const recreated = v18.acj.created.map((c) => c.metadata!.name).filter((n, i, all) => all.indexOf(n) !== i);
    expect(recreated.length).toBeGreaterThan(0);
    const kactor = world();
    for (let s = 0; s < 3 * 60; s++) tick(kactor);
    const names = kactor.acj.created.map((c) => c.metadata!.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('a jobTemplate ACJ creates batch/v1 Jobs instead (a Job runner must run them)', () => {
    const acj = acjTest({ template: { jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } } } } } }, '2026-01-01T00:00:30Z');
    const sim = new PlanSim<AdvancedCronJob>(planAdvancedCronJob, acj, { nowMs: ms('2026-01-01T00:00:30Z') });
    sim.stepAtRequeue(sim.step());
    expect(sim.list('Job').map((j: KubeObject) => [j.apiVersion, j.kind, j.metadata!.name])).toEqual([['batch/v1', 'Job', `acj-test-${unix('2026-01-01T00:01:00Z')}`]]);
    expect(formatTime(sim.nowMs)).toBe('2026-01-01T00:01:00Z');
  });
});
