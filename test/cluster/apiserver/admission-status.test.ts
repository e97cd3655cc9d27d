import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiServer, type AdmissionOperation, type ApiServerHandle } from '../../../src/cluster/apiserver/index.js';
import { apiClient, type ApiClient } from './http-client.js';

// Kruise's webhooks register the main resource only: /status writes must not reach admission.
let server: ApiServerHandle;
let api: ApiClient;
const calls: Array<{ hook: string; op: AdmissionOperation }> = [];

beforeAll(async () => {
  server = await startApiServer({
    admission: [{
      group: 'apps.kruise.io', kind: 'BroadcastJob', name: 'vbroadcastjob.kb.io',
      mutate: (obj, _old, op) => {
        calls.push({ hook: 'mutate', op });
        return op === 'UPDATE' ? { ...obj, spec: { ...(obj.spec as object), parallelism: 99 } } : obj;
      },
      validate: (_obj, _old, op) => {
        calls.push({ hook: 'validate', op });
        return [];
      },
    }],
  });
  api = apiClient(server);
});
afterAll(async () => {
  api.close();
  await server.stop();
});

const BCJ = '/apis/apps.kruise.io/v1alpha1/namespaces/default/broadcastjobs';
const bcj = (name: string) => ({ apiVersion: 'apps.kruise.io/v1alpha1', kind: 'BroadcastJob', metadata: { name }, spec: { parallelism: 1, template: { spec: { containers: [{ name: 'c', image: 'i' }] } } } });

describe('admission and the status subresource', () => {
  it('a PUT or PATCH of /status runs no admission hook, keeps spec and stores the status', async () => {
    expect((await api.post(BCJ, bcj('s1'))).status).toBe(201);
    calls.length = 0;
    const current = (await api.get(`${BCJ}/s1`)).json;
    const put = await api.put(`${BCJ}/s1/status`, { ...current, status: { active: 1 } });
    expect(put.status).toBe(200);
    const patched = await api.patch(`${BCJ}/s1/status`, { status: { succeeded: 2 } }, 'application/merge-patch+json');
    expect(patched.status).toBe(200);
    expect(calls).toEqual([]);
    const stored = (await api.get(`${BCJ}/s1`)).json;
    expect(stored.spec.parallelism).toBe(1);
    expect(stored.status).toMatchObject({ active: 1, succeeded: 2 });
    expect(stored.metadata.generation).toBe(1);
  });

  it('a write of the main resource still runs both hooks (the mutating one may change spec)', async () => {
    calls.length = 0;
    const res = await api.patch(`${BCJ}/s1`, { metadata: { labels: { a: 'b' } } }, 'application/merge-patch+json');
    expect(res.status).toBe(200);
    expect(calls).toEqual([{ hook: 'mutate', op: 'UPDATE' }, { hook: 'validate', op: 'UPDATE' }]);
    expect(res.json.spec.parallelism).toBe(99);
  });
});
