// kubectl 1.32 against the embedded server's server-side apply, as against kube-apiserver 1.26.5 (the same
// commands were run on both and their outputs compared by hand): apply --server-side, its conflict message,
// --force-conflicts, diff --server-side, client-side apply and its upgrade to server-side apply.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../../../support/cluster.js';

let cluster: TestCluster;
const NS = 'apply-kubectl';

beforeAll(async () => {
  cluster = await startTestCluster({ installKruiseCrds: false });
  // `create -f` (a JSON body): kubectl ≥ 1.32's typed `create namespace` sends protobuf, which the embedded server does not decode.
  await cluster.kubectl(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }));
});
afterAll(async () => {
  await cluster.stop();
});

const configMap = (data: Record<string, string>) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kc\n  labels: {app: kc}\ndata:\n${Object.entries(data).map(([k, v]) => `  ${k}: "${v}"`).join('\n')}\n`;

async function managedFields(name: string): Promise<any[]> {
  const got = await cluster.kubectl(['-n', NS, 'get', 'configmap', name, '-o', 'json', '--show-managed-fields']);
  return JSON.parse(got.stdout).metadata.managedFields.map(({ time: _t, ...e }: any) => e);
}

describe('kubectl apply --server-side', () => {
  it('creates and re-applies, owned by the "kubectl" applier', async () => {
    for (const verb of ['first', 'again']) {
      const res = await cluster.kubectl(['-n', NS, 'apply', '--server-side', '-f', '-'], configMap({ a: '1', b: '2' }));
      expect([verb, res.code, res.stdout.trim()]).toEqual([verb, 0, 'configmap/kc serverside-applied']);
    }
    expect(await managedFields('kc')).toEqual([
      { apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {}, 'f:b': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } }, manager: 'kubectl', operation: 'Apply' },
    ]);
  });

  it('reports a conflict with kubectl patch\'s change, diffs only when forced, and takes the field with --force-conflicts', async () => {
    await cluster.kubectl(['-n', NS, 'patch', 'configmap', 'kc', '-p', '{"data":{"b":"3"}}']);
    const conflict = await cluster.kubectl(['-n', NS, 'apply', '--server-side', '-f', '-'], configMap({ a: '9', b: '5' }));
    expect(conflict.code).not.toBe(0);
    expect(conflict.stderr).toContain('error: Apply failed with 1 conflict: conflict with "kubectl-patch" using v1: .data.b');
    const diff = await cluster.kubectl(['-n', NS, 'diff', '--server-side', '-f', '-'], configMap({ a: '9', b: '5' }));
    expect(diff.stderr).toContain('Error from server (Conflict): Apply failed with 1 conflict: conflict with "kubectl-patch" using v1: .data.b');
    const forcedDiff = await cluster.kubectl(['-n', NS, 'diff', '--server-side', '--force-conflicts', '-f', '-'], configMap({ a: '9', b: '5' }));
    expect(forcedDiff.stdout).toContain('+  b: "5"');
    const forced = await cluster.kubectl(['-n', NS, 'apply', '--server-side', '--force-conflicts', '-f', '-'], configMap({ a: '9', b: '5' }));
    expect(forced.code).toBe(0);
    expect((await managedFields('kc')).map((e) => e.manager)).toEqual(['kubectl']);
  });
});

describe('client-side kubectl apply', () => {
  const cs = (data: Record<string, string>) => configMap(data).replace('name: kc', 'name: cs');

  it('is recorded as kubectl-client-side-apply, and kubectl apply --server-side then takes its fields over', async () => {
    await cluster.kubectl(['-n', NS, 'apply', '-f', '-'], cs({ a: '1', b: '2' }));
    expect((await managedFields('cs'))[0]).toMatchObject({
      manager: 'kubectl-client-side-apply',
      operation: 'Update',
      fieldsV1: { 'f:data': { '.': {}, 'f:a': {}, 'f:b': {} }, 'f:metadata': { 'f:annotations': { '.': {}, 'f:kubectl.kubernetes.io/last-applied-configuration': {} }, 'f:labels': { '.': {}, 'f:app': {} } } },
    });
    const upgraded = await cluster.kubectl(['-n', NS, 'apply', '--server-side', '-f', '-'], cs({ a: '1', b: '3' }));
    expect(upgraded.code).toBe(0);
    // As kube-apiserver 1.26.5 stores it after kubectl 1.32's upgrade (a JSON patch of managedFields, then the apply).
    expect(await managedFields('cs')).toEqual([
      { apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:metadata': { 'f:annotations': { 'f:kubectl.kubernetes.io/last-applied-configuration': {} } } }, manager: 'kubectl-last-applied', operation: 'Apply' },
      { apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': { 'f:a': {}, 'f:b': {} }, 'f:metadata': { 'f:labels': { 'f:app': {} } } }, manager: 'kubectl', operation: 'Apply' },
    ]);
    const got = await cluster.kubectl(['-n', NS, 'get', 'configmap', 'cs', '-o', 'json']);
    expect(JSON.parse(got.stdout).metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toBe(
      `{"apiVersion":"v1","data":{"a":"1","b":"3"},"kind":"ConfigMap","metadata":{"labels":{"app":"kc"},"name":"cs","namespace":"${NS}"}}\n`,
    );
  });
});
