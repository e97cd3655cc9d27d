// The real-cluster path on the embedded cluster: an API server with no in-process admission (as
// `kactor cluster` runs it) and the real CLI `kactor run` as a child process, serving Kruise's admission
// webhooks over HTTPS and registering them through kactor-{mutating,validating}-webhook-configuration.
// Every write of a Kruise kind goes API server → AdmissionReview → kactor run. A second API server with
// in-process admission (as `kactor up` runs it) is the reference: the same manifest stores the same spec,
// the same bad request gets the same answer. With kactor run down, failurePolicy Fail refuses the write.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workloadAdmissionHooks } from '../../src/cli/admission.js';
import { startSimulator, type SimulatorHandle } from '../../src/cluster/nodes/index.js';
import { startTestCluster, type TestCluster } from '../support/cluster.js';
import { httpProblems } from '../bad-input/check.js';
import { CORPUS } from '../bad-input/corpus.js';
import { seedObjects } from '../bad-input/fixtures.js';
import { rawClient, type RawClient, type RawResponse } from '../bad-input/http.js';
import { diffSnapshots, takeSnapshot } from '../bad-input/snapshot.js';
import { waitUntil } from './sharding-support.js';
import { caBundles, configurations, freePorts, startKactorRun, type KactorRun } from './webhooks-kactor-run-support.js';

const MANIFESTS = join(import.meta.dirname, 'manifests');
/** The namespace kactor run reconciles (the rollout scenario); elsewhere only its webhooks act. */
const ROLLOUT_NS = 'rollout';
const stsPath = (ns: string, name = '') => `/apis/apps.kruise.io/v1beta1/namespaces/${ns}/statefulsets${name ? `/${name}` : ''}`;

let cluster: TestCluster; // as `kactor cluster`: no in-process admission
let reference: TestCluster; // as `kactor up`: in-process admission
let api: RawClient;
let ref: RawClient;
let sim: SimulatorHandle | undefined;
let run: KactorRun | undefined;
let webhookPort: number;
let probePort: number;

const launch = () =>
  startKactorRun({ kubeconfig: cluster.kubeconfigPath, webhookPort, probePort, extra: ['--namespace', ROLLOUT_NS] });

async function createNamespace(client: RawClient, name: string): Promise<void> {
  const res = await client.send({ method: 'POST', path: '/api/v1/namespaces', body: JSON.stringify({ metadata: { name } }), contentType: 'application/json' });
  if (res.status !== 201) throw new Error(`namespace ${name}: ${res.status} ${res.text.slice(0, 300)}`);
}

const post = (client: RawClient, path: string, obj: unknown): Promise<RawResponse> =>
  client.send({ method: 'POST', path, body: JSON.stringify(obj), contentType: 'application/json' });

beforeAll(async () => {
  [cluster, reference] = await Promise.all([startTestCluster({ port: 0 }), startTestCluster({ port: 0, admission: workloadAdmissionHooks() })]);
  api = rawClient(cluster.server);
  ref = rawClient(reference.server);
  [webhookPort, probePort] = (await freePorts(2)) as [number, number];
  run = launch();
  await run.ready(90_000);
  await configurations(api);
  sim = await startSimulator({ kubeconfigPath: cluster.kubeconfigPath, nodes: 2, timeScale: 0.05, latency: 'realistic', seed: 7 });
}, 120_000);

afterAll(async () => {
  await run?.stop();
  await sim?.stop();
  api?.close();
  ref?.close();
  await cluster?.stop();
  await reference?.stop();
}, 60_000);

describe('kactor run registers its webhooks with the embedded cluster', () => {
  it('creates the Secret kube-system/kactor-webhook-certs; both configurations point at https://127.0.0.1:<webhook port> with its CA, failurePolicy Fail', async () => {
    expect(run!.logs.find((l) => l.msg === 'webhook certificates')).toMatchObject({ secret: 'kube-system/kactor-webhook-certs', action: 'created' });
    const secret = await api.send({ method: 'GET', path: '/api/v1/namespaces/kube-system/secrets/kactor-webhook-certs' });
    expect(secret.status).toBe(200);
    const { mutating, validating } = await configurations(api);
    const names = (c: any) => c.webhooks.map((w: any) => w.name);
    expect(names(mutating)).toEqual(expect.arrayContaining(['mstatefulset.kb.io', 'mdaemonset.kb.io', 'mbroadcastjob.kb.io', 'madvancedcronjob.kb.io']));
    expect(names(validating)).toEqual(expect.arrayContaining(['vstatefulset.kb.io', 'vdaemonset.kb.io', 'vbroadcastjob.kb.io', 'vadvancedcronjob.kb.io']));
    for (const w of [...mutating.webhooks, ...validating.webhooks]) {
      expect(w.clientConfig.url).toMatch(new RegExp(`^https://127\\.0\\.0\\.1:${webhookPort}/`));
      expect(w.failurePolicy).toBe('Fail');
    }
    expect(new Set(caBundles({ mutating, validating }))).toEqual(new Set([secret.json.data['ca.crt']]));
  });
});

describe('defaults are persisted through the mutating webhooks', { timeout: 120_000 }, () => {
  const files = readdirSync(MANIFESTS).filter((f) => f.endsWith('.yaml')).sort();

  it('covers the four kinds', () => {
    const kinds = new Set(files.map((f) => parse(readFileSync(join(MANIFESTS, f), 'utf8')).kind));
    expect([...kinds].sort()).toEqual(['AdvancedCronJob', 'BroadcastJob', 'DaemonSet', 'StatefulSet']);
  });

  for (const [i, file] of files.entries()) {
    it(`${file}: kubectl apply stores the spec the in-process admission stores`, async () => {
      const ns = `defaults-${i}`;
      const m = parse(readFileSync(join(MANIFESTS, file), 'utf8'));
      m.metadata.namespace = ns;
      await Promise.all([createNamespace(api, ns), createNamespace(ref, ns)]);
      const [viaWebhook, inProcess] = await Promise.all([cluster.kubectl(['apply', '-f', '-'], stringify(m)), reference.kubectl(['apply', '-f', '-'], stringify(m))]);
      expect([viaWebhook.code, viaWebhook.stderr]).toEqual([0, '']);
      expect([inProcess.code, inProcess.stderr]).toEqual([0, '']);
      const get = async (c: TestCluster) => {
        const r = await c.kubectl(['get', `${m.kind.toLowerCase()}s.apps.kruise.io`, m.metadata.name, '-n', ns, '-o', 'json']);
        expect(r.code, r.stderr).toBe(0);
        return JSON.parse(r.stdout);
      };
      const [stored, expected] = await Promise.all([get(cluster), get(reference)]);
      expect(stored.spec).not.toEqual(m.spec); // the webhook defaulted something
      expect(stored.spec).toEqual(expected.spec);
    });
  }
});

describe('the bad-input corpus through the validating webhooks', { timeout: 60_000 }, () => {
  const cases = CORPUS.filter((c) => c.input.kind === 'http' && c.expect.webhook);

  beforeAll(async () => {
    for (const [path, obj] of seedObjects()) {
      for (const [name, client] of [['webhook path', api], ['reference', ref]] as const) {
        const res = await post(client, path, obj);
        if (res.status !== 201) throw new Error(`seeding ${path} (${name}): ${res.status} ${res.text.slice(0, 300)}`);
      }
    }
  });

  it('has the webhook denials to send', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
  });

  for (const c of cases) {
    if (c.input.kind !== 'http') continue;
    const request = c.input.request;
    const title = `${c.id}: denied by ${c.expect.webhook} with the in-process message, nothing stored changes`;
    const body = async () => {
      const before = await takeSnapshot(api);
      const viaWebhook = await api.send(request);
      // The server's resourceVersion moves with the simulated nodes; the objects must not.
      const changes = diffSnapshots(before, await takeSnapshot(api)).filter((d) => !d.startsWith('server resourceVersion'));
      const inProcess = await ref.send(request);
      expect({ problems: httpProblems(viaWebhook, c.expect), changes }, `${c.id} (${c.rule})`).toEqual({ problems: [], changes: [] });
      const answer = (r: RawResponse) => ({ status: r.status, reason: r.json?.reason, message: r.json?.message });
      expect(answer(viaWebhook)).toEqual(answer(inProcess));
    };
    if (c.bug) it.fails(`${title} [BUG: ${c.bug}]`, body);
    else it(title, body);
  }
});

describe("Kruise's partition without type, through the webhook", { timeout: 180_000 }, () => {
  const set = (image: string) => ({
    apiVersion: 'apps.kruise.io/v1beta1',
    kind: 'StatefulSet',
    metadata: { name: 'web', namespace: ROLLOUT_NS },
    spec: {
      serviceName: 'web',
      podManagementPolicy: 'Parallel',
      replicas: 4,
      updateStrategy: { rollingUpdate: { partition: 2 } },
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image }] } },
    },
  });
  const names = ['web-0', 'web-1', 'web-2', 'web-3'];
  const getSts = async () => (await api.send({ method: 'GET', path: stsPath(ROLLOUT_NS, 'web') })).json;
  const podsByName = async () => {
    const res = await api.send({ method: 'GET', path: `/api/v1/namespaces/${ROLLOUT_NS}/pods?labelSelector=app%3Dweb` });
    return new Map<string, any>((res.json.items as any[]).map((p) => [p.metadata.name, p]));
  };
  const ready = (p: any) => p?.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True') === true;
  const revision = (p: any) => p?.metadata?.labels?.['controller-revision-hash'];

  it('the stored set keeps partition 2 with type RollingUpdate, as the in-process admission stores it', async () => {
    await Promise.all([createNamespace(api, ROLLOUT_NS), createNamespace(ref, ROLLOUT_NS)]);
    const [viaWebhook, inProcess] = await Promise.all([post(api, stsPath(ROLLOUT_NS), set('nginx:1.24')), post(ref, stsPath(ROLLOUT_NS), set('nginx:1.24'))]);
    expect(viaWebhook.status, viaWebhook.text).toBe(201);
    expect(inProcess.status, inProcess.text).toBe(201);
    const stored = await getSts();
    expect(stored.spec.updateStrategy.type).toBe('RollingUpdate');
    expect(stored.spec.updateStrategy.rollingUpdate.partition).toBe(2);
    expect(stored.spec).toEqual(inProcess.json.spec);

    await waitUntil('web-0…web-3 Ready at the update revision', async () => {
      const sts = await getSts();
      const ps = await podsByName();
      const st = sts.status ?? {};
      return st.observedGeneration === sts.metadata.generation && st.readyReplicas === 4 && st.updatedReplicas === 4 &&
        names.every((n) => ready(ps.get(n)) && revision(ps.get(n)) === st.updateRevision) && ps.size === 4;
    }, 120_000, 250);
  });

  it('a new image (JSON patch) rolls web-2 and web-3; web-0 and web-1 stay on the old revision', async () => {
    const before = await podsByName();
    const patch = [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'nginx:1.25' }];
    const r = await cluster.kubectl(['patch', 'statefulsets.apps.kruise.io', 'web', '-n', ROLLOUT_NS, '--type', 'json', '-p', JSON.stringify(patch)]);
    expect([r.code, r.stderr]).toEqual([0, '']);

    const sts = await waitUntil('web-2 and web-3 Ready at the new revision, status 2 current 2 updated', async () => {
      const s = await getSts();
      const ps = await podsByName();
      const st = s.status ?? {};
      return st.observedGeneration === s.metadata.generation && st.updateRevision !== st.currentRevision &&
        st.currentReplicas === 2 && st.updatedReplicas === 2 && st.readyReplicas === 4 && ps.size === 4 &&
        ['web-2', 'web-3'].every((n) => ready(ps.get(n)) && revision(ps.get(n)) === st.updateRevision) && s;
    }, 120_000, 250);
    expect(sts.spec.updateStrategy.rollingUpdate.partition).toBe(2);
    const after = await podsByName();
    expect(names.map((n) => revision(after.get(n)))).toEqual([sts.status.currentRevision, sts.status.currentRevision, sts.status.updateRevision, sts.status.updateRevision]);
    expect(['web-0', 'web-1'].map((n) => after.get(n).metadata.uid)).toEqual(['web-0', 'web-1'].map((n) => before.get(n).metadata.uid));
    for (const n of ['web-2', 'web-3']) expect(after.get(n).metadata.uid).not.toBe(before.get(n).metadata.uid);
  });
});

describe('failurePolicy Fail: with kactor run down, Kruise kinds are refused', { timeout: 120_000 }, () => {
  const NS = 'failure';
  const sts = (name: string) => ({
    apiVersion: 'apps.kruise.io/v1beta1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: { replicas: 0, serviceName: name, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: 'nginx' }] } } },
  });
  let caBefore: string[];

  it('a StatefulSet create answers 500 failed calling webhook "mstatefulset.kb.io" and stores nothing; a ConfigMap is created', async () => {
    await createNamespace(api, NS);
    caBefore = caBundles(await configurations(api));
    expect(await run!.stop()).toBe(0);
    run = undefined;

    const res = await post(api, stsPath(NS), sts('down'));
    expect(res.status, res.text).toBe(500);
    expect(res.json.kind).toBe('Status');
    expect(res.json.code).toBe(500);
    expect(res.json.message).toContain('failed calling webhook "mstatefulset.kb.io"');
    expect((await api.send({ method: 'GET', path: stsPath(NS, 'down') })).status).toBe(404);
    expect((await api.send({ method: 'GET', path: stsPath(NS) })).json.items).toEqual([]);

    const cm = await post(api, `/api/v1/namespaces/${NS}/configmaps`, { metadata: { name: 'still-works' }, data: { a: '1' } });
    expect(cm.status, cm.text).toBe(201);
  });

  it('a restarted kactor run reuses the Secret (same CA bundle) and creates work again', async () => {
    run = launch();
    await run.ready(90_000);
    expect(run.logs.find((l) => l.msg === 'webhook certificates')).toMatchObject({ secret: 'kube-system/kactor-webhook-certs', action: 'reused' });
    expect(caBundles(await configurations(api))).toEqual(caBefore);

    await createNamespace(ref, NS);
    const [res, inProcess] = await Promise.all([post(api, stsPath(NS), sts('up')), post(ref, stsPath(NS), sts('up'))]);
    expect(res.status, res.text).toBe(201);
    expect(res.json.spec.revisionHistoryLimit).toBe(10); // defaulted by mstatefulset.kb.io
    expect(res.json.spec).toEqual(inProcess.json.spec);
  });
});
