// A BroadcastJob's pods: building the pod for one node (labels, owner, the KruisePodReady gate, the required
// node-affinity term list replaced by `matchFields metadata.name In [node]`), a deterministic name per (job, node), reading
// a pod's node back, and classifying pods (succeeded / failed / active / terminating). Pure.
import { cloneJson, type Affinity, type KubeObject, type Pod, type PodSpec } from '../../api/index.js';
import { withKruisePodReadyGate } from '../common/pod-readiness.js';
import { BROADCASTJOB_API_VERSION, BROADCASTJOB_KIND, LABEL_CONTROLLER_UID, LABEL_JOB_NAME, type BroadcastJob } from './types.js';

/** Pod affinity pinned to one node, as Kruise's ReplaceNodeNameNodeAffinity does. */
export function pinToNode(affinity: Affinity | undefined, node: string): Affinity {
  const term = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] };
  const a: Affinity = cloneJson(affinity ?? {});
  const nodeAffinity = { ...(a.nodeAffinity ?? {}) };
  nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = {
    ...(nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution ?? {}),
    nodeSelectorTerms: [term],
  };
  return { ...a, nodeAffinity };
}

/** The node a pod is (or will be) on: spec.nodeName, else the `metadata.name In [node]` affinity field. */
export function nodeNameOfPod(pod: Pod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const f of term.matchFields ?? []) {
      if (f.key === 'metadata.name' && f.operator === 'In') return f.values?.length === 1 ? f.values[0] : undefined;
    }
  }
  return undefined;
}

const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A 5-character suffix in the alphabet generateName uses, from FNV-1a of the text. */
function suffixOf(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let out = '';
  for (let i = 0; i < 5; i++) {
    out += ALPHABET[h % ALPHABET.length];
    h = Math.floor(h / ALPHABET.length) ^ Math.imul(h, 31);
    h >>>= 0;
  }
  return out;
}

/**
 * `<job>-<5 chars>` (the shape generateName gives), but derived from the job's uid and the node so that a
 * plan is deterministic; `taken` names are avoided by salting.
 */
export function podNameFor(job: BroadcastJob, node: string, taken: ReadonlySet<string>): string {
  const base = `${job.metadata?.name ?? ''}-`.slice(0, 58);
  for (let salt = 0; ; salt++) {
    const name = base + suffixOf(`${job.metadata?.uid ?? ''}/${node}${salt ? `/${salt}` : ''}`);
    if (!taken.has(name)) return name;
  }
}

/** The pod the job runs on `node`. */
export function buildPod(job: BroadcastJob, node: string, name: string): Pod {
  const template = job.spec.template ?? {};
  const spec: PodSpec = withKruisePodReadyGate(cloneJson(template.spec ?? { containers: [] }));
  spec.affinity = pinToNode(spec.affinity, node);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      generateName: `${job.metadata?.name ?? ''}-`,
      namespace: job.metadata?.namespace,
      labels: { ...(template.metadata?.labels ?? {}), [LABEL_JOB_NAME]: job.metadata?.name ?? '', [LABEL_CONTROLLER_UID]: job.metadata?.uid ?? '' },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [{
        apiVersion: job.apiVersion ?? BROADCASTJOB_API_VERSION,
        kind: job.kind ?? BROADCASTJOB_KIND,
        name: job.metadata?.name ?? '',
        uid: job.metadata?.uid ?? '',
        controller: true,
        blockOwnerDeletion: true,
      }],
    },
    spec,
  };
}

/** Pods that are the job's: both labels, and the job as controller (the snapshot gives owned pods). */
export function isJobPod(pod: Pick<KubeObject, "metadata">, job: BroadcastJob): boolean {
  const labels = pod.metadata?.labels ?? {};
  return labels[LABEL_JOB_NAME] === job.metadata?.name && labels[LABEL_CONTROLLER_UID] === job.metadata?.uid;
}

export type PodClass = 'succeeded' | 'failed' | 'active' | 'terminating';

/** Step 8 of the reconcile: how a pod counts. */
export function classifyPod(pod: Pod, templateRestartPolicy: string | undefined, restartLimit: number): PodClass {
  if (pod.status?.phase === 'Succeeded') return 'succeeded';
  if (pod.status?.phase === 'Failed') return 'failed';
  if (pod.metadata?.deletionTimestamp != null) return 'terminating';
  if (templateRestartPolicy === 'OnFailure' && restartsOf(pod) > restartLimit) return 'failed';
  return 'active';
}

/** Summed restart counts of init and regular containers. */
export function restartsOf(pod: Pod): number {
  let n = 0;
  for (const s of pod.status?.initContainerStatuses ?? []) n += s.restartCount ?? 0;
  for (const s of pod.status?.containerStatuses ?? []) n += s.restartCount ?? 0;
  return n;
}
