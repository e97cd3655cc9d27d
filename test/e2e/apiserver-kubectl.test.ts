// Acceptance of the embedded API server with a real kubectl: discovery, apply of the tutorial manifests,
// printer columns, describe with events, scale, label, the three patch types, delete and get -w.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../support/cluster.js';

const MANIFESTS = join(import.meta.dirname, 'manifests');

let c: TestCluster;
beforeAll(async () => {
  c = await startTestCluster();
});
afterAll(async () => {
  await c?.stop();
});

async function ok(args: string[], input?: string): Promise<string> {
  const r = await c.kubectl(args, input);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${r.code}): ${r.stderr}`);
  return r.stdout;
}

const headerOf = (out: string): string[] => out.split('\n')[0]!.trim().split(/\s{2,}/);

describe('kubectl against a fresh embedded cluster', () => {
  it('get ns lists the initial namespaces', async () => {
    const out = await ok(['get', 'ns']);
    for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) expect(out).toMatch(new RegExp(`^${ns}\\s`, 'm'));
  });

  it('api-resources lists the Kruise short names asts, daemon, bcj, acj', async () => {
    const out = await ok(['api-resources', '--api-group=apps.kruise.io']);
    expect(out).toMatch(/statefulsets\s+sts,asts\s+apps\.kruise\.io\/v1beta1\s+true\s+StatefulSet/);
    expect(out).toMatch(/daemonsets\s+daemon,ads\s/);
    expect(out).toMatch(/broadcastjobs\s+bcj\s/);
    expect(out).toMatch(/advancedcronjobs\s+acj\s/);
  });

  it('apply of every tutorial manifest succeeds, creating each object the first time', async () => {
    const created = new Set<string>();
    for (const file of ['01-sts-RollingUpdate-Parallel', '02-sts-RollingUpdate-InPlaceIfPossible', '03-daemonset-demo', '04-daemonset-demo2', '05-daemonset-demo3', '06-BroadcastJob', '07-acj-demo1']) {
      const out = await ok(['apply', '-f', join(MANIFESTS, `${file}.yaml`)]);
      const [, what, verb] = out.trim().match(/^(\S+) (created|configured|unchanged)$/) ?? [];
      expect(what, out).toBeDefined();
      expect(verb).toMatch(created.has(what!) ? /configured|unchanged/ : /created/);
      created.add(what!);
    }
    expect([...created].sort()).toEqual([
      'advancedcronjob.apps.kruise.io/acj-test', 'broadcastjob.apps.kruise.io/bcj-demo', 'daemonset.apps.kruise.io/nginx', 'statefulset.apps.kruise.io/web',
    ]);
  });

  it('a second apply with another image updates: generation + 1 and the last-applied annotation kept', async () => {
    const before = JSON.parse(await ok(['get', 'asts', 'web', '-o', 'json']));
    const manifest = readFileSync(join(MANIFESTS, '02-sts-RollingUpdate-InPlaceIfPossible.yaml'), 'utf8').replace(/image: \S+/, 'image: nginx:1.25.5');
    expect(await ok(['apply', '-f', '-'], manifest)).toContain('statefulset.apps.kruise.io/web configured');
    const after = JSON.parse(await ok(['get', 'asts', 'web', '-o', 'json']));
    expect(after.metadata.generation).toBe(before.metadata.generation + 1);
    expect(after.spec.template.spec.containers[0].image).toBe('nginx:1.25.5');
    const lastApplied = JSON.parse(after.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']);
    expect(lastApplied.spec.template.spec.containers[0].image).toBe('nginx:1.25.5');
  });

  it('get asts|daemon|bcj|acj print the CRDs printer columns', async () => {
    expect(headerOf(await ok(['get', 'asts']))).toEqual(['NAME', 'DESIRED', 'CURRENT', 'UPDATED', 'READY', 'AGE']);
    expect(headerOf(await ok(['get', 'daemon']))).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    expect(headerOf(await ok(['get', 'bcj']))).toEqual(['NAME', 'DESIRED', 'ACTIVE', 'SUCCEEDED', 'FAILED', 'AGE']);
    expect(headerOf(await ok(['get', 'acj']))).toEqual(['NAME', 'SCHEDULE', 'TYPE', 'LASTSCHEDULETIME', 'AGE']);
    expect(await ok(['get', 'acj'])).toMatch(/acj-test\s+\*\/1 \* \* \* \*/);
  });

  it('get po -o wide prints every pod column', async () => {
    await ok(['run', 'wide', '--image', 'nginx:1.25']);
    expect(headerOf(await ok(['get', 'po', 'wide', '-o', 'wide']))).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
  });

  /** Whether this kubectl sends `fieldValidation` (1.25 and later; CI may fall back to Debian's 1.20). */
  async function kubectlSendsFieldValidation(): Promise<boolean> {
    const v = await c.kubectl(['version', '--client', '-o', 'json']);
    const minor = Number.parseInt(JSON.parse(v.stdout).clientVersion.minor, 10);
    return minor >= 25;
  }

  it('apply of a schema-invalid or unknown-field object fails naming the field, as a real server answers', async () => {
    const bcj = readFileSync(join(MANIFESTS, '06-BroadcastJob.yaml'), 'utf8').replace('name: bcj-demo', 'name: bcj-bad');
    const sts = readFileSync(join(MANIFESTS, '01-sts-RollingUpdate-Parallel.yaml'), 'utf8').replace('name: web', 'name: web-bad').replace('replicas: 5', 'replicas: "five"');
    const invalid = await c.kubectl(['apply', '-f', '-'], sts);
    expect(invalid.code).not.toBe(0);
    // kubectl rewrites a 422 from its Status causes, one line each: the schema's error, then kube-apiserver's
    // scale-subresource check of the same field (as a real 1.26 server lists both).
    expect(invalid.stderr).toContain(
      'The StatefulSet "web-bad" is invalid: \n* spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"\n' +
        '* .spec.replicas: Invalid value: 0: .spec.replicas accessor error: five is of the type string, expected int64',
    );
    const unknown = await c.kubectl(['apply', '-f', '-'], bcj.replace('spec:\n', 'spec:\n  bogusField: 1\n'));
    if (await kubectlSendsFieldValidation()) {
      // kubectl ≥ 1.25 sends fieldValidation=Strict with apply: the server refuses the unknown field.
      expect(unknown.code).not.toBe(0);
      expect(unknown.stderr).toContain('strict decoding error: unknown field "spec.bogusField"');
      expect((await c.kubectl(['get', 'bcj', 'bcj-bad'])).code).not.toBe(0);
    } else {
      // Older kubectl (Debian's 1.20) sends no fieldValidation: the server prunes the field, as a real one does.
      expect(unknown.code).toBe(0);
      const stored = JSON.parse((await c.kubectl(['get', 'bcj', 'bcj-bad', '-o', 'json'])).stdout);
      expect(stored.spec.bogusField).toBeUndefined();
    }
  });

  it('get crd lists the four Kruise CRDs and -o yaml shows one with its short names', async () => {
    const out = await ok(['get', 'crd']);
    for (const n of ['statefulsets', 'daemonsets', 'broadcastjobs', 'advancedcronjobs']) expect(out).toContain(`${n}.apps.kruise.io`);
    const yaml = await ok(['get', 'crd', 'statefulsets.apps.kruise.io', '-o', 'yaml']);
    expect(yaml).toMatch(/shortNames:\n\s+- sts\n\s+- asts/);
    expect(yaml).toMatch(/type: Established/);
  });

  it('describe po shows the events of the pod', async () => {
    await ok(['run', 'described', '--image', 'nginx:1.25']);
    const pod = JSON.parse(await ok(['get', 'po', 'described', '-o', 'json']));
    const event = {
      apiVersion: 'v1', kind: 'Event', metadata: { name: 'described.1', namespace: 'default' },
      involvedObject: { kind: 'Pod', name: 'described', namespace: 'default', uid: pod.metadata.uid, apiVersion: 'v1' },
      reason: 'Scheduled', message: 'Successfully assigned default/described to node1', type: 'Normal',
      source: { component: 'default-scheduler' }, firstTimestamp: new Date().toISOString().replace(/\.\d+Z/, 'Z'),
      lastTimestamp: new Date().toISOString().replace(/\.\d+Z/, 'Z'), count: 1,
    };
    await ok(['create', '-f', '-'], JSON.stringify(event));
    const out = await ok(['describe', 'po', 'described']);
    expect(out).toMatch(/Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message/);
    expect(out).toMatch(/Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned default\/described to node1/);
  });

  it('scale asts web --replicas 3 sets spec.replicas through the scale subresource', async () => {
    expect(await ok(['scale', 'asts', 'web', '--replicas', '3'])).toContain('statefulset.apps.kruise.io/web scaled');
    expect(await ok(['get', 'asts', 'web', '-o', 'jsonpath={.spec.replicas}'])).toBe('3');
  });

  it('label adds a label', async () => {
    await ok(['label', 'asts', 'web', 'tier=frontend']);
    expect(await ok(['get', 'asts', '-l', 'tier=frontend', '-o', 'name'])).toBe('statefulset.apps.kruise.io/web\n');
    expect(await ok(['get', 'asts', '-l', 'tier in (backend)', '-o', 'name'])).toBe('');
  });

  it('patch --type merge, json and strategic all apply', async () => {
    // `create -f` (a JSON body): kubectl ≥ 1.32's typed `create configmap` sends protobuf, which the embedded server does not decode.
    await ok(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { a: '1' } }));
    await ok(['patch', 'configmap', 'cfg', '--type', 'merge', '-p', '{"data":{"b":"2"}}']);
    await ok(['patch', 'configmap', 'cfg', '--type', 'json', '-p', '[{"op":"replace","path":"/data/a","value":"9"}]']);
    expect(JSON.parse(await ok(['get', 'cm', 'cfg', '-o', 'json'])).data).toEqual({ a: '9', b: '2' });
    await ok(['run', 'patched', '--image', 'nginx:1.25']);
    await ok(['patch', 'pod', 'patched', '--type', 'strategic', '-p', '{"spec":{"containers":[{"name":"patched","image":"nginx:1.26"}]}}']);
    const pod = JSON.parse(await ok(['get', 'po', 'patched', '-o', 'json']));
    expect(pod.spec.containers).toHaveLength(1);
    expect(pod.spec.containers[0].image).toBe('nginx:1.26');
    expect(pod.spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
    const crdStrategic = await c.kubectl(['patch', 'asts', 'web', '--type', 'strategic', '-p', '{"spec":{"replicas":2}}']);
    expect(crdStrategic.code).not.toBe(0);
    expect(crdStrategic.stderr).toMatch(/UnsupportedMediaType|unknown format|not supported/i);
  });

  it('delete returns once the object is gone', async () => {
    expect(await ok(['delete', 'bcj', 'bcj-demo'])).toContain('broadcastjob.apps.kruise.io "bcj-demo" deleted');
    const r = await c.kubectl(['get', 'bcj', 'bcj-demo']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('broadcastjobs.apps.kruise.io "bcj-demo" not found');
  });

  it('get -w streams a change', async () => {
    // `create -f` (a JSON body): kubectl ≥ 1.32's typed `create configmap` sends protobuf, which the embedded server does not decode.
    await ok(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'watched' }, data: { a: '1' } }));
    const child = spawn('kubectl', ['--kubeconfig', c.kubeconfigPath, '--cache-dir', join(c.dir, 'cache'), 'get', 'cm', 'watched', '-w', '--output-watch-events'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const waitFor = async (re: RegExp): Promise<void> => {
      for (let i = 0; i < 100 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 50));
      expect(out).toMatch(re);
    };
    try {
      await waitFor(/ADDED\s+watched/);
      await ok(['label', 'cm', 'watched', 'x=y']);
      await waitFor(/MODIFIED\s+watched/);
    } finally {
      child.kill();
    }
  });
});
