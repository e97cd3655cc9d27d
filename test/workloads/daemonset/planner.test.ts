// Planner claims beyond the numbered scenarios: pod shape, failed and duplicate pods, taint nuance,
// SelectingAll, deletion, expectations, adoption/release, revision history, OnDelete, switching to
// InPlaceIfPossible, burstReplicas, slow-start phases, status counts.
import { describe, expect, it } from 'vitest';
import type { ControllerRevision, KubeObject, Pod } from '../../../src/api/index.js';
import { planDaemonSet } from '../../../src/workloads/daemonset/planner.js';
import { FAILED_POD_BACKOFF_MS } from '../../../src/workloads/daemonset/manage.js';
import { hashDaemonSetTemplate } from '../../../src/workloads/common/revision.js';
import type { DaemonSet } from '../../../src/workloads/daemonset/types.js';
import { DsSim, T0, makeDaemonSet, makeNode, summarize } from './sim.js';

const nodesN = (n: number) => Array.from({ length: n }, (_, i) => makeNode(`node-${i}`));
const snapshot = (ds: DaemonSet, o: { pods?: Pod[]; orphans?: Pod[]; revisions?: ControllerRevision[]; nodes?: ReturnType<typeof makeNode>[]; pending?: Parameters<typeof planDaemonSet>[0]['pending'] } = {}) => ({
  workload: ds,
  owned: { Pod: (o.pods ?? []) as KubeObject[], ControllerRevision: (o.revisions ?? []) as unknown as KubeObject[] },
  orphans: { Pod: (o.orphans ?? []) as KubeObject[] },
  nodes: o.nodes ?? nodesN(2),
  pending: o.pending ?? [],
});

function running(ds = makeDaemonSet(), nodes = nodesN(2)): DsSim {
  const sim = new DsSim(ds, nodes);
  sim.step();
  sim.markReady();
  sim.step();
  return sim;
}

describe('pod shape (spec §5)', () => {
  it('no nodeName; required affinity replaced by one matchFields term; nodeSelector, preferred affinity and own tolerations kept; default tolerations added', () => {
    const ds = makeDaemonSet();
    const spec = ds.spec!.template!.spec!;
    spec.nodeSelector = { disk: 'ssd' };
    spec.tolerations = [{ key: 'dedicated', operator: 'Exists' }];
    spec.affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'fast', operator: 'Exists' }] } }],
      },
    };
    const plan = planDaemonSet(snapshot(ds, { nodes: [makeNode('n1', { labels: { disk: 'ssd', zone: 'a' } })] }), T0);
    const pod = plan.phases.flat().find((a) => a.type === 'create' && a.object.kind === 'Pod')!;
    const p = (pod as { object: Pod }).object;
    expect(p.spec!.nodeName).toBeUndefined();
    expect(p.metadata!.name).toMatch(/^nginx-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(p.spec!.affinity!.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution).toEqual({ nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['n1'] }] }] });
    expect(p.spec!.affinity!.nodeAffinity!.preferredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
    expect(p.spec!.nodeSelector).toEqual({ disk: 'ssd' });
    expect(p.spec!.tolerations!.map((t) => `${t.key}:${t.effect ?? ''}`)).toEqual([
      'dedicated:', 'node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/disk-pressure:NoSchedule',
      'node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/pid-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule',
    ]);
    expect(p.spec!.readinessGates).toEqual([{ conditionType: 'KruisePodReady' }]); // what Kruise's pod webhook injects
    expect(p.metadata!.ownerReferences).toEqual([{ apiVersion: 'apps.kruise.io/v1alpha1', kind: 'DaemonSet', name: 'nginx', uid: 'uid-nginx', controller: true, blockOwnerDeletion: true }]);
    expect(p.metadata!.labels).toEqual({ 'k8s-app': 'nginx', 'controller-revision-hash': plan.status!.daemonSetHash });
  });

  it('hostNetwork adds the network-unavailable toleration; the default tolerations let pods onto not-ready/cordoned nodes', () => {
    const ds = makeDaemonSet();
    ds.spec!.template!.spec!.hostNetwork = true;
    const nodes = [
      makeNode('a', { taints: [{ key: 'node.kubernetes.io/network-unavailable', effect: 'NoSchedule' }] }),
      makeNode('b', { unschedulable: true, taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }, { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }] }),
    ];
    const r = summarize(planDaemonSet(snapshot(ds, { nodes }), T0));
    expect(r.createNodes.sort()).toEqual(['a', 'b']);
    const noHost = summarize(planDaemonSet(snapshot(makeDaemonSet(), { nodes }), T0));
    expect(noHost.createNodes).toEqual(['b']);
  });
});

describe('manage', () => {
  it('a failed pod is deleted with FailedDaemonPod, and replaced once it is gone', () => {
    const sim = running();
    const pod = sim.podsOn('node-0')[0]!;
    (pod as { status?: unknown }).status = { ...pod.status, phase: 'Failed' };
    sim.advance(FAILED_POD_BACKOFF_MS);
    const r = sim.step();
    expect(r.deletes).toEqual([pod.metadata!.name]);
    expect(sim.events).toContainEqual({ type: 'Warning', reason: 'FailedDaemonPod', message: `Found failed daemon pod default/${pod.metadata!.name} on node node-0, will try to kill it` });
    expect(sim.step().createNodes).toEqual(['node-0']);
  });

  it('a pod that fails within a second of its creation is deleted only a second after it was created (no create/delete hot loop)', () => {
    const sim = running();
    const pod = sim.podsOn('node-0')[0]!;
    const created = Date.parse(pod.metadata!.creationTimestamp as string);
    sim.now = created + 400;
    (pod as { status?: unknown }).status = { ...pod.status, phase: 'Failed', conditions: [{ type: 'Ready', status: 'False' }] };
    const early = sim.step();
    expect(early.deletes).toEqual([]);
    expect(early.createNodes).toEqual([]);
    expect(sim.lastPlan.requeueAfterMs).toBe(600);
    expect(sim.events.some((e) => e.reason === 'FailedDaemonPod')).toBe(false);
    // The status still counts the node as scheduled but not ready.
    expect(sim.lastPlan.status).toMatchObject({ currentNumberScheduled: 2, numberReady: 1 });

    sim.now = created + FAILED_POD_BACKOFF_MS;
    expect(sim.step().deletes).toEqual([pod.metadata!.name]);
    expect(sim.events.filter((e) => e.reason === 'FailedDaemonPod')).toHaveLength(1);
    expect(sim.step().createNodes).toEqual(['node-0']);
  });

  it('duplicates on a node: the oldest (scheduled, earliest) is kept, the rest deleted', () => {
    const sim = running();
    const keep = sim.podsOn('node-0')[0]!;
    const dup = structuredClone(keep);
    (dup.metadata as Record<string, unknown>).name = 'nginx-dup';
    (dup.metadata as Record<string, unknown>).uid = 'uid-dup';
    (dup.metadata as Record<string, unknown>).creationTimestamp = '2026-01-01T00:10:00Z';
    sim.pods.set('nginx-dup', dup);
    expect(sim.step().deletes).toEqual(['nginx-dup']);
    expect(sim.events.at(-1)).toEqual({ type: 'Normal', reason: 'SuccessfulDelete', message: 'Deleted pod: nginx-dup' });
  });

  it('an untolerated NoSchedule taint added later keeps the pod (misscheduled); NoExecute removes it', () => {
    const sim = running();
    sim.nodes = [makeNode('node-0', { taints: [{ key: 'k', effect: 'NoSchedule' }] }), makeNode('node-1')];
    expect(summarize(sim.plan()).deletes).toEqual([]);
    sim.step();
    expect(sim.ds.status).toMatchObject({ desiredNumberScheduled: 1, currentNumberScheduled: 1, numberMisscheduled: 1 });
    sim.nodes = [makeNode('node-0', { taints: [{ key: 'k', effect: 'NoExecute' }] }), makeNode('node-1')];
    expect(sim.step().deletes).toHaveLength(1);
  });

  it('in a turn that creates or deletes pods the rolling update waits; observedGeneration is not bumped', () => {
    const sim = running();
    sim.setTemplateImage('nginx:2');
    sim.nodes = [...sim.nodes, makeNode('node-2')];
    const r = sim.step();
    expect(r).toMatchObject({ createNodes: ['node-2'], deletes: [] });
    expect(sim.ds.status!.observedGeneration).toBe(1);
    sim.markReady();
    expect(sim.step().deletes).toHaveLength(1);
    expect(sim.ds.status!.observedGeneration).toBe(2);
  });

  it('unscheduled pods bound for a node that no longer exists are deleted', () => {
    const sim = new DsSim(makeDaemonSet(), nodesN(2));
    sim.step();
    const pod = sim.podsOn('node-1')[0]!;
    (pod.spec as { nodeName?: string }).nodeName = undefined;
    sim.nodes = nodesN(1);
    expect(sim.step().deletes).toEqual([pod.metadata!.name]);
  });

  it('burstReplicas caps creates per turn; creates go out in slow-start phases 1, 2, 4, …', () => {
    const plan = planDaemonSet(snapshot(makeDaemonSet({ burstReplicas: 6 }), { nodes: nodesN(10) }), T0);
    const podPhases = plan.phases.map((p) => p.filter((a) => a.type === 'create' && a.object.kind === 'Pod').length).filter((n) => n > 0);
    expect(podPhases).toEqual([1, 2, 3]);
  });

  it('burstReplicas as a percent is of status.desiredNumberScheduled: nothing is created before status was written once', () => {
    const sim = new DsSim(makeDaemonSet({ burstReplicas: '50%' }), nodesN(4));
    expect(sim.step().creates).toHaveLength(0);
    expect(sim.ds.status!.desiredNumberScheduled).toBe(4);
    expect(sim.step().creates).toHaveLength(2);
  });
});

describe('top level', () => {
  it('an empty selector → Warning SelectingAll and nothing else', () => {
    const plan = planDaemonSet(snapshot(makeDaemonSet({ selector: {} })), T0);
    expect(plan).toEqual({ phases: [], events: [{ type: 'Warning', reason: 'SelectingAll', message: 'This DaemonSet is selecting all pods. A non-empty selector is required.' }] });
  });

  it('a DaemonSet being deleted gets no writes and no status', () => {
    const ds = makeDaemonSet();
    (ds.metadata as Record<string, unknown>).deletionTimestamp = '2026-01-01T00:00:00Z';
    expect(planDaemonSet(snapshot(ds), T0)).toEqual({ phases: [], events: [] });
  });

  it('unobserved pod writes → status only, observedGeneration kept', () => {
    const ds = { ...makeDaemonSet(), status: { observedGeneration: 0 } } as DaemonSet;
    const plan = planDaemonSet(snapshot(ds, { pending: [{ verb: 'patch', kind: 'Pod', name: 'x', sinceMs: T0 - 600_000 }] }), T0);
    expect(plan.phases).toEqual([]);
    expect(plan.requeueAfterMs).toBe(1000);
    expect(plan.status).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 0, observedGeneration: 0 });
    const expired = planDaemonSet(snapshot(ds, { pending: [{ verb: 'create', kind: 'Pod', name: 'x', sinceMs: T0 - 300_000 }] }), T0);
    expect(summarize(expired).creates).toHaveLength(2);
    const ownStatus = planDaemonSet(snapshot(ds, { pending: [{ verb: 'patch', kind: 'DaemonSet', name: 'nginx', sinceMs: T0 }] }), T0);
    expect(summarize(ownStatus).creates).toHaveLength(2);
  });

  it('orphans matching the selector are adopted and counted; owned pods that stopped matching are released', () => {
    const sim = running();
    const [a, b] = [sim.podsOn('node-0')[0]!, sim.podsOn('node-1')[0]!];
    (a.metadata as Record<string, unknown>).ownerReferences = [];
    (b.metadata!.labels as Record<string, string>)['k8s-app'] = 'other';
    const plan = planDaemonSet(snapshot(sim.ds, { pods: [b], orphans: [a], revisions: [...sim.revisions.values()] }), sim.now);
    const patches = plan.phases[0]!.filter((x) => x.type === 'patch');
    expect(patches).toEqual([
      expect.objectContaining({ ref: expect.objectContaining({ name: a.metadata!.name }), patch: { metadata: { ownerReferences: [expect.objectContaining({ uid: 'uid-nginx', controller: true })] } }, resourceVersion: a.metadata!.resourceVersion }),
      expect.objectContaining({ ref: expect.objectContaining({ name: b.metadata!.name }), patch: { metadata: { ownerReferences: [] } } }),
    ]);
    expect(summarize(plan).createNodes).toEqual(['node-1']);
  });

  it('OnDelete: a new template changes nothing until a pod is deleted; the replacement is new', () => {
    const sim = running(makeDaemonSet({ updateStrategy: { type: 'OnDelete' } }));
    sim.setTemplateImage('nginx:2');
    for (let i = 0; i < 3; i++) expect(sim.step()).toMatchObject({ creates: [], deletes: [] });
    sim.pods.delete(sim.podsOn('node-0')[0]!.metadata!.name!);
    sim.step();
    expect(sim.podsOn('node-0')[0]!.spec!.containers[0]!.image).toBe('nginx:2');
    expect(sim.podsOn('node-1')[0]!.spec!.containers[0]!.image).toBe('nginx:1.7.9');
  });

  it('switching to InPlaceIfPossible later: pods without the gate are recreated, the new ones carry it (§9.4)', () => {
    const sim = running();
    sim.setRollingUpdate({ rollingUpdateType: 'InPlaceIfPossible', maxUnavailable: 2 });
    sim.setTemplateImage('nginx:2');
    const r = sim.step();
    expect(r.inPlace).toEqual([]);
    expect(r.deletes).toHaveLength(2);
    sim.step();
    expect(sim.livePods().every((p) => p.spec!.readinessGates?.some((g) => g.conditionType === 'InPlaceUpdateReady'))).toBe(true);
  });
});

describe('rolling update events', () => {
  it('unready old pods are replaced outside the budget (as upstream); the ready ones share maxUnavailable, the rest wait with a Warning', () => {
    const sim = running(makeDaemonSet(), nodesN(4));
    sim.markNotReady([...sim.podsOn('node-0'), ...sim.podsOn('node-1')]);
    sim.setTemplateImage('nginx:2');
    const plan = sim.plan();
    const deletes = summarize(plan).deletes;
    expect(deletes).toHaveLength(3);
    for (const n of ['node-0', 'node-1']) expect(deletes).toContain(sim.podsOn(n)[0]!.metadata!.name);
    expect(plan.events).toEqual([{ type: 'Warning', reason: 'numUnavailable >= maxUnavailable', message: 'default/nginx number of unavailable DaemonSet pods: 1, is equal to or exceeds allowed maximum: 1' }]);
  });

  it('in-place updates carry SuccessfulUpdatePodInPlace / FailedUpdatePodInPlace; the status write precedes the object write', () => {
    const sim = running(makeDaemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { rollingUpdateType: 'InPlaceIfPossible' } } }), nodesN(1));
    sim.step();
    sim.setTemplateImage('nginx:2');
    const plan = sim.plan();
    const name = sim.podsOn('node-0')[0]!.metadata!.name;
    expect(plan.phases.map((p) => p.map((a) => (a.type === 'patch' ? `patch${a.subresource ? '/' + a.subresource : ''}` : a.type)))).toEqual([['create'], ['patch/status'], ['patch']]);
    const update = plan.phases[2]![0]!;
    expect(update.onSuccess).toEqual({ type: 'Normal', reason: 'SuccessfulUpdatePodInPlace', message: `successfully update pod ${name} in-place` });
    expect(update.onFailure!.message).toMatch(new RegExp(`^failed to update pod ${name} in-place\\(revision nginx-\\w+\\): \\{err\\}$`));
  });
});

describe('surge accounting (kactor: a pod is gone only when the cache has seen it go)', () => {
  it('a node with a new pod and a terminating or pre-deleting old pod still occupies a surge slot', () => {
    const sim = new DsSim(makeDaemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } } }), nodesN(3), { graceful: true });
    sim.step();
    sim.markReady();
    sim.setTemplateImage('nginx:2');
    expect(sim.step().createNodes).toHaveLength(1); // surge on one node
    sim.markReady();
    expect(sim.step().deletes).toHaveLength(1); // its old pod retires (terminating)
    for (let i = 0; i < 3; i++) expect(sim.step().creates).toEqual([]); // slot still taken
    sim.finishTerminating();
    expect(sim.step().createNodes).toHaveLength(1);
  });
});

describe('revision history', () => {
  it('creates a revision <ds>-<hash> holding the template, labelled with the hash, owned by the DaemonSet', () => {
    const sim = new DsSim(makeDaemonSet({}, 'nginx', { note: 'x' }), nodesN(1));
    sim.step();
    const [rev] = [...sim.revisions.values()];
    const hash = sim.ds.status!.daemonSetHash;
    expect(rev!.metadata!.name).toBe(`nginx-${hash}`);
    expect(rev!.metadata!.labels).toEqual({ 'k8s-app': 'nginx', 'controller-revision-hash': hash });
    expect(rev!.metadata!.annotations).toEqual({ note: 'x' });
    expect(rev!.revision).toBe(1);
    expect((rev!.data as { spec: { template: Record<string, unknown> } }).spec.template.$patch).toBe('replace');
    expect(sim.podsOn('node-0')[0]!.metadata!.labels!['controller-revision-hash']).toBe(hash);
  });

  it('rolling back re-uses the old revision (bumped to max+1) and its hash', () => {
    const sim = running();
    const hash1 = sim.ds.status!.daemonSetHash;
    sim.setTemplateImage('nginx:2');
    sim.step();
    sim.setTemplateImage('nginx:1.7.9');
    sim.step();
    expect(sim.ds.status!.daemonSetHash).toBe(hash1);
    expect(sim.revisions.size).toBe(2);
    expect(sim.revisions.get(`nginx-${hash1}`)!.revision).toBe(3);
  });

  it('duplicates of the current revision: the highest is kept, its pods relabelled, the rest deleted', () => {
    const sim = running();
    const [rev] = [...sim.revisions.values()];
    const dup = structuredClone(rev!);
    (dup.metadata as Record<string, unknown>).name = 'nginx-dupdup';
    (dup.metadata as Record<string, unknown>).uid = 'uid-dup-rev';
    dup.metadata!.labels!['controller-revision-hash'] = 'dupdup';
    (dup as { revision: number }).revision = 5;
    sim.revisions.set('nginx-dupdup', dup);
    const plan = sim.plan();
    const claim = plan.phases[0]!;
    const podPatches = claim.filter((a) => a.type === 'patch' && a.ref.kind === 'Pod');
    expect(podPatches).toHaveLength(2);
    expect(podPatches[0]).toMatchObject({ patch: { metadata: { labels: { 'controller-revision-hash': 'dupdup' } } } });
    expect(claim).toContainEqual(expect.objectContaining({ type: 'delete', ref: expect.objectContaining({ name: rev!.metadata!.name }) }));
    expect(plan.status!.daemonSetHash).toBe('dupdup');
  });

  it('a name taken by a revision with other data is a collision: collisionCount 1 and another name', () => {
    const ds = makeDaemonSet();
    const taken = `nginx-${hashDaemonSetTemplate(ds.spec!.template, undefined)}`;
    const other = { metadata: { name: taken, namespace: 'default', labels: { 'k8s-app': 'nginx', 'controller-revision-hash': taken.slice(6) } }, data: { spec: { template: { other: true } } }, revision: 1 } as unknown as ControllerRevision;
    const plan = planDaemonSet(snapshot(ds, { revisions: [other] }), T0);
    const created = (plan.phases[0]!.find((a) => a.type === 'create') as { object: unknown }).object as ControllerRevision;
    const name = created.metadata!.name;
    expect(name).toBe(`nginx-${hashDaemonSetTemplate(ds.spec!.template, 1)}`);
    expect(name).not.toBe(taken);
    expect(plan.status).toMatchObject({ collisionCount: 1, daemonSetHash: name!.slice(6) });
    expect(created.revision).toBe(2);
  });

  it('keeps at most revisionHistoryLimit old revisions no pod uses, deleting the oldest', () => {
    const sim = running(makeDaemonSet({ revisionHistoryLimit: 1, updateStrategy: { type: 'OnDelete' } }));
    for (const image of ['nginx:2', 'nginx:3', 'nginx:4']) {
      sim.setTemplateImage(image);
      sim.step();
      sim.step();
    }
    // revision 1 is kept because pods still use it (OnDelete); 2 and 3 exceed the limit of 1 old revision
    const names = [...sim.revisions.values()].map((r) => r.revision).sort();
    expect(names).toEqual([1, 4]);
  });
});

describe('status', () => {
  it('counts per node from the oldest pod: updated, ready, available; misscheduled from non-shouldRun nodes', () => {
    const sim = running(makeDaemonSet(), nodesN(3));
    sim.markNotReady(sim.podsOn('node-2'));
    sim.step();
    expect(sim.ds.status).toEqual({
      currentNumberScheduled: 3, numberMisscheduled: 0, desiredNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3,
      numberAvailable: 2, numberUnavailable: 1, daemonSetHash: sim.ds.status!.daemonSetHash, observedGeneration: 1,
    });
  });
});

// Planning speed is measured by `npm run bench -- micro`.
describe('1,000 nodes', () => {
  it('a 1,000-node DaemonSet mid-rollout at maxUnavailable 10% plans 100 deletes', () => {
    const sim = new DsSim(makeDaemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '10%' } } }), Array.from({ length: 1000 }, (_, i) => makeNode(`node-${i}`)));
    for (let i = 0; i < 6; i++) {
      sim.step(); // burstReplicas 250 per turn
      sim.markReady();
    }
    expect(sim.livePods()).toHaveLength(1000);
    sim.setTemplateImage('nginx:2');
    expect(summarize(sim.plan()).deletes).toHaveLength(100);
  });
});
