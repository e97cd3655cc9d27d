// Webhook defaulting and validation of the Advanced DaemonSet (spec §2, §3): every message.
import { describe, expect, it } from 'vitest';
import { defaultDaemonSet, IMMUTABLE_SPEC_MESSAGE, validateDaemonSet } from '../../../src/workloads/daemonset/defaults.js';
import type { DaemonSet, RollingUpdateDaemonSet } from '../../../src/workloads/daemonset/types.js';
import { makeDaemonSet } from './sim.js';

const withRU = (ru: RollingUpdateDaemonSet): DaemonSet => makeDaemonSet({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: ru } });
const errorsOf = (ds: DaemonSet, old?: DaemonSet) => validateDaemonSet(ds, old).map((e) => `${e.type} ${e.field}: ${e.message}`);

describe('defaultDaemonSet', () => {
  it('RollingUpdate, Standard, maxUnavailable 1, maxSurge 0, revisionHistoryLimit 10, burstReplicas 250; template untouched', () => {
    const ds = makeDaemonSet();
    const d = defaultDaemonSet(ds);
    expect(d.spec!.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { rollingUpdateType: 'Standard', maxUnavailable: 1, maxSurge: 0 } });
    expect(d.spec).toMatchObject({ revisionHistoryLimit: 10, burstReplicas: 250 });
    expect(d.spec!.template).toEqual(ds.spec!.template);
    expect(ds.spec!.updateStrategy).toBeUndefined();
  });
  it('Surging is rewritten to Standard with maxSurge 1 and maxUnavailable 0 when unset', () => {
    expect(defaultDaemonSet(withRU({ rollingUpdateType: 'Surging' })).spec!.updateStrategy!.rollingUpdate).toEqual({ rollingUpdateType: 'Standard', maxSurge: 1, maxUnavailable: 0 });
    expect(defaultDaemonSet(withRU({ rollingUpdateType: 'Surging', maxSurge: '20%' })).spec!.updateStrategy!.rollingUpdate).toEqual({ rollingUpdateType: 'Standard', maxSurge: '20%', maxUnavailable: 0 });
  });
  it('maxSurge set alone leaves maxUnavailable 0; OnDelete gets no rollingUpdate; defaulting is idempotent', () => {
    expect(defaultDaemonSet(withRU({ maxSurge: 2 })).spec!.updateStrategy!.rollingUpdate).toMatchObject({ maxSurge: 2, maxUnavailable: 0 });
    expect(defaultDaemonSet(makeDaemonSet({ updateStrategy: { type: 'OnDelete' } })).spec!.updateStrategy).toEqual({ type: 'OnDelete' });
    const once = defaultDaemonSet(withRU({ rollingUpdateType: 'Surging' }));
    expect(defaultDaemonSet(once)).toEqual(once);
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
