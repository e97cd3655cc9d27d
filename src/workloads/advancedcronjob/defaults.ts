// AdvancedCronJob defaulting and validation, as Kruise's mutating and validating webhooks do them
// (messages verbatim). The planner applies the defaults in memory, so an object that never went through
// a defaulting webhook behaves as one that did.
import { validatePodTemplate } from '../broadcastjob/pod-template-validation.js';
import { BROADCASTJOB_SPEC_GO } from '../broadcastjob/defaults.js';
import { changedFromOld, webhookAnswer, type GoStruct } from '../common/go-encoding.js';
import { defaultPodTemplate } from '../common/pod-template.js';
import { isPlainObject, OBJECT_META_SHAPE, shapeErrors, type Shape } from '../common/shape.js';
import { forbidden, invalid, required, type FieldError, type PodTemplateSpec } from '../../api/index.js';
import type { AdvancedCronJob, AdvancedCronJobSpec, ConcurrencyPolicy } from './types.js';
import { scheduleParseError } from './schedule.js';
import { timeZoneLoadError } from './zone.js';

export const ADVANCEDCRONJOB_DEFAULTS = {
  concurrencyPolicy: 'Allow' as ConcurrencyPolicy,
  paused: false,
  successfulJobsHistoryLimit: 3,
  failedJobsHistoryLimit: 1,
};

export type DefaultedAdvancedCronJobSpec = AdvancedCronJobSpec &
  Required<Pick<AdvancedCronJobSpec, 'concurrencyPolicy' | 'paused' | 'successfulJobsHistoryLimit' | 'failedJobsHistoryLimit'>>;

/** The spec with webhook defaults filled in (a new object; the input is not changed). */
export function defaultAdvancedCronJobSpec(spec: AdvancedCronJobSpec): DefaultedAdvancedCronJobSpec {
  return {
    ...spec,
    concurrencyPolicy: spec.concurrencyPolicy || ADVANCEDCRONJOB_DEFAULTS.concurrencyPolicy,
    paused: spec.paused ?? ADVANCEDCRONJOB_DEFAULTS.paused,
    successfulJobsHistoryLimit: spec.successfulJobsHistoryLimit ?? ADVANCEDCRONJOB_DEFAULTS.successfulJobsHistoryLimit,
    failedJobsHistoryLimit: spec.failedJobsHistoryLimit ?? ADVANCEDCRONJOB_DEFAULTS.failedJobsHistoryLimit,
  };
}

export interface AdvancedCronJobDefaultingOptions {
  /** Apply the upstream pod-spec defaults to the chosen template's pod template (Kruise: on create and when `spec.template` changed). @default true */
  templateDefaults?: boolean;
}

/**
 * Kruise's SetDefaultsAdvancedCronJob: the spec defaults (all four stored, `paused: false` included: it
 * is a pointer) and the upstream pod-spec defaults on the pod template of each template kind present.
 */
export function defaultAdvancedCronJob(obj: AdvancedCronJob, opts: AdvancedCronJobDefaultingOptions = {}): AdvancedCronJob {
  // A wrong-typed part is left as it is (validation reports it), never defaulted into something else.
  if (!isObjectOrUnset(obj.spec)) return obj;
  const spec = defaultAdvancedCronJobSpec(obj.spec ?? ({} as AdvancedCronJobSpec));
  if ((opts.templateDefaults ?? true) && isPlainObject(spec.template)) {
    const { jobTemplate, broadcastJobTemplate } = spec.template;
    if (jobTemplate) spec.template = { ...spec.template, jobTemplate: withPodDefaults(jobTemplate) };
    if (broadcastJobTemplate) spec.template = { ...spec.template, broadcastJobTemplate: withPodDefaults(broadcastJobTemplate) };
  }
  return { ...obj, spec };
}

/** `t.spec.template` with the pod-spec defaults (a part of the wrong type is left alone). */
function withPodDefaults<T extends { spec?: { template?: PodTemplateSpec } }>(t: T): T {
  if (!isPlainObject(t) || !isObjectOrUnset(t.spec)) return t;
  return { ...t, spec: { ...t.spec, template: defaultPodTemplate(t.spec?.template) } };
}

/** How Kruise's Go structs encode an AdvancedCronJob spec (v1alpha1), for the webhook's answer. */
export const ADVANCEDCRONJOB_SPEC_GO: GoStruct = {
  schedule: { zero: '' },
  timeZone: 'pointer',
  startingDeadlineSeconds: 'pointer',
  concurrencyPolicy: 'omitZero',
  paused: 'pointer',
  successfulJobsHistoryLimit: 'pointer',
  failedJobsHistoryLimit: 'pointer',
  template: {
    struct: {
      jobTemplate: 'pointer',
      broadcastJobTemplate: { pointer: true, struct: { metadata: 'opaque', spec: { struct: BROADCASTJOB_SPEC_GO } } },
    },
  },
};

/**
 * Kruise's mutating webhook (madvancedcronjob.kb.io): template defaults on create and on updates that
 * change `spec.template`; the answer as the webhook patches it (see common/go-encoding).
 */
export function mutateAdvancedCronJob(obj: AdvancedCronJob, old?: AdvancedCronJob): AdvancedCronJob {
  const templateDefaults = changedFromOld(obj, old, (o) => o.spec?.template);
  return webhookAnswer(obj, defaultAdvancedCronJob(obj, { templateDefaults }), ADVANCEDCRONJOB_SPEC_GO);
}

const NAME = /^[a-zA-Z0-9-]+$/;

const isObjectOrUnset = (v: unknown): boolean => v === undefined || v === null || isPlainObject(v);

/** The JSON types of the fields the webhook and the planner read (pod templates: see validatePodTemplate). */
export const ADVANCEDCRONJOB_SPEC_SHAPE: Shape = {
  fields: {
    schedule: 'string',
    timeZone: 'string',
    concurrencyPolicy: 'string',
    paused: 'boolean',
    startingDeadlineSeconds: 'integer',
    successfulJobsHistoryLimit: 'integer',
    failedJobsHistoryLimit: 'integer',
    template: {
      fields: {
        jobTemplate: { fields: { metadata: OBJECT_META_SHAPE, spec: { fields: { template: 'object' } } } },
        broadcastJobTemplate: { fields: { metadata: OBJECT_META_SHAPE, spec: { fields: { template: 'object' } } } },
      },
    },
  },
};
const MUTABLE: ReadonlyArray<keyof AdvancedCronJobSpec> = [
  'schedule', 'concurrencyPolicy', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit', 'startingDeadlineSeconds', 'timeZone', 'paused',
];
const POLICIES: readonly string[] = ['Allow', 'Forbid', 'Replace'];

/** Validation on create (no `old`) and update; an empty list means accepted. */
export function validateAdvancedCronJob(obj: AdvancedCronJob, old?: AdvancedCronJob): FieldError[] {
  const errors: FieldError[] = [];
  const name = obj.metadata?.name ?? '';
  if (typeof name !== 'string' || !NAME.test(name) || name.length > 63) {
    errors.push(invalid('metadata.name', name, "AdvancedCronJob name must consist of alphanumeric characters or '-'"));
  }
  const shape = shapeErrors(obj.spec, ADVANCEDCRONJOB_SPEC_SHAPE, 'spec');
  if (shape.length) return [...errors, ...shape]; // the rules below read these fields as their types
  const spec = obj.spec ?? ({} as AdvancedCronJobSpec);
  errors.push(...validateSchedule(spec), ...validateTemplates(spec), ...validateNumbers(spec));
  if (spec.concurrencyPolicy !== undefined && !POLICIES.includes(spec.concurrencyPolicy)) {
    errors.push({ type: 'FieldValueNotSupported', field: 'spec.concurrencyPolicy', value: spec.concurrencyPolicy, message: 'supported values: "Allow", "Forbid", "Replace"' });
  }
  if (old && !onlyMutableFieldsChanged(spec, old.spec ?? ({} as AdvancedCronJobSpec))) {
    errors.push(forbidden('spec', "updates to advancedcronjob spec for fields other than 'schedule', 'concurrencyPolicy', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit', 'startingDeadlineSeconds', 'timeZone' and 'paused' are forbidden"));
  }
  return errors;
}

function validateSchedule(spec: AdvancedCronJobSpec): FieldError[] {
  const errors: FieldError[] = [];
  if (!spec.schedule) {
    errors.push(required('spec.schedule', 'schedule cannot be empty, please provide valid cron schedule.'));
  } else {
    const err = scheduleParseError(spec.schedule);
    if (err) errors.push(invalid('spec.schedule', spec.schedule, err));
    if (spec.timeZone !== undefined && spec.timeZone !== null && spec.schedule.includes('TZ')) {
      errors.push(invalid('spec.schedule', spec.schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
    }
  }
  const tz = spec.timeZone;
  if (tz !== undefined && tz !== null) {
    if (tz === '') errors.push(invalid('spec.timeZone', tz, 'timeZone must be nil or non-empty string'));
    else if (tz.toLowerCase() === 'local') {
      errors.push(invalid('spec.timeZone', tz, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
    } else {
      const err = timeZoneLoadError(tz);
      if (err) errors.push(invalid('spec.timeZone', tz, err));
    }
  }
  return errors;
}

function validateTemplates(spec: AdvancedCronJobSpec): FieldError[] {
  const t = spec.template ?? {};
  if (!t.jobTemplate && !t.broadcastJobTemplate) {
    return [forbidden('spec.template', 'spec must have one template, either JobTemplate or BroadcastJobTemplate should be provided')];
  }
  if (t.jobTemplate && t.broadcastJobTemplate) {
    return [forbidden('spec.template', 'spec can have only one template, either JobTemplate or BroadcastJobTemplate should be provided')];
  }
  if (t.jobTemplate) return validatePodTemplate(t.jobTemplate.spec?.template, 'spec.template.jobTemplate.spec.template');
  return validatePodTemplate(t.broadcastJobTemplate!.spec?.template, 'spec.template.broadcastJobTemplate.spec.template');
}

function validateNumbers(spec: AdvancedCronJobSpec): FieldError[] {
  const errors: FieldError[] = [];
  for (const f of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'] as const) {
    const v = spec[f];
    if (v !== undefined && v !== null && (!Number.isInteger(v) || v < 0)) {
      errors.push(invalid(`spec.${f}`, v, 'must be greater than or equal to 0'));
    }
  }
  return errors;
}

function onlyMutableFieldsChanged(spec: AdvancedCronJobSpec, old: AdvancedCronJobSpec): boolean {
  const strip = (s: AdvancedCronJobSpec) => {
    const copy: Record<string, unknown> = { ...s };
    for (const k of MUTABLE) delete copy[k];
    return copy;
  };
  const a = strip(spec);
  const b = strip(old);
  // Same key order (the usual case: a status write) settles it without canonicalising.
  return JSON.stringify(a) === JSON.stringify(b) || canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}
