// Defaulting and validation of an Advanced DaemonSet, as Kruise's mutating and validating webhooks do
// (the template itself is not defaulted). `defaultDaemonSet` returns a new object; `validateDaemonSet`
// reports every problem with the webhook's field paths and messages. Pure.
import type { IntOrString, PodTemplateSpec } from '../../api/index.js';
import { isEmptySelector, selectorMatches } from '../../api/index.js';
import { canonicalJson } from '../common/hash.js';
import { GO_LIFECYCLE, webhookAnswer, type GoStruct } from '../common/go-encoding.js';
import { isPlainObject, LABEL_SELECTOR_SHAPE, LIFECYCLE_SHAPE, POD_TEMPLATE_SHAPE, shapeErrors, type Shape } from '../common/shape.js';
import type { DaemonSet, DaemonSetSpec, FieldError, RollingUpdateDaemonSet } from './types.js';

export const DEFAULT_BURST_REPLICAS = 250;

const isObjectOrUnset = (v: unknown): boolean => v === undefined || v === null || isPlainObject(v);

/** The JSON types of the fields the webhook and the planner read. */
export const DAEMONSET_SPEC_SHAPE: Shape = {
  fields: {
    selector: LABEL_SELECTOR_SHAPE,
    template: POD_TEMPLATE_SHAPE,
    updateStrategy: {
      fields: {
        type: 'string',
        rollingUpdate: {
          fields: {
            rollingUpdateType: 'string', maxUnavailable: 'intOrString', maxSurge: 'intOrString', selector: LABEL_SELECTOR_SHAPE,
            partition: 'integer', paused: 'boolean',
          },
        },
      },
    },
    minReadySeconds: 'integer',
    burstReplicas: 'intOrString',
    revisionHistoryLimit: 'integer',
    lifecycle: LIFECYCLE_SHAPE,
  },
};
export const DEFAULT_REVISION_HISTORY_LIMIT = 10;

/**
 * Kruise's SetDefaultsDaemonSet: strategy type, rollingUpdateType (Surging → Standard + surge 1), budgets,
 * limits; the template is not defaulted. Only what is missing is filled: maxUnavailable 1 and maxSurge 0
 * only when both are unset (one set alone is stored alone; the planner's resolveStrategy reads the other as 0).
 */
export function defaultDaemonSet(ds: DaemonSet): DaemonSet {
  // A wrong-typed part is left as it is (validation reports it), never defaulted into something else.
  if (!isObjectOrUnset(ds.spec) || !isObjectOrUnset(ds.spec?.updateStrategy) || !isObjectOrUnset(ds.spec?.updateStrategy?.rollingUpdate)) return ds;
  const spec: DaemonSetSpec = { ...(ds.spec ?? {}) };
  if (spec.burstReplicas === undefined || spec.burstReplicas === null) spec.burstReplicas = DEFAULT_BURST_REPLICAS;
  const strategy = { ...(spec.updateStrategy ?? {}) };
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') strategy.rollingUpdate = defaultRollingUpdate(strategy.rollingUpdate);
  spec.updateStrategy = strategy;
  if (spec.revisionHistoryLimit === undefined || spec.revisionHistoryLimit === null) spec.revisionHistoryLimit = DEFAULT_REVISION_HISTORY_LIMIT;
  return { ...ds, spec };
}

const unset = (v: unknown): boolean => v === undefined || v === null;

function defaultRollingUpdate(input: RollingUpdateDaemonSet | undefined): RollingUpdateDaemonSet {
  const ru: RollingUpdateDaemonSet = { ...(input ?? {}) };
  if (ru.rollingUpdateType === 'Surging') {
    if (unset(ru.maxSurge)) ru.maxSurge = 1;
    if (unset(ru.maxUnavailable)) ru.maxUnavailable = 0;
  }
  if (!ru.rollingUpdateType || ru.rollingUpdateType === 'Surging') ru.rollingUpdateType = 'Standard';
  if (unset(ru.maxUnavailable) && unset(ru.maxSurge)) {
    ru.maxUnavailable = 1;
    ru.maxSurge = 0;
  }
  return ru;
}

/** How Kruise's Go structs encode a DaemonSet spec (v1alpha1), for the webhook's answer. */
export const DAEMONSET_SPEC_GO: GoStruct = {
  selector: 'opaque',
  template: 'opaque',
  updateStrategy: {
    struct: {
      type: 'omitZero',
      rollingUpdate: {
        pointer: true,
        struct: { rollingUpdateType: 'omitZero', maxUnavailable: 'pointer', maxSurge: 'pointer', selector: 'pointer', partition: 'pointer', paused: 'pointer' },
      },
    },
  },
  minReadySeconds: 'omitZero',
  burstReplicas: 'pointer',
  revisionHistoryLimit: 'pointer',
  lifecycle: { pointer: true, struct: GO_LIFECYCLE },
};

/** Kruise's mutating webhook (mdaemonset.kb.io): the answer as the webhook patches it (see common/go-encoding). */
export function mutateDaemonSet(ds: DaemonSet): DaemonSet {
  return webhookAnswer(ds, defaultDaemonSet(ds), DAEMONSET_SPEC_GO);
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
export const IMMUTABLE_SPEC_MESSAGE =
  "updates to daemonset spec for fields other than 'BurstReplicas', 'template', 'lifecycle',  'updateStrategy', 'minReadySeconds', and 'revisionHistoryLimit' are forbidden";
const MUTABLE_SPEC_FIELDS = new Set(['burstReplicas', 'template', 'lifecycle', 'updateStrategy', 'minReadySeconds', 'revisionHistoryLimit']);

/** Webhook validation of an (already defaulted) DaemonSet; `old` enables the update checks. */
export function validateDaemonSet(ds: DaemonSet, old?: DaemonSet): FieldError[] {
  const errs: FieldError[] = [];
  const name = ds.metadata?.name ?? '';
  if (!name) errs.push({ type: 'FieldValueRequired', field: 'metadata.name', message: 'name or generateName is required' });
  else if (typeof name !== 'string' || name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    errs.push({ type: 'FieldValueInvalid', field: 'metadata.name', value: name, message: DNS1123_SUBDOMAIN_MSG });
  }
  const shape = shapeErrors(ds.spec, DAEMONSET_SPEC_SHAPE, 'spec');
  if (shape.length) return [...errs, ...shape]; // the rules below read these fields as their types
  const spec = ds.spec ?? {};
  validateSelectorAndTemplate(spec, errs);
  nonNegative(spec.minReadySeconds, 'spec.minReadySeconds', errs);
  if (spec.revisionHistoryLimit !== undefined && spec.revisionHistoryLimit !== null) nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit', errs);
  validateStrategy(spec, errs);
  if (spec.lifecycle?.inPlaceUpdate) {
    errs.push({ type: 'FieldValueForbidden', field: 'spec.lifecycle.inPlaceUpdate', message: 'inPlaceUpdate hook has not supported yet' });
  }
  if (old) validateImmutable(spec, old.spec ?? {}, errs);
  return errs;
}

function validateSelectorAndTemplate(spec: DaemonSetSpec, errs: FieldError[]): void {
  if (!spec.selector) errs.push({ type: 'FieldValueRequired', field: 'spec.selector', message: '' });
  else if (isEmptySelector(spec.selector)) {
    errs.push({ type: 'FieldValueInvalid', field: 'spec.selector', value: spec.selector, message: 'empty selector is invalid for daemonset' });
  } else if (!selectorMatches(spec.selector, spec.template?.metadata?.labels ?? {})) {
    errs.push({ type: 'FieldValueInvalid', field: 'spec.template.metadata.labels', value: spec.template?.metadata?.labels ?? {}, message: '`selector` does not match template `labels`' });
  }
  validateTemplate(spec.template, errs);
}

function validateTemplate(template: PodTemplateSpec | undefined, errs: FieldError[]): void {
  if (!template) {
    errs.push({ type: 'FieldValueRequired', field: 'spec.template', message: '' });
    return;
  }
  const podSpec = template.spec;
  const containers = podSpec?.containers ?? [];
  if (containers.length === 0) errs.push({ type: 'FieldValueRequired', field: 'spec.template.spec.containers', message: '' });
  containers.forEach((c, i) => {
    if (!c.name) errs.push({ type: 'FieldValueRequired', field: `spec.template.spec.containers[${i}].name`, message: '' });
    if (!c.image) errs.push({ type: 'FieldValueRequired', field: `spec.template.spec.containers[${i}].image`, message: '' });
  });
  const restartPolicy = podSpec?.restartPolicy;
  if (restartPolicy && restartPolicy !== 'Always') {
    errs.push({ type: 'FieldValueNotSupported', field: 'spec.template.spec.restartPolicy', value: restartPolicy, message: 'supported values: "Always"' });
  }
  if (podSpec?.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    errs.push({ type: 'FieldValueForbidden', field: 'spec.template.spec.activeDeadlineSeconds', message: 'activeDeadlineSeconds in DaemonSet is not Supported' });
  }
}

function validateStrategy(spec: DaemonSetSpec, errs: FieldError[]): void {
  const strategy = spec.updateStrategy ?? {};
  const type = strategy.type;
  if (type === 'OnDelete') return;
  if (type !== 'RollingUpdate') {
    errs.push({ type: 'FieldValueNotSupported', field: 'spec.updateStrategy.type', value: type ?? '', message: 'supported values: "OnDelete", "RollingUpdate"' });
    return;
  }
  const ru = strategy.rollingUpdate;
  const path = 'spec.updateStrategy.rollingUpdate';
  if (!ru) {
    errs.push({ type: 'FieldValueRequired', field: path, message: '' });
    return;
  }
  const unavailableZero = validIntOrPercent(ru.maxUnavailable, `${path}.maxUnavailable`, errs);
  const surgeZero = validIntOrPercent(ru.maxSurge, `${path}.maxSurge`, errs);
  if (!unavailableZero && !surgeZero) {
    errs.push({ type: 'FieldValueInvalid', field: `${path}.maxSurge`, value: ru.maxSurge, message: 'may not be set when maxUnavailable is non-zero' });
  }
  if (unavailableZero && surgeZero) {
    errs.push({ type: 'FieldValueRequired', field: `${path}.maxUnavailable`, message: 'cannot be 0 when maxSurge is 0' });
  }
  const rut = ru.rollingUpdateType ?? '';
  if (rut === 'InPlaceIfPossible') {
    if (!surgeZero) errs.push({ type: 'FieldValueInvalid', field: `${path}.maxSurge`, value: ru.maxSurge, message: 'must be 0 for InPlaceIfPossible type' });
  } else if (rut === 'Surging') {
    if (!unavailableZero) errs.push({ type: 'FieldValueInvalid', field: `${path}.maxUnavailable`, value: ru.maxUnavailable, message: 'must be 0 for Surging type' });
  } else if (rut !== '' && rut !== 'Standard') {
    errs.push({ type: 'FieldValueNotSupported', field: `${path}.rollingUpdateType`, value: rut, message: 'supported values: "Standard", "InPlaceIfPossible", "Surging"' });
  }
  if (ru.partition !== undefined && ru.partition !== null) nonNegative(ru.partition, `${path}.partition`, errs);
}

/** Validates a non-zero int-or-percent; returns whether the value is zero/unset (errors count as non-zero). */
function validIntOrPercent(value: IntOrString | undefined | null, field: string, errs: FieldError[]): boolean {
  if (value === undefined || value === null || value === 0 || value === '0%') return true;
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) errs.push({ type: 'FieldValueInvalid', field, value, message: 'must be greater than or equal to 0' });
    return false;
  }
  const m = /^(-?\d+)%$/.exec(String(value));
  if (!m) {
    errs.push({ type: 'FieldValueInvalid', field, value, message: "must be an integer or percentage (e.g '5%')" });
    return false;
  }
  const pct = Number(m[1]);
  if (pct < 0) errs.push({ type: 'FieldValueInvalid', field, value, message: 'must be greater than or equal to 0' });
  else if (pct > 100) errs.push({ type: 'FieldValueInvalid', field, value, message: 'must not be greater than 100%' });
  return pct === 0;
}

function nonNegative(value: number | undefined | null, field: string, errs: FieldError[]): void {
  if (value !== undefined && value !== null && value < 0) errs.push({ type: 'FieldValueInvalid', field, value, message: 'must be greater than or equal to 0' });
}

function validateImmutable(spec: DaemonSetSpec, oldSpec: DaemonSetSpec, errs: FieldError[]): void {
  const keys = new Set([...Object.keys(spec), ...Object.keys(oldSpec)]);
  for (const key of keys) {
    if (MUTABLE_SPEC_FIELDS.has(key)) continue;
    const a = (spec as Record<string, unknown>)[key];
    const b = (oldSpec as Record<string, unknown>)[key];
    if (canonicalJson(a) !== canonicalJson(b)) {
      errs.push({ type: 'FieldValueForbidden', field: 'spec', message: IMMUTABLE_SPEC_MESSAGE });
      return;
    }
  }
}
