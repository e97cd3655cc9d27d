// Bad-input corpus: valid manifests of the four workloads (the seeds every case starts from and the
// base each bad variant changes one thing in), their collection paths, and YAML for kubectl cases.
import { stringify } from 'yaml';

export const NS = 'default';
export const STS = `/apis/apps.kruise.io/v1beta1/namespaces/${NS}/statefulsets`;
export const DS = `/apis/apps.kruise.io/v1alpha1/namespaces/${NS}/daemonsets`;
export const BJ = `/apis/apps.kruise.io/v1alpha1/namespaces/${NS}/broadcastjobs`;
export const ACJ = `/apis/apps.kruise.io/v1alpha1/namespaces/${NS}/advancedcronjobs`;
export const CM = `/api/v1/namespaces/${NS}/configmaps`;

/** Names of the seeded objects the update cases target. */
export const SEED = { sts: 'web', ds: 'agent', bj: 'probe', acj: 'nightly', cm: 'settings' } as const;

type Obj = Record<string, any>;

const podTemplate = (labels: Obj, restartPolicy?: string): Obj => ({
  metadata: { labels },
  spec: { ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name: 'main', image: 'nginx:1.25' }] },
});

export function statefulSet(name: string, spec: Obj = {}): Obj {
  return {
    apiVersion: 'apps.kruise.io/v1beta1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: { replicas: 3, serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template: podTemplate({ app: 'web' }), ...spec },
  };
}

/** A Parallel StatefulSet with a RollingUpdate strategy carrying `rollingUpdate`. */
export function parallelSts(name: string, rollingUpdate: Obj): Obj {
  return statefulSet(name, { podManagementPolicy: 'Parallel', updateStrategy: { type: 'RollingUpdate', rollingUpdate } });
}

export function daemonSet(name: string, spec: Obj = {}): Obj {
  return {
    apiVersion: 'apps.kruise.io/v1alpha1',
    kind: 'DaemonSet',
    metadata: { name },
    spec: { selector: { matchLabels: { app: 'agent' } }, template: podTemplate({ app: 'agent' }), ...spec },
  };
}

export function dsRolling(name: string, rollingUpdate: Obj): Obj {
  return daemonSet(name, { updateStrategy: { type: 'RollingUpdate', rollingUpdate } });
}

export function broadcastJob(name: string, spec: Obj = {}): Obj {
  return {
    apiVersion: 'apps.kruise.io/v1alpha1',
    kind: 'BroadcastJob',
    metadata: { name },
    spec: { template: podTemplate({ app: 'probe' }, 'Never'), ...spec },
  };
}

export function advancedCronJob(name: string, spec: Obj = {}): Obj {
  return {
    apiVersion: 'apps.kruise.io/v1alpha1',
    kind: 'AdvancedCronJob',
    metadata: { name },
    spec: { schedule: '*/5 * * * *', template: { jobTemplate: { spec: { template: podTemplate({ app: 'nightly' }, 'Never') } } }, ...spec },
  };
}

export function configMap(name: string): Obj {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { mode: 'strict' } };
}

/** The objects created before the corpus runs: `[collection path, object]`. */
export function seedObjects(): [string, Obj][] {
  return [
    [STS, statefulSet(SEED.sts)],
    [DS, daemonSet(SEED.ds)],
    [BJ, broadcastJob(SEED.bj)],
    [ACJ, advancedCronJob(SEED.acj)],
    [CM, configMap(SEED.cm)],
  ];
}

export const yamlOf = (obj: Obj): string => stringify(obj);

/** `"[[[…]]]"` nested `depth` levels. */
export const nestedArrays = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

/** The JSON of `obj` with `raw` (already-encoded JSON) spliced in as the value of `key` right after `anchor`. */
export function spliceRaw(obj: Obj, anchor: string, key: string, raw: string): string {
  const json = JSON.stringify(obj);
  const at = json.indexOf(anchor);
  if (at < 0) throw new Error(`spliceRaw: anchor ${anchor} not found`);
  const end = at + anchor.length;
  return `${json.slice(0, end)}"${key}":${raw},${json.slice(end)}`;
}
