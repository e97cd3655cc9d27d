// Pod identity (spec §4): the pod for ordinal n built from a revision's template — name, owner,
// identity labels, revision label, lifecycle state, hostname/subdomain, claim volumes, the KruisePodReady
// readiness gate — and the
// patch that restores drifted identity labels.
import type { ControllerRevision, Pod } from '../../api/index.js';
import { controllerRefTo } from '../../api/index.js';
import { initialLifecycleState, lifecycleMetadata } from '../common/lifecycle.js';
import { ordinalName } from '../common/ordinals.js';
import { podFromTemplate } from '../common/pod-template.js';
import { withKruisePodReadyGate } from '../common/pod-readiness.js';
import { CONTROLLER_REVISION_HASH_LABEL, templateOfRevision } from '../common/revision.js';
import type { SetContext } from './context.js';
import { withClaimVolumes } from './pvc.js';
import { POD_INDEX_LABEL, POD_NAME_LABEL } from './types.js';

export function newStatefulSetPod(ctx: SetContext, ordinal: number, revision: ControllerRevision): Pod {
  const name = ordinalName(ctx.name, ordinal);
  const template = revision === ctx.updateRevision ? ctx.set.spec?.template : templateOfRevision(revision);
  const labels: Record<string, string> = { [POD_NAME_LABEL]: name, [CONTROLLER_REVISION_HASH_LABEL]: revision.metadata?.name ?? '' };
  if (ctx.gates.PodIndexLabel) labels[POD_INDEX_LABEL] = String(ordinal);
  const pod = podFromTemplate(template, { name, namespace: ctx.namespace, ownerRef: controllerRefTo(ctx.set), labels });
  const lifecycle = lifecycleMetadata(initialLifecycleState(ctx.lifecycle, pod), ctx.nowMs);
  pod.metadata!.labels = { ...pod.metadata!.labels, ...lifecycle.labels };
  pod.metadata!.annotations = { ...(pod.metadata!.annotations ?? {}), ...lifecycle.annotations };
  const spec = withClaimVolumes(pod.spec!, ctx.set, ordinal);
  spec.hostname = name;
  if (ctx.set.spec?.serviceName) spec.subdomain = ctx.set.spec.serviceName;
  pod.spec = withKruisePodReadyGate(spec);
  return pod;
}

/** Labels to restore when the pod's identity drifted (undefined when it matches). */
export function identityRepair(ctx: SetContext, pod: Pod, ordinal: number): Record<string, string> | undefined {
  const labels = pod.metadata?.labels ?? {};
  const name = pod.metadata?.name ?? '';
  const fix: Record<string, string> = {};
  if (labels[POD_NAME_LABEL] !== name) fix[POD_NAME_LABEL] = name;
  if (ctx.gates.PodIndexLabel && labels[POD_INDEX_LABEL] !== String(ordinal)) fix[POD_INDEX_LABEL] = String(ordinal);
  return Object.keys(fix).length ? fix : undefined;
}
