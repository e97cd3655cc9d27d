// Tutorial section 2 (Advanced DaemonSet) replayed with kubectl against the embedded stack (API server,
// simulated master1 (tainted) + node1 + node2, garbage collector, controller). An invariant monitor
// watches the DaemonSet and its pods and checks after every event: at most one pod per node (terminating
// pods included, no surge here) and never more nodes without an available pod than maxUnavailable.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbedded, type Embedded } from '../support/embedded.js';
import { table } from '../support/jobs-e2e.js';
import { DS_MAX_UNAVAILABLE, watchDaemonSet, type DaemonSetMonitor } from './daemonset-invariants.js';
import { apply, daemonPods, DEMO, DEMO2, DEMO3, describeEvents, dsEvents, getJson, manifest, observed, settled, sleep, until, type DaemonPod } from './daemonset-support.js';

let k: Embedded;
let monitor: DaemonSetMonitor | undefined;

const byNode = (pods: DaemonPod[]) => Object.fromEntries(pods.map((p) => [p.node, p]));

beforeAll(async () => {
  k = await startEmbedded({ timeScale: 0.05 });
  monitor = await watchDaemonSet(k.kubeconfigPath, 'nginx', 'k8s-app=nginx');
}, 60_000);

afterAll(async () => {
  monitor?.stop();
  await k?.stop();
});

/** Nothing happens for a while after the controller has observed the latest generation. */
async function quietAfterObserving(before: DaemonPod[]): Promise<any> {
  const ds = await until('generation observed', () => observed(k));
  await sleep(1500);
  expect((await daemonPods(k)).map((p) => [p.node, p.name, p.image])).toEqual(before.map((p) => [p.node, p.name, p.image]));
  return ds;
}

describe('tutorial 2.1: kubectl apply -f 03-daemonset-demo.yaml', () => {
  it('kubectl get daemon prints nginx 2 2 2 2 2 with one pod on node1 and one on node2, none on the tainted master1', async () => {
    expect(await apply(k, manifest(DEMO))).toBe('daemonset.apps.kruise.io/nginx created');
    const row = await until('nginx 2 2 2 2 2', async () => {
      const t = table((await k.kubectl(['get', 'daemon'])).stdout);
      const r = t.find((c) => c[0] === 'nginx');
      return r?.slice(1, 6).join(' ') === '2 2 2 2 2' && t;
    });
    expect(row[0]).toEqual(['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    const pods = await daemonPods(k);
    expect(pods.map((p) => [p.node, p.image, p.ready])).toEqual([['node1', 'nginx:1.7.9', true], ['node2', 'nginx:1.7.9', true]]);
    expect(monitor!.report()).toEqual([]);
  });
});

describe('tutorial 2.2: rollingUpdate.selector kubernetes.io/hostname=node1 (04-daemonset-demo2.yaml)', () => {
  it('replaces only node1\'s pod (new name, new image); node2\'s pod keeps its name and image', async () => {
    const before = byNode(await daemonPods(k));
    expect(await apply(k, manifest(DEMO2))).toBe('daemonset.apps.kruise.io/nginx configured');
    const after = await until('node1 replaced', async () => {
      const ds = await observed(k);
      const pods = await daemonPods(k);
      const n1 = pods.find((p) => p.node === 'node1' && p.name !== before.node1!.name);
      return ds?.status.updatedNumberScheduled === 1 && ds.status.numberAvailable === 2 && pods.length === 2 && n1?.ready && byNode(pods);
    });
    expect(after.node1).toMatchObject({ image: 'nginx' });
    expect(after.node2).toMatchObject({ name: before.node2!.name, uid: before.node2!.uid, image: 'nginx:1.7.9' });
    await sleep(1000);
    // Still only node1 updated: the selector keeps node2 out of the rollout.
    expect(byNode(await daemonPods(k)).node2).toMatchObject({ name: before.node2!.name, image: 'nginx:1.7.9' });
    expect((await getJson(k, ['daemon', 'nginx'])).status).toMatchObject({ desiredNumberScheduled: 2, updatedNumberScheduled: 1, numberAvailable: 2 });

    const events = (await describeEvents(k)).map((e) => `${e.type} ${e.reason} ${e.message}`);
    expect([...events].sort()).toEqual([
      `Normal SuccessfulCreate Created pod: ${before.node1!.name}`,
      `Normal SuccessfulCreate Created pod: ${before.node2!.name}`,
      `Normal SuccessfulCreate Created pod: ${after.node1!.name}`,
      `Normal SuccessfulDelete Deleted pod: ${before.node1!.name}`,
    ].sort());
    // The replacement is created only after the old pod is gone (no surge): ADDED after DELETED.
    const seq = (type: string, name: string) => monitor!.events.find((e) => e.type === type && e.name === name)?.seq ?? -1;
    expect(seq('DELETED', before.node1!.name)).toBeGreaterThan(0);
    expect(seq('ADDED', after.node1!.name)).toBeGreaterThan(seq('DELETED', before.node1!.name));
    expect(monitor!.report()).toEqual([]);
  });
});

describe('tutorial 2.3: partition and paused', () => {
  const edit = (ru: Record<string, unknown>) => manifest(DEMO2, (m) => {
    m.spec.template.spec.containers[0].image = 'nginx:1.9.1';
    m.spec.updateStrategy.rollingUpdate = { rollingUpdateType: 'Standard', ...ru };
  });

  it('partition 10 (more than the 2 desired) with a new image updates nothing', async () => {
    const before = await daemonPods(k);
    await apply(k, edit({ partition: 10 }));
    const ds = await quietAfterObserving(before);
    expect(ds.status).toMatchObject({ desiredNumberScheduled: 2, updatedNumberScheduled: 0, numberAvailable: 2 });
  });

  it('paused: true updates nothing; unpausing rolls both nodes to the new image one at a time', async () => {
    const before = await daemonPods(k);
    await apply(k, edit({ paused: true }));
    const ds = await quietAfterObserving(before);
    expect(ds.status).toMatchObject({ updatedNumberScheduled: 0, numberAvailable: 2 });

    monitor!.resetPeaks();
    await apply(k, edit({ paused: false }));
    const { pods } = await settled(k);
    expect(pods.map((p) => [p.node, p.image])).toEqual([['node1', 'nginx:1.9.1'], ['node2', 'nginx:1.9.1']]);
    expect(pods.map((p) => p.name).filter((n) => before.some((b) => b.name === n))).toEqual([]);
    // Each node was without a pod for a while, never both at once.
    expect(monitor!.peak(DS_MAX_UNAVAILABLE)).toBe(1);
    expect(monitor!.report()).toEqual([]);
  });
});

describe('tutorial 2.4: kubectl delete daemon nginx, then 05-daemonset-demo3.yaml (InPlaceIfPossible)', () => {
  it('changing the image updates both pods in place, one node at a time: same names, RESTARTS 1, the tutorial events', async () => {
    monitor!.stop();
    const oldUid = (await getJson(k, ['daemon', 'nginx'])).metadata.uid;
    const r = await k.kubectl(['delete', 'daemon', 'nginx']);
    expect(r.stdout.trim()).toBe('daemonset.apps.kruise.io "nginx" deleted');
    // As in the tutorial, 05 goes in right away. The garbage collector deletes the old pods and the old
    // ControllerRevision; until it has, the new DaemonSet's revision name (05 has 03's template) is taken
    // by the old one, so the new DaemonSet can only start once the collector has caught up.
    expect(await apply(k, manifest(DEMO3))).toBe('daemonset.apps.kruise.io/nginx created');
    await until('the old pods and revision collected', async () => {
      const objs = await getJson(k, ['pods,controllerrevisions', '-l', 'k8s-app=nginx']);
      return objs && !objs.items.some((o: any) => o.metadata.ownerReferences?.some((r: any) => r.uid === oldUid));
    }, 30_000);
    monitor = await watchDaemonSet(k.kubeconfigPath, 'nginx', 'k8s-app=nginx');
    const { pods: before, ds } = await settled(k);
    expect(before.map((p) => [p.node, p.image])).toEqual([['node1', 'nginx:1.7.9'], ['node2', 'nginx:1.7.9']]);

    monitor.resetPeaks();
    expect(await apply(k, manifest(DEMO3, (m) => (m.spec.template.spec.containers[0].image = 'nginx:1.9.1')))).toBe('daemonset.apps.kruise.io/nginx configured');
    const { pods: after } = await settled(k);
    expect(after.map((p) => [p.node, p.name, p.uid, p.image, p.restarts])).toEqual(before.map((p) => [p.node, p.name, p.uid, 'nginx:1.9.1', 1]));
    const restarts = table((await k.kubectl(['get', 'pods', '-l', 'k8s-app=nginx'])).stdout);
    const col = restarts[0]!.indexOf('RESTARTS');
    expect(restarts.slice(1).map((c) => c[col])).toEqual(['1', '1']);

    const events = await until('in-place events', async () => {
      const evs = await dsEvents(k, 'nginx', ds.metadata.uid);
      return evs.filter((e) => e.reason === 'SuccessfulUpdatePodInPlace').length === 2 && evs;
    });
    expect(events.filter((e) => e.reason === 'SuccessfulUpdatePodInPlace').map((e) => e.message).sort())
      .toEqual(before.map((p) => `successfully update pod ${p.name} in-place`).sort());
    expect(events.filter((e) => e.reason === 'SuccessfulCreate' || e.reason === 'SuccessfulDelete').map((e) => e.message).sort())
      .toEqual(before.map((p) => `Created pod: ${p.name}`).sort());
    const warning = events.find((e) => e.reason === 'numUnavailable >= maxUnavailable');
    expect(warning).toMatchObject({
      type: 'Warning',
      message: 'default/nginx number of unavailable DaemonSet pods: 1, is equal to or exceeds allowed maximum: 1',
    });
    // One node at a time: exactly one node was without an available pod at the worst moment.
    expect(monitor.peak(DS_MAX_UNAVAILABLE)).toBe(1);
    expect(monitor.report()).toEqual([]);
  });
});

describe('tutorial 2.5: the CRD', () => {
  it('kubectl get crd daemonsets.apps.kruise.io -o yaml lists shortNames with daemon', async () => {
    const r = await k.kubectl(['get', 'crd', 'daemonsets.apps.kruise.io', '-o', 'yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/shortNames:\n\s*- daemon\n/);
    const crd = await getJson(k, ['crd', 'daemonsets.apps.kruise.io']);
    expect(crd.spec.names.shortNames).toContain('daemon');
  });
});
