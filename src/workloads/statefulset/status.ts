// StatefulSet status (spec §10): counts over every existing pod (in range and condemned, terminating
// included for replicas/ready), revisions, collision count, selector text, this pass's conditions, and
// rollout completion (currentRevision := updateRevision once every pod is updated and ready).
import type { Pod } from '../../api/index.js';
import { formatLabelSelector } from '../../api/index.js';
import type { SetContext } from './context.js';
import { availableInMs, isRunningAndReady, isTerminating, podRevision } from './pod-state.js';
import type { StatefulSetCondition, StatefulSetStatus } from './types.js';

export function computeStatus(ctx: SetContext, pods: Iterable<Pod>, collisionCount: number, conditions: StatefulSetCondition[]): StatefulSetStatus {
  const current = ctx.currentRevision.metadata?.name ?? '';
  const update = ctx.updateRevision.metadata?.name ?? '';
  const s: StatefulSetStatus = {
    observedGeneration: ctx.set.metadata?.generation,
    replicas: 0,
    readyReplicas: 0,
    availableReplicas: 0,
    currentReplicas: 0,
    updatedReplicas: 0,
    updatedReadyReplicas: 0,
    updatedAvailableReplicas: 0,
    currentRevision: current,
    updateRevision: update,
    collisionCount,
    labelSelector: ctx.set.spec?.selector ? formatLabelSelector(ctx.set.spec.selector) : '',
  };
  for (const pod of pods) {
    s.replicas++;
    const rev = podRevision(pod);
    const ready = isRunningAndReady(pod);
    const available = availableInMs(pod, ctx.minReadySeconds, ctx.nowMs) === 0;
    if (ready) s.readyReplicas++;
    if (available) s.availableReplicas++;
    if (!isTerminating(pod) && rev === current) s.currentReplicas++;
    if (!isTerminating(pod) && rev === update) s.updatedReplicas++;
    if (rev === update && ready) s.updatedReadyReplicas!++;
    if (rev === update && available) s.updatedAvailableReplicas!++;
  }
  if (conditions.length) s.conditions = conditions;
  if (ctx.rollingUpdate && s.updatedReplicas === s.replicas && s.readyReplicas === s.replicas) {
    s.currentRevision = update;
    s.currentReplicas = s.updatedReplicas;
  }
  if (s.observedGeneration === undefined) delete s.observedGeneration;
  return s;
}
