// Fidelity scenarios: what `kubectl get` asks for — meta.k8s.io Tables (column definitions, cells, the
// object in each row as PartialObjectMetadata or whole), and metadata-only lists.
import type { FidelityScenario } from '../types.js';

const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
const TABLE_META = 'application/json;as=Table;v=v1;g=meta.k8s.io';
const PARTIAL_LIST = 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io,application/json';
const PARTIAL = 'application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io,application/json';

/** A Table without the cells that depend on when it was asked (Age) and without rows of bootstrap objects. */
function table(b: any): unknown {
  if (b?.kind !== 'Table') return b;
  const age = (b.columnDefinitions ?? []).findIndex((c: any) => c.name === 'Age');
  return {
    kind: b.kind,
    apiVersion: b.apiVersion,
    metadata: b.metadata,
    columnDefinitions: b.columnDefinitions,
    rows: (b.rows ?? [])
      .filter((r: any) => !String(r.object?.metadata?.name ?? '').endsWith('ca.crt'))
      .map((r: any) => ({ cells: r.cells.map((c: unknown, i: number) => (i === age ? '<age>' : c)), object: stripManaged(r.object) })),
  };
}

function stripManaged(o: any): any {
  if (o?.metadata) delete o.metadata.managedFields;
  return o;
}

const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels: { app: 'web' } },
  spec: { automountServiceAccountToken: false, containers: [{ name: 'c', image: 'nginx:1.25' }] },
});

export const scenarios: FidelityScenario[] = [
  {
    id: 'tables/configmaps',
    title: 'kubectl get configmaps: a Table with the row objects as PartialObjectMetadata',
    steps: [
      { id: 'create', method: 'POST', path: '/api/v1/namespaces/{ns}/configmaps', body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'one' }, data: { a: '1', b: '2' } }, compare: 'code' },
      { id: 'list-table', method: 'GET', path: '/api/v1/namespaces/{ns}/configmaps?limit=500', accept: TABLE, pick: table },
      { id: 'get-table', method: 'GET', path: '/api/v1/namespaces/{ns}/configmaps/one', accept: TABLE, pick: table },
      { id: 'get-table-object', method: 'GET', path: '/api/v1/namespaces/{ns}/configmaps/one?includeObject=Object', accept: TABLE_META, pick: table },
      { id: 'get-table-none', method: 'GET', path: '/api/v1/namespaces/{ns}/configmaps/one?includeObject=None', accept: TABLE_META, pick: table },
      { id: 'partial-list', method: 'GET', path: '/api/v1/namespaces/{ns}/configmaps?fieldSelector=metadata.name%3Done', accept: PARTIAL_LIST, pick: (b: any) => ({ kind: b.kind, apiVersion: b.apiVersion, items: b.items?.map(stripManaged) }) },
      { id: 'partial-get', method: 'GET', path: '/api/v1/namespaces/{ns}/configmaps/one', accept: PARTIAL, pick: stripManaged },
      { id: 'table-missing', method: 'GET', path: '/api/v1/namespaces/{ns}/configmaps/nope', accept: TABLE },
    ],
  },
  {
    id: 'tables/pods',
    title: 'kubectl get pods: the pod printer on a pod nobody scheduled',
    steps: [
      { id: 'create', method: 'POST', path: '/api/v1/namespaces/{ns}/pods', body: pod('p'), compare: 'code' },
      { id: 'get-table', method: 'GET', path: '/api/v1/namespaces/{ns}/pods/p', accept: TABLE, pick: (b: any) => {
        const t = table(b) as any;
        // The row object is the whole pod's metadata; its spec defaults are compared by the pod-admission scenarios.
        return { ...t, rows: t.rows?.map((r: any) => ({ cells: r.cells })) };
      } },
      { id: 'wide-columns', method: 'GET', path: '/api/v1/namespaces/{ns}/pods?labelSelector=app%3Dweb', accept: TABLE, pick: (b: any) => b.columnDefinitions?.map((c: any) => `${c.name}:${c.priority}`) },
    ],
  },
  {
    id: 'tables/namespaces',
    title: 'kubectl get namespace: the namespace printer',
    steps: [
      { id: 'get-table', method: 'GET', path: '/api/v1/namespaces/{ns}', accept: TABLE, pick: (b: any) => {
        const t = table(b) as any;
        return { ...t, rows: t.rows?.map((r: any) => ({ cells: r.cells })) };
      } },
    ],
  },
];
