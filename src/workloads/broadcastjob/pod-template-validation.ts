// A small subset of upstream pod-template validation that both job validators run: containers present,
// container names valid and unique, images set — after the JSON types of the template's fields. (The API server validates pods themselves in full.)
import { invalid, required, type FieldError, type PodTemplateSpec } from '../../api/index.js';
import { POD_TEMPLATE_SHAPE, shapeErrors } from '../common/shape.js';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function validatePodTemplate(template: PodTemplateSpec | undefined, path: string): FieldError[] {
  const shape = shapeErrors(template, POD_TEMPLATE_SHAPE, path);
  if (shape.length) return shape;
  const errors: FieldError[] = [];
  const spec = template?.spec;
  if (!spec) return [required(`${path}.spec`)];
  const containers = spec.containers ?? [];
  if (containers.length === 0) errors.push(required(`${path}.spec.containers`));
  const seen = new Set<string>();
  containers.forEach((c, i) => {
    const p = `${path}.spec.containers[${i}]`;
    if (!c.name) errors.push(required(`${p}.name`));
    else if (c.name.length > 63 || !DNS1123_LABEL.test(c.name)) {
      errors.push(invalid(`${p}.name`, c.name, "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character"));
    } else if (seen.has(c.name)) errors.push({ type: 'FieldValueInvalid', field: `${p}.name`, message: 'Duplicate value', value: c.name });
    seen.add(c.name ?? '');
    if (!c.image) errors.push(required(`${p}.image`));
  });
  return errors;
}
