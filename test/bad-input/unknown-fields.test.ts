// Unknown fields that are not errors: without fieldValidation (or with Ignore) a custom resource's
// unknown fields are pruned and the object stored; with Warn it is stored and the client is warned,
// as kube-apiserver does (and kubectl --validate=warn prints `Warning: unknown field "spec.foo"`).
import { Agent, request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workloadAdmissionHooks } from '../../src/cli/admission.js';
import { startTestCluster, type TestCluster } from '../support/cluster.js';
import { statefulSet, STS, yamlOf } from './fixtures.js';
import { rawClient, type RawClient } from './http.js';
import { kubectlMinor } from '../support/kubectl-version.js';

let cluster: TestCluster;
let client: RawClient;

beforeAll(async () => {
  cluster = await startTestCluster({ port: 0, admission: workloadAdmissionHooks() });
  client = rawClient(cluster.server);
});

afterAll(async () => {
  client?.close();
  await cluster?.stop();
});

const withFoo = (name: string) => JSON.stringify(statefulSet(name, { foo: 1, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { bar: true } } }));

/** POST returning the Warning headers too (the raw client does not keep headers). */
function postWithHeaders(path: string, body: string): Promise<{ status: number; warnings: string[] }> {
  const server = cluster.server;
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}${path}`,
      { method: 'POST', agent: new Agent({ ca: server.caPem }), headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => {
          const w = res.headers.warning;
          resolve({ status: res.statusCode ?? 0, warnings: w === undefined ? [] : Array.isArray(w) ? w : [w] });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('unknown fields without Strict', () => {
  for (const [name, query] of [['plain', ''], ['ignore', '?fieldValidation=Ignore']] as const) {
    it(`are pruned and the object stored (${query || 'no fieldValidation'})`, async () => {
      const res = await client.send({ method: 'POST', path: STS + query, body: withFoo(name), contentType: 'application/json' });
      expect(res.status).toBe(201);
      const stored = (await client.send({ method: 'GET', path: `${STS}/${name}` })).json;
      expect(stored.spec.foo).toBeUndefined();
      expect(stored.spec.updateStrategy.rollingUpdate.bar).toBeUndefined();
      expect(stored.spec.replicas).toBe(3);
    });
  }

  it('are pruned with a Warning header naming each field under fieldValidation=Warn', async () => {
    const res = await postWithHeaders(`${STS}?fieldValidation=Warn`, withFoo('warned'));
    expect(res.status).toBe(201);
    const text = res.warnings.join('\n');
    expect(text).toContain('unknown field \\"spec.foo\\"');
    expect(text).toContain('unknown field \\"spec.updateStrategy.rollingUpdate.bar\\"');
  });

  // --validate=warn (server-side field validation) needs kubectl ≥ 1.25.
  it.skipIf(kubectlMinor() < 25)('are reported by kubectl apply --validate=warn as `Warning: unknown field` and the object is created', async () => {
    const res = await cluster.kubectl(['apply', '--validate=warn', '-f', '-'], yamlOf(statefulSet('kubectl-warned', { foo: 1 })));
    expect(res.code).toBe(0);
    expect(res.stderr).toContain('Warning: unknown field "spec.foo"');
    const stored = (await client.send({ method: 'GET', path: `${STS}/kubectl-warned` })).json;
    expect(stored.spec.foo).toBeUndefined();
  });
});
