// Event reasons and messages of the StatefulSet controller (spec README "Events"), attached to actions
// as onSuccess/onFailure so they are recorded only when the write succeeds or fails. `{err}` is
// replaced by the executor with the error text.
import type { PlanEvent } from '../../api/index.js';

export interface ActionEvents {
  onSuccess: PlanEvent;
  onFailure: PlanEvent;
}

export type PodVerb = 'create' | 'delete' | 'update';

const REASONS: Record<PodVerb, [string, string]> = {
  create: ['SuccessfulCreate', 'FailedCreate'],
  delete: ['SuccessfulDelete', 'FailedDelete'],
  update: ['SuccessfulUpdate', 'FailedUpdate'],
};

export function podEvents(verb: PodVerb, setName: string, podName: string): ActionEvents {
  const [ok, fail] = REASONS[verb];
  return {
    onSuccess: { type: 'Normal', reason: ok, message: `${verb} Pod ${podName} in StatefulSet ${setName} successful` },
    onFailure: { type: 'Warning', reason: fail, message: `${verb} Pod ${podName} in StatefulSet ${setName} failed error: {err}` },
  };
}

export function claimEvents(setName: string, claimName: string, podName: string): ActionEvents {
  return {
    onSuccess: { type: 'Normal', reason: 'SuccessfulCreate', message: `create Claim ${claimName} Pod ${podName} in StatefulSet ${setName} success` },
    onFailure: { type: 'Warning', reason: 'FailedCreate', message: `create Claim ${claimName} for Pod ${podName} in StatefulSet ${setName} failed error: {err}` },
  };
}

export function inPlaceEvents(podName: string, revision: string): ActionEvents {
  return {
    onSuccess: { type: 'Normal', reason: 'SuccessfulUpdatePodInPlace', message: `successfully update pod ${podName} in-place(revision ${revision})` },
    onFailure: { type: 'Warning', reason: 'FailedUpdatePodInPlace', message: `failed to update pod ${podName} in-place(revision ${revision}): {err}` },
  };
}
