// pods/log, pods/exec, pods/attach, pods/portforward on the embedded API server: the real server's
// option checks and errors, then the simulated kubelets' logs (a ContainerLogStore wired in-process)
// with tailLines, timestamps, sinceSeconds, limitBytes, previous and follow; kubectl prints them.
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/api/clock.js';
import { ContainerLogStore } from '../../../src/cluster/nodes/index.js';
import { startTestCluster, type TestCluster } from '../../support/cluster.js';
import { apiClient, type ApiClient } from './http-client.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const NS = '/api/v1/namespaces/default/pods';
const ID1 = 'containerd://1111';
const ID2 = 'containerd://2222';

let clock: FakeClock;
let logs: ContainerLogStore;
let cluster: TestCluster;
let api: ApiClient;
let bare: TestCluster;
let bareApi: ApiClient;

async function createPod(name: string, spec: Record<string, unknown>, status?: Record<string, unknown>): Promise<string> {
  const res = await api.post(NS, { metadata: { name }, spec });
  expect(res.status).toBe(201);
  if (status) expect((await api.patch(`${NS}/${name}/status`, { status }, 'application/merge-patch+json')).status).toBe(200);
  return res.json.metadata.uid;
}

beforeAll(async () => {
  clock = new FakeClock(T0 + 60_000);
  logs = new ContainerLogStore({ maxLines: 5 });
  logs.setNodeDriven('node1', true);
  cluster = await startTestCluster({ installKruiseCrds: false, podLogs: logs, clock });
  api = apiClient(cluster.server);
  bare = await startTestCluster({ installKruiseCrds: false });
  bareApi = apiClient(bare.server);

  // web: restarted once (instance 1 ended with exit 1, instance 2 running).
  const uid = await createPod('web', { nodeName: 'node1', containers: [{ name: 'c', image: 'busybox' }] }, {
    phase: 'Running',
    containerStatuses: [{
      name: 'c', image: 'busybox', imageID: '', ready: true, restartCount: 1, containerID: ID2, state: { running: { startedAt: '2026-01-01T00:00:10Z' } },
      lastState: { terminated: { exitCode: 1, reason: 'Error', containerID: ID1, startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:10Z' } },
    }],
  });
  logs.append(uid, { container: 'c', at: T0, text: 'simulated container c started (image busybox)', start: true, id: ID1 });
  logs.append(uid, { container: 'c', at: T0 + 10_000, text: 'simulated container c terminated: exit code 1 (Error)', end: true });
  logs.append(uid, { container: 'c', at: T0 + 10_000, text: 'simulated container c restarted (image busybox, restart 1)', start: true, id: ID2 });
  logs.append(uid, { container: 'c', at: T0 + 10_000, text: 'line 2' });
  logs.append(uid, { container: 'c', at: T0 + 30_000, text: 'line 3' });
  await createPod('two', { nodeName: 'node1', containers: [{ name: 'a', image: 'busybox' }, { name: 'b', image: 'busybox' }] });
  await createPod('creating', { nodeName: 'node1', containers: [{ name: 'c', image: 'busybox' }] }, {
    containerStatuses: [{ name: 'c', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }],
  });
  await createPod('pending', { containers: [{ name: 'c', image: 'busybox' }] });
  await createPod('elsewhere', { nodeName: 'node9', containers: [{ name: 'c', image: 'busybox' }] });
});

afterAll(async () => {
  api?.close();
  bareApi?.close();
  await cluster?.stop();
  await bare?.stop();
});

describe('pods/log errors, as kube-apiserver 1.26 answers them', () => {
  it('validates PodLogOptions first, every problem a cause (422)', async () => {
    const res = await api.get(`${NS}/nope/log?tailLines=-1&limitBytes=0&sinceSeconds=0`);
    expect(res.status).toBe(422);
    expect(res.json.message).toBe('PodLogOptions "nope" is invalid: [tailLines: Invalid value: -1: must be greater than or equal to 0, limitBytes: Invalid value: 0: must be greater than 0, sinceSeconds: Invalid value: 0: must be greater than 0]');
    expect(res.json.details).toEqual({
      name: 'nope', kind: 'PodLogOptions', causes: [
        { reason: 'FieldValueInvalid', message: 'Invalid value: -1: must be greater than or equal to 0', field: 'tailLines' },
        { reason: 'FieldValueInvalid', message: 'Invalid value: 0: must be greater than 0', field: 'limitBytes' },
        { reason: 'FieldValueInvalid', message: 'Invalid value: 0: must be greater than 0', field: 'sinceSeconds' },
      ],
    });
    const both = await api.get(`${NS}/web/log?sinceSeconds=1&sinceTime=2020-01-01T00:00:00Z`);
    expect(both.json.message).toBe('PodLogOptions "web" is invalid: []: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified');
  });

  it('answers 400 for a number or time that does not parse', async () => {
    expect((await api.get(`${NS}/web/log?tailLines=abc`)).json).toMatchObject({ code: 400, reason: 'BadRequest', message: 'strconv.ParseInt: parsing "abc": invalid syntax' });
    expect((await api.get(`${NS}/web/log?sinceTime=yesterday`)).json.message).toBe('parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"');
  });

  it('names the containers to choose from, and rejects an unknown one', async () => {
    expect((await api.get(`${NS}/two/log`)).json).toMatchObject({ code: 400, message: 'a container name must be specified for pod two, choose one of: [a b]' });
    expect((await api.get(`${NS}/two/log?container=zz`)).json.message).toBe('container zz is not valid for pod two');
    expect((await api.get(`${NS}/missing/log`)).json).toMatchObject({ code: 404, message: 'pods "missing" not found' });
  });

  it('answers 204 with no body for a pod not yet on a node', async () => {
    const res = await api.get(`${NS}/pending/log`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
  });

  it('relays the kubelet: a container waiting to start, no previous instance, a node this process does not simulate', async () => {
    expect((await api.get(`${NS}/creating/log`)).json).toMatchObject({ code: 400, reason: 'BadRequest', message: 'container "c" in pod "creating" is waiting to start: ContainerCreating' });
    expect((await api.get(`${NS}/creating/log?previous=true`)).json.message).toBe('previous terminated container "c" in pod "creating" not found');
    expect((await api.get(`${NS}/elsewhere/log`)).json.message).toBe('simulated pod: no container runtime on node "node9" in this process, logs are not available');
  });

  it('says plainly that there is no container runtime when no log source is wired (kactor cluster alone)', async () => {
    await bareApi.post(NS, { metadata: { name: 'p' }, spec: { nodeName: 'node1', containers: [{ name: 'c', image: 'busybox' }] } });
    expect((await bareApi.get(`${NS}/p/log`)).json).toMatchObject({ code: 400, reason: 'BadRequest', message: "simulated pod: no container runtime on this cluster's nodes, logs are not available" });
  });

  it('allows only GET on pods/log (405 as the real server words it)', async () => {
    const res = await api.call('POST', `${NS}/web/log`, {});
    expect(res.json).toMatchObject({ code: 405, reason: 'MethodNotAllowed', message: 'the server does not allow this method on the requested resource', details: {} });
  });
});

describe('pods/log content', () => {
  it('serves the current instance as text/plain', async () => {
    const res = await api.get(`${NS}/web/log`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain');
    expect(res.text).toBe('simulated container c restarted (image busybox, restart 1)\nline 2\nline 3\n');
  });

  it('serves the previous instance with previous=true', async () => {
    expect((await api.get(`${NS}/web/log?previous=true`)).text).toBe('simulated container c started (image busybox)\nsimulated container c terminated: exit code 1 (Error)\n');
  });

  it('applies tailLines, timestamps (RFC3339Nano, 9 digits), sinceSeconds and limitBytes', async () => {
    expect((await api.get(`${NS}/web/log?tailLines=2&timestamps=true`)).text).toBe('2026-01-01T00:00:10.000000000Z line 2\n2026-01-01T00:00:30.000000000Z line 3\n');
    expect((await api.get(`${NS}/web/log?sinceSeconds=40`)).text).toBe('line 3\n');
    expect((await api.get(`${NS}/web/log?sinceTime=2026-01-01T00:00:20Z`)).text).toBe('line 3\n');
    expect((await api.get(`${NS}/web/log?limitBytes=10`)).text).toBe('simulated ');
  });

  it('follows the log until the container instance ends', async () => {
    const uid = await createPod('follow', { nodeName: 'node1', containers: [{ name: 'c', image: 'busybox' }] }, {
      containerStatuses: [{ name: 'c', image: 'busybox', imageID: '', ready: true, restartCount: 0, containerID: 'containerd://f', state: { running: { startedAt: '2026-01-01T00:00:00Z' } } }],
    });
    logs.append(uid, { container: 'c', at: T0, text: 'first', start: true, id: 'containerd://f' });
    const stream = await openStream(`${NS}/follow/log?follow=true`);
    await stream.waitFor('first\n');
    logs.append(uid, { container: 'c', at: T0 + 1, text: 'second' });
    await stream.waitFor('first\nsecond\n');
    logs.append(uid, { container: 'c', at: T0 + 2, text: 'bye', end: true });
    expect(await stream.ended).toBe('first\nsecond\nbye\n');
  });
});

describe('pods/exec, pods/attach, pods/portforward', () => {
  it('answer that simulated pods have no container runtime, after the real server\'s checks', async () => {
    expect((await api.call('POST', `${NS}/web/exec?command=ls&stdout=true`)).json).toMatchObject({ code: 400, reason: 'BadRequest', message: 'simulated pod: no container runtime, exec is not available' });
    expect((await api.get(`${NS}/web/attach?stdout=true`)).json.message).toBe('simulated pod: no container runtime, attach is not available');
    expect((await api.call('POST', `${NS}/web/portforward?ports=80`)).json.message).toBe('simulated pod: no container runtime, port-forward is not available');
    expect((await api.call('POST', `${NS}/pending/exec?command=ls`)).json.message).toBe('pod pending does not have a host assigned');
    expect((await api.call('POST', `${NS}/two/exec?command=ls`)).json.message).toBe('a container name must be specified for pod two, choose one of: [a b]');
    expect((await api.call('POST', `${NS}/missing/exec?command=ls`)).json.message).toBe('pods "missing" not found');
    expect((await api.call('PUT', `${NS}/web/exec?command=ls`, {})).json).toMatchObject({ code: 405, message: 'the server does not allow this method on the requested resource' });
  });

  it('are listed in discovery as on a real server', async () => {
    const doc = (await api.get('/api/v1')).json;
    const pods = doc.resources.filter((r: { name: string }) => r.name.startsWith('pods/')).map((r: { name: string; kind: string; verbs: string[] }) => [r.name, r.kind, r.verbs.join(',')]);
    expect(pods).toEqual(expect.arrayContaining([
      ['pods/attach', 'PodAttachOptions', 'create,get'],
      ['pods/exec', 'PodExecOptions', 'create,get'],
      ['pods/log', 'Pod', 'get'],
      ['pods/portforward', 'PodPortForwardOptions', 'create,get'],
    ]));
  });
});

describe('kubectl', () => {
  it('prints the simulated log: logs, --previous, --tail=2 --timestamps', async () => {
    expect((await cluster.kubectl(['logs', 'web'])).stdout).toBe('simulated container c restarted (image busybox, restart 1)\nline 2\nline 3\n');
    expect((await cluster.kubectl(['logs', 'web', '--previous'])).stdout).toBe('simulated container c started (image busybox)\nsimulated container c terminated: exit code 1 (Error)\n');
    expect((await cluster.kubectl(['logs', 'web', '--tail=2', '--timestamps'])).stdout).toBe('2026-01-01T00:00:10.000000000Z line 2\n2026-01-01T00:00:30.000000000Z line 3\n');
  });

  it('prints the kubelet\'s error for a container still being created', async () => {
    const r = await cluster.kubectl(['logs', 'creating']);
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim()).toBe('Error from server (BadRequest): container "c" in pod "creating" is waiting to start: ContainerCreating');
  });

  it('exec prints the clear error', async () => {
    const r = await cluster.kubectl(['exec', 'web', '--', 'ls']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('simulated pod: no container runtime, exec is not available');
  });
});

/** A streaming GET: `waitFor(text)` resolves once the body so far is `text`; `ended` with the whole body. */
function openStream(path: string): Promise<{ waitFor(text: string): Promise<void>; ended: Promise<string> }> {
  return new Promise((resolveOpen, reject) => {
    let body = '';
    const waiters: Array<{ text: string; done: () => void }> = [];
    let endResolve!: (text: string) => void;
    const ended = new Promise<string>((r) => (endResolve = r));
    const req = request(`${cluster.server.url}${path}`, { ca: cluster.server.caPem, headers: { Authorization: `Bearer ${cluster.server.token}` } }, (res) => {
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        for (const w of waiters.filter((x) => x.text === body)) w.done();
      });
      res.on('end', () => endResolve(body));
      resolveOpen({
        waitFor: (text) => (body === text ? Promise.resolve() : new Promise<void>((done) => waiters.push({ text, done }))),
        ended,
      });
    });
    req.on('error', reject);
    req.end();
  });
}
