// kubectl (the machine's, 1.32: explain reads /openapi/v3, --validate asks the server for field validation)
// against the embedded server prints what it prints against kube-apiserver 1.26.5 (outputs compared by hand).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../../../support/cluster.js';

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startTestCluster();
});
afterAll(async () => {
  await cluster.stop();
});

const BAD_CONFIGMAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: c1
  namespace: default
dat:
  a: b
data:
  x: "1"
`;

describe('kubectl explain', () => {
  it('explains a built-in kind from the recorded schemas', async () => {
    const res = await cluster.kubectl(['explain', 'pods']);
    expect(res.code).toBe(0);
    expect(res.stdout.startsWith(
      'KIND:       Pod\nVERSION:    v1\n\nDESCRIPTION:\n    Pod is a collection of containers that can run on a host. This resource is\n    created by clients and scheduled onto hosts.\n',
    )).toBe(true);
    expect(res.stdout).toContain('  spec\t<PodSpec>\n');
    expect(res.stdout).toContain('  status\t<PodStatus>\n');
  });

  it('explains a field of an Advanced StatefulSet from its CRD\'s document', async () => {
    const res = await cluster.kubectl(['explain', 'asts.spec.updateStrategy']);
    expect(res.code).toBe(0);
    expect(res.stdout.startsWith('GROUP:      apps.kruise.io\nKIND:       StatefulSet\nVERSION:    v1beta1\n\nFIELD: updateStrategy <Object>\n')).toBe(true);
    expect(res.stdout).toContain('  rollingUpdate\t<Object>\n');
    expect(res.stdout).toContain('  type\t<string>\n');
  });

  it('explains another served version with --api-version, and names a field that does not exist', async () => {
    const v1alpha1 = await cluster.kubectl(['explain', 'statefulsets', '--api-version=apps.kruise.io/v1alpha1']);
    expect(v1alpha1.stdout.startsWith('GROUP:      apps.kruise.io\nKIND:       StatefulSet\nVERSION:    v1alpha1\n\nDESCRIPTION:\n    StatefulSet is the Schema for the statefulsets API\n')).toBe(true);
    const dotted = await cluster.kubectl(['explain', 'statefulsets.apps.kruise.io', '--api-version=apps.kruise.io/v1alpha1']);
    expect(dotted.code).toBe(1);
    expect(dotted.stderr).toBe('error: field "io" does not exist\n');
  });
});

describe('kubectl field validation', () => {
  it('apply --validate=strict and create --dry-run=server refuse an unknown field', async () => {
    const expected = 'Error from server (BadRequest): error when creating "STDIN": ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "dat"\n';
    const apply = await cluster.kubectl(['apply', '--validate=strict', '-f', '-'], BAD_CONFIGMAP);
    expect(apply.code).toBe(1);
    expect(apply.stderr).toBe(expected);
    const dryRun = await cluster.kubectl(['create', '--dry-run=server', '-f', '-'], BAD_CONFIGMAP);
    expect(dryRun.code).toBe(1);
    expect(dryRun.stderr).toBe(expected);
  });

  it('apply --validate=warn stores the object without the field and prints the server\'s warning', async () => {
    const res = await cluster.kubectl(['apply', '--validate=warn', '-f', '-'], BAD_CONFIGMAP);
    expect(res.code).toBe(0);
    expect(res.stderr).toBe('Warning: unknown field "dat"\n');
    expect(res.stdout).toBe('configmap/c1 created\n');
    const got = await cluster.kubectl(['get', 'configmap', 'c1', '-o', 'jsonpath={.data.x}']);
    expect(got.stdout).toBe('1');
  });
});
