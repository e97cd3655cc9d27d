// JSON shape checks for admission: a wrong-typed field (an object where a list belongs, a string where a
// number belongs …) becomes a FieldError `<path>: Invalid value: "<json type>": must be an array` instead
// of a TypeError deep inside defaulting or validation. Absent and null fields pass (they mean unset).
// Only the fields the workloads read are described; everything else is left to the API server. Pure.
import { invalid, type FieldError } from '../../api/index.js';

export type Shape =
  | 'string'
  | 'integer'
  | 'boolean'
  | 'intOrString'
  | 'object'
  | { fields: Record<string, Shape> }
  | { items: Shape }
  | { values: Shape };

/** The JSON type name Kubernetes prints for a value: "object", "array", "string", "number", "boolean". */
export function jsonTypeOf(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return typeof v === 'bigint' ? 'number' : typeof v;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every wrong-typed field under `value` (described by `shape`), with paths like `spec.containers[0].name`. */
export function shapeErrors(value: unknown, shape: Shape, path: string): FieldError[] {
  const out: FieldError[] = [];
  collect(value, shape, path, out);
  return out;
}

// Runs on every admission request: one output array, no per-level allocations on the happy path.
function collect(value: unknown, shape: Shape, path: string, out: FieldError[]): void {
  if (value === undefined || value === null) return;
  if (typeof shape === 'string') {
    const what = scalarProblem(value, shape);
    if (what !== undefined) out.push(invalid(path, jsonTypeOf(value), `must be ${what}`));
    return;
  }
  if ('items' in shape) {
    if (!Array.isArray(value)) return void out.push(invalid(path, jsonTypeOf(value), 'must be an array'));
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (item === null) out.push(invalid(`${path}[${i}]`, 'null', 'must be not null'));
      else collect(item, shape.items, `${path}[${i}]`, out);
    }
    return;
  }
  if (!isPlainObject(value)) return void out.push(invalid(path, jsonTypeOf(value), 'must be an object'));
  if ('values' in shape) {
    for (const k in value) {
      const v = value[k];
      if (v === null) out.push(invalid(`${path}[${k}]`, 'null', 'must be not null'));
      else collect(v, shape.values, `${path}[${k}]`, out);
    }
    return;
  }
  for (const k in shape.fields) {
    const v = value[k];
    if (v !== undefined && v !== null) collect(v, shape.fields[k]!, `${path}.${k}`, out);
  }
}

/** What a scalar shape wants when `value` does not fit it. */
function scalarProblem(value: unknown, shape: 'string' | 'integer' | 'boolean' | 'intOrString' | 'object'): string | undefined {
  switch (shape) {
    case 'string':
      return typeof value === 'string' ? undefined : 'a string';
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'a boolean';
    case 'integer':
      return Number.isInteger(value) ? undefined : 'an integer';
    case 'intOrString':
      return Number.isInteger(value) || typeof value === 'string' ? undefined : 'an integer or a string';
    case 'object':
      return isPlainObject(value) ? undefined : 'an object';
  }
}

// ---- shared descriptions ---------------------------------------------------------------------

const STRING_MAP: Shape = { values: 'string' };

export const LABEL_SELECTOR_SHAPE: Shape = {
  fields: {
    matchLabels: STRING_MAP,
    matchExpressions: { items: { fields: { key: 'string', operator: 'string', values: { items: 'string' } } } },
  },
};

export const OBJECT_META_SHAPE: Shape = {
  fields: { name: 'string', labels: STRING_MAP, annotations: STRING_MAP, finalizers: { items: 'string' } },
};

const PROBE_SHAPE: Shape = {
  fields: {
    httpGet: { fields: { path: 'string', scheme: 'string', port: 'intOrString' } },
    timeoutSeconds: 'integer', periodSeconds: 'integer', successThreshold: 'integer', failureThreshold: 'integer',
  },
};

const CONTAINER_SHAPE: Shape = {
  fields: {
    name: 'string',
    image: 'string',
    imagePullPolicy: 'string',
    command: { items: 'string' },
    args: { items: 'string' },
    ports: { items: { fields: { name: 'string', containerPort: 'integer', hostPort: 'integer', protocol: 'string' } } },
    env: { items: { fields: { name: 'string', value: 'string', valueFrom: { fields: { fieldRef: { fields: { apiVersion: 'string', fieldPath: 'string' } } } } } } },
    resources: { fields: { requests: { values: 'intOrString' }, limits: { values: 'intOrString' } } },
    livenessProbe: PROBE_SHAPE,
    readinessProbe: PROBE_SHAPE,
    startupProbe: PROBE_SHAPE,
    terminationMessagePath: 'string',
    terminationMessagePolicy: 'string',
  },
};

const WITH_MODE: Shape = { fields: { name: 'string', defaultMode: 'integer' } };

const NODE_SELECTOR_TERMS: Shape = {
  items: { fields: { matchExpressions: { items: 'object' }, matchFields: { items: 'object' } } },
};

export const POD_SPEC_SHAPE: Shape = {
  fields: {
    containers: { items: CONTAINER_SHAPE },
    initContainers: { items: CONTAINER_SHAPE },
    volumes: { items: { fields: { name: 'string', configMap: WITH_MODE, secret: WITH_MODE, downwardAPI: WITH_MODE, projected: WITH_MODE, hostPath: { fields: { path: 'string', type: 'string' } } } } },
    readinessGates: { items: { fields: { conditionType: 'string' } } },
    restartPolicy: 'string',
    dnsPolicy: 'string',
    schedulerName: 'string',
    nodeName: 'string',
    hostNetwork: 'boolean',
    terminationGracePeriodSeconds: 'integer',
    activeDeadlineSeconds: 'integer',
    securityContext: 'object',
    nodeSelector: STRING_MAP,
    tolerations: { items: { fields: { key: 'string', operator: 'string', value: 'string', effect: 'string', tolerationSeconds: 'integer' } } },
    affinity: {
      fields: {
        nodeAffinity: {
          fields: {
            requiredDuringSchedulingIgnoredDuringExecution: { fields: { nodeSelectorTerms: NODE_SELECTOR_TERMS } },
            preferredDuringSchedulingIgnoredDuringExecution: { items: 'object' },
          },
        },
      },
    },
  },
};

export const POD_TEMPLATE_SHAPE: Shape = { fields: { metadata: OBJECT_META_SHAPE, spec: POD_SPEC_SHAPE } };

export const LIFECYCLE_HOOK_SHAPE: Shape = { fields: { labelsHandler: STRING_MAP, finalizersHandler: { items: 'string' }, markPodNotReady: 'boolean' } };

export const LIFECYCLE_SHAPE: Shape = { fields: { preDelete: LIFECYCLE_HOOK_SHAPE, inPlaceUpdate: LIFECYCLE_HOOK_SHAPE, preNormal: LIFECYCLE_HOOK_SHAPE } };
