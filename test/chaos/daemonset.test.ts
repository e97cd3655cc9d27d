// Chaos: Advanced DaemonSet surge rollout (maxSurge 1, maxUnavailable 0) under faults, with the
// controller SIGKILLed and a planner worker killed mid-rollout. Checks: per-node pod count within the
// surge bound, never more unavailable nodes than maxUnavailable (test/e2e/daemonset-invariants.ts).
import { describe, it } from 'vitest';
import { daemonSetBudgets, daemonSetMaxUnavailable } from '../e2e/daemonset-invariants.js';
import { isAvailable, podsPerNode } from '../support/invariants.js';
import { chaosRun, expectSurvived, PROFILE_NAMES, runOptions, TEST_TIMEOUT_MS, type Scenario } from './harness.js';

const scenario: Scenario = {
  name: 'agent',
  kind: 'DaemonSet',
  path: '/apis/apps.kruise.io/v1alpha1/namespaces/default/daemonsets',
  podSelector: 'app=chaos-agent',
  manifest: () => ({
    apiVersion: 'apps.kruise.io/v1alpha1', kind: 'DaemonSet', metadata: { name: 'agent' },
    spec: {
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { rollingUpdateType: 'Standard', maxSurge: 1, maxUnavailable: 0 } },
      selector: { matchLabels: { app: 'chaos-agent' } },
      template: { metadata: { labels: { app: 'chaos-agent' } }, spec: { containers: [{ name: 'agent', image: 'agent:1' }] } },
    },
  }),
  rollout: { spec: { template: { spec: { containers: [{ name: 'agent', image: 'agent:2' }] } } } },
  invariants: () => [
    podsPerNode({ countTerminating: true, maxSurge: (ds, state) => daemonSetBudgets(ds, Math.max((ds as any)?.status?.desiredNumberScheduled ?? 0, state.pods.size)).maxSurge }),
    daemonSetMaxUnavailable(),
  ],
  converged(state, { nodes }, rolled) {
    const w = state.workload as any;
    const st = w?.status;
    if (!st || st.observedGeneration !== w.metadata.generation) return false;
    if (st.desiredNumberScheduled !== nodes || st.updatedNumberScheduled !== nodes || st.numberAvailable !== nodes) return false;
    const pods = [...state.pods.values()];
    return pods.length === nodes && pods.every((p) => isAvailable(p) && p.spec?.containers?.[0]?.image === (rolled ? 'agent:2' : 'agent:1'));
  },
};

describe('chaos: Advanced DaemonSet surge rollout', () => {
  it.each(PROFILE_NAMES.map((p, i) => [p, 200 + i] as const))('survives %s faults, controller SIGKILLs and a worker kill with no invariant violated', async (profile, seed) => {
    expectSurvived(await chaosRun(scenario, runOptions(profile, seed)), profile);
  }, TEST_TIMEOUT_MS);
});
