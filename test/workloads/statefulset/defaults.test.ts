import { describe, expect, it } from 'vitest';
import { defaultStatefulSet, mutateStatefulSet, validateStatefulSet } from '../../../src/workloads/statefulset/defaults.js';
import { defaultPodTemplate } from '../../../src/workloads/common/pod-template.js';
import type { StatefulSet } from '../../../src/workloads/statefulset/types.js';
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
    // Kruise: imagePullPolicy Always on containers whatever the tag (for in-place update).
    expect(d.spec!.template!.spec!.containers[0]).toMatchObject({ imagePullPolicy: 'Always', terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' });
  });
});

type Spec = NonNullable<StatefulSet['spec']>;
const SELECTOR = { matchLabels: { app: 'nginx' } };
const TEMPLATE = { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1' }] } };
const RETAIN = { whenDeleted: 'Retain', whenScaled: 'Retain' } as const;
const ROLLING = { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 1, podUpdatePolicy: 'ReCreate', minReadySeconds: 0 } } as const;
/** The spec Kruise's SetDefaultsStatefulSet gives `makeSet(spec)` without template defaults, `over` replacing whole fields. */
const expected = (over: Partial<Spec>): Spec => ({
  selector: SELECTOR, template: TEMPLATE, replicas: 1, podManagementPolicy: 'OrderedReady', updateStrategy: ROLLING,
  persistentVolumeClaimRetentionPolicy: RETAIN, revisionHistoryLimit: 10, ...over,
});
const specOf = (spec: Spec, options = { templateDefaults: false }) => defaultStatefulSet(makeSet(spec), options).spec;

describe('StatefulSet SetDefaults, field by field (Kruise v1.8.4 SetDefaultsStatefulSet)', () => {
  it.each<[string, Spec, Spec]>([
    ['nothing set: every default', {}, expected({})],
    ['rollingUpdate {partition 2} with no type: keeps partition 2, adds type and the missing fields (the filed bug)',
      { updateStrategy: { rollingUpdate: { partition: 2 } } },
      expected({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2, maxUnavailable: 1, podUpdatePolicy: 'ReCreate', minReadySeconds: 0 } } })],
    ['rollingUpdate {maxUnavailable, podUpdatePolicy, paused} with no type: all kept',
      { podManagementPolicy: 'Parallel', updateStrategy: { rollingUpdate: { maxUnavailable: '50%', podUpdatePolicy: 'InPlaceIfPossible', paused: true } } },
      expected({ podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: '50%', podUpdatePolicy: 'InPlaceIfPossible', paused: true, minReadySeconds: 0 } } })],
    ['rollingUpdate sub-objects and minReadySeconds kept as given',
      { podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { minReadySeconds: 5, inPlaceUpdateStrategy: { gracePeriodSeconds: 10 }, unorderedUpdate: { priorityStrategy: { orderPriority: [{ orderedKey: 'k' }] } } } } },
      expected({ podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: 1, podUpdatePolicy: 'ReCreate', minReadySeconds: 5, inPlaceUpdateStrategy: { gracePeriodSeconds: 10 }, unorderedUpdate: { priorityStrategy: { orderPriority: [{ orderedKey: 'k' }] } } } } })],
    ['null pointers count as unset', { updateStrategy: { rollingUpdate: { partition: null, maxUnavailable: null, minReadySeconds: null } as never } }, expected({})],
    ['type RollingUpdate with rollingUpdate null: created', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: null as never } }, expected({})],
    ['empty strings are unset (Go zero values)', { podManagementPolicy: '' as never, updateStrategy: { type: '' as never, rollingUpdate: { podUpdatePolicy: '' as never } } }, expected({})],
    ['OnDelete: no rollingUpdate added', { updateStrategy: { type: 'OnDelete' } }, expected({ updateStrategy: { type: 'OnDelete' } })],
    ['OnDelete with a rollingUpdate: left as is (validation rejects it)', { updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 1 } } },
      expected({ updateStrategy: { type: 'OnDelete', rollingUpdate: { partition: 1 } } })],
    ['retention policy: the missing half filled', { persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete' } },
      expected({ persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' } })],
    ['replicas 0, revisionHistoryLimit 0, partition 0 kept', { replicas: 0, revisionHistoryLimit: 0, updateStrategy: { rollingUpdate: { partition: 0 } } }, expected({ replicas: 0, revisionHistoryLimit: 0 })],
    ['volumeClaimUpdateStrategy not defaulted (gate StatefulSetAutoResizePVCGate off); other fields untouched',
      { serviceName: 'web', reserveOrdinals: [1], ordinals: { start: 2 }, scaleStrategy: { maxUnavailable: 1 }, lifecycle: { preDelete: { finalizersHandler: ['f/x'] } } },
      expected({ serviceName: 'web', reserveOrdinals: [1], ordinals: { start: 2 }, scaleStrategy: { maxUnavailable: 1 }, lifecycle: { preDelete: { finalizersHandler: ['f/x'] } } })],
    ['volumeClaimTemplates untouched without template defaults', { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: {} }] },
      expected({ volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: {} }] })],
  ])('%s', (_name, input, output) => {
    expect(specOf(input)).toEqual(output);
  });

  it('the input object is not modified', () => {
    const set = makeSet({ updateStrategy: { rollingUpdate: { partition: 2 } } });
    const copy = structuredClone(set);
    defaultStatefulSet(set);
    expect(set).toEqual(copy);
  });

  it('template defaults: the pod-spec defaults, and volumeClaimTemplates get status.phase Pending only (no volumeMode: Kubernetes 1.30 SetDefaults_PersistentVolumeClaim)', () => {
    const spec = specOf({ volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] } }, { metadata: { name: 'b' }, spec: {}, status: { phase: 'Bound' } }] }, { templateDefaults: true });
    expect(spec!.volumeClaimTemplates).toEqual([
      { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'] }, status: { phase: 'Pending' } },
      { metadata: { name: 'b' }, spec: {}, status: { phase: 'Bound' } },
    ]);
    expect(spec!.template!.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30, schedulerName: 'default-scheduler', securityContext: {} });
  });
});

describe('StatefulSet mutating webhook (mstatefulset.kb.io): what is stored', () => {
  const defaultedTemplate = defaultPodTemplate(TEMPLATE);
  const stored = (spec: Spec, old?: Spec, status?: unknown) => {
    const obj = makeSet(spec);
    if (status) obj.status = status as never;
    return mutateStatefulSet(obj, old && makeSet(old)).spec;
  };

  it('create with rollingUpdate {partition 2} and no type: partition 2 stored, with the Go struct fields Kruise writes (volumeClaimUpdateStrategy {})', () => {
    expect(stored({ updateStrategy: { rollingUpdate: { partition: 2 } } })).toEqual({
      ...expected({ template: defaultedTemplate, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2, maxUnavailable: 1, podUpdatePolicy: 'ReCreate', minReadySeconds: 0 } } }),
      volumeClaimUpdateStrategy: {},
    });
  });

  it('once a patch is made, Go drops zero values of omitempty fields (paused false, serviceName "") and writes ordinals.start', () => {
    expect(stored({ serviceName: '', ordinals: {} as never, updateStrategy: { rollingUpdate: { partition: 1, paused: false } } })).toEqual({
      ...expected({ template: defaultedTemplate, ordinals: { start: 0 }, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1, maxUnavailable: 1, podUpdatePolicy: 'ReCreate', minReadySeconds: 0 } } }),
      volumeClaimUpdateStrategy: {},
    });
  });

  it('update with an unchanged template: the template is not defaulted again (an undefaulted one stays so)', () => {
    const spec = stored({ replicas: 3 }, { replicas: 2 });
    expect(spec!.template).toEqual(TEMPLATE);
    expect(spec).toEqual({ ...expected({ replicas: 3 }), volumeClaimUpdateStrategy: {} });
  });

  it('update that changes the template: the template is defaulted', () => {
    const changed = { ...TEMPLATE, spec: { containers: [{ name: 'nginx', image: 'nginx:2' }] } };
    expect(stored({ template: changed }, {})!.template).toEqual(defaultPodTemplate(changed));
  });

  it('nothing to default and no status: stored exactly as sent (no patch)', () => {
    const sent = makeSet({ ...expected({ template: defaultedTemplate }), serviceName: '', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { ...ROLLING.rollingUpdate, paused: false } } });
    expect(mutateStatefulSet(sent, sent)).toEqual(sent);
  });

  it('nothing to default but a status sent: the webhook resets status, so the patch re-encodes the spec', () => {
    const spec = { ...expected({ template: defaultedTemplate }), serviceName: '' };
    expect(stored(spec, spec, { replicas: 3 })).toEqual({ ...expected({ template: defaultedTemplate }), volumeClaimUpdateStrategy: {} });
  });
});

describe('planner: a rollingUpdate without type keeps its partition', () => {
  it.each([
    ['as sent (defaulted in memory)', (s: StatefulSet) => s],
    ['as the webhook stores it', (s: StatefulSet) => mutateStatefulSet(s)],
  ])('%s: updateStrategy {rollingUpdate {partition 2}}, replicas 3 → only web-2 rolls; web-0 and web-1 stay on the old revision', (_name, admit) => {
    const sim = new Sim(admit(makeSet({ replicas: 3, updateStrategy: { rollingUpdate: { partition: 2 } } })));
    sim.settle();
    const old = sim.set.status!.currentRevision;
    sim.setImage('nginx:2');
    sim.settle();
    expect(sim.names().map((n) => sim.image(n))).toEqual(['nginx:1', 'nginx:1', 'nginx:2']);
    expect(sim.names().map((n) => sim.revisionOf(n))).toEqual([old, old, sim.set.status!.updateRevision]);
    expect(sim.set.status).toMatchObject({ currentRevision: old, updatedReplicas: 1, currentReplicas: 2 });
    expect(sim.violations).toEqual([]);
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
