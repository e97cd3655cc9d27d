// Defaulting and validation of the Advanced StatefulSet, as Kruise's mutating and validating
// webhooks do them (spec §2, §3): `defaultStatefulSet` fills the same defaults; `validateStatefulSet`
// returns FieldErrors with the webhook's field paths and messages. Pure.
import jsonpatch from 'fast-json-patch';
import type { IntOrString, LabelSelector } from '../../api/index.js';
import { forbidden, invalid, isEmptySelector, notSupported, required, requirementsOf, scaledValue, selectorMatches, type FieldError } from '../../api/index.js';
import { canonicalJson } from '../common/hash.js';
import { isPlainObject, LABEL_SELECTOR_SHAPE, LIFECYCLE_SHAPE, POD_TEMPLATE_SHAPE, shapeErrors, type Shape } from '../common/shape.js';
import { INPLACE_UPDATE_READY } from '../common/inplace-update.js';
import { reserveOrdinalError } from '../common/ordinals.js';
import { changedFromOld, GO_LABEL_SELECTOR, GO_LIFECYCLE, webhookAnswer, type GoStruct } from '../common/go-encoding.js';
import { defaultPodTemplate } from '../common/pod-template.js';
import type { StatefulSet, StatefulSetSpec } from './types.js';

export interface DefaultOptions {
  /**
   * Apply the upstream defaults to the pod template and the volumeClaimTemplates (the webhook does on
   * create and on updates that change `spec.template`). @default true
   */
  templateDefaults?: boolean;
}

/**
 * A defaulted copy of the set (the input is not modified): Kruise's SetDefaultsStatefulSet with the
 * v1.8 feature-gate defaults (StatefulSetAutoDeletePVC on, StatefulSetAutoResizePVCGate off). Each
 * default fills only what is missing: a user's `rollingUpdate` is kept and completed, never replaced.
 */
export function defaultStatefulSet(obj: StatefulSet, options: DefaultOptions = {}): StatefulSet {
  // A wrong-typed part is left as it is (validation reports it), never defaulted into something else.
  if (!isObjectOrUnset(obj.spec) || !isObjectOrUnset(obj.spec?.updateStrategy) || !isObjectOrUnset(obj.spec?.updateStrategy?.rollingUpdate) ||
    !isObjectOrUnset(obj.spec?.persistentVolumeClaimRetentionPolicy)) return obj;
  const spec: StatefulSetSpec = { ...(obj.spec ?? {}) };
  spec.podManagementPolicy ||= 'OrderedReady';
  spec.updateStrategy = defaultUpdateStrategy(spec.updateStrategy);
  const retention = { ...(spec.persistentVolumeClaimRetentionPolicy ?? {}) };
  retention.whenDeleted ||= 'Retain';
  retention.whenScaled ||= 'Retain';
  spec.persistentVolumeClaimRetentionPolicy = retention;
  // volumeClaimUpdateStrategy.type (OnDelete) is defaulted only with gate StatefulSetAutoResizePVCGate (off).
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  if (options.templateDefaults !== false) {
    spec.template = defaultPodTemplate(spec.template);
    if (Array.isArray(spec.volumeClaimTemplates)) spec.volumeClaimTemplates = spec.volumeClaimTemplates.map(defaultClaimTemplate);
  }
  return { ...obj, spec };
}

type UpdateStrategy = NonNullable<StatefulSetSpec['updateStrategy']>;

/** type RollingUpdate when unset; a RollingUpdate strategy's rollingUpdate created only when missing, then completed. */
function defaultUpdateStrategy(input: UpdateStrategy | undefined): UpdateStrategy {
  const us: UpdateStrategy = { ...(input ?? {}) };
  us.type ||= 'RollingUpdate';
  if (us.type !== 'RollingUpdate') return us;
  const ru = { ...(us.rollingUpdate ?? {}) };
  ru.partition ??= 0;
  ru.maxUnavailable ??= 1;
  ru.podUpdatePolicy ||= 'ReCreate';
  ru.minReadySeconds ??= 0;
  us.rollingUpdate = ru;
  return us;
}

type ClaimTemplate = NonNullable<StatefulSetSpec['volumeClaimTemplates']>[number];

/**
 * Kruise calls Kubernetes 1.30's SetDefaults_PersistentVolumeClaim, which sets only `status.phase:
 * Pending`: volumeMode is defaulted by SetDefaults_PersistentVolumeClaimSpec, which Kruise does not call
 * (the API server defaults it on each PVC the controller creates).
 */
function defaultClaimTemplate(c: ClaimTemplate): ClaimTemplate {
  if (!isPlainObject(c) || !isObjectOrUnset(c.status)) return c;
  const status = (c.status ?? {}) as { phase?: string };
  return status.phase ? c : { ...c, status: { ...status, phase: 'Pending' } };
}

/** How Kruise's Go structs encode a StatefulSet spec (v1beta1), for the webhook's answer. */
export const STATEFULSET_SPEC_GO: GoStruct = {
  replicas: 'pointer',
  selector: 'opaque',
  template: 'opaque',
  volumeClaimTemplates: 'list',
  volumeClaimUpdateStrategy: { struct: { type: 'omitZero' } },
  serviceName: 'omitZero',
  podManagementPolicy: 'omitZero',
  updateStrategy: {
    struct: {
      type: 'omitZero',
      rollingUpdate: {
        pointer: true,
        struct: {
          partition: 'pointer',
          maxUnavailable: 'pointer',
          podUpdatePolicy: 'omitZero',
          paused: 'omitZero',
          unorderedUpdate: {
            pointer: true,
            struct: {
              priorityStrategy: {
                pointer: true,
                struct: {
                  orderPriority: { listOf: { orderedKey: { zero: '' } } },
                  weightPriority: { listOf: { weight: { zero: 0 }, matchSelector: { struct: GO_LABEL_SELECTOR } } },
                },
              },
            },
          },
          inPlaceUpdateStrategy: { pointer: true, struct: { gracePeriodSeconds: 'omitZero' } },
          minReadySeconds: 'pointer',
        },
      },
    },
  },
  revisionHistoryLimit: 'pointer',
  reserveOrdinals: 'list',
  lifecycle: { pointer: true, struct: GO_LIFECYCLE },
  scaleStrategy: { pointer: true, struct: { maxUnavailable: 'pointer' } },
  persistentVolumeClaimRetentionPolicy: { pointer: true, struct: { whenDeleted: 'omitZero', whenScaled: 'omitZero' } },
  ordinals: { pointer: true, struct: { start: { zero: 0 } } },
};

/**
 * Kruise's mutating webhook (mstatefulset.kb.io): template defaults on create and on updates that change
 * `spec.template`; the answer as the webhook patches it (see common/go-encoding). The webhook also
 * resets `status`, so a request carrying one is always patched (the API server keeps the stored status).
 */
export function mutateStatefulSet(obj: StatefulSet, old?: StatefulSet): StatefulSet {
  const templateDefaults = changedFromOld(obj, old, (o) => o.spec?.template);
  return webhookAnswer(obj, defaultStatefulSet(obj, { templateDefaults }), STATEFULSET_SPEC_GO, { resetsStatus: true });
}

const isObjectOrUnset = (v: unknown): boolean => v === undefined || v === null || isPlainObject(v);

/** The JSON types of the fields the webhook and the planner read. */
export const STATEFULSET_SPEC_SHAPE: Shape = {
  fields: {
    replicas: 'integer',
    selector: LABEL_SELECTOR_SHAPE,
    template: POD_TEMPLATE_SHAPE,
    volumeClaimTemplates: { items: { fields: { metadata: { fields: { name: 'string' } }, spec: 'object' } } },
    volumeClaimUpdateStrategy: { fields: { type: 'string' } },
    serviceName: 'string',
    podManagementPolicy: 'string',
    updateStrategy: {
      fields: {
        type: 'string',
        rollingUpdate: {
          fields: {
            partition: 'integer',
            maxUnavailable: 'intOrString',
            podUpdatePolicy: 'string',
            paused: 'boolean',
            minReadySeconds: 'integer',
            inPlaceUpdateStrategy: { fields: { gracePeriodSeconds: 'integer' } },
            unorderedUpdate: {
              fields: {
                priorityStrategy: {
                  fields: {
                    weightPriority: { items: { fields: { weight: 'integer', matchSelector: LABEL_SELECTOR_SHAPE } } },
                    orderPriority: { items: { fields: { orderedKey: 'string' } } },
                  },
                },
              },
            },
          },
        },
      },
    },
    revisionHistoryLimit: 'integer',
    reserveOrdinals: { items: 'intOrString' },
    lifecycle: LIFECYCLE_SHAPE,
    scaleStrategy: { fields: { maxUnavailable: 'intOrString' } },
    persistentVolumeClaimRetentionPolicy: { fields: { whenDeleted: 'string', whenScaled: 'string' } },
    ordinals: { fields: { start: 'integer' } },
  },
};

const NAME_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const NAME_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

const MUTABLE_FIELDS = [
  'replicas', 'ordinals', 'template', 'updateStrategy', 'reserveOrdinals', 'lifecycle', 'revisionHistoryLimit',
  'persistentVolumeClaimRetentionPolicy', 'scaleStrategy', 'volumeClaimTemplates', 'volumeClaimUpdateStrategy',
] as const;

const FORBIDDEN_UPDATE_MSG =
  "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'reserveOrdinals', 'lifecycle', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy', `volumeClaimTemplates`, `VolumeClaimUpdateStrategy` and 'updateStrategy' are forbidden";

/** Validates a (defaulted) set; with `old`, also the update rules. Empty array = valid. */
export function validateStatefulSet(obj: StatefulSet, old?: StatefulSet): FieldError[] {
  const errs: FieldError[] = [];
  const name = obj.metadata?.name ?? '';
  if (!name) errs.push(required('metadata.name', 'name or generateName is required'));
  else if (typeof name !== 'string' || name.length > 253 || !NAME_RE.test(name)) errs.push(invalid('metadata.name', name, NAME_MSG));
  const shape = shapeErrors(obj.spec, STATEFULSET_SPEC_SHAPE, 'spec');
  if (shape.length) return [...errs, ...shape]; // the rules below read these fields as their types
  validateSpec(obj.spec ?? {}, errs);
  if (old) validateUpdate(obj.spec ?? {}, old.spec ?? {}, errs);
  return errs;
}

function validateSpec(spec: StatefulSetSpec, errs: FieldError[]): void {
  const p = 'spec';
  if (!spec.podManagementPolicy) errs.push(required(`${p}.podManagementPolicy`));
  else if (spec.podManagementPolicy !== 'OrderedReady' && spec.podManagementPolicy !== 'Parallel') {
    errs.push(invalid(`${p}.podManagementPolicy`, spec.podManagementPolicy, "must be 'OrderedReady' or 'Parallel'"));
  }
  for (const [i, item] of (spec.reserveOrdinals ?? []).entries()) {
    const msg = reserveOrdinalError(item, i);
    if (msg) errs.push(invalid(`${p}.reserveOrdinals`, spec.reserveOrdinals, msg));
  }
  validateUpdateStrategy(spec, errs);
  if (spec.scaleStrategy?.maxUnavailable !== undefined && spec.scaleStrategy.maxUnavailable !== null) {
    validateMaxUnavailable(spec.scaleStrategy.maxUnavailable, `${p}.scaleStrategy.maxUnavailable`, spec, errs);
  }
  const retention = spec.persistentVolumeClaimRetentionPolicy;
  for (const key of ['whenDeleted', 'whenScaled'] as const) {
    const v = retention?.[key];
    if (v !== undefined && v !== 'Retain' && v !== 'Delete') errs.push(notSupported(`${p}.persistentVolumeClaimRetentionPolicy.${key}`, v, ['Retain', 'Delete']));
  }
  if (spec.replicas !== undefined && (!Number.isInteger(spec.replicas) || spec.replicas < 0)) {
    errs.push(invalid(`${p}.replicas`, spec.replicas, 'must be greater than or equal to 0'));
  }
  if (spec.ordinals?.start !== undefined && spec.ordinals.start < 0) errs.push(invalid(`${p}.ordinals.start`, spec.ordinals.start, 'must be greater than or equal to 0'));
  validateSelectorAndTemplate(spec, errs);
}

function validateUpdateStrategy(spec: StatefulSetSpec, errs: FieldError[]): void {
  const p = 'spec.updateStrategy';
  const us = spec.updateStrategy;
  if (!us?.type) {
    errs.push(required(`${p}.type`));
    return;
  }
  if (us.type === 'OnDelete') {
    if (us.rollingUpdate) errs.push(invalid(`${p}.rollingUpdate`, us.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'"));
    return;
  }
  if (us.type !== 'RollingUpdate') {
    errs.push(invalid(p, us, "must be 'RollingUpdate' or 'OnDelete'"));
    return;
  }
  const ru = us.rollingUpdate;
  if (!ru) return;
  const rp = `${p}.rollingUpdate`;
  if (ru.partition !== undefined && ru.partition < 0) errs.push(invalid(`${rp}.partition`, ru.partition, 'must be greater than or equal to 0'));
  if (ru.minReadySeconds !== undefined) {
    if (ru.minReadySeconds < 0) errs.push(invalid(`${rp}.minReadySeconds`, ru.minReadySeconds, 'must be greater than or equal to 0'));
    if (ru.minReadySeconds > 300) errs.push(invalid(`${rp}.minReadySeconds`, ru.minReadySeconds, 'must be no more than 300 seconds'));
  }
  if (ru.maxUnavailable === undefined || ru.maxUnavailable === null) errs.push(required(`${rp}.maxUnavailable`));
  else validateMaxUnavailable(ru.maxUnavailable, `${rp}.maxUnavailable`, spec, errs);
  validatePodUpdatePolicy(spec, rp, errs);
  if (ru.unorderedUpdate) validateUnorderedUpdate(spec, `${rp}.unorderedUpdate`, errs);
}

function validateMaxUnavailable(value: IntOrString, field: string, spec: StatefulSetSpec, errs: FieldError[]): void {
  if (typeof value === 'string') {
    if (!/^[0-9]+%$/.test(value)) {
      errs.push(invalid(field, value, "must be an integer or percentage (e.g '5%')"));
      return;
    }
    if (Number(value.slice(0, -1)) > 100) errs.push(invalid(field, value, 'must not be greater than 100%'));
  } else if (!Number.isInteger(value) || value < 0) {
    errs.push(invalid(field, value, 'must be greater than or equal to 0'));
    return;
  }
  if (scaledValue(value, 1, true) < 1) errs.push(invalid(field, value, 'should not be less than 1'));
  if (spec.podManagementPolicy === 'OrderedReady' && value !== 1) {
    errs.push(invalid(field, value, 'can only work with Parallel PodManagementPolicyType'));
  }
}

function validatePodUpdatePolicy(spec: StatefulSetSpec, rp: string, errs: FieldError[]): void {
  const policy = spec.updateStrategy?.rollingUpdate?.podUpdatePolicy;
  if (!policy) {
    errs.push(required(`${rp}.podUpdatePolicy`));
    return;
  }
  if (policy === 'InPlaceIfPossible' || policy === 'InPlaceOnly') {
    const gates = spec.template?.spec?.readinessGates ?? [];
    if (!gates.some((g) => g.conditionType === INPLACE_UPDATE_READY)) {
      errs.push(invalid('spec.template.spec.readinessGates', gates, `must contains ${INPLACE_UPDATE_READY} when podUpdatePolicy is ${policy}`));
    }
  } else if (policy !== 'ReCreate') {
    errs.push(invalid(`${rp}.podUpdatePolicy`, policy, "must be 'ReCreate', InPlaceIfPossible or 'InPlaceOnly'"));
  }
}

function validateUnorderedUpdate(spec: StatefulSetSpec, field: string, errs: FieldError[]): void {
  const uu = spec.updateStrategy!.rollingUpdate!.unorderedUpdate!;
  if (spec.podManagementPolicy !== 'Parallel') {
    errs.push(invalid(field, uu, 'unorderedUpdate can only work with Parallel PodManagementPolicyType'));
  }
  const ps = uu.priorityStrategy;
  if (!ps) return;
  const pf = `${field}.priorityStrategy`;
  if (ps.weightPriority?.length && ps.orderPriority?.length) errs.push(invalid(pf, ps, 'only one of weightPriority and orderPriority can be used'));
  for (const [i, term] of (ps.weightPriority ?? []).entries()) {
    const tf = `${pf}.weightPriority[${i}]`;
    if (!Number.isInteger(term.weight) || term.weight < 0 || term.weight > 100) errs.push(invalid(`${tf}.weight`, term.weight, 'weight must be valid number in the range 1-100'));
    if (isEmptySelector(term.matchSelector)) errs.push(invalid(`${tf}.matchSelector`, term.matchSelector, 'selector can not be empty'));
    else validateSelectorSyntax(term.matchSelector, `${tf}.matchSelector`, errs);
  }
  for (const [i, term] of (ps.orderPriority ?? []).entries()) {
    if (!term.orderedKey) errs.push(invalid(`${pf}.orderPriority[${i}].orderedKey`, term.orderedKey, 'order key can not be empty'));
  }
}

function validateSelectorSyntax(selector: LabelSelector, field: string, errs: FieldError[]): void {
  for (const [i, e] of (selector.matchExpressions ?? []).entries()) {
    const ef = `${field}.matchExpressions[${i}]`;
    if (e.operator === 'In' || e.operator === 'NotIn') {
      if (!e.values?.length) errs.push(required(`${ef}.values`, 'must be specified when `operator` is \'In\' or \'NotIn\''));
    } else if (e.operator === 'Exists' || e.operator === 'DoesNotExist') {
      if (e.values?.length) errs.push(forbidden(`${ef}.values`, 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\''));
    } else errs.push(invalid(`${ef}.operator`, e.operator, 'not a valid selector operator'));
  }
}

function validateSelectorAndTemplate(spec: StatefulSetSpec, errs: FieldError[]): void {
  if (!spec.selector) errs.push(required('spec.selector'));
  else if (isEmptySelector(spec.selector)) errs.push(invalid('spec.selector', spec.selector, 'empty selector is invalid for statefulset'));
  else {
    validateSelectorSyntax(spec.selector, 'spec.selector', errs);
    if (!selectorMatches(spec.selector, spec.template?.metadata?.labels ?? {}) && requirementsOf(spec.selector).length > 0) {
      errs.push(invalid('spec.template.metadata.labels', spec.template?.metadata?.labels, '`selector` does not match template `labels`'));
    }
  }
  const ps = spec.template?.spec;
  if (!ps) {
    errs.push(required('spec.template.spec'));
    return;
  }
  if (!ps.containers?.length) errs.push(required('spec.template.spec.containers'));
  for (const [i, c] of (ps.containers ?? []).entries()) {
    if (!c.name) errs.push(required(`spec.template.spec.containers[${i}].name`));
    if (!c.image) errs.push(required(`spec.template.spec.containers[${i}].image`));
  }
  if (ps.restartPolicy && ps.restartPolicy !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', ps.restartPolicy, ['Always']));
  if (ps.activeDeadlineSeconds !== undefined && ps.activeDeadlineSeconds !== null) {
    errs.push(forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in StatefulSet is not Supported'));
  }
}

function validateUpdate(spec: StatefulSetSpec, oldSpec: StatefulSetSpec, errs: FieldError[]): void {
  const strip = (s: StatefulSetSpec) => {
    const out: Record<string, unknown> = { ...s };
    for (const f of MUTABLE_FIELDS) delete out[f];
    return canonicalJson(out);
  };
  if (strip(spec) !== strip(oldSpec)) errs.push(forbidden('spec', FORBIDDEN_UPDATE_MSG));
  if (spec.updateStrategy?.rollingUpdate?.podUpdatePolicy === 'InPlaceOnly') {
    for (const op of jsonpatch.compare((oldSpec.template?.spec ?? {}) as object, (spec.template?.spec ?? {}) as object)) {
      if (op.op !== 'replace' || !/^\/containers\/\d+\/image$/.test(op.path)) {
        errs.push(invalid('spec.template', null, `invalid template modified with InPlaceOnly strategy: ${op.op} ${op.path}, currently only image update is allowed for InPlaceOnly`));
        break;
      }
    }
  }
}
