import { describe, expect, it } from 'vitest';
import { renderTable } from '../../../../src/cluster/apiserver/tables/render.js';
import { findResults } from '../../../../src/cluster/apiserver/tables/jsonpath.js';
import { loadKruiseCrds } from '../../../../src/cluster/apiserver/schema/kruise-crds.js';
import type { CRDPrinterColumn } from '../../../../src/cluster/apiserver/tables/types.js';
import type { KubeObject } from '../../../../src/api/objects.js';

const now = Date.parse('2026-01-01T12:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();
const H = 3_600_000;
const render = (group: string, plural: string, objects: KubeObject[], extra: Record<string, unknown> = {}) =>
  renderTable({ group, version: 'v1', kind: 'X', plural, objects, nowMs: now, ...extra });
const header = (t: ReturnType<typeof render>) => t.columnDefinitions.filter((c) => c.priority === 0).map((c) => c.name.toUpperCase()).join(' ');

describe('built-in tables', () => {
  it('nodes: Ready, Ready,SchedulingDisabled, NotReady, Unknown; roles from labels; wide columns', () => {
    const node = (name: string, ready: string | undefined, unschedulable = false, labels: Record<string, string> = {}) => ({
      apiVersion: 'v1', kind: 'Node', metadata: { name, labels, creationTimestamp: ago(3 * H + 5 * 60_000) },
      spec: { unschedulable },
      status: {
        conditions: ready ? [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: ready }] : [],
        addresses: [{ type: 'InternalIP', address: '10.0.0.1' }, { type: 'Hostname', address: name }],
        nodeInfo: { kubeletVersion: 'v1.26.5+kactor', osImage: 'kactor', kernelVersion: '6.1', containerRuntimeVersion: 'kactor://0.1.0' },
      },
    });
    const t = render('', 'nodes', [
      node('master1', 'True', false, { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/master': '' }),
      node('node1', 'True', true), node('node2', 'False'), node('node3', undefined),
    ]);
    expect(header(t)).toBe('NAME STATUS ROLES AGE VERSION');
    expect(t.rows.map((r) => r.cells.slice(0, 4))).toEqual([
      ['master1', 'Ready', 'control-plane,master', '3h5m'], ['node1', 'Ready,SchedulingDisabled', '<none>', '3h5m'],
      ['node2', 'NotReady', '<none>', '3h5m'], ['node3', 'Unknown', '<none>', '3h5m'],
    ]);
    expect(t.rows[0]!.cells.slice(4)).toEqual(['v1.26.5+kactor', '10.0.0.1', '<none>', 'kactor', '6.1', 'kactor://0.1.0']);
  });

  it('events: LAST SEEN TYPE REASON OBJECT MESSAGE, with the involved object as kind/name', () => {
    const t = render('', 'events', [{
      apiVersion: 'v1', kind: 'Event', metadata: { name: 'web.1', creationTimestamp: ago(H) },
      involvedObject: { kind: 'StatefulSet', name: 'web' }, reason: 'SuccessfulCreate', type: 'Normal',
      message: 'create Pod web-0 in StatefulSet web successful\n', source: { component: 'statefulset-controller' },
      firstTimestamp: ago(H), lastTimestamp: ago(42 * 60_000), count: 3,
    }]);
    expect(header(t)).toBe('LAST SEEN TYPE REASON OBJECT MESSAGE');
    expect(t.rows[0]!.cells).toEqual(['42m', 'Normal', 'SuccessfulCreate', 'statefulset/web', '', 'statefulset-controller', 'create Pod web-0 in StatefulSet web successful', '60m', 3, 'web.1']);
  });

  it('built-in printers carry kube-apiserver 1.26.5\'s column definitions (recorded from it)', () => {
    const jobs = render('batch', 'jobs', []);
    expect(jobs.columnDefinitions[1]).toEqual({ name: 'Completions', type: 'string', format: '', description: 'The number of pods which reached phase Succeeded.', priority: 0 });
    expect(render('', 'pods', []).columnDefinitions[0]!.description).toContain('More info: http://kubernetes.io/docs/user-guide/identifiers#names');
  });

  it('jobs: COMPLETIONS DURATION (Kubernetes 1.26 columns: no STATUS)', () => {
    const job = (status: Record<string, unknown>, spec: Record<string, unknown> = { completions: 1 }) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', creationTimestamp: ago(H) }, spec, status });
    const t = render('batch', 'jobs', [
      job({ succeeded: 1, startTime: ago(H), completionTime: ago(H - 65_000), conditions: [{ type: 'Complete', status: 'True' }] }),
      job({ active: 1, startTime: ago(30_000) }, { parallelism: 2 }),
      job({ failed: 1, conditions: [{ type: 'Failed', status: 'True' }] }, {}),
    ]);
    expect(header(t)).toBe('NAME COMPLETIONS DURATION AGE');
    expect(t.rows.map((r) => r.cells.slice(0, 4))).toEqual([
      ['j', '1/1', '65s', '60m'], ['j', '0/1 of 2', '30s', '60m'], ['j', '0/1', '', '60m'],
    ]);
  });

  it('controllerrevisions name the controller as kind.group/name', () => {
    const t = render('apps', 'controllerrevisions', [{
      apiVersion: 'apps/v1', kind: 'ControllerRevision', revision: 2,
      metadata: { name: 'web-7d8f9c6b5d', creationTimestamp: ago(10_000), ownerReferences: [{ apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', name: 'web', uid: 'u', controller: true }] },
    }]);
    expect(header(t)).toBe('NAME CONTROLLER REVISION AGE');
    expect(t.rows[0]!.cells).toEqual(['web-7d8f9c6b5d', 'statefulset.apps.kruise.io/web', 2, '10s']);
  });

  it('leases, configmaps, namespaces, apps/v1 statefulsets and daemonsets', () => {
    expect(render('coordination.k8s.io', 'leases', [{ metadata: { name: 'kactor', creationTimestamp: ago(1000) }, spec: { holderIdentity: 'me_1' } }]).rows[0]!.cells).toEqual(['kactor', 'me_1', '1s']);
    expect(render('', 'configmaps', [{ metadata: { name: 'c', creationTimestamp: ago(1000) }, data: { a: '1', b: '2' }, binaryData: { c: '' } }]).rows[0]!.cells).toEqual(['c', 3, '1s']);
    expect(render('', 'namespaces', [{ metadata: { name: 'default', creationTimestamp: ago(2 * 86_400_000) }, status: { phase: 'Active' } }]).rows[0]!.cells).toEqual(['default', 'Active', '2d']);
    const sts = render('apps', 'statefulsets', [{ metadata: { name: 's', creationTimestamp: ago(1000) }, spec: { replicas: 3, template: { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] } } }, status: { readyReplicas: 2 } }]);
    expect(sts.rows[0]!.cells).toEqual(['s', '2/3', '1s', 'a,b', 'x,y']);
    const ds = render('apps', 'daemonsets', [{ metadata: { name: 'd', creationTimestamp: ago(1000) }, spec: { selector: { matchLabels: { app: 'd' } }, template: { spec: { nodeSelector: { disk: 'ssd' }, containers: [] } } }, status: { desiredNumberScheduled: 2 } }]);
    expect(header(ds)).toBe('NAME DESIRED CURRENT READY UP-TO-DATE AVAILABLE NODE SELECTOR AGE');
    expect(ds.rows[0]!.cells).toEqual(['d', 2, 0, 0, 0, 0, 'disk=ssd', '1s', '', '', 'app=d']);
  });

  it('cronjobs, secrets, serviceaccounts, persistentvolumeclaims, deployments', () => {
    const cj = render('batch', 'cronjobs', [{ metadata: { name: 'c', creationTimestamp: ago(H) }, spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'x', image: 'busybox' }] } } } } }, status: { active: [{ name: 'c-1' }], lastScheduleTime: ago(5 * 60_000) } }]);
    // Kubernetes 1.26 columns: no TIMEZONE (1.27) for CronJobs, no VOLUMEATTRIBUTESCLASS (1.29) for PVCs.
    expect(header(cj)).toBe('NAME SCHEDULE SUSPEND ACTIVE LAST SCHEDULE AGE');
    expect(cj.rows[0]!.cells).toEqual(['c', '*/5 * * * *', '<unset>', 1, '5m', '60m', 'x', 'busybox', '<none>']);
    expect(render('', 'secrets', [{ metadata: { name: 's', creationTimestamp: ago(1000) }, type: 'kubernetes.io/tls', data: { 'tls.crt': '', 'tls.key': '' } }]).rows[0]!.cells).toEqual(['s', 'kubernetes.io/tls', 2, '1s']);
    expect(render('', 'serviceaccounts', [{ metadata: { name: 'default', creationTimestamp: ago(1000) } }]).rows[0]!.cells).toEqual(['default', 0, '1s']);
    const pvc = render('', 'persistentvolumeclaims', [
      { metadata: { name: 'data-web-0', creationTimestamp: ago(1000) }, spec: { volumeName: 'pv-1', storageClassName: 'standard', resources: { requests: { storage: '1Gi' } } }, status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } } },
      { metadata: { name: 'data-web-1', creationTimestamp: ago(1000) }, spec: { resources: { requests: { storage: '1Gi' } } }, status: { phase: 'Pending' } },
    ]);
    expect(header(pvc)).toBe('NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS AGE');
    expect(pvc.rows.map((r) => r.cells)).toEqual([
      ['data-web-0', 'Bound', 'pv-1', '1Gi', 'RWO', 'standard', '1s', '<unset>'],
      ['data-web-1', 'Pending', '', '', '', '', '1s', '<unset>'],
    ]);
    const dep = render('apps', 'deployments', [{ metadata: { name: 'd', creationTimestamp: ago(1000) }, spec: { replicas: 2, selector: { matchLabels: { app: 'd' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'api'] }] }, template: { spec: { containers: [] } } }, status: { readyReplicas: 1, updatedReplicas: 2, availableReplicas: 1 } }]);
    expect(header(dep)).toBe('NAME READY UP-TO-DATE AVAILABLE AGE');
    expect(dep.rows[0]!.cells).toEqual(['d', '1/2', 2, 1, '1s', '', '', 'app=d,tier in (api,web)']);
  });

  it('customresourcedefinitions print NAME and CREATED AT as an RFC 3339 time', () => {
    const t = render('apiextensions.k8s.io', 'customresourcedefinitions', [{ metadata: { name: 'statefulsets.apps.kruise.io', creationTimestamp: '2026-01-01T10:00:00.123Z' } }]);
    expect(header(t)).toBe('NAME CREATED AT');
    expect(t.columnDefinitions[1]!.type).toBe('date');
    expect(t.rows[0]!.cells).toEqual(['statefulsets.apps.kruise.io', '2026-01-01T10:00:00Z']);
  });

  it('any other kind gets NAME AGE', () => {
    const t = render('example.com', 'widgets', [{ metadata: { name: 'w', creationTimestamp: ago(90_000) } }]);
    expect(header(t)).toBe('NAME AGE');
    expect(t.rows[0]!.cells).toEqual(['w', '90s']);
  });
});

describe('includeObject and list metadata', () => {
  const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns', labels: { a: 'b' } }, data: {} };
  it('Metadata (the default) attaches PartialObjectMetadata; Object the object; None null (as kube-apiserver 1.26.5 writes it)', () => {
    expect(render('', 'configmaps', [obj]).rows[0]!.object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata });
    expect(render('', 'configmaps', [obj], { includeObject: 'Object' }).rows[0]!.object).toBe(obj);
    expect(render('', 'configmaps', [obj], { includeObject: 'None' }).rows[0]!.object).toBeNull();
  });
  it('carries resourceVersion and continue', () => {
    const t = render('', 'configmaps', [], { listMeta: { resourceVersion: '42', continue: 'abc', remainingItemCount: 7 } });
    expect(t).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: { resourceVersion: '42', continue: 'abc', remainingItemCount: 7 }, rows: [] });
  });
});

describe('custom resources from printer columns', () => {
  const crds = loadKruiseCrds();
  const columnsOf = (name: string, version: string) =>
    (crds.find((c) => c.metadata!.name === name)!.spec as { versions: { name: string; additionalPrinterColumns: CRDPrinterColumn[] }[] }).versions.find((v) => v.name === version)!.additionalPrinterColumns;

  const sts = {
    apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', metadata: { name: 'web', creationTimestamp: ago(42 * 60_000) },
    spec: { replicas: 5, template: { spec: { containers: [{ name: 'nginx', image: 'nginx:1.7.9' }, { name: 'side', image: 'busybox' }] } } },
    status: { replicas: 5, updatedReplicas: 5, readyReplicas: 4 },
  };

  it('kubectl get asts: NAME DESIRED CURRENT UPDATED READY AGE, wide CONTAINERS IMAGES (first value of [*], as the real server)', () => {
    const t = renderTable({ group: 'apps.kruise.io', version: 'v1beta1', kind: 'StatefulSet', plural: 'statefulsets', objects: [sts], nowMs: now, printerColumns: columnsOf('statefulsets.apps.kruise.io', 'v1beta1') });
    expect(header(t)).toBe('NAME DESIRED CURRENT UPDATED READY AGE');
    expect(t.columnDefinitions.map((c) => c.type)).toEqual(['string', 'integer', 'integer', 'integer', 'integer', 'date', 'string', 'string']);
    expect(t.columnDefinitions[1]!.description).toBe('The desired number of pods.');
    expect(t.rows[0]!.cells).toEqual(['web', 5, 5, 5, 4, '42m', 'nginx', 'nginx:1.7.9']);
  });

  it('missing values are null cells (kubectl prints <none>)', () => {
    const fresh = { ...sts, status: undefined };
    const t = renderTable({ group: 'apps.kruise.io', version: 'v1beta1', kind: 'StatefulSet', plural: 'statefulsets', objects: [fresh], nowMs: now, printerColumns: columnsOf('statefulsets.apps.kruise.io', 'v1beta1') });
    expect(t.rows[0]!.cells).toEqual(['web', 5, null, null, null, '42m', 'nginx', 'nginx:1.7.9']);
  });

  it('kubectl get acj: SCHEDULE TYPE LASTSCHEDULETIME AGE, the date column as an age', () => {
    const acj = { metadata: { name: 'acj-test', creationTimestamp: ago(3 * H) }, spec: { schedule: '*/1 * * * *' }, status: { type: 'BroadcastJob', lastScheduleTime: ago(30_000) } };
    const t = renderTable({ group: 'apps.kruise.io', version: 'v1alpha1', kind: 'AdvancedCronJob', plural: 'advancedcronjobs', objects: [acj], nowMs: now, printerColumns: columnsOf('advancedcronjobs.apps.kruise.io', 'v1alpha1') });
    expect(header(t)).toBe('NAME SCHEDULE TYPE LASTSCHEDULETIME AGE');
    expect(t.rows[0]!.cells).toEqual(['acj-test', '*/1 * * * *', 'BroadcastJob', '30s', '3h']);
  });

  it('mistyped values are null; a bad date is <invalid>; an empty column list means AGE only', () => {
    const cols: CRDPrinterColumn[] = [
      { name: 'N', type: 'integer', jsonPath: '.spec.n' }, { name: 'D', type: 'date', jsonPath: '.spec.d' },
      { name: 'B', type: 'boolean', jsonPath: '.spec.b' }, { name: 'S', type: 'string', jsonPath: '.spec.obj' },
    ];
    const t = renderTable({ group: 'g', version: 'v1', kind: 'K', plural: 'ks', objects: [{ metadata: { name: 'k' }, spec: { n: 'x', d: 'yesterday', b: true, obj: { a: 1 } } }], nowMs: now, printerColumns: cols });
    expect(t.rows[0]!.cells).toEqual(['k', null, '<invalid>', true, '{"a":1}']);
    expect(t.columnDefinitions[1]!.description).toBe('Custom resource definition column (in JSONPath format): .spec.n');
    const none = renderTable({ group: 'g', version: 'v1', kind: 'K', plural: 'ks', objects: [{ metadata: { name: 'k', creationTimestamp: ago(5000) } }], nowMs: now, printerColumns: [] });
    expect(header(none)).toBe('NAME AGE');
    expect(none.rows[0]!.cells).toEqual(['k', '5s']);
  });
});

describe('JSONPath subset', () => {
  const doc = { status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'Complete', status: 'True' }] }, metadata: { labels: { 'app.kubernetes.io/name': 'x' } }, list: [1, 2, 3] };
  it.each([
    ['.status.conditions[?(@.type=="Complete")].status', ['True']],
    ['.status.conditions[*].type', ['Ready', 'Complete']],
    ['.status.conditions[0].status', ['False']],
    ['.list[-1]', [3]],
    [".metadata.labels['app.kubernetes.io/name']", ['x']],
    ['{.status.missing}', []],
  ])('%s', (path, expected) => {
    expect(findResults(doc, path)).toEqual(expected);
  });
});
