// The ServiceAccount admission plugin on pod creation (pure over a ServiceAccount lookup): serviceAccountName
// defaults to `default` (or the deprecated serviceAccount), the account must exist (403 otherwise), and unless
// automountServiceAccountToken is false (pod, else account) every container and init container mounts the
// projected `kube-api-access-<5 chars>` volume at /var/run/secrets/kubernetes.io/serviceaccount.
// The pod's imagePullSecrets default to the account's.
import type { KubeObject } from '../../../api/objects.js';
import { forbiddenFor } from '../namespaces/lifecycle.js';
import { randomSuffix } from '../prepare.js';

export const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';
const VOLUME_PREFIX = 'kube-api-access-';
/** serviceaccount.WarnOnlyBoundTokenExpirationSeconds: 1 h + 7 s. */
const TOKEN_EXPIRATION_SECONDS = 3607;

interface Container { volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[] }
interface PodSpec {
  serviceAccountName?: string;
  serviceAccount?: string;
  automountServiceAccountToken?: boolean;
  imagePullSecrets?: { name: string }[];
  volumes?: { name: string }[];
  containers?: Container[];
  initContainers?: Container[];
}
interface ServiceAccount { automountServiceAccountToken?: boolean; imagePullSecrets?: { name: string }[] }

export function tokenVolumeSource(): Record<string, unknown> {
  return {
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { expirationSeconds: TOKEN_EXPIRATION_SECONDS, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
  };
}

/** The name admission reports a pod by: its name, or the generateName it was made from. */
function admissionName(pod: Readonly<KubeObject>): string {
  const { name = '', generateName } = pod.metadata ?? {};
  return generateName && name.startsWith(generateName) && name.length === generateName.length + 5 ? generateName : name;
}

export function admitServiceAccount(pod: KubeObject, lookup: (ns: string, name: string) => Readonly<KubeObject> | undefined): KubeObject {
  if (pod.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined) return pod;
  const spec = (pod.spec ??= {}) as PodSpec;
  const ns = pod.metadata?.namespace ?? '';
  spec.serviceAccountName ||= spec.serviceAccount || 'default';
  spec.serviceAccount = spec.serviceAccountName;
  const account = lookup(ns, spec.serviceAccountName) as ServiceAccount | undefined;
  if (!account) {
    const why = `error looking up service account ${ns}/${spec.serviceAccountName}: serviceaccount ${JSON.stringify(spec.serviceAccountName)} not found`;
    throw forbiddenFor('', 'pods', admissionName(pod), why);
  }
  if ((spec.automountServiceAccountToken ?? account.automountServiceAccountToken ?? true) === true) mountToken(spec);
  if (!spec.imagePullSecrets?.length && account.imagePullSecrets?.length) spec.imagePullSecrets = account.imagePullSecrets.map((s) => ({ name: s.name }));
  return pod;
}

function mountToken(spec: PodSpec): void {
  const existing = spec.volumes?.find((v) => v.name.startsWith(VOLUME_PREFIX));
  const volumeName = existing?.name ?? VOLUME_PREFIX + randomSuffix();
  let needed = false;
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    if ((c.volumeMounts ?? []).some((m) => m.mountPath === TOKEN_MOUNT_PATH)) continue;
    c.volumeMounts = [...(c.volumeMounts ?? []), { name: volumeName, readOnly: true, mountPath: TOKEN_MOUNT_PATH }];
    needed = true;
  }
  if (!existing && needed) spec.volumes = [...(spec.volumes ?? []), { name: volumeName, projected: tokenVolumeSource() } as { name: string }];
}
