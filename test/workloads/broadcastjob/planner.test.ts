import { describe, expect, it } from 'vitest';
import type { KubeObject, Plan, Pod } from '../../../src/api/index.js';
import type { PendingWrite } from '../../../src/runtime/workload-definition.js';
import type { BroadcastJob } from '../../../src/workloads/broadcastjob/types.js';
import { planBroadcastJob } from '../../../src/workloads/broadcastjob/planner.js';
import { mapNodesToPods } from '../../../src/workloads/broadcastjob/placement.js';
import { nodeNameOfPod } from '../../../src/workloads/broadcastjob/pods.js';
import { BcjSim, bcjDemo, jobPod, node, nodes, T0, tutorialNodes } from './fixtures.js';

const creates = (plan: Plan) => plan.phases.flat().filter((a) => a.type === 'create');
const deletes = (plan: Plan) => plan.phases.flat().filter((a) => a.type === 'delete');
/** Nodes the plan creates pods on, in plan order. */
const createdNodes = (plan: Plan) => creates(plan).map((a) => (a.type === 'create' ? nodeNameOfPod(a.object as Pod) : undefined));
const deletedNames = (plan: Plan) => deletes(plan).map((a) => (a.type === 'delete' ? a.ref.name : undefined));
const snap = (job: BroadcastJob, pods: Pod[], nodeList = nodes(1), pending: PendingWrite[] = []) =>
  ({ workload: job, owned: { Pod: pods as KubeObject[] }, orphans: {}, nodes: nodeList, pending });

describe('spec scenario 1: absolute parallelism', () => {
  it('parallelism 2, node1..3, one running pod on node1 → one pod created; active 2, desired 3, running, startTime set', () => {
    const job = bcjDemo({ parallelism: 2 }, 'job1');
    const sim = new BcjSim(job, nodes(3), [jobPod(job, 'node1', 'Running')]);
    const plan = sim.step();
    expect(creates(plan)).toHaveLength(1);
    expect(sim.pods()).toHaveLength(2);
    expect(nodeNameOfPod(sim.created[0] as Pod)).toBe('node2');
    expect(sim.created[0]!.metadata!.labels!['broadcastjob-name']).toBe('job1');
    expect(plan.status).toMatchObject({ active: 2, desired: 3, phase: 'running', startTime: '2026-01-01T00:00:00Z' });
  });
});

describe('spec scenario 2: slow-start batches', () => {
  it('parallelism 20, 10 nodes, no pods → 10 pods in one plan, in batches 1, 2, 4, 3; active 10', () => {
    const sim = new BcjSim(bcjDemo({ parallelism: 20 }), nodes(10));
    const plan = sim.step();
    expect(plan.phases.map((p) => p.length)).toEqual([1, 2, 4, 3]);
    expect(plan.status).toMatchObject({ active: 10, desired: 10 });
  });

  it('a failed create stops the later batches (its own batch still goes out) and reports FailedCreate with the error', () => {
    const sim = new BcjSim(bcjDemo(), nodes(10));
    sim.failCreate = (o) => (nodeNameOfPod(o as Pod) === 'node3' ? 'pods "x" is forbidden: quota' : undefined);
    sim.step();
    // nodes in name order: [node1] [node10 node2] [node3 node4 node5 node6] [node7 node8 node9]
    expect(sim.pods().map((p) => nodeNameOfPod(p)).sort()).toEqual(['node1', 'node10', 'node2', 'node4', 'node5', 'node6']);
    expect(sim.events.filter((e) => e.reason === 'FailedCreate')).toEqual([expect.objectContaining({ type: 'Warning', message: 'Error creating: pods "x" is forbidden: quota' })]);
  });
});

describe('spec scenario 3: FailFast after all ran', () => {
  it('succeeded/succeeded/failed → failed with a Failed condition, desired 3, succeeded 2, failed 1, active 0', () => {
    const job = bcjDemo({ failurePolicy: { type: 'FailFast' } });
    const sim = new BcjSim(job, nodes(3), [jobPod(job, 'node1', 'Succeeded'), jobPod(job, 'node2', 'Succeeded'), jobPod(job, 'node3', 'Failed')]);
    const plan = sim.step();
    expect(plan.status).toMatchObject({ desired: 3, succeeded: 2, failed: 1, active: 0, phase: 'failed', completionTime: '2026-01-01T00:00:00Z' });
    expect((plan.status!.conditions as Array<{ type: string }>).at(-1)).toMatchObject({ type: 'Failed', status: 'True', reason: 'Failed', message: 'failure policy is FailurePolicyTypeFailFast and failed pod is found' });
  });

  it('FailFast beats completion and emits "failed pod is found" twice', () => {
    const job = bcjDemo();
    const sim = new BcjSim(job, nodes(3), [jobPod(job, 'node1', 'Succeeded'), jobPod(job, 'node2', 'Succeeded'), jobPod(job, 'node3', 'Failed')]);
    const plan = sim.step();
    expect(plan.events.filter((e) => e.reason === 'failed pod is found')).toEqual([
      { type: 'Warning', reason: 'failed pod is found', message: 'failure policy is FailurePolicyTypeFailFast and failed pod is found: 2 pods succeeded, 1 pods failed' },
      { type: 'Warning', reason: 'failed pod is found', message: 'failure policy is FailurePolicyTypeFailFast and failed pod is found: 2 pods succeeded, 1 pods failed' },
    ]);
    expect(plan.events.some((e) => e.reason === 'JobComplete')).toBe(false);
  });
});

describe('spec scenario 4: FailFast with a node still pending', () => {
  it('node1 succeeded, node3 failed, node2 without pod → no pod for node2; desired 3, succeeded 1, failed 1, active 0, failed', () => {
    const job = bcjDemo();
    const sim = new BcjSim(job, nodes(3), [jobPod(job, 'node1', 'Succeeded'), jobPod(job, 'node3', 'Failed')]);
    const plan = sim.step();
    expect(creates(plan)).toEqual([]);
    expect(plan.status).toMatchObject({ desired: 3, succeeded: 1, failed: 1, active: 0, phase: 'failed' });
  });
});

describe('spec scenario 5: pause on failure', () => {
  it('node1 succeeded, node2 failed, node3 empty → paused, desired 3, succeeded 1, failed 1, active 0, nothing created', () => {
    const job = bcjDemo({ failurePolicy: { type: 'Pause' } });
    const sim = new BcjSim(job, nodes(3), [jobPod(job, 'node1', 'Succeeded'), jobPod(job, 'node2', 'Failed')]);
    const plan = sim.step();
    expect(plan.phases).toEqual([]);
    expect(plan.status).toMatchObject({ phase: 'paused', desired: 3, succeeded: 1, failed: 1, active: 0 });
    expect(plan.events).toEqual([{ type: 'Warning', reason: 'Paused', message: 'job is paused, due to failed pod' }]);
  });

  it('stays paused, emitting Continue then Paused on every plan, until the failed pod is gone; then it continues', () => {
    const job = bcjDemo({ failurePolicy: { type: 'Pause' } });
    const sim = new BcjSim(job, nodes(3), [jobPod(job, 'node1', 'Succeeded'), jobPod(job, 'node2', 'Failed')]);
    sim.step();
    const again = sim.step();
    expect(again.events.map((e) => e.reason)).toEqual(['Continue', 'Paused']);
    expect(again.status!.phase).toBe('paused');
    sim.remove('Pod', 'bcj-demo-node2'); // the user deletes the failed pod
    const resumed = sim.step();
    expect(resumed.status!.phase).toBe('running');
    expect(createdNodes(resumed)).toEqual(['node2', 'node3']);
  });
});

describe('spec scenario 6: active deadline', () => {
  it('activeDeadlineSeconds 0, Continue, startTime now, two running pods → both deleted, Failed condition, failed 2, active 0', () => {
    const job = bcjDemo({ completionPolicy: { type: 'Always', activeDeadlineSeconds: 0 }, failurePolicy: { type: 'Continue' } });
    job.status = { startTime: '2026-01-01T00:00:00Z', active: 0, succeeded: 0, failed: 0, desired: 0 };
    const sim = new BcjSim(job, nodes(2), [jobPod(job, 'node1', 'Running'), jobPod(job, 'node2', 'Running')]);
    const plan = sim.step();
    expect(deletes(plan)).toHaveLength(2);
    expect(sim.pods()).toEqual([]);
    expect(plan.status).toMatchObject({ failed: 2, active: 0, phase: 'failed' });
    expect((plan.status!.conditions as Array<{ type: string }>).at(-1)).toMatchObject({ type: 'Failed', reason: 'Failed', message: 'Job default/bcj-demo was active longer than specified deadline' });
    expect(sim.events.filter((e) => e.reason === 'SuccessfulDelete').map((e) => e.message).sort()).toEqual(['Delete pod: bcj-demo-node1', 'Delete pod: bcj-demo-node2']);
    expect(plan.events.at(-1)).toEqual({ type: 'Warning', reason: 'DeadlineExceeded', message: 'Job default/bcj-demo was active longer than specified deadline: 0 pods succeeded, 2 pods failed' });
  });
});

describe('spec scenario 7: node → pod map', () => {
  it('maps pods pinned by nodeName or by the matchFields affinity term to those nodes', () => {
    const job = bcjDemo();
    const { byNode } = mapNodesToPods([jobPod(job, 'node1', 'Running'), jobPod(job, 'node2', 'Running', { byAffinity: true })]);
    expect([...byNode].map(([n, p]) => [n, p.metadata!.name])).toEqual([['node1', 'bcj-demo-node1'], ['node2', 'bcj-demo-node2']]);
  });

  it('a second pod on the same node raises DuplicatePodCreatedOnSameNode; the later one wins', () => {
    const job = bcjDemo();
    const a = jobPod(job, 'node1', 'Running', { name: 'bcj-demo-aaaaa', createdMs: T0 });
    const b = jobPod(job, 'node1', 'Running', { name: 'bcj-demo-bbbbb', createdMs: T0 + 1000, byAffinity: true });
    const plan = planBroadcastJob(snap(job, [b, a]), T0 + 2000);
    expect(plan.events).toContainEqual({ type: 'Warning', reason: 'DuplicatePodCreatedOnSameNode', message: 'Duplicated pod bcj-demo-bbbbb found on same node node1' });
    expect(plan.status).toMatchObject({ active: 2, desired: 1 });
  });
});

describe('spec scenario 8 / tutorial 3.2: TTL after finish', () => {
  it('ttlSecondsAfterFinished 30: completed, then deleteSelf exactly 30 s after completionTime', () => {
    const sim = new BcjSim(bcjDemo({ completionPolicy: { type: 'Always', ttlSecondsAfterFinished: 30 } }), tutorialNodes());
    sim.step();
    sim.advance(4_000).setAll('Succeeded');
    const done = sim.step();
    expect(done.status).toMatchObject({ phase: 'completed', completionTime: '2026-01-01T00:00:04Z' });
    expect(done.requeueAfterMs).toBe(30_000);
    sim.advance(29_999);
    const early = sim.step();
    expect(early).toEqual({ phases: [], events: [], requeueAfterMs: 1 });
    sim.advance(1);
    expect(sim.step().deleteSelf).toBe(true);
    expect(sim.workload).toBeUndefined();
  });
});

describe('spec scenario 9 / tutorial 3.3: deadline from the docs', () => {
  it('activeDeadlineSeconds 10 with pods sleeping: after 10 s the job is failed and its running pods deleted', () => {
    const sim = new BcjSim(bcjDemo({ completionPolicy: { type: 'Always', activeDeadlineSeconds: 10 } }), tutorialNodes());
    const first = sim.step();
    expect(first.requeueAfterMs).toBe(10_000);
    sim.advance(2_000).setAll('Running');
    expect(sim.step().requeueAfterMs).toBe(8_000); // the timer is re-armed on every plan
    sim.advance(8_000);
    const failed = sim.step();
    expect(failed.status).toMatchObject({ phase: 'failed', active: 0, failed: 2, desired: 2 });
    expect(sim.pods()).toEqual([]);
    expect(failed.events.at(-1)).toMatchObject({ reason: 'DeadlineExceeded' });
  });

  it('no deadline check while paused; on unpause an expired deadline fails the job at once', () => {
    const sim = new BcjSim(bcjDemo({ paused: true, completionPolicy: { type: 'Always', activeDeadlineSeconds: 10 } }), tutorialNodes());
    expect(sim.step().status).toMatchObject({ phase: 'paused', desired: 2, active: 0 });
    sim.advance(60_000);
    expect(sim.step().status!.phase).toBe('paused');
    sim.workload!.spec.paused = false;
    const plan = sim.step();
    expect(plan.status!.phase).toBe('failed');
    expect(creates(plan)).toEqual([]);
  });
});

describe('spec scenario 10 / tutorial 3.4: Never keeps serving new nodes', () => {
  it('stays running without conditions after all pods succeed; a fitting node added later gets a pod', () => {
    const sim = new BcjSim(bcjDemo({ completionPolicy: { type: 'Never' } }), tutorialNodes());
    sim.step();
    sim.advance(5_000).setAll('Succeeded');
    const after = sim.step();
    expect(after.status).toMatchObject({ phase: 'running', desired: 2, active: 0, succeeded: 2, failed: 0 });
    expect(after.status!.conditions).toBeUndefined();
    expect(creates(after)).toEqual([]);
    sim.nodes.push(node('node3'));
    sim.advance(60_000);
    const grown = sim.step();
    expect(createdNodes(grown)).toEqual(['node3']);
    expect(grown.status).toMatchObject({ desired: 3, active: 1, succeeded: 2 });
    expect([...sim.createdPerNode.values()].every((names) => names.length === 1)).toBe(true);
  });
});

describe('spec scenario 11: restartLimit', () => {
  it('OnFailure, restartLimit 3: a pod at restartCount 4 counts failed; FailFast fails the job without deleting that pod', () => {
    const job = bcjDemo({ failurePolicy: { type: 'FailFast', restartLimit: 3 } });
    job.spec.template.spec!.restartPolicy = 'OnFailure';
    const sim = new BcjSim(job, nodes(3), [
      jobPod(job, 'node1', 'Running', { restartCount: 3 }),
      jobPod(job, 'node2', 'Running', { restartCount: 4 }),
      jobPod(job, 'node3', 'Running'),
    ]);
    const plan = sim.step();
    expect(plan.status).toMatchObject({ phase: 'failed', failed: 3, active: 0 });
    expect(deletedNames(plan).sort()).toEqual(['bcj-demo-node1', 'bcj-demo-node3']);
    expect(sim.pods().map((p) => p.metadata!.name)).toEqual(['bcj-demo-node2']);
  });

  it('restart counts are per pod and include init containers; Never pods are never failed by restarts', () => {
    const job = bcjDemo({ failurePolicy: { type: 'Continue', restartLimit: 1 } });
    job.spec.template.spec!.restartPolicy = 'OnFailure';
    const pod = jobPod(job, 'node1', 'Running', { restartCount: 1 });
    pod.status!.initContainerStatuses = [{ name: 'init', image: 'busybox', imageID: 'x', ready: true, restartCount: 1 }];
    const plan = planBroadcastJob(snap(job, [pod]), T0);
    expect(plan.status).toMatchObject({ failed: 1, active: 0 });
    const never = bcjDemo({ failurePolicy: { type: 'Continue', restartLimit: 0 } });
    const p2 = jobPod(never, 'node1', 'Running', { restartCount: 5 });
    expect(planBroadcastJob(snap(never, [p2]), T0).status).toMatchObject({ failed: 0, active: 1 });
  });
});

describe('spec scenario 12: status after completion', () => {
  it('one-node cluster, pod succeeds → DESIRED 1, ACTIVE 0, SUCCEEDED 1, FAILED 0', () => {
    const sim = new BcjSim(bcjDemo(), [node('node1')]);
    sim.step();
    sim.advance(3_000).setAll('Succeeded');
    sim.step();
    expect(sim.columns()).toBe('1 0 1 0');
    expect(sim.status()!.phase).toBe('completed');
  });
});

describe('tutorial 3.1: bcj-demo on master1 (tainted), node1, node2', () => {
  it('desired 2, a pod each on node1 and node2 (none on master1); once Succeeded: 2 0 2 0 and Complete', () => {
    const sim = new BcjSim(bcjDemo(), tutorialNodes());
    const first = sim.step();
    expect(sim.columns()).toBe('2 2 0 0');
    expect(sim.pods().map((p) => nodeNameOfPod(p)).sort()).toEqual(['node1', 'node2']);
    expect(first.phases.flat().map((a) => a.type === 'create' && a.onSuccess)).toEqual(
      sim.created.map((p) => ({ type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${p.metadata!.name}` })),
    );
    const pod = sim.created[0] as Pod;
    expect(pod.spec!.nodeName).toBeUndefined();
    expect(pod.spec!.affinity).toEqual({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node1'] }] }] } },
    });
    expect(pod.metadata!.name).toMatch(/^bcj-demo-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod.spec!.readinessGates).toEqual([{ conditionType: 'KruisePodReady' }]);
    sim.advance(2_000).setAll('Running');
    // Kruise's pod-readiness controller: KruisePodReady=True once per pod, in one phase, at the version judged.
    const ready = sim.step().phases;
    expect(ready).toHaveLength(1);
    expect(ready[0]!.map((a) => a.type === 'patch' && [a.subresource, a.ref.name, a.resourceVersion !== undefined])).toEqual(
      sim.created.map((p) => ['status', p.metadata!.name, true]),
    );
    expect((sim.created[0] as Pod).status?.conditions).toEqual([{ type: 'KruisePodReady', status: 'True', lastTransitionTime: '2026-01-01T00:00:02Z' }]);
    expect(sim.step().phases).toEqual([]);
    expect(sim.columns()).toBe('2 2 0 0');
    sim.advance(3_000).setAll('Succeeded');
    const done = sim.step();
    expect(sim.columns()).toBe('2 0 2 0');
    expect(done.status).toMatchObject({ phase: 'completed', completionTime: '2026-01-01T00:00:05Z' });
    expect((done.status!.conditions as unknown[])).toEqual([
      { type: 'Complete', status: 'True', reason: 'Complete', message: 'Job completed, 2 pods succeeded, 0 pods failed', lastProbeTime: '2026-01-01T00:00:05Z', lastTransitionTime: '2026-01-01T00:00:05Z' },
    ]);
    expect(done.events).toEqual([{ type: 'Normal', reason: 'JobComplete', message: 'Job default/bcj-demo is completed, 2 pods succeeded, 0 pods failed' }]);
    expect(done.requeueAfterMs).toBeUndefined();
    // nothing more happens to a finished job
    sim.advance(60_000);
    expect(sim.step()).toEqual({ phases: [], events: [] });
  });
});

describe('node eligibility', () => {
  it('honours nodeSelector, required node affinity, tolerations, cordons and allocatable pods', () => {
    const job = bcjDemo();
    job.spec.template.spec!.nodeSelector = { disk: 'ssd' };
    job.spec.template.spec!.tolerations = [{ key: 'dedicated', operator: 'Equal', value: 'jobs', effect: 'NoSchedule' }];
    job.spec.template.spec!.affinity = {
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] } },
    };
    const list = [
      node('n-ok', { labels: { disk: 'ssd', zone: 'a' } }),
      node('n-tolerated', { labels: { disk: 'ssd', zone: 'a' }, taints: [{ key: 'dedicated', value: 'jobs', effect: 'NoSchedule' }] }),
      node('n-hdd', { labels: { disk: 'hdd', zone: 'a' } }),
      node('n-zone-b', { labels: { disk: 'ssd', zone: 'b' } }),
      node('n-tainted', { labels: { disk: 'ssd', zone: 'a' }, taints: [{ key: 'gpu', effect: 'NoExecute' }] }),
      node('n-cordoned', { labels: { disk: 'ssd', zone: 'a' }, unschedulable: true }),
      node('n-full', { labels: { disk: 'ssd', zone: 'a' }, pods: '0' }),
    ];
    const sim = new BcjSim(job, list);
    const plan = sim.step();
    expect(plan.status!.desired).toBe(2);
    expect(sim.pods().map((p) => nodeNameOfPod(p)).sort()).toEqual(['n-ok', 'n-tolerated']);
    // the template's own required terms are replaced by the node pin; nodeSelector and tolerations stay
    const pod = sim.podOn('n-ok')!;
    expect(pod.spec!.affinity!.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms).toEqual([
      { matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n-ok'] }] },
    ]);
    expect(pod.spec!.nodeSelector).toEqual({ disk: 'ssd' });
  });

  it('a pod whose node no longer fits is deleted and counted failed (edge case 7); FailFast then fails the job', () => {
    const sim = new BcjSim(bcjDemo({ completionPolicy: { type: 'Never' } }), nodes(2));
    sim.step();
    sim.advance(1000).setAll('Running');
    sim.nodes[1]!.spec = { taints: [{ key: 'maintenance', effect: 'NoSchedule' }] };
    const plan = sim.step();
    expect(deletes(plan)).toHaveLength(1);
    expect(plan.status).toMatchObject({ desired: 1, active: 1, failed: 1 });
    expect(sim.events.at(-1)).toMatchObject({ reason: 'SuccessfulDelete' });
  });

  it('a node requesting more cpu than allocatable never gets a pod', () => {
    const job = bcjDemo();
    job.spec.template.spec!.containers[0]!.resources = { requests: { cpu: '6' } };
    const plan = planBroadcastJob(snap(job, [], [node('small'), { ...node('big'), status: { allocatable: { pods: '110', cpu: '8' } } }]), T0);
    expect(createdNodes(plan)).toEqual(['big']);
  });
});

describe('parallelism', () => {
  it('a percentage is of desired, rounded up: 25% of 10 nodes → 3 active at a time, replacing finished ones', () => {
    const sim = new BcjSim(bcjDemo({ parallelism: '25%' }), nodes(10));
    sim.step();
    expect(sim.pods()).toHaveLength(3);
    sim.advance(1000).setPhase('node1', 'Succeeded');
    sim.step();
    expect(sim.pods()).toHaveLength(4);
    expect(sim.status()!.active).toBe(3);
  });

  it('more active pods than parallelism (lowered) → TooManyActivePods, nothing deleted', () => {
    const job = bcjDemo({ parallelism: 1 });
    const plan = planBroadcastJob(snap(job, [jobPod(job, 'node1', 'Running'), jobPod(job, 'node2', 'Running')], nodes(3)), T0);
    expect(plan.events).toEqual([{ type: 'Warning', reason: 'TooManyActivePods', message: 'Number of active pods exceed parallelism limit' }]);
    expect(plan.phases).toEqual([]);
  });

  it('every one of 100 nodes runs the job exactly once, with parallelism 10 and pods finishing out of order', () => {
    const sim = new BcjSim(bcjDemo({ parallelism: 10 }), nodes(100));
    for (let round = 0; round < 200 && sim.status()?.phase !== 'completed'; round++) {
      sim.step();
      sim.advance(1000);
      const running = sim.pods().filter((p) => p.status?.phase !== 'Succeeded').map((p) => nodeNameOfPod(p)!).sort();
      for (const [i, n] of running.entries()) if ((i + round) % 3 === 0) sim.setPhase(n, 'Succeeded');
    }
    expect(sim.status()!.phase).toBe('completed');
    expect(sim.columns()).toBe('100 0 100 0');
    expect(sim.createdPerNode.size).toBe(100);
    expect([...sim.createdPerNode.values()].every((names) => names.length === 1)).toBe(true);
  });
});

describe('failure policy Continue and failed pods', () => {
  it('a failed pod is never recreated; the job completes counting it', () => {
    const sim = new BcjSim(bcjDemo({ failurePolicy: { type: 'Continue' } }), nodes(2));
    sim.step();
    sim.advance(1000).setPhase('node1', 'Failed');
    sim.setPhase('node2', 'Running');
    expect(creates(sim.step())).toEqual([]);
    sim.advance(1000).setPhase('node2', 'Succeeded');
    const done = sim.step();
    expect(done.status).toMatchObject({ phase: 'completed', succeeded: 1, failed: 1 });
    expect(done.events).toEqual([{ type: 'Normal', reason: 'JobComplete', message: 'Job default/bcj-demo is completed, 1 pods succeeded, 1 pods failed' }]);
  });

  it('Never + FailFast: phase failed with a Failed condition, never finished (no TTL), stays failed', () => {
    const sim = new BcjSim(bcjDemo({ completionPolicy: { type: 'Never' } }), nodes(2));
    sim.step();
    sim.advance(1000).setPhase('node1', 'Failed');
    expect(sim.step().status!.phase).toBe('failed');
    sim.nodes.push(node('node3'));
    const later = sim.step();
    expect(later.status!.phase).toBe('failed');
    expect(creates(later)).toEqual([]);
    expect(later.deleteSelf).toBeUndefined();
  });
});

describe('paused and pending writes', () => {
  it('paused: no pods are created or deleted, phase paused; unpausing emits Continue and creates', () => {
    const sim = new BcjSim(bcjDemo({ paused: true }), nodes(2));
    expect(sim.step()).toMatchObject({ phases: [], status: { phase: 'paused', desired: 2 } });
    sim.workload!.spec.paused = false;
    const plan = sim.step();
    expect(plan.events[0]).toEqual({ type: 'Normal', reason: 'Continue', message: 'continue to process job' });
    expect(creates(plan)).toHaveLength(2);
  });

  it('a create still unobserved after the expectation timeout is not issued again', () => {
    const job = bcjDemo();
    const first = planBroadcastJob(snap(job, []), T0);
    const action = creates(first)[0]!;
    const name = action.type === 'create' ? action.object.metadata!.name! : '';
    const again = planBroadcastJob(snap(job, [], nodes(1), [{ verb: 'create', kind: 'Pod', name, sinceMs: T0 }]), T0 + 300_001);
    expect(creates(again)).toEqual([]);
  });

  it('plans are deterministic: the same snapshot gives the same pod names', () => {
    const snap = { workload: bcjDemo(), owned: {}, orphans: {}, nodes: nodes(5), pending: [] };
    expect(planBroadcastJob(snap, T0)).toEqual(planBroadcastJob(snap, T0));
  });
});
