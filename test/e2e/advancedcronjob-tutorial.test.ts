// Tutorial section 4 (AdvancedCronJob) replayed with kubectl against the embedded stack over two real minute
// boundaries: acj-test (07-acj-demo1.yaml) creates acj-test-<unix seconds of the scheduled minute> each
// minute, whose BroadcastJob completes on node1 and node2 and is removed by its TTL (and not run again);
// a jobTemplate AdvancedCronJob creates batch/v1 Jobs that the simulator's Job runner completes; history
// limits prune successful and failed children. The file takes up to ~2 minutes and 15 s (it waits for
// two minute boundaries).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbedded, type Embedded } from '../support/embedded.js';
import { getJson, items, row, run, sleep, table, until, watchObjects, type ObjectWatch } from '../support/jobs-e2e.js';

const MANIFEST = readFileSync(new URL('./manifests/07-acj-demo1.yaml', import.meta.url), 'utf8');
const MINUTE_TIMEOUT = 90_000;

let k: Embedded;
const kubectl = (args: string[], input?: string) => k.kubectl(args, input);
/** The first and second minute boundaries after the AdvancedCronJobs were created (epoch ms). */
let m1 = 0;
let m2 = 0;
/** Every BroadcastJob's latest version and deletion time, so short-lived children are still observed. */
let bcjWatch: ObjectWatch;
const unix = (ms: number) => Math.floor(ms / 1000);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

const container = { name: 'c', image: 'busybox', command: ['sh', '-c', 'echo hi'] };

/** A Job-template ACJ keeping one successful child. */
const acjJob = {
  apiVersion: 'apps.kruise.io/v1alpha1',
  kind: 'AdvancedCronJob',
  metadata: { name: 'acj-job' },
  spec: {
    schedule: '*/1 * * * *',
    successfulJobsHistoryLimit: 1,
    template: { jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [container] } } } } },
  },
};

/** A BroadcastJob-template ACJ whose pods fail (simulator outcome) and which keeps no failed child. */
const acjFail = {
  apiVersion: 'apps.kruise.io/v1alpha1',
  kind: 'AdvancedCronJob',
  metadata: { name: 'acj-fail' },
  spec: {
    schedule: '*/1 * * * *',
    failedJobsHistoryLimit: 0,
    template: {
      broadcastJobTemplate: {
        spec: {
          template: { metadata: { annotations: { 'sim.kactor.io/outcome': 'Failed' } }, spec: { restartPolicy: 'Never', containers: [container] } },
        },
      },
    },
  },
};

const bcjPods = (job: string) => items(kubectl, ['pods', '-l', `broadcastjob-name=${job}`]);
const exists = async (kind: string, name: string) => (await kubectl(['get', kind, name])).code === 0;

beforeAll(async () => {
  k = await startEmbedded();
  bcjWatch = await watchObjects(k.kubeconfigPath, { apiVersion: 'apps.kruise.io/v1alpha1', kind: 'BroadcastJob', plural: 'broadcastjobs', namespaced: true });
  // The three AdvancedCronJobs must be created within one minute: if a boundary is near, start after it.
  const toBoundary = 60_000 - (Date.now() % 60_000);
  if (toBoundary < 8_000) await new Promise((r) => setTimeout(r, toBoundary + 250));
  await run(kubectl, ['apply', '-f', '-'], MANIFEST);
  await run(kubectl, ['apply', '-f', '-'], JSON.stringify(acjJob));
  await run(kubectl, ['apply', '-f', '-'], JSON.stringify(acjFail));
  const created = await Promise.all(['acj-test', 'acj-job', 'acj-fail'].map(async (n) => Date.parse((await getJson(kubectl, ['acj', n])).metadata.creationTimestamp)));
  // creationTimestamp is truncated to the second: the first boundary strictly after the latest one.
  m1 = Math.floor(Math.max(...created) / 60_000) * 60_000 + 60_000;
  m2 = m1 + 60_000;
}, 60_000);

afterAll(async () => {
  await bcjWatch?.stop();
  await k?.stop();
});

describe('tutorial 4.1: kubectl apply -f 07-acj-demo1.yaml', () => {
  it('kubectl get acj prints NAME SCHEDULE TYPE LASTSCHEDULETIME AGE with acj-test */1 * * * * BroadcastJob and no child before the first minute', async () => {
    const out = table(await run(kubectl, ['get', 'acj']));
    expect(out[0]).toEqual(['NAME', 'SCHEDULE', 'TYPE', 'LASTSCHEDULETIME', 'AGE']);
    const cells = await until('acj-test typed', async () => {
      const r = await row(kubectl, 'acj', 'acj-test');
      return r?.[6] === 'BroadcastJob' && r;
    });
    // Before m1 the schedule has not fired: no LASTSCHEDULETIME yet (cells: name, 5 schedule fields, type, age).
    if (Date.now() < m1 - 1000) expect(cells).toHaveLength(8);
    expect(cells.slice(0, 7)).toEqual(['acj-test', '*/1', '*', '*', '*', '*', 'BroadcastJob']);
    expect((await row(kubectl, 'acj', 'acj-job'))?.[6]).toBe('Job');
    if (Date.now() < m1 - 1000) expect(await items(kubectl, ['bcj'])).toEqual([]);
  });
});

describe('tutorial 4.2: the first scheduled minute', () => {
  it('creates acj-test-<unix seconds of the minute>, which completes 2 0 2 0 with a Completed pod on node1 and node2', async () => {
    const name = `acj-test-${unix(m1)}`;
    const child: any = await until(`${name} created`, () => getJson(kubectl, ['bcj', name]), MINUTE_TIMEOUT, 200);
    expect(child.metadata.annotations['apps.kruise.io/scheduled-at']).toBe(iso(m1));
    expect(child.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'AdvancedCronJob', name: 'acj-test', controller: true })]);
    expect(child.spec.completionPolicy).toEqual({ type: 'Always', ttlSecondsAfterFinished: 30 });

    await until(`${name} 2 0 2 0`, async () => (await row(kubectl, 'bcj', name))?.slice(1, 5).join(' ') === '2 0 2 0');
    const pods = await bcjPods(name);
    expect(pods.map((p) => [p.spec.nodeName, p.status.phase]).sort()).toEqual([['node1', 'Succeeded'], ['node2', 'Succeeded']]);

    const cells = await row(kubectl, 'acj', 'acj-test');
    expect(cells?.slice(0, 7)).toEqual(['acj-test', '*/1', '*', '*', '*', '*', 'BroadcastJob']);
    expect(cells?.[7]).toMatch(/^\d+s$/); // LASTSCHEDULETIME, printed as an age
    expect((await getJson(kubectl, ['acj', 'acj-test'])).status.lastScheduleTime).toBe(iso(m1));
  }, MINUTE_TIMEOUT + 30_000);

  it('a jobTemplate AdvancedCronJob creates the batch/v1 Job acj-job-<unix>, which the Job runner completes', async () => {
    const name = `acj-job-${unix(m1)}`;
    const job = await until(`Job ${name} complete`, async () => {
      const j = await getJson(kubectl, ['job', name]);
      return j?.status?.conditions?.some((c: any) => c.type === 'Complete' && c.status === 'True') && j;
    }, 30_000);
    expect(job.metadata.annotations['apps.kruise.io/scheduled-at']).toBe(iso(m1));
    expect(job.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'AdvancedCronJob', name: 'acj-job', controller: true })]);
    expect(job.status.succeeded).toBe(1);
    const st = await until('acj-job status: lastScheduleTime, nothing active', async () => {
      const a = await getJson(kubectl, ['acj', 'acj-job']);
      return a?.status?.lastScheduleTime === iso(m1) && !a.status.active?.length && a.status;
    });
    expect(st.type).toBe('Job');
  }, 45_000);

  it('failedJobsHistoryLimit 0 deletes the failed BroadcastJob child, and the deleted run is not created again', async () => {
    const name = `acj-fail-${unix(m1)}`;
    await until(`${name} pruned`, async () => bcjWatch.deletedAt.has(name), 30_000);
    const failed = bcjWatch.last.get(name) as any;
    expect(failed.status).toMatchObject({ phase: 'failed', succeeded: 0 });
    expect(failed.status.conditions.at(-1)).toMatchObject({ type: 'Failed', status: 'True' });
    await sleep(2000);
    expect(await exists('bcj', name)).toBe(false);
    expect((await getJson(kubectl, ['acj', 'acj-fail'])).status.lastScheduleTime).toBe(iso(m1));
  }, 45_000);
});

describe('tutorial 4.2: ttlSecondsAfterFinished and the second minute', () => {
  it('ttlSecondsAfterFinished 30 removes acj-test-<m1>, and the controller does not run it again', async () => {
    const name = `acj-test-${unix(m1)}`;
    await until(`${name} deleted by its TTL`, async () => bcjWatch.deletedAt.has(name), 45_000, 200);
    const done = bcjWatch.last.get(name) as any;
    expect(done.status.phase).toBe('completed');
    expect(bcjWatch.deletedAt.get(name)).toBeGreaterThanOrEqual(Date.parse(done.status.completionTime) + 30_000);
    await sleep(2000);
    expect(await exists('bcj', name)).toBe(false);
  }, 60_000);

  it('at the next minute creates acj-test-<m2> and acj-job-<m2>; successfulJobsHistoryLimit 1 prunes acj-job-<m1>', async () => {
    const bcjName = `acj-test-${unix(m2)}`;
    await until(`${bcjName} 2 0 2 0`, async () => (await row(kubectl, 'bcj', bcjName))?.slice(1, 5).join(' ') === '2 0 2 0', MINUTE_TIMEOUT, 200);
    expect((await getJson(kubectl, ['acj', 'acj-test'])).status.lastScheduleTime).toBe(iso(m2));

    const jobNames = await until('only acj-job-<m2> kept', async () => {
      const names = (await items(kubectl, ['jobs'])).filter((j) => j.metadata.name.startsWith('acj-job-')).map((j) => j.metadata.name);
      return names.length === 1 && names[0] === `acj-job-${unix(m2)}` && names;
    }, 30_000);
    expect(jobNames).toEqual([`acj-job-${unix(m2)}`]);
    // Exactly one run per minute so far, named by the minute.
    const bcjs = (await items(kubectl, ['bcj'])).map((b) => b.metadata.name).filter((n) => n.startsWith('acj-test-'));
    expect(bcjs).toEqual([bcjName]);
  }, MINUTE_TIMEOUT + 45_000);
});
