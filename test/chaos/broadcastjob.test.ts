// Chaos: a BroadcastJob runs one pod per node to completion under faults, with the controller
// SIGKILLed and a planner worker killed while it runs. Checks: never two pods on one node (a duplicate
// would mean a create was repeated), and the job completes with every node succeeded.
import { describe, it } from 'vitest';
import { podsPerNode } from '../support/invariants.js';
import { chaosRun, expectSurvived, PROFILE_NAMES, runOptions, TEST_TIMEOUT_MS, type Scenario } from './harness.js';

const scenario: Scenario = {
  name: 'sweep',
  kind: 'BroadcastJob',
  path: '/apis/apps.kruise.io/v1alpha1/namespaces/default/broadcastjobs',
  podSelector: 'chaos=sweep',
  manifest: () => ({
    apiVersion: 'apps.kruise.io/v1alpha1', kind: 'BroadcastJob', metadata: { name: 'sweep' },
    spec: {
      template: {
        metadata: { labels: { chaos: 'sweep' } },
        spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox', command: ['/bin/sh', '-c', 'for i in 3 2 1; do echo $i; done'] }] },
      },
    },
  }),
  invariants: () => [podsPerNode({ countTerminating: true })],
  converged(state, { nodes }) {
    const st = (state.workload as any)?.status;
    const complete = st?.conditions?.some((c: any) => c.type === 'Complete' && c.status === 'True');
    const pods = [...state.pods.values()];
    return !!complete && st.succeeded === nodes && st.desired === nodes && pods.length === nodes && pods.every((p) => p.status?.phase === 'Succeeded');
  },
};

describe('chaos: BroadcastJob', () => {
  it.each(PROFILE_NAMES.map((p, i) => [p, 300 + i] as const))('survives %s faults, controller SIGKILLs and a worker kill with every node run exactly once', async (profile, seed) => {
    expectSurvived(await chaosRun(scenario, runOptions(profile, seed)), profile);
  }, TEST_TIMEOUT_MS);
});
