// Webhook defaulting and validation of the Advanced DaemonSet (spec §2, §3): every message.
import { describe, expect, it } from 'vitest';
import { defaultDaemonSet, IMMUTABLE_SPEC_MESSAGE, mutateDaemonSet, validateDaemonSet } from '../../../src/workloads/daemonset/defaults.js';
import { resolveStrategy } from '../../../src/workloads/daemonset/strategy.js';
import type { DaemonSet, RollingUpdateDaemonSet } from '../../../src/workloads/daemonset/types.js';
import { makeDaemonSet } from './sim.js';

const withRU = (ru: RollingUpdateDaemonSet): DaemonSet => makeDaemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: ru } });
const errorsOf = (ds: DaemonSet, old?: DaemonSet) => validateDaemonSet(ds, old).map((e) => `${e.type} ${e.field}: ${e.message}`);

type Spec = NonNullable<DaemonSet['spec']>;
const BASE = makeDaemonSet().spec!;
const STANDARD = { rollingUpdateType: 'Standard', maxUnavailable: 1, maxSurge: 0 } as const;
/** The spec Kruise's SetDefaultsDaemonSet gives `makeDaemonSet(spec)`, `over` replacing whole fields. */
const expected = (over: Partial<Spec>): Spec => ({
  ...BASE, burstReplicas: 250, updateStrategy: { type: 'RollingUpdate', rollingUpdate: STANDARD }, revisionHistoryLimit: 10, ...over,
});
const rolling = (rollingUpdate: RollingUpdateDaemonSet): Spec['updateStrategy'] => ({ type: 'RollingUpdate', rollingUpdate });

describe('DaemonSet SetDefaults, field by field (Kruise v1.8.4 SetDefaultsDaemonSet)', () => {
  it.each<[string, Partial<Spec>, Spec]>([
    ['nothing set: RollingUpdate, Standard, maxUnavailable 1, maxSurge 0, burstReplicas 250, revisionHistoryLimit 10; template untouched', {}, expected({})],
    ['maxSurge 1 alone: no maxUnavailable stored', { updateStrategy: rolling({ maxSurge: 1 }) }, expected({ updateStrategy: rolling({ rollingUpdateType: 'Standard', maxSurge: 1 }) })],
    ['maxUnavailable 20% alone: no maxSurge stored', { updateStrategy: rolling({ maxUnavailable: '20%' }) }, expected({ updateStrategy: rolling({ rollingUpdateType: 'Standard', maxUnavailable: '20%' }) })],
    ['maxSurge 0 alone: kept alone (validation then asks for a non-zero maxUnavailable)', { updateStrategy: rolling({ maxSurge: 0 }) }, expected({ updateStrategy: rolling({ rollingUpdateType: 'Standard', maxSurge: 0 }) })],
    ['Surging → Standard with maxSurge 1 and maxUnavailable 0', { updateStrategy: rolling({ rollingUpdateType: 'Surging' }) }, expected({ updateStrategy: rolling({ rollingUpdateType: 'Standard', maxSurge: 1, maxUnavailable: 0 }) })],
    ['Surging with maxSurge 20%: maxUnavailable 0 added', { updateStrategy: rolling({ rollingUpdateType: 'Surging', maxSurge: '20%' }) },
      expected({ updateStrategy: rolling({ rollingUpdateType: 'Standard', maxSurge: '20%', maxUnavailable: 0 }) })],
    ['Surging with maxUnavailable 2: maxSurge 1 added', { updateStrategy: rolling({ rollingUpdateType: 'Surging', maxUnavailable: 2 }) },
      expected({ updateStrategy: rolling({ rollingUpdateType: 'Standard', maxSurge: 1, maxUnavailable: 2 }) })],
    ['InPlaceIfPossible kept', { updateStrategy: rolling({ rollingUpdateType: 'InPlaceIfPossible' }) }, expected({ updateStrategy: rolling({ ...STANDARD, rollingUpdateType: 'InPlaceIfPossible' }) })],
    ['rollingUpdate {partition, paused false, selector} with no type: kept and completed',
      { updateStrategy: { rollingUpdate: { partition: 3, paused: false, selector: { matchLabels: { zone: 'a' } } } } },
      expected({ updateStrategy: rolling({ ...STANDARD, partition: 3, paused: false, selector: { matchLabels: { zone: 'a' } } }) })],
    ['type RollingUpdate with rollingUpdate null: created', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: null as never } }, expected({})],
    ['empty strings are unset (Go zero values)', { updateStrategy: { type: '' as never, rollingUpdate: { rollingUpdateType: '' as never } } }, expected({})],
    ['OnDelete: no rollingUpdate added', { updateStrategy: { type: 'OnDelete' } }, expected({ updateStrategy: { type: 'OnDelete' } })],
    ['burstReplicas 10%, revisionHistoryLimit 0, minReadySeconds, lifecycle kept', { burstReplicas: '10%', revisionHistoryLimit: 0, minReadySeconds: 5, lifecycle: { preDelete: { finalizersHandler: ['f/x'] } } },
      expected({ burstReplicas: '10%', revisionHistoryLimit: 0, minReadySeconds: 5, lifecycle: { preDelete: { finalizersHandler: ['f/x'] } } })],
  ])('%s', (_name, input, output) => {
    expect(defaultDaemonSet(makeDaemonSet(input)).spec).toEqual(output);
  });

  it('the input is not modified, and defaulting is idempotent', () => {
    const ds = withRU({ rollingUpdateType: 'Surging' });
    const once = defaultDaemonSet(ds);
    expect(ds.spec!.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { rollingUpdateType: 'Surging' } });
    expect(defaultDaemonSet(once)).toEqual(once);
  });
});

describe('DaemonSet mutating webhook (mdaemonset.kb.io): what is stored', () => {
  it('create: the template is not defaulted; maxSurge 1 alone stays alone', () => {
    expect(mutateDaemonSet(withRU({ maxSurge: 1 })).spec).toEqual(expected({ updateStrategy: rolling({ rollingUpdateType: 'Standard', maxSurge: 1 }) }));
  });
  it('once a patch is made, Go drops minReadySeconds 0 (omitempty) and keeps paused false (a pointer)', () => {
    expect(mutateDaemonSet(makeDaemonSet({ minReadySeconds: 0, updateStrategy: { rollingUpdate: { paused: false } } })).spec).toEqual(
      expected({ updateStrategy: rolling({ ...STANDARD, paused: false }) }),
    );
  });
  it('nothing to default: stored exactly as sent (minReadySeconds 0 stays)', () => {
    const sent = makeDaemonSet({ ...expected({}), minReadySeconds: 0 });
    expect(mutateDaemonSet(sent)).toEqual(sent);
  });
});

describe('planner: resolveStrategy reads an unset budget as 0 (never stored)', () => {
  it('maxSurge 1 alone → maxUnavailable 0, surge allowed; maxUnavailable 2 alone → maxSurge 0', () => {
    expect(resolveStrategy(mutateDaemonSet(withRU({ maxSurge: 1 })))).toMatchObject({ maxSurge: 1, maxUnavailable: 0, allowsSurge: true });
    expect(resolveStrategy(mutateDaemonSet(withRU({ maxUnavailable: 2 })))).toMatchObject({ maxSurge: 0, maxUnavailable: 2, allowsSurge: false });
    expect(resolveStrategy(makeDaemonSet())).toMatchObject({ maxSurge: 0, maxUnavailable: 1 });
  });
});

describe('validateDaemonSet', () => {
  it('accepts the tutorial manifests after defaulting', () => {
    expect(validateDaemonSet(defaultDaemonSet(makeDaemonSet()))).toEqual([]);
    expect(validateDaemonSet(defaultDaemonSet(withRU({ rollingUpdateType: 'InPlaceIfPossible' })))).toEqual([]);
    expect(validateDaemonSet(defaultDaemonSet(withRU({ rollingUpdateType: 'Surging' })))).toEqual([]);
  });
  it('name must be a DNS-1123 subdomain', () => {
    const ds = defaultDaemonSet(makeDaemonSet({}, 'Bad_Name'));
    expect(validateDaemonSet(ds)[0]).toMatchObject({ type: 'FieldValueInvalid', field: 'metadata.name', value: 'Bad_Name' });
    expect(validateDaemonSet(ds)[0]!.message).toMatch(/^a lowercase RFC 1123 subdomain must consist of/);
  });
  it('empty selector, selector not matching the template labels', () => {
    expect(errorsOf(defaultDaemonSet(makeDaemonSet({ selector: {} })))).toEqual(['FieldValueInvalid spec.selector: empty selector is invalid for daemonset']);
    expect(errorsOf(defaultDaemonSet(makeDaemonSet({ selector: { matchLabels: { app: 'x' } } })))).toEqual(['FieldValueInvalid spec.template.metadata.labels: `selector` does not match template `labels`']);
  });
  it('restartPolicy must be Always (empty accepted); activeDeadlineSeconds forbidden', () => {
    const ds = defaultDaemonSet(makeDaemonSet());
    ds.spec!.template!.spec!.restartPolicy = 'Never';
    (ds.spec!.template!.spec as { activeDeadlineSeconds?: number }).activeDeadlineSeconds = 5;
    expect(errorsOf(ds)).toEqual([
      'FieldValueNotSupported spec.template.spec.restartPolicy: supported values: "Always"',
      'FieldValueForbidden spec.template.spec.activeDeadlineSeconds: activeDeadlineSeconds in DaemonSet is not Supported',
    ]);
  });
  it('minReadySeconds, revisionHistoryLimit and partition must be ≥ 0', () => {
    const ds = defaultDaemonSet(withRU({ partition: -1 }));
    ds.spec!.minReadySeconds = -1;
    ds.spec!.revisionHistoryLimit = -2;
    expect(errorsOf(ds)).toEqual([
      'FieldValueInvalid spec.minReadySeconds: must be greater than or equal to 0',
      'FieldValueInvalid spec.revisionHistoryLimit: must be greater than or equal to 0',
      'FieldValueInvalid spec.updateStrategy.rollingUpdate.partition: must be greater than or equal to 0',
    ]);
  });
  it('updateStrategy.type must be OnDelete or RollingUpdate, and RollingUpdate needs rollingUpdate', () => {
    expect(errorsOf(makeDaemonSet({ updateStrategy: { type: 'Recreate' } }))).toEqual(['FieldValueNotSupported spec.updateStrategy.type: supported values: "OnDelete", "RollingUpdate"']);
    expect(errorsOf(makeDaemonSet({ updateStrategy: { type: 'RollingUpdate' } }))).toEqual(['FieldValueRequired spec.updateStrategy.rollingUpdate: ']);
    expect(errorsOf(makeDaemonSet({ updateStrategy: { type: 'OnDelete' } }))).toEqual([]);
  });
  it.each([
    [{ maxUnavailable: 1, maxSurge: 1 }, 'FieldValueInvalid spec.updateStrategy.rollingUpdate.maxSurge: may not be set when maxUnavailable is non-zero'],
    [{ maxUnavailable: 0, maxSurge: 0 }, 'FieldValueRequired spec.updateStrategy.rollingUpdate.maxUnavailable: cannot be 0 when maxSurge is 0'],
    [{ maxUnavailable: '0%', maxSurge: '0%' }, 'FieldValueRequired spec.updateStrategy.rollingUpdate.maxUnavailable: cannot be 0 when maxSurge is 0'],
    [{ maxUnavailable: '101%', maxSurge: 0 }, 'FieldValueInvalid spec.updateStrategy.rollingUpdate.maxUnavailable: must not be greater than 100%'],
    [{ maxUnavailable: -1, maxSurge: 0 }, 'FieldValueInvalid spec.updateStrategy.rollingUpdate.maxUnavailable: must be greater than or equal to 0'],
    [{ maxUnavailable: 'lots', maxSurge: 0 }, "FieldValueInvalid spec.updateStrategy.rollingUpdate.maxUnavailable: must be an integer or percentage (e.g '5%')"],
    [{ rollingUpdateType: 'InPlaceIfPossible', maxUnavailable: 0, maxSurge: 1 }, 'FieldValueInvalid spec.updateStrategy.rollingUpdate.maxSurge: must be 0 for InPlaceIfPossible type'],
    [{ rollingUpdateType: 'Surging', maxUnavailable: 1, maxSurge: 0 }, 'FieldValueInvalid spec.updateStrategy.rollingUpdate.maxUnavailable: must be 0 for Surging type'],
    [{ rollingUpdateType: 'Rolling', maxUnavailable: 1, maxSurge: 0 }, 'FieldValueNotSupported spec.updateStrategy.rollingUpdate.rollingUpdateType: supported values: "Standard", "InPlaceIfPossible", "Surging"'],
  ])('rollingUpdate %j → %s', (ru, message) => {
    expect(errorsOf(withRU(ru as RollingUpdateDaemonSet))).toEqual([message]);
  });
  it('lifecycle.inPlaceUpdate is forbidden', () => {
    expect(errorsOf(defaultDaemonSet(makeDaemonSet({ lifecycle: { inPlaceUpdate: { labelsHandler: { a: 'b' } } } })))).toEqual([
      'FieldValueForbidden spec.lifecycle.inPlaceUpdate: inPlaceUpdate hook has not supported yet',
    ]);
  });
  it('on update only burstReplicas, template, lifecycle, updateStrategy, minReadySeconds, revisionHistoryLimit may change', () => {
    const old = defaultDaemonSet(makeDaemonSet());
    const ok = defaultDaemonSet(makeDaemonSet({ minReadySeconds: 5, burstReplicas: 3, revisionHistoryLimit: 2, updateStrategy: { type: 'OnDelete' } }));
    expect(validateDaemonSet(ok, old)).toEqual([]);
    const bad = defaultDaemonSet(makeDaemonSet({ selector: { matchLabels: { 'k8s-app': 'nginx', x: 'y' } } }));
    bad.spec!.template!.metadata!.labels = { 'k8s-app': 'nginx', x: 'y' };
    expect(errorsOf(bad, old)).toEqual([`FieldValueForbidden spec: ${IMMUTABLE_SPEC_MESSAGE}`]);
    expect(IMMUTABLE_SPEC_MESSAGE).toContain("'lifecycle',  'updateStrategy'");
  });
});
