// Test fixtures for AdvancedCronJob planner tests: the tutorial's acj-test and helpers that play the
// child's runner (a BroadcastJob / Job reaching Complete or Failed).
import type { KubeObject, PodTemplateSpec } from '../../../src/api/index.js';
import { formatTime } from '../../../src/api/index.js';
import { planAdvancedCronJob, type AdvancedCronJobPlanOptions } from '../../../src/workloads/advancedcronjob/planner.js';
import type { AdvancedCronJob, AdvancedCronJobSpec } from '../../../src/workloads/advancedcronjob/types.js';
import { PlanSim } from '../broadcastjob/plan-sim.js';

export const ms = (iso: string) => Date.parse(iso);

export const counterPod: PodTemplateSpec = {
  spec: {
    restartPolicy: 'Never',
    containers: [{ name: 'counter', image: 'busybox', command: ['/bin/sh', '-c', 'for i in 9 8 7 6 5 4 3 2 1; do echo $i; done'] }],
  },
};

/** tutorial/07-acj-demo1.yaml */
export function acjTest(spec: Partial<AdvancedCronJobSpec> = {}, createdIso = '2026-01-01T00:00:30Z'): AdvancedCronJob {
  return {
    apiVersion: 'apps.kruise.io/v1alpha1',
    kind: 'AdvancedCronJob',
    metadata: { name: 'acj-test', namespace: 'default', uid: 'acj-uid-1', creationTimestamp: createdIso },
    spec: {
      schedule: '*/1 * * * *',
      template: {
        broadcastJobTemplate: {
          spec: { completionPolicy: { type: 'Always', ttlSecondsAfterFinished: 30 }, template: counterPod },
        },
      },
      ...spec,
    },
  };
}

export function jobTemplateAcj(spec: Partial<AdvancedCronJobSpec> = {}, createdIso?: string): AdvancedCronJob {
  return acjTest(
    { template: { jobTemplate: { metadata: { labels: { app: 'pi' } }, spec: { template: counterPod, backoffLimit: 2 } } }, ...spec },
    createdIso,
  );
}

/** A simulation starting at `nowIso`, when the AdvancedCronJob is created. */
export function acjSim(acj: AdvancedCronJob, nowIso: string, options?: AdvancedCronJobPlanOptions, owned: Record<string, KubeObject[]> = {}) {
  acj = { ...acj, metadata: { ...acj.metadata, creationTimestamp: new Date(ms(nowIso)).toISOString().replace('.000Z', 'Z') } };
  return new PlanSim<AdvancedCronJob>((s, now) => planAdvancedCronJob(s, now, options), acj, { nowMs: ms(nowIso), owned });
}

/** Marks a child finished (Complete or Failed) with the given start time. */
export function finish(sim: PlanSim<AdvancedCronJob>, kind: string, name: string, type: 'Complete' | 'Failed', startIso?: string): void {
  sim.mutate(kind, name, (c) => {
    c.status = {
      startTime: startIso ?? c.metadata?.creationTimestamp,
      completionTime: formatTime(sim.nowMs),
      conditions: [{ type, status: 'True', lastTransitionTime: formatTime(sim.nowMs) }],
    };
  });
}

export function names(objs: KubeObject[]): string[] {
  return objs.map((o) => o.metadata?.name ?? '').sort();
}

export const unix = (iso: string) => Math.floor(ms(iso) / 1000);
