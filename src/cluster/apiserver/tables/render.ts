// Server-side Table rendering (meta.k8s.io/v1 Table) for `kubectl get`: picks the printer for the resource —
// a built-in printer keyed by group/plural, the CRD printer columns for custom resources, or NAME AGE — and
// renders rows with the object attached as kubectl asks (includeObject None | Metadata | Object). Pure.
import type { KubeObject } from '../../../api/objects.js';
import { customPrinter } from './printers/custom.js';
import { podPrinter } from './printers/pods.js';
import { configMapPrinter, eventPrinter, namespacePrinter, nodePrinter, pvcPrinter, secretPrinter, serviceAccountPrinter } from './printers/core.js';
import { controllerRevisionPrinter, cronJobPrinter, daemonSetPrinter, deploymentPrinter, jobPrinter, statefulSetPrinter } from './printers/workloads.js';
import { createdAtPrinter, defaultPrinter, leasePrinter, webhookConfigurationPrinter } from './printers/misc.js';
import { KUBE_126_COLUMNS } from './kube-126-columns.js';
import type { CRDPrinterColumn, IncludeObject, Printer, Table, TableColumnDefinition, TableInput, TableRow } from './types.js';

export type { Table, TableInput, TableRow, CRDPrinterColumn, IncludeObject } from './types.js';

const BUILTIN: Record<string, Printer> = {
  '/pods': podPrinter,
  '/nodes': nodePrinter,
  '/namespaces': namespacePrinter,
  '/events': eventPrinter,
  'events.k8s.io/events': eventPrinter,
  '/configmaps': configMapPrinter,
  '/secrets': secretPrinter,
  '/serviceaccounts': serviceAccountPrinter,
  '/persistentvolumeclaims': pvcPrinter,
  'batch/jobs': jobPrinter,
  'batch/cronjobs': cronJobPrinter,
  'apps/statefulsets': statefulSetPrinter,
  'apps/daemonsets': daemonSetPrinter,
  'apps/deployments': deploymentPrinter,
  'apps/controllerrevisions': controllerRevisionPrinter,
  'coordination.k8s.io/leases': leasePrinter,
  'apiextensions.k8s.io/customresourcedefinitions': createdAtPrinter,
  'admissionregistration.k8s.io/mutatingwebhookconfigurations': webhookConfigurationPrinter,
  'admissionregistration.k8s.io/validatingwebhookconfigurations': webhookConfigurationPrinter,
};

const customCache = new WeakMap<CRDPrinterColumn[], Printer>();

/** The printer for a resource: built-in by group/plural, else from CRD printer columns, else NAME AGE. */
export function printerFor(group: string, plural: string, printerColumns?: CRDPrinterColumn[]): Printer {
  if (printerColumns) {
    let p = customCache.get(printerColumns);
    if (!p) { p = customPrinter(printerColumns); customCache.set(printerColumns, p); }
    return p;
  }
  return BUILTIN[`${group}/${plural}`] ?? defaultPrinter;
}

/** The row's `object` for includeObject: PartialObjectMetadata, the whole object, or null (kube writes `"object": null`). */
function rowObject(obj: KubeObject, include: IncludeObject): unknown {
  if (include === 'None') return null;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata ?? {} };
}

export function renderTable(input: TableInput): Table {
  const printer = printerFor(input.group, input.plural, input.printerColumns);
  const include = input.includeObject ?? 'Metadata';
  const rows: TableRow[] = input.objects.map((obj) => {
    const row: TableRow = { cells: printer.cells(obj, input.nowMs) };
    const conditions = printer.conditions?.(obj);
    if (conditions) row.conditions = conditions;
    row.object = rowObject(obj, include);
    return row;
  });
  const metadata: Table['metadata'] = {};
  if (input.listMeta?.resourceVersion) metadata.resourceVersion = input.listMeta.resourceVersion;
  if (input.listMeta?.continue) metadata.continue = input.listMeta.continue;
  if (input.listMeta?.remainingItemCount !== undefined) metadata.remainingItemCount = input.listMeta.remainingItemCount;
  const columns = input.printerColumns ? printer.columns : kubeColumns(`${input.group}/${input.plural}`, printer.columns);
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata, columnDefinitions: columns, rows };
}

/** kube-apiserver 1.26.5's own definitions of a built-in printer's columns, when the names line up. */
function kubeColumns(key: string, columns: TableColumnDefinition[]): TableColumnDefinition[] {
  const recorded = KUBE_126_COLUMNS[key];
  if (!recorded || recorded.length !== columns.length || recorded.some((c, i) => c.name !== columns[i]!.name)) return columns;
  return recorded;
}
