// The pod a DaemonSet creates on a node (spec §5): template + default tolerations, revision-hash label,
// the InPlaceUpdateReady readiness gate under InPlaceIfPossible, then the KruisePodReady gate, required
// node affinity replaced by one term pinning the node (no nodeName: the scheduler binds it), generateName
// `<ds>-`, controller ownerRef.
import type { Affinity, Pod, PodSpec, Toleration } from '../../api/index.js';
import { controllerRefTo } from '../../api/index.js';
import type { DaemonSet } from './types.js';
import { INPLACE_UPDATE_READY, POD_TEMPLATE_GENERATION_LABEL, REVISION_HASH_LABEL, TEMPLATE_GENERATION_ANNOTATION } from './types.js';
import { daemonSetDefaultTolerations } from './node-state.js';
import { withKruisePodReadyGate } from '../common/pod-readiness.js';

export interface NewDaemonPodOptions {
  hash: string;
  nodeName: string;
  /** Append the InPlaceUpdateReady readiness gate (rollingUpdateType InPlaceIfPossible). */
  inPlaceReadinessGate: boolean;
  /** The pod's name; when absent the pod carries `generateName: <ds>-`. */
  name?: string;
}

export function newDaemonPod(ds: DaemonSet, o: NewDaemonPodOptions): Pod {
  const template = ds.spec?.template ?? {};
  const tmeta = template.metadata ?? {};
  const labels: Record<string, string> = { ...(tmeta.labels ?? {}), [REVISION_HASH_LABEL]: o.hash };
  const generation = ds.metadata?.annotations?.[TEMPLATE_GENERATION_ANNOTATION];
  if (generation !== undefined) labels[POD_TEMPLATE_GENERATION_LABEL] = generation;
  let spec: PodSpec = { ...(template.spec ?? { containers: [] }) };
  spec.tolerations = withTolerations(spec.tolerations ?? [], daemonSetDefaultTolerations(!!spec.hostNetwork));
  spec.affinity = pinToNode(spec.affinity, o.nodeName);
  if (o.inPlaceReadinessGate && !(spec.readinessGates ?? []).some((g) => g.conditionType === INPLACE_UPDATE_READY)) {
    spec.readinessGates = [...(spec.readinessGates ?? []), { conditionType: INPLACE_UPDATE_READY }];
  }
  spec = withKruisePodReadyGate(spec);
  const metadata: Pod['metadata'] = {
    namespace: ds.metadata?.namespace,
    labels,
    ownerReferences: [controllerRefTo({ apiVersion: ds.apiVersion ?? 'apps.kruise.io/v1alpha1', kind: ds.kind ?? 'DaemonSet', metadata: ds.metadata })],
  };
  if (o.name) metadata.name = o.name;
  else metadata.generateName = `${ds.metadata?.name ?? ''}-`;
  if (tmeta.annotations && Object.keys(tmeta.annotations).length) metadata.annotations = { ...tmeta.annotations };
  if (tmeta.finalizers?.length) metadata.finalizers = [...tmeta.finalizers];
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}

/** Adds each toleration unless an equal one (key, operator, value, effect) is already there. */
function withTolerations(existing: Toleration[], extra: Toleration[]): Toleration[] {
  const out = [...existing];
  for (const t of extra) {
    const same = out.some((e) => e.key === t.key && (e.operator ?? 'Equal') === (t.operator ?? 'Equal') && (e.value ?? '') === (t.value ?? '') && (e.effect ?? '') === (t.effect ?? ''));
    if (!same) out.push(t);
  }
  return out;
}

/** Replaces the required node-affinity terms with one `matchFields metadata.name In [node]` term. */
export function pinToNode(affinity: Affinity | undefined, nodeName: string): Affinity {
  const nodeAffinity = affinity?.nodeAffinity ?? {};
  return {
    ...(affinity ?? {}),
    nodeAffinity: {
      ...nodeAffinity,
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [nodeName] }] }],
      },
    },
  };
}
