// The pod spec checks kube-apiserver 1.26 makes on every pod write (pkg/apis/core/validation: ValidatePodSpec,
// validateContainers), for the mistakes a client makes most: no containers, a container without name or
// image, duplicate or malformed container names, unknown restart/DNS/pull policies, a zero deadline, a port
// without number. Causes come in the real server's order, after defaulting (restartPolicy, dnsPolicy and
// imagePullPolicy already filled in). Pure.
import type { StatusCause } from './errors.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_LABEL_RULE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const MAX_INT32 = 2147483647;

const required = (field: string): StatusCause => ({ reason: 'FieldValueRequired', message: 'Required value', field });
const invalidValue = (field: string, value: unknown, detail: string): StatusCause => ({ reason: 'FieldValueInvalid', message: `Invalid value: ${JSON.stringify(value)}: ${detail}`, field });
const notSupported = (field: string, value: unknown, supported: string[]): StatusCause => ({
  reason: 'FieldValueNotSupported',
  message: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`,
  field,
});

type Container = { name?: unknown; image?: unknown; imagePullPolicy?: unknown; ports?: { containerPort?: unknown }[] };

/** Every problem of a (defaulted) pod spec, as causes of a 422 on the pod. */
export function podSpecProblems(spec: Record<string, unknown> | undefined): StatusCause[] {
  const s = spec ?? {};
  const out: StatusCause[] = [];
  const names = new Set<string>();
  const init = Array.isArray(s.initContainers) ? (s.initContainers as Container[]) : [];
  const containers = Array.isArray(s.containers) ? (s.containers as Container[]) : [];
  init.forEach((c, i) => out.push(...containerProblems(c, `spec.initContainers[${i}]`, names)));
  if (containers.length === 0) out.push(required('spec.containers'));
  containers.forEach((c, i) => out.push(...containerProblems(c, `spec.containers[${i}]`, names)));
  if (s.restartPolicy !== undefined && !['Always', 'OnFailure', 'Never'].includes(s.restartPolicy as string)) {
    out.push(notSupported('spec.restartPolicy', s.restartPolicy, ['Always', 'OnFailure', 'Never']));
  }
  if (s.dnsPolicy !== undefined && !['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'].includes(s.dnsPolicy as string)) {
    out.push(notSupported('spec.dnsPolicy', s.dnsPolicy, ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']));
  }
  const deadline = s.activeDeadlineSeconds;
  if (typeof deadline === 'number' && (deadline < 1 || deadline > MAX_INT32)) {
    out.push(invalidValue('spec.activeDeadlineSeconds', deadline, `must be between 1 and ${MAX_INT32}, inclusive`));
  }
  return out;
}

function containerProblems(c: Container, path: string, names: Set<string>): StatusCause[] {
  const out: StatusCause[] = [];
  const name = typeof c.name === 'string' ? c.name : '';
  if (name === '') out.push(required(`${path}.name`));
  else if (name.length > 63) out.push(invalidValue(`${path}.name`, name, 'must be no more than 63 characters'));
  else if (!DNS1123_LABEL.test(name)) out.push(invalidValue(`${path}.name`, name, DNS1123_LABEL_RULE));
  if (names.has(name)) out.push({ reason: 'FieldValueDuplicate', message: `Duplicate value: ${JSON.stringify(name)}`, field: `${path}.name` });
  else names.add(name);
  if (typeof c.image !== 'string' || c.image === '') out.push(required(`${path}.image`));
  (Array.isArray(c.ports) ? c.ports : []).forEach((p, i) => {
    const port = p?.containerPort;
    if (port === undefined || port === 0) out.push(required(`${path}.ports[${i}].containerPort`));
    else if (typeof port === 'number' && (port < 1 || port > 65535)) out.push(invalidValue(`${path}.ports[${i}].containerPort`, port, 'must be between 1 and 65535, inclusive'));
  });
  if (c.imagePullPolicy !== undefined && !['Always', 'IfNotPresent', 'Never'].includes(c.imagePullPolicy as string)) {
    out.push(notSupported(`${path}.imagePullPolicy`, c.imagePullPolicy, ['Always', 'IfNotPresent', 'Never']));
  }
  return out;
}
