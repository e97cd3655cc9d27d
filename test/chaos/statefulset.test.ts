// Chaos: Advanced StatefulSet (Parallel, maxUnavailable 2, in-place image update) under faults, with
// the controller SIGKILLed and a planner worker killed mid-rollout.
import { describe, it } from 'vitest';
import { isAvailable, REVISION_LABEL, statefulSetInvariants } from '../support/invariants.js';
import { chaosRun, expectSurvived, PROFILE_NAMES, runOptions, TEST_TIMEOUT_MS, type Scenario } from './harness.js';

const scenario: Scenario = {
  name: 'web',
  kind: 'StatefulSet',
  path: '/apis/apps.kruise.io/v1beta1/namespaces/default/statefulsets',
  podSelector: 'app=chaos-web',
  manifest: (size) => ({
    apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', metadata: { name: 'web' },
    spec: {
      replicas: size, podManagementPolicy: 'Parallel', serviceName: 'web',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { podUpdatePolicy: 'InPlaceIfPossible', maxUnavailable: 2 } },
      selector: { matchLabels: { app: 'chaos-web' } },
      template: { metadata: { labels: { app: 'chaos-web' } }, spec: { readinessGates: [{ conditionType: 'InPlaceUpdateReady' }], containers: [{ name: 'nginx', image: 'nginx:1.7.9' }] } },
    },
  }),
  rollout: { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.9.1' }] } } } },
  invariants: () => statefulSetInvariants(),
  converged(state, { replicas: size }, rolled) {
    const w = state.workload as any;
    const st = w?.status;
    if (!st || st.observedGeneration !== w.metadata.generation || !st.updateRevision) return false;
    if (st.updatedReplicas !== size || st.readyReplicas !== size || st.currentRevision !== st.updateRevision) return false;
    const pods = [...state.pods.values()];
    return pods.length === size && pods.every((p) => isAvailable(p) && p.metadata?.labels?.[REVISION_LABEL] === st.updateRevision && p.spec?.containers?.[0]?.image === (rolled ? 'nginx:1.9.1' : 'nginx:1.7.9'));
  },
};

describe('chaos: Advanced StatefulSet rollout (Parallel, maxUnavailable, in place)', () => {
  it.each(PROFILE_NAMES.map((p, i) => [p, 100 + i] as const))(
    'survives %s faults, controller SIGKILLs and a worker kill with no invariant violated',
    { timeout: TEST_TIMEOUT_MS },
    async (profile, seed) => {
      expectSurvived(await chaosRun(scenario, runOptions(profile, seed)), profile);
    },
  );
});
