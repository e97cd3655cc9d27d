import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { realClock } from '../../src/api/clock.js';
import { emptyPlan, type KubeObject, type Plan } from '../../src/api/index.js';
import { loadKubeConfig } from '../../src/runtime/client/kubeconfig.js';
import { RestClient } from '../../src/runtime/client/rest-client.js';
import { ReplanError, WriteFailedError } from '../../src/runtime/errors.js';
import { Executor } from '../../src/runtime/executor.js';
import { Expectations } from '../../src/runtime/expectations.js';
import { WriteQueue } from '../../src/runtime/write/write-queue.js';
import type { WorkloadDefinition } from '../../src/runtime/workload-definition.js';
import { startFakeApiServer, type FakeApiServer } from './support/fake-apiserver.js';

const cmRt = { apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true };
const def: WorkloadDefinition = { resource: cmRt, controllerName: 'test', owns: [cmRt], watchesNodes: false, plan: () => emptyPlan() };

describe('Executor', () => {
  let server: FakeApiServer;
  let client: RestClient;
  let exec: Executor;
  let expectations: Expectations;
  beforeEach(async () => {
    server = await startFakeApiServer();
    client = await RestClient.fromKubeConfig(loadKubeConfig(server.kubeconfigPath));
    expectations = new Expectations(realClock, () => undefined);
    exec = new Executor({ client, writes: new WriteQueue(realClock, { qps: 0 }), expectations, recorder: undefined });
  });
  afterEach(async () => {
    client.close();
    await server.stop();
  });

  const owner = () => structuredClone(server.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owner', namespace: 'default' }, status: { n: 1 } } as any, 'configmaps')) as KubeObject;
  const statusPuts = () => server.requests.filter((r) => r.method === 'PUT' && r.url.includes('/status')).length;

  it('writes status only when it differs from the stored status', async () => {
    const w = owner();
    await exec.execute('k', def, w, { ...emptyPlan(), status: { n: 1 } });
    expect(statusPuts()).toBe(0);
    const r = await exec.execute('k', def, w, { ...emptyPlan(), status: { n: 2 } });
    expect(r.statusWritten).toBe(true);
    expect(statusPuts()).toBe(1);
    expect((server.objects.get('/api/v1/configmaps|default/owner') as any).status).toEqual({ n: 2 });
  });

  it('sends a create due at a scheduled time past an empty bucket; an ordinary one waits for a token', async () => {
    const writes = new WriteQueue(realClock, { qps: 0.01, burst: 1 });
    const slow = new Executor({ client, writes, expectations, recorder: undefined });
    const w = owner();
    const cm = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' } });
    await slow.execute('k', def, w, { ...emptyPlan(), phases: [[{ type: 'create', object: cm('first') }]] }); // spends the burst
    const ordinary = slow.execute('k', def, w, { ...emptyPlan(), phases: [[{ type: 'create', object: cm('ordinary') }]] }).catch((e: unknown) => e);
    await slow.execute('k', def, w, { ...emptyPlan(), phases: [[{ type: 'create', object: cm('child-1767225600'), dueAtMs: Date.now() }]] });
    expect(server.objects.has('/api/v1/configmaps|default/child-1767225600')).toBe(true);
    expect(server.objects.has('/api/v1/configmaps|default/ordinary')).toBe(false);
    writes.stop();
    expect(await ordinary).toBeInstanceOf(WriteFailedError);
  });

  it("queues an owned object's status patch (a pod's readiness gate) ahead of workload status writes", async () => {
    const writes = new WriteQueue(realClock, { qps: 20, burst: 1 });
    const slow = new Executor({ client, writes, expectations, recorder: undefined });
    const w = owner();
    server.put({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'pod-0', namespace: 'default' } } as any, 'configmaps');
    await slow.execute('k', def, w, { ...emptyPlan(), phases: [[{ type: 'create', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'spend', namespace: 'default' } } }]] });
    const statusWrite = slow.execute('k', def, w, { ...emptyPlan(), status: { n: 9 } });
    const gatePatch = slow.execute('k2', def, w, {
      ...emptyPlan(),
      phases: [[{ type: 'patch', ref: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'pod-0' }, patchType: 'merge', patch: { status: { ready: true } }, subresource: 'status' }]],
    });
    await Promise.all([statusWrite, gatePatch]);
    const order = server.requests.filter((r) => r.url.includes('/status')).map((r) => r.url.replace(/.*configmaps\//, '').replace(/\?.*/, ''));
    expect(order).toEqual(['pod-0/status', 'owner/status']);
  });

  it('calls beforeStatus after the mutations are written and before the status write, and not when the status is unchanged', async () => {
    const w = owner();
    const seen: string[] = [];
    const beforeStatus = () => seen.push(`beforeStatus after ${server.requests.map((r) => r.method).join(',')}`);
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'child', namespace: 'default' } };
    await exec.execute('k', def, w, { ...emptyPlan(), phases: [[{ type: 'create', object: cm }]], status: { n: 2 } }, { beforeStatus });
    expect(seen).toEqual(['beforeStatus after POST']);
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'PUT']);
    await exec.execute('k', def, w, { ...emptyPlan(), status: { n: 1 } }, { beforeStatus });
    expect(seen).toHaveLength(1);
  });

  it('turns a 409 on the status write into a re-plan', async () => {
    const w = owner();
    server.put({ ...structuredClone(w as any), data: { changed: 'yes' } }, 'configmaps'); // the cache copy is now stale
    await expect(exec.execute('k', def, w, { ...emptyPlan(), status: { n: 2 } })).rejects.toBeInstanceOf(ReplanError);
  });

  it('runs the actions of one phase in parallel, records expectations, and stops at a failed phase', async () => {
    const w = owner();
    const mk = (name: string) => ({ type: 'create' as const, object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } } });
    const plan: Plan = {
      ...emptyPlan(),
      phases: [[mk('a'), mk('b'), mk('c')], [mk('a')], [mk('never')]],
    };
    const err = await exec.execute('k', def, w, plan).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ReplanError); // 'a' already exists → 409 → re-plan
    expect([...server.objects.keys()].filter((k) => k.endsWith('/never'))).toEqual([]);
    expect(expectations.pending('k')).toBe(3);
  });

  it('treats a delete of an object already gone as done and other failures as WriteFailed', async () => {
    const w = owner();
    await exec.execute('k', def, w, { ...emptyPlan(), phases: [[{ type: 'delete', ref: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'default', name: 'gone' } }]] });
    server.failNext('POST', 422);
    const err = await exec
      .execute('k', def, w, { ...emptyPlan(), phases: [[{ type: 'create', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } } }]] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WriteFailedError);
  });
});
