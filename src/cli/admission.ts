// Wires the workloads' defaulting and validation (Kruise's admission webhooks) into the embedded API
// server as in-process admission hooks. Kruise answers some denials with 500 (BroadcastJob always,
// DaemonSet on create) because its webhook wraps the error as an internal one; kactor answers 422
// Invalid for every validation failure — a rejected manifest is the client's error, not the server's.
import type { AdmissionHook } from '../cluster/apiserver/index.js';
import { admission } from '../workloads/index.js';

export function workloadAdmissionHooks(): AdmissionHook[] {
  return admission.map((a) => ({
    group: a.group,
    kind: a.kind,
    name: a.validatingName,
    // Status writes go through /status, which admission does not see; DELETE is not defaulted.
    mutate: (obj, old, op) => (op === 'DELETE' ? obj : a.mutate(obj, old as never)),
    validate: (obj, old, op) => (op === 'DELETE' ? [] : a.validate(obj as never, old as never)),
    denyCode: 422,
  }));
}
