// The pure modules seen through a real kubectl against the embedded API server: CRD printer columns, pod tables,
// schema rejections and strategic-merge-patch ordering, as a user sees them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startTestCluster, type TestCluster } from '../support/cluster.js';

let hasKubectl = true;
try { execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' }); } catch { hasKubectl = false; }
const fixture = (f: string) => readFileSync(new URL(`./fixtures/${f}`, import.meta.url), 'utf8');
const lines = (s: string) => s.trim().split('\n').map((l) => l.trim().split(/\s{2,}/));
/** Cells cut at the header's column offsets, so empty cells stay visible. */
function columns(out: string): string[][] {
  const [head, ...rows] = out.replace(/\n$/, '').split('\n');
  const starts = [...head!.matchAll(/\S+(?: \S+)*/g)].map((m) => m.index!);
  return [head!, ...rows].map((l) => starts.map((st, i) => l.slice(st, starts[i + 1] ?? l.length).trim()));
}

describe.skipIf(!hasKubectl)('kubectl against the embedded API server', () => {
  let c: TestCluster;
  beforeAll(async () => { c = await startTestCluster(); });
  afterAll(async () => { await c?.stop(); });

  it('get crd lists the four Kruise CRDs with NAME and CREATED AT', async () => {
    const r = await c.kubectl(['get', 'crd']);
    expect(r.stderr).toBe('');
    const rows = lines(r.stdout);
    expect(rows[0]).toEqual(['NAME', 'CREATED AT']);
    expect(rows.slice(1).map((row) => row[0])).toEqual(expect.arrayContaining([
      'advancedcronjobs.apps.kruise.io', 'broadcastjobs.apps.kruise.io', 'daemonsets.apps.kruise.io', 'statefulsets.apps.kruise.io',
    ]));
    expect(rows[1]![1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('get asts prints the printer columns, empty cells for a status not written yet, CONTAINERS and IMAGES with -o wide', async () => {
    expect((await c.kubectl(['apply', '-f', '-'], fixture('01-sts-RollingUpdate-Parallel.yaml'))).stdout).toContain('statefulset.apps.kruise.io/web created');
    const rows = columns((await c.kubectl(['get', 'asts', '-o', 'wide'])).stdout);
    expect(rows[0]).toEqual(['NAME', 'DESIRED', 'CURRENT', 'UPDATED', 'READY', 'AGE', 'CONTAINERS', 'IMAGES']);
    expect(rows[1]!.slice(0, 5)).toEqual(['web', '5', '', '', '']);
    expect(rows[1]![5]).toMatch(/^\d+s$/);
    expect(rows[1]!.slice(6)).toEqual(['nginx', 'nginx']);
  });

  it('a schema-invalid AdvancedCronJob is rejected with the field path and the supported values', async () => {
    const bad = fixture('07-acj-demo1.yaml').replace('schedule: "*/1 * * * *"', 'schedule: "*/1 * * * *"\n  concurrencyPolicy: Sometimes');
    const r = await c.kubectl(['apply', '-f', '-'], bad);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"');
  });

  it('re-applying a Deployment with reordered containers and a new image keeps the applied order (strategic merge patch)', async () => {
    // A pod's containers may not be reordered (pod updates may change images only), so this uses a
    // Deployment, whose pod template gets the same strategic merge with $setElementOrder.
    const deployment = (first: [string, string], second: [string, string]) => `apiVersion: apps/v1
kind: Deployment
metadata: { name: smp, namespace: default }
spec:
  selector: { matchLabels: { app: smp } }
  template:
    metadata: { labels: { app: smp } }
    spec:
      containers:
      - { name: ${first[0]}, image: ${first[1]} }
      - { name: ${second[0]}, image: ${second[1]} }
`;
    expect((await c.kubectl(['apply', '-f', '-'], deployment(['a', 'nginx:1'], ['b', 'busybox:1']))).code).toBe(0);
    const r = await c.kubectl(['apply', '-f', '-'], deployment(['b', 'busybox:2'], ['a', 'nginx:1']));
    expect(r.stderr).toBe('');
    const got = await c.kubectl(['get', 'deploy', 'smp', '-o', 'jsonpath={range .spec.template.spec.containers[*]}{.name}={.image} {end}']);
    expect(got.stdout.trim()).toBe('b=busybox:2 a=nginx:1');
  });

  it('re-applying a pod with reordered containers is refused as a real API server refuses it', async () => {
    const pod = (first: [string, string], second: [string, string]) => `apiVersion: v1
kind: Pod
metadata: { name: smp-pod, namespace: default }
spec:
  containers:
  - { name: ${first[0]}, image: ${first[1]} }
  - { name: ${second[0]}, image: ${second[1]} }
`;
    expect((await c.kubectl(['apply', '-f', '-'], pod(['a', 'nginx:1'], ['b', 'busybox:1']))).code).toBe(0);
    const r = await c.kubectl(['apply', '-f', '-'], pod(['b', 'busybox:2'], ['a', 'nginx:1']));
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/pod updates may not change fields other than/);
    const table = lines((await c.kubectl(['get', 'pod', 'smp-pod', '-o', 'wide'])).stdout);
    expect(table[0]).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    expect(table[1]!.slice(0, 4)).toEqual(['smp-pod', '0/2', 'Pending', '0']);
  });
});
