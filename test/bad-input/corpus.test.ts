// Bad-input corpus (issue 10): every case of corpus.ts against one embedded API server running the
// workloads' admission hooks (no controller, so nothing else writes). A case passes when the input is
// rejected with the expected code, Status reason, field path and rule wording, and the stored objects
// (and the server's resourceVersion) are exactly as before. Known bugs run as expected failures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workloadAdmissionHooks } from '../../src/cli/admission.js';
import { startTestCluster, type TestCluster } from '../support/cluster.js';
import { httpProblems, kubectlProblems } from './check.js';
import { CORPUS, duplicateIds, type BadInputCase } from './corpus.js';
import { SEED, seedObjects, STS } from './fixtures.js';
import { rawClient, type RawClient } from './http.js';
import { diffSnapshots, takeSnapshot } from './snapshot.js';

/** `BAD_INPUT_SHOW_BUGS=1` runs the known bugs as ordinary tests, to read why each one fails. */
const SHOW_BUGS = process.env.BAD_INPUT_SHOW_BUGS === '1';

interface Outcome {
  rejectedAsExpected: boolean;
  storeChanged: boolean;
}

let cluster: TestCluster;
let client: RawClient;
let seededWeb: string;
const outcomes = new Map<string, Outcome>();

beforeAll(async () => {
  cluster = await startTestCluster({ port: 0, admission: workloadAdmissionHooks() });
  client = rawClient(cluster.server);
  for (const [path, obj] of seedObjects()) {
    const res = await client.send({ method: 'POST', path, body: JSON.stringify(obj), contentType: 'application/json' });
    if (res.status !== 201) throw new Error(`seeding ${path}: ${res.status} ${res.text.slice(0, 300)}`);
  }
  seededWeb = (await client.send({ method: 'GET', path: `${STS}/${SEED.sts}` })).text;
});

afterAll(async () => {
  const total = CORPUS.length;
  const rejected = [...outcomes.values()].filter((o) => o.rejectedAsExpected).length;
  const changed = [...outcomes.values()].filter((o) => o.storeChanged).length;
  const bugs = CORPUS.filter((c) => c.bug).length;
  const kubectlCases = CORPUS.filter((c) => c.input.kind === 'kubectl').length;
  console.log(
    `bad-input: ${total} cases (${total - kubectlCases} HTTP, ${kubectlCases} kubectl), ${rejected} rejected with the expected code and the field named, ` +
      `${changed} changed stored objects, ${bugs} known bugs run as expected failures`,
  );
  client?.close();
  await cluster?.stop();
});

async function runCase(c: BadInputCase): Promise<void> {
  const before = await takeSnapshot(client);
  const problems =
    c.input.kind === 'http'
      ? httpProblems(await client.send(c.input.request), c.expect)
      : kubectlProblems(await cluster.kubectl(c.input.args, c.input.stdin), c.expect);
  const changes = diffSnapshots(before, await takeSnapshot(client));
  outcomes.set(c.id, { rejectedAsExpected: problems.length === 0, storeChanged: changes.length > 0 });
  expect({ problems, changes }, `${c.id} (${c.rule})`).toEqual({ problems: [], changes: [] });
}

describe('the bad-input corpus', () => {
  it('names each case once and covers every group', () => {
    expect(duplicateIds(CORPUS)).toEqual([]);
    expect(new Set(CORPUS.map((c) => c.group)).size).toBeGreaterThanOrEqual(12);
  });

  for (const c of CORPUS) {
    const title = `${c.group}: ${c.id} is rejected (${c.rule}) and nothing stored changes`;
    if (c.bug && !SHOW_BUGS) it.fails(`${title} [BUG: ${c.bug}]`, () => runCase(c));
    else it(title, () => runCase(c));
  }

  it('leaves the server answering, and the seeded StatefulSet as seeded, after the whole corpus', async () => {
    expect((await client.send({ method: 'GET', path: '/healthz' })).status).toBe(200);
    expect((await client.send({ method: 'GET', path: `${STS}/${SEED.sts}` })).text).toBe(seededWeb);
  });
});
