// The embedded API server answers every fidelity scenario as the real kube-apiserver 1.26.5 did when its
// answers were recorded (scripts/compare-apiserver.ts --record): same codes, same Status objects, same
// bodies after normalising names, uids, times and resourceVersions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workloadAdmissionHooks } from '../../src/cli/admission.js';
import { startTestCluster, type TestCluster } from '../support/cluster.js';
import { embeddedClient, type FidelityClient } from './client.js';
import { answerDifferences } from './compare.js';
import { KNOWN_DIFFERENCES } from './known-differences.js';
import { areaOf, loadScenarios, readExpectations } from './load.js';
import { runScenario } from './run.js';

const scenarios = await loadScenarios();

describe('the embedded API server answers as kube-apiserver 1.26.5', () => {
  let cluster: TestCluster;
  let client: FidelityClient;
  beforeAll(async () => {
    cluster = await startTestCluster({ port: 0, admission: workloadAdmissionHooks() });
    client = embeddedClient(cluster.server);
  });
  afterAll(async () => {
    client?.close();
    await cluster?.stop();
  });

  for (const scenario of scenarios) {
    it(`${scenario.id}: ${scenario.title}`, async () => {
      const expected = readExpectations(areaOf(scenario.id))[scenario.id];
      expect(expected, `no answers recorded for ${scenario.id}: run scripts/compare-apiserver.ts --record --only ${scenario.id}`).toBeDefined();
      const run = await runScenario(client, scenario, [cluster.server.url]);
      const differences: string[] = [];
      for (const step of scenario.steps) {
        if (KNOWN_DIFFERENCES[`${scenario.id}#${step.id}`]) continue;
        const want = expected![step.id];
        if (!want) {
          differences.push(`${step.id}: no recorded answer`);
          continue;
        }
        for (const d of answerDifferences(want, run.answers[step.id]!)) differences.push(`${step.id} ${d}`);
      }
      expect(differences).toEqual([]);
    });
  }
});
