import { describe, expect, it } from 'vitest';
import { defaultStatefulSet, validateStatefulSet } from '../../../src/workloads/statefulset/defaults.js';
import { formatFieldErrors } from '../../../src/api/index.js';
import { planStatefulSet } from '../../../src/workloads/statefulset/planner.js';
import { makeSet, Sim, T0 } from './sim.js';

const msgs = (s: ReturnType<typeof makeSet>, old?: ReturnType<typeof makeSet>) =>
  validateStatefulSet(defaultStatefulSet(s), old && defaultStatefulSet(old)).map((e) => `${e.field}: ${e.message}`);

describe('StatefulSet defaulting (webhook)', () => {
  it('fills replicas 1, OrderedReady, RollingUpdate{partition 0, maxUnavailable 1, ReCreate, minReadySeconds 0}, history 10, Retain/Retain and pod defaults', () => {
    const d = defaultStatefulSet(makeSet({}));
    expect(d.spec).toMatchObject({
      replicas: 1, podManagementPolicy: 'OrderedReady', revisionHistoryLimit: 10,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 1, podUpdatePolicy: 'ReCreate', minReadySeconds: 0 } },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
    expect(d.spec!.template!.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30, schedulerName: 'default-scheduler', securityContext: {} });
    expect(d.spec!.template!.spec!.containers[0]).toMatchObject({ imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' });
    expect(defaultStatefulSet(makeSet({ template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } })).spec!.template!.spec!.containers[0]!.imagePullPolicy).toBe('Always');
  });
});

describe('StatefulSet validation messages', () => {
  it('maxUnavailable other than 1 needs Parallel', () => {
    expect(msgs(makeSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '100%' } } }))).toEqual([
      'spec.updateStrategy.rollingUpdate.maxUnavailable: can only work with Parallel PodManagementPolicyType',
    ]);
    expect(msgs(makeSet({ podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0 } } }))).toEqual([
      'spec.updateStrategy.rollingUpdate.maxUnavailable: should not be less than 1',
    ]);
  });
  it('in-place policies need the InPlaceUpdateReady readiness gate', () => {
    expect(msgs(makeSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { podUpdatePolicy: 'InPlaceIfPossible' } } }))).toEqual([
      'spec.template.spec.readinessGates: must contains InPlaceUpdateReady when podUpdatePolicy is InPlaceIfPossible',
    ]);
  });
  it('reserveOrdinals, minReadySeconds, OnDelete with rollingUpdate, selector, restartPolicy, activeDeadlineSeconds', () => {
    const s = makeSet({ reserveOrdinals: ['3', '5-2', -1], selector: { matchLabels: { app: 'other' } } });
    s.spec!.template!.spec!.restartPolicy = 'Never';
    s.spec!.template!.spec!.activeDeadlineSeconds = 5;
    s.spec!.updateStrategy = { type: 'RollingUpdate', rollingUpdate: { minReadySeconds: 301 } };
    expect(msgs(s)).toEqual([
      'spec.reserveOrdinals: 0 th reserve ordinal is not a valid range: 3',
      'spec.reserveOrdinals: 1 th reserve ordinal is invalid: 5-2',
      'spec.reserveOrdinals: 2 th reserve ordinal is negative: -1',
      'spec.updateStrategy.rollingUpdate.minReadySeconds: must be no more than 300 seconds',
      'spec.template.metadata.labels: `selector` does not match template `labels`',
      'spec.template.spec.restartPolicy: supported values: "Always"',
      'spec.template.spec.activeDeadlineSeconds: activeDeadlineSeconds in StatefulSet is not Supported',
    ]);
    const onDelete = validateStatefulSet({ ...makeSet({}), spec: { ...makeSet({}).spec, podManagementPolicy: 'OrderedReady', updateStrategy: { type: 'OnDelete', rollingUpdate: {} } } });
    expect(onDelete.map((e) => e.message)).toContain("only allowed for updateStrategy 'RollingUpdate'");
    expect(msgs(makeSet({ selector: {} }))).toContain('spec.selector: empty selector is invalid for statefulset');
  });
  it('unorderedUpdate needs Parallel and one kind of priority', () => {
    const s = makeSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { unorderedUpdate: { priorityStrategy: { weightPriority: [{ weight: 101, matchSelector: {} }], orderPriority: [{ orderedKey: '' }] } } } } });
    expect(msgs(s)).toEqual([
      'spec.updateStrategy.rollingUpdate.unorderedUpdate: unorderedUpdate can only work with Parallel PodManagementPolicyType',
      'spec.updateStrategy.rollingUpdate.unorderedUpdate.priorityStrategy: only one of weightPriority and orderPriority can be used',
      'spec.updateStrategy.rollingUpdate.unorderedUpdate.priorityStrategy.weightPriority[0].weight: weight must be valid number in the range 1-100',
      'spec.updateStrategy.rollingUpdate.unorderedUpdate.priorityStrategy.weightPriority[0].matchSelector: selector can not be empty',
      'spec.updateStrategy.rollingUpdate.unorderedUpdate.priorityStrategy.orderPriority[0].orderedKey: order key can not be empty',
    ]);
  });
  it('update: immutable fields are forbidden; InPlaceOnly allows only image changes', () => {
    const old = makeSet({ serviceName: 'a' });
    expect(msgs(makeSet({ serviceName: 'b' }), old)[0]).toMatch(/^spec: updates to statefulset spec for fields other than 'replicas', 'ordinals'/);
    const gate = (s: ReturnType<typeof makeSet>) => { s.spec!.template!.spec!.readinessGates = [{ conditionType: 'InPlaceUpdateReady' }]; return s; };
    const o = gate(makeSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { podUpdatePolicy: 'InPlaceOnly' } } }));
    const n = structuredClone(o);
    n.spec!.template!.spec!.containers[0]!.env = [{ name: 'A', value: '1' }];
    expect(msgs(n, o)).toEqual(['spec.template: invalid template modified with InPlaceOnly strategy: add /containers/0/env, currently only image update is allowed for InPlaceOnly']);
    const img = structuredClone(o);
    img.spec!.template!.spec!.containers[0]!.image = 'nginx:9';
    expect(msgs(img, o)).toEqual([]);
  });
  it('an invalid spec that reached the controller → InvalidSpec condition and a Warning event, no writes', () => {
    const s = makeSet({ replicas: 2, podManagementPolicy: 'OrderedReady', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 3 } } });
    const plan = planStatefulSet(new Sim(s).snapshot(), T0);
    expect(plan.phases).toEqual([]);
    expect((plan.status as { conditions: unknown[] }).conditions).toEqual([expect.objectContaining({ type: 'InvalidSpec', status: 'True' })]);
    expect(plan.events).toEqual([{ type: 'Warning', reason: 'FailedValidation', message: formatFieldErrors(validateStatefulSet(defaultStatefulSet(s))) }]);
    expect(plan.events[0]!.message).toBe('spec.updateStrategy.rollingUpdate.maxUnavailable: Invalid value: 3: can only work with Parallel PodManagementPolicyType');
  });
});

describe('volumeClaimTemplates', () => {
  it('PVCs <claim>-<set>-<ordinal> are created in a phase before the pod, labelled with the selector, mounted by name', () => {
    const s = makeSet({ replicas: 1, volumeClaimTemplates: [{ metadata: { name: 'data', labels: { x: 'y' } }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] });
    const plan = planStatefulSet(new Sim(s).snapshot(), T0);
    const kinds = plan.phases.map((p) => p.map((a) => (a.type === 'create' ? `${a.object.kind}/${a.object.metadata!.name}` : a.type)));
    expect(kinds.slice(-2)).toEqual([['PersistentVolumeClaim/data-web-0'], ['Pod/web-0']]);
    const claim = plan.phases.at(-2)![0]! as { object: { metadata: { labels: unknown } }; onSuccess: { message: string } };
    expect(claim.object.metadata.labels).toEqual({ app: 'nginx' });
    expect(claim.onSuccess.message).toBe('create Claim data-web-0 Pod web-0 in StatefulSet web success');
    const pod = (plan.phases.at(-1)![0]! as unknown as { object: { spec: { volumes: unknown[] } } }).object;
    expect(pod.spec.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: 'data-web-0' } }]);
  });
  it('retention whenScaled=Delete: a condemned pod becomes the owner of its claims', () => {
    const s = makeSet({ replicas: 2, podManagementPolicy: 'Parallel', persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' }, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: {} }] });
    const sim = new Sim(s);
    sim.settle();
    sim.update((x) => (x.replicas = 1));
    const r = sim.step();
    expect(r.deleted).toEqual(['web-1']);
    const claim = sim.claims.get('data-web-1')!;
    expect(claim.metadata!.ownerReferences).toEqual([{ apiVersion: 'v1', kind: 'Pod', name: 'web-1', uid: expect.any(String) }]);
    expect(sim.claims.get('data-web-0')!.metadata!.ownerReferences ?? []).toEqual([]);
  });
});
