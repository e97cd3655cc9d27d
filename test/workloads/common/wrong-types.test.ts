// Admission of wrong-typed fields (bad-input: "containers.forEach is not a function"): for each of the
// four workloads, every field of a rich valid object is replaced by a value of each other JSON type; the
// defaulting (which runs first) and the validation never throw, and a field the workload reads as a list,
// object, string or number is rejected with a FieldError naming it (`must be an array` …).
import { describe, expect, it } from 'vitest';
import { formatFieldError, type KubeObject } from '../../../src/api/index.js';
import { admission } from '../../../src/workloads/index.js';

const container = {
  name: 'main', image: 'nginx:1', command: ['sh'], args: ['-c'], ports: [{ containerPort: 80, protocol: 'TCP' }],
  env: [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
  resources: { requests: { cpu: '100m' } }, readinessProbe: { httpGet: { path: '/', port: 80 } },
};
const podSpec = (restartPolicy: string) => ({
  restartPolicy, containers: [container], initContainers: [{ name: 'init', image: 'busybox' }], volumes: [{ name: 'v', configMap: { name: 'c' } }],
  readinessGates: [{ conditionType: 'InPlaceUpdateReady' }], nodeSelector: { disk: 'ssd' }, tolerations: [{ key: 'k', operator: 'Exists' }],
  affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [] }] } } },
});
const template = (restartPolicy: string) => ({ metadata: { labels: { app: 'a' }, annotations: { x: 'y' } }, spec: podSpec(restartPolicy) });
const selector = { matchLabels: { app: 'a' }, matchExpressions: [{ key: 'app', operator: 'In', values: ['a'] }] };
const hook = { labelsHandler: { h: 'true' }, finalizersHandler: ['f/x'], markPodNotReady: true };

const FIXTURES: Record<string, KubeObject> = {
  StatefulSet: {
    apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', metadata: { name: 'web' },
    spec: {
      replicas: 3, selector, template: template('Always'), serviceName: 'web', podManagementPolicy: 'Parallel', reserveOrdinals: [1, '3-4'],
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0, maxUnavailable: '50%', podUpdatePolicy: 'InPlaceIfPossible', minReadySeconds: 1, inPlaceUpdateStrategy: { gracePeriodSeconds: 1 }, unorderedUpdate: { priorityStrategy: { weightPriority: [{ weight: 50, matchSelector: { matchLabels: { t: 'a' } } }] } } } },
      lifecycle: { preDelete: hook, inPlaceUpdate: hook }, scaleStrategy: { maxUnavailable: 1 }, ordinals: { start: 0 },
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Delete' }, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: {} }],
    },
  },
  DaemonSet: {
    apiVersion: 'apps.kruise.io/v1alpha1', kind: 'DaemonSet', metadata: { name: 'agent' },
    spec: {
      selector, template: template('Always'), minReadySeconds: 1, burstReplicas: 10, revisionHistoryLimit: 3, lifecycle: { preDelete: hook },
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { rollingUpdateType: 'Standard', maxUnavailable: 1, selector: { matchLabels: { n: 'x' } }, partition: 0, paused: false } },
    },
  },
  BroadcastJob: {
    apiVersion: 'apps.kruise.io/v1alpha1', kind: 'BroadcastJob', metadata: { name: 'probe' },
    spec: { parallelism: 2, template: template('Never'), completionPolicy: { type: 'Always', ttlSecondsAfterFinished: 5, activeDeadlineSeconds: 10 }, failurePolicy: { type: 'FailFast', restartLimit: 1 }, paused: false },
  },
  AdvancedCronJob: {
    apiVersion: 'apps.kruise.io/v1alpha1', kind: 'AdvancedCronJob', metadata: { name: 'cron' },
    spec: {
      schedule: '*/5 * * * *', timeZone: 'Europe/Paris', concurrencyPolicy: 'Allow', startingDeadlineSeconds: 10, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, paused: false,
      template: { broadcastJobTemplate: { metadata: { labels: { a: 'b' } }, spec: { template: template('Never') } } },
    },
  },
};

const WRONG: unknown[] = [{ a: 1 }, ['x'], 'text', 7, 1.5, true, null];

/** Every path under `spec` (objects and arrays walked), with the value there. */
function paths(v: unknown, prefix: (string | number)[] = []): Array<[(string | number)[], unknown]> {
  const out: Array<[(string | number)[], unknown]> = [[prefix, v]];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  return out;
}

function replaced(obj: KubeObject, path: (string | number)[], value: unknown): KubeObject {
  const copy = structuredClone(obj) as Record<string, unknown>;
  let at: Record<string | number, unknown> = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  at[path.at(-1)!] = value;
  return copy as KubeObject;
}

const sameJsonType = (a: unknown, b: unknown) =>
  (Array.isArray(a) ? 'array' : a === null ? 'null' : typeof a) === (Array.isArray(b) ? 'array' : b === null ? 'null' : typeof b);

describe.each(admission.map((a) => [a.kind, a] as const))('%s admission with wrong-typed fields', (kind, hooks) => {
  const base = FIXTURES[kind]!;

  it('accepts the rich fixture as it is', () => {
    expect(hooks.validate(hooks.mutate(structuredClone(base), undefined), undefined).map(formatFieldError)).toEqual([]);
  });

  it('never throws in defaulting or validation, on create and update, whatever JSON type a field has', () => {
    let cases = 0;
    for (const [path] of paths(base.spec).filter(([p]) => p.length > 0)) {
      for (const value of WRONG) {
        const obj = replaced(base, ['spec', ...path], value);
        cases++;
        expect(() => hooks.validate(hooks.mutate(structuredClone(obj), undefined), undefined), `spec.${path.join('.')} = ${JSON.stringify(value)}`).not.toThrow();
        expect(() => hooks.validate(hooks.mutate(structuredClone(obj), base), base), `update spec.${path.join('.')}`).not.toThrow();
      }
    }
    for (const value of WRONG) expect(() => hooks.validate(hooks.mutate(replaced(base, ['spec'], value), undefined), undefined)).not.toThrow();
    expect(cases).toBeGreaterThan(100);
  });

  it('rejects a list, object or scalar of the wrong JSON type with an error naming the field', () => {
    const misses: string[] = [];
    for (const [path, good] of paths(base.spec).filter(([p]) => p.length > 0)) {
      if (good === null || typeof good === 'boolean') continue;
      const field = `spec${path.map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('')}`.replace(/\.(labels|annotations|matchLabels|nodeSelector|requests|labelsHandler)\.([^.[]+)/, '.$1[$2]');
      for (const value of WRONG) {
        if (value === null || sameJsonType(value, good)) continue;
        if (typeof good === 'number' && typeof value === 'string' && /maxUnavailable|parallelism|burstReplicas|reserveOrdinals|port/.test(field)) continue; // int-or-string
        if (typeof good === 'string' && typeof value === 'number' && /maxUnavailable|parallelism|reserveOrdinals|requests|port/.test(field)) continue;
        const errors = hooks.validate(hooks.mutate(replaced(base, ['spec', ...path], value), undefined), undefined);
        if (!errors.some((e) => e.field === field)) misses.push(`${field} = ${JSON.stringify(value)} → ${errors.map(formatFieldError).join(' | ') || 'accepted'}`);
      }
    }
    expect(misses).toEqual([]);
  });
});

describe('the bad-input cases (containers as an object or a string)', () => {
  it.each([
    ['StatefulSet', { name: 'main', image: 'nginx' }, 'spec.template.spec.containers: Invalid value: "object": must be an array'],
    ['StatefulSet', 'nginx', 'spec.template.spec.containers: Invalid value: "string": must be an array'],
    ['DaemonSet', { name: 'main', image: 'busybox' }, 'spec.template.spec.containers: Invalid value: "object": must be an array'],
    ['BroadcastJob', 'busybox', 'spec.template.spec.containers: Invalid value: "string": must be an array'],
    ['AdvancedCronJob', { name: 'main' }, 'spec.template.broadcastJobTemplate.spec.template.spec.containers: Invalid value: "object": must be an array'],
  ])('%s with containers %j: %s', (kind, containers, message) => {
    const hooks = admission.find((a) => a.kind === kind)!;
    const path = kind === 'AdvancedCronJob' ? ['spec', 'template', 'broadcastJobTemplate', 'spec', 'template', 'spec', 'containers'] : ['spec', 'template', 'spec', 'containers'];
    const obj = replaced(FIXTURES[kind]!, path, containers);
    expect(hooks.validate(hooks.mutate(obj, undefined), undefined).map(formatFieldError)).toEqual([message]);
  });
});
