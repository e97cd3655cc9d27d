// The `admission` list (src/workloads/index.ts) as hosts call it: each kind's mutate is Kruise's webhook,
// which defaults the pod template on create and on updates that change it — never the DaemonSet's.
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/index.js';
import { admission } from '../../src/workloads/index.js';
import { makeSet } from './statefulset/sim.js';
import { makeDaemonSet } from './daemonset/sim.js';
import { bcjDemo } from './broadcastjob/fixtures.js';
import { acjTest } from './advancedcronjob/fixtures.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- reading one path of four shapes
type Any = any;
const mutate = (kind: string) => admission.find((a) => a.kind === kind)!.mutate;
const podSpecOf: Record<string, (o: KubeObject) => unknown> = {
  StatefulSet: (o) => (o.spec as Any).template.spec,
  DaemonSet: (o) => (o.spec as Any).template.spec,
  BroadcastJob: (o) => (o.spec as Any).template.spec,
  AdvancedCronJob: (o) => (o.spec as Any).template.broadcastJobTemplate.spec.template.spec,
};
const OBJECTS: Array<[string, () => KubeObject]> = [
  ['StatefulSet', () => makeSet({}) as KubeObject],
  ['DaemonSet', () => makeDaemonSet() as KubeObject],
  ['BroadcastJob', () => bcjDemo() as KubeObject],
  ['AdvancedCronJob', () => acjTest() as KubeObject],
];

describe('admission: pod-template defaults only on create and on a template change', () => {
  it.each(OBJECTS)('%s: create defaults the template (DaemonSet: never)', (kind, make) => {
    const spec = podSpecOf[kind]!(mutate(kind)(make(), undefined));
    if (kind === 'DaemonSet') expect(spec).toEqual(podSpecOf[kind]!(make()));
    else expect(spec).toMatchObject({ dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', terminationGracePeriodSeconds: 30 });
  });

  it.each(OBJECTS)('%s: an update with the same template leaves it as stored', (kind, make) => {
    const old = make();
    const next = make();
    (next.metadata as { labels?: Record<string, string> }).labels = { changed: 'yes' };
    expect(podSpecOf[kind]!(mutate(kind)(next, old))).toEqual(podSpecOf[kind]!(old));
  });
});
