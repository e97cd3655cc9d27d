// BroadcastJob defaulting and validation, as Kruise's webhooks do them (messages verbatim, Kruise's
// error order: ttl, activeDeadline, restartPolicy, labels). The planner resolves the spec in memory
// (defaultBroadcastJobSpec: also restartLimit 0 and paused false, which the webhook never stores).
import { invalid, isValidIntOrPercent, type FieldError } from '../../api/index.js';
import { defaultPodTemplate } from '../common/pod-template.js';
import { isPlainObject, POD_TEMPLATE_SHAPE, shapeErrors, type Shape } from '../common/shape.js';
import { validatePodTemplate } from './pod-template-validation.js';
import { LABEL_CONTROLLER_UID, LABEL_JOB_NAME, MAX_PARALLELISM, type BroadcastJob, type BroadcastJobSpec, type CompletionPolicy, type FailurePolicy } from './types.js';
import type { IntOrString, PodTemplateSpec } from '../../api/index.js';
import { changedFromOld, webhookAnswer, type GoStruct } from '../common/go-encoding.js';

export const BROADCASTJOB_DEFAULTS = {
  parallelism: MAX_PARALLELISM as IntOrString,
  completionPolicyType: 'Always' as const,
  failurePolicyType: 'FailFast' as const,
  restartLimit: 0,
};

export interface DefaultedBroadcastJobSpec extends BroadcastJobSpec {
  parallelism: IntOrString;
  completionPolicy: CompletionPolicy & { type: NonNullable<CompletionPolicy['type']> };
  failurePolicy: FailurePolicy & { type: NonNullable<FailurePolicy['type']>; restartLimit: number };
  paused: boolean;
}

/** The spec as the planner reads it: the webhook's defaults plus restartLimit 0 and paused false (a new object). */
export function defaultBroadcastJobSpec(spec: BroadcastJobSpec): DefaultedBroadcastJobSpec {
  return {
    ...spec,
    parallelism: spec.parallelism ?? BROADCASTJOB_DEFAULTS.parallelism,
    completionPolicy: { ...spec.completionPolicy, type: spec.completionPolicy?.type || BROADCASTJOB_DEFAULTS.completionPolicyType },
    failurePolicy: {
      ...spec.failurePolicy,
      type: spec.failurePolicy?.type || BROADCASTJOB_DEFAULTS.failurePolicyType,
      restartLimit: spec.failurePolicy?.restartLimit ?? BROADCASTJOB_DEFAULTS.restartLimit,
    },
    paused: spec.paused ?? false,
  };
}

export interface BroadcastJobDefaultingOptions {
  /** Apply the upstream pod-spec defaults to the template (Kruise: on create and when the template changed). @default true */
  templateDefaults?: boolean;
}

/**
 * Kruise's SetDefaultsBroadcastJob, filling only what is missing: the template's pod-spec defaults,
 * completionPolicy.type, parallelism, failurePolicy.type, and restartPolicy OnFailure when the template
 * still has none (only reachable without template defaults, which set Always first). restartLimit and
 * paused are not defaulted (their zero values are what the planner reads: defaultBroadcastJobSpec).
 */
export function defaultBroadcastJob(obj: BroadcastJob, opts: BroadcastJobDefaultingOptions = {}): BroadcastJob {
  // A wrong-typed part is left as it is (validation reports it), never defaulted into something else.
  if (!isObjectOrUnset(obj.spec) || !isObjectOrUnset(obj.spec?.completionPolicy) || !isObjectOrUnset(obj.spec?.failurePolicy)) return obj;
  const spec: BroadcastJobSpec = { ...(obj.spec ?? ({} as BroadcastJobSpec)) };
  if (opts.templateDefaults ?? true) spec.template = defaultPodTemplate(spec.template);
  spec.completionPolicy = { ...spec.completionPolicy, type: spec.completionPolicy?.type || BROADCASTJOB_DEFAULTS.completionPolicyType };
  spec.parallelism ??= BROADCASTJOB_DEFAULTS.parallelism;
  spec.failurePolicy = { ...spec.failurePolicy, type: spec.failurePolicy?.type || BROADCASTJOB_DEFAULTS.failurePolicyType };
  spec.template = withRestartPolicy(spec.template);
  return { ...obj, spec };
}

/** restartPolicy OnFailure when the template has none (a template or pod spec of the wrong type is left alone). */
function withRestartPolicy(template: PodTemplateSpec | undefined): PodTemplateSpec {
  if (!isObjectOrUnset(template) || !isObjectOrUnset(template?.spec) || template?.spec?.restartPolicy) return template as PodTemplateSpec;
  return { ...(template ?? {}), spec: { ...(template?.spec ?? { containers: [] }), restartPolicy: 'OnFailure' } };
}

/** How Kruise's Go structs encode a BroadcastJob spec (v1alpha1), for the webhook's answer. */
export const BROADCASTJOB_SPEC_GO: GoStruct = {
  parallelism: 'pointer',
  template: 'opaque',
  completionPolicy: { struct: { type: 'omitZero', activeDeadlineSeconds: 'pointer', ttlSecondsAfterFinished: 'pointer' } },
  paused: 'omitZero',
  failurePolicy: { struct: { type: 'omitZero', restartLimit: 'omitZero' } },
};

/**
 * Kruise's mutating webhook (mbroadcastjob.kb.io): template defaults on create and on updates that change
 * `spec.template`; the answer as the webhook patches it (see common/go-encoding: `paused: false` and
 * `restartLimit: 0` are dropped once a patch is made).
 */
export function mutateBroadcastJob(obj: BroadcastJob, old?: BroadcastJob): BroadcastJob {
  const templateDefaults = changedFromOld(obj, old, (o) => o.spec?.template);
  return webhookAnswer(obj, defaultBroadcastJob(obj, { templateDefaults }), BROADCASTJOB_SPEC_GO);
}

const NAME = /^[a-zA-Z0-9-]+$/;

const isObjectOrUnset = (v: unknown): boolean => v === undefined || v === null || isPlainObject(v);

/** The JSON types of the fields the webhook and the planner read. */
export const BROADCASTJOB_SPEC_SHAPE: Shape = {
  fields: {
    parallelism: 'intOrString',
    template: POD_TEMPLATE_SHAPE,
    completionPolicy: { fields: { type: 'string', activeDeadlineSeconds: 'integer', ttlSecondsAfterFinished: 'integer' } },
    failurePolicy: { fields: { type: 'string', restartLimit: 'integer' } },
    paused: 'boolean',
  },
};

/** Validation on create and update (the spec stays mutable, so `old` changes nothing); [] = accepted. */
export function validateBroadcastJob(obj: BroadcastJob, _old?: BroadcastJob): FieldError[] {
  const errors: FieldError[] = [];
  const name = obj.metadata?.name ?? '';
  if (typeof name !== 'string' || !NAME.test(name) || name.length > 63) {
    errors.push(invalid('metadata.name', name, "BroadcastJob name must consist of alphanumeric characters or '-'"));
  }
  const shape = shapeErrors(obj.spec, BROADCASTJOB_SPEC_SHAPE, 'spec');
  if (shape.length) return [...errors, ...shape]; // the rules below read these fields as their types
  const spec = obj.spec ?? ({} as BroadcastJobSpec);
  const cp = spec.completionPolicy;
  if (cp?.type === 'Never') {
    if (cp.ttlSecondsAfterFinished != null) {
      errors.push(invalid('spec.completionPolicy.ttlSecondsAfterFinished', cp.ttlSecondsAfterFinished, 'ttlSecondsAfterFinished can just work with Always CompletionPolicyType'));
    }
    if (cp.activeDeadlineSeconds != null) {
      errors.push(invalid('spec.completionPolicy.activeDeadlineSeconds', cp.activeDeadlineSeconds, 'activeDeadlineSeconds can just work with Always CompletionPolicyType'));
    }
  }
  const restartPolicy = spec.template?.spec?.restartPolicy;
  if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') {
    errors.push(invalid('spec.template.spec.restartPolicy', restartPolicy ?? '', 'pod restartPolicy can only be Never or OnFailure'));
  }
  const labels = spec.template?.metadata?.labels ?? {};
  if (LABEL_JOB_NAME in labels || LABEL_CONTROLLER_UID in labels) {
    errors.push(invalid('spec.template.metadata.labels', labels, '"broadcastjob-name" and "broadcastjob-controller-uid" are not allowed to preset in pod labels'));
  }
  if (spec.parallelism !== undefined && (!isValidIntOrPercent(spec.parallelism) || parallelismIsNegative(spec.parallelism))) {
    errors.push(invalid('spec.parallelism', spec.parallelism, 'must be a non-negative integer or a percentage like "50%"'));
  }
  errors.push(...validatePodTemplate(spec.template, 'spec.template'));
  return errors;
}

function parallelismIsNegative(v: IntOrString): boolean {
  return typeof v === 'number' ? v < 0 : v.startsWith('-');
}
