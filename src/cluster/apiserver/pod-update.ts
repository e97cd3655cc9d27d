// What a pod update may change, as kube-apiserver 1.26 validates it (ValidatePodUpdate): the number of
// containers is fixed, images may change (never to empty or padded), activeDeadlineSeconds may be set or
// lowered (never raised or cleared), tolerations may only be added (tolerationSeconds of existing ones may
// change), schedulingGates only removed; everything else in the spec is Forbidden, with the list of what
// may change and, as kube does after a newline, what differed.
import type { StatusCause } from './errors.js';
import { deepEqual } from './prepare.js';

type Spec = Record<string, unknown>;
type Container = Record<string, unknown>;

const MAX_INT32 = 2147483647;

export const POD_UPDATE_FORBIDDEN =
  'pod updates may not change fields other than `spec.containers[*].image`, `spec.initContainers[*].image`, `spec.activeDeadlineSeconds`, `spec.tolerations` (only additions to existing tolerations) or `spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

const invalidValue = (field: string, value: unknown, detail: string): StatusCause => ({
  reason: 'FieldValueInvalid',
  field,
  message: `Invalid value: ${value === undefined || value === null ? 'null' : JSON.stringify(value)}: ${detail}`,
});
const forbidden = (field: string, detail: string): StatusCause => ({ reason: 'FieldValueForbidden', field, message: `Forbidden: ${detail}` });

/** The causes a pod update's spec change is refused for (empty: allowed). `newSpec` already has its defaults. */
export function podUpdateCauses(oldSpec: unknown, newSpec: unknown): StatusCause[] {
  const o = (oldSpec ?? {}) as Spec;
  const n = (newSpec ?? {}) as Spec;
  const causes: StatusCause[] = [];
  for (const list of ['containers', 'initContainers'] as const) {
    const { errors, stop } = containerUpdateCauses(n[list] as Container[] | undefined, o[list] as Container[] | undefined, `spec.${list}`);
    causes.push(...errors);
    if (stop) return causes;
  }
  const deadline = activeDeadlineCause(o.activeDeadlineSeconds as number | undefined, n.activeDeadlineSeconds as number | undefined);
  if (deadline) {
    causes.push(deadline);
    if (n.activeDeadlineSeconds !== undefined) return causes;
  }
  const tolerations = tolerationsCause(o.tolerations as Record<string, unknown>[] | undefined, n.tolerations as Record<string, unknown>[] | undefined);
  if (tolerations) causes.push(tolerations);
  const rest = changedElsewhere(o, n);
  if (rest.length > 0) causes.push(forbidden('spec', `${POD_UPDATE_FORBIDDEN}\n${rest.map((f) => `  spec.${f} changed`).join('\n')}`));
  return causes;
}

function containerUpdateCauses(next: Container[] = [], prev: Container[] = [], path: string): { errors: StatusCause[]; stop: boolean } {
  if (next.length !== prev.length) return { errors: [forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const errors: StatusCause[] = [];
  next.forEach((c, i) => {
    const image = typeof c.image === 'string' ? c.image : '';
    if (image.length === 0) errors.push({ reason: 'FieldValueRequired', field: `${path}[${i}].image`, message: 'Required value' });
    if (image.trim().length !== image.length) errors.push(invalidValue(`${path}[${i}].image`, image, 'must not have leading or trailing whitespace'));
  });
  return { errors, stop: false };
}

function activeDeadlineCause(prev: number | undefined, next: number | undefined): StatusCause | undefined {
  if (next !== undefined && next !== null) {
    if (next < 0 || next > MAX_INT32) return invalidValue('spec.activeDeadlineSeconds', next, `must be between 0 and ${MAX_INT32}, inclusive`);
    if (prev !== undefined && prev !== null && prev < next) return invalidValue('spec.activeDeadlineSeconds', next, 'must be less than or equal to previous value');
    return undefined;
  }
  if (prev !== undefined && prev !== null) return invalidValue('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value');
  return undefined;
}

function tolerationsCause(prev: Record<string, unknown>[] = [], next: Record<string, unknown>[] = []): StatusCause | undefined {
  for (const old of prev) {
    const kept = next.some((t) => deepEqual(withoutSeconds(old), withoutSeconds(t)));
    if (!kept) return forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds');
  }
  return undefined;
}

function withoutSeconds(t: Record<string, unknown>): Record<string, unknown> {
  const { tolerationSeconds: _ignored, ...rest } = t;
  return rest;
}

/** Top-level spec fields (and container fields other than image) that changed where no change is allowed. */
function changedElsewhere(o: Spec, n: Spec): string[] {
  const out: string[] = [];
  const mutable = new Set(['activeDeadlineSeconds', 'tolerations', 'schedulingGates']);
  for (const key of new Set([...Object.keys(o), ...Object.keys(n)])) {
    if (mutable.has(key)) continue;
    if (key === 'containers' || key === 'initContainers') {
      const oc = (o[key] as Container[] | undefined) ?? [];
      const nc = (n[key] as Container[] | undefined) ?? [];
      nc.forEach((c, i) => {
        if (!deepEqual(withoutImage(oc[i]), withoutImage(c))) out.push(`${key}[${i}]`);
      });
      continue;
    }
    if (key === 'terminationGracePeriodSeconds' && typeof o[key] === 'number' && (o[key] as number) < 0 && n[key] === 1) continue;
    if (!deepEqual(o[key], n[key])) out.push(key);
  }
  return out;
}

function withoutImage(c: Container | undefined): Container {
  const { image: _ignored, ...rest } = c ?? {};
  return rest;
}
