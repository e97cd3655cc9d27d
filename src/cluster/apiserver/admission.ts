// Admission hooks: in-process stand-ins for mutating/validating webhooks. A denial answers as Kubernetes
// answers a webhook denial: `admission webhook "<name>" denied the request: <field>: <message>`.
import type { KubeObject } from '../../api/objects.js';
import { ApiError } from './errors.js';
import { admissionDenialMessage } from '../../api/field-error.js';
import type { FieldError } from './field-errors.js';

export type AdmissionOperation = 'CREATE' | 'UPDATE' | 'DELETE';

export interface AdmissionHook {
  /** API group of the kind the hook applies to ('' for core). */
  group: string;
  kind: string;
  /** Webhook name shown in denials, e.g. `vstatefulset.kb.io`. */
  name: string;
  /** Returns the object to store (may mutate and return its argument). */
  mutate?(obj: KubeObject, old: Readonly<KubeObject> | undefined, operation: AdmissionOperation): KubeObject;
  /** Returns the problems found; any problem denies the request. */
  validate?(obj: Readonly<KubeObject>, old: Readonly<KubeObject> | undefined, operation: AdmissionOperation): FieldError[];
  /** HTTP code of a denial. @default 422 */
  denyCode?: number;
}


export function runMutatingHooks(hooks: readonly AdmissionHook[], obj: KubeObject, old: Readonly<KubeObject> | undefined, op: AdmissionOperation): KubeObject {
  let out = obj;
  for (const hook of hooks) if (hook.mutate) out = hook.mutate(out, old, op);
  return out;
}

export function runValidatingHooks(hooks: readonly AdmissionHook[], obj: Readonly<KubeObject>, old: Readonly<KubeObject> | undefined, op: AdmissionOperation): void {
  for (const hook of hooks) {
    const errors = hook.validate?.(obj, old, op) ?? [];
    if (errors.length === 0) continue;
    // As a real cluster answers a denial by Kruise's webhooks (src/webhook): the code and the message only,
    // no reason and no causes, so kubectl prints `admission webhook "…" denied the request: …`.
    const message = `admission webhook "${hook.name}" denied the request: ${admissionDenialMessage(errors)}`;
    throw new ApiError(hook.denyCode ?? 422, '', message);
  }
}

/** The hooks that apply to one group/kind. */
export function hooksFor(hooks: readonly AdmissionHook[], group: string, kind: string): AdmissionHook[] {
  return hooks.filter((h) => h.group === group && h.kind === kind);
}
