// meta.k8s.io/v1 Table types and the input of renderTable. Pure types.
import type { KubeObject } from '../../../api/objects.js';

export interface TableColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export interface TableRowCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

export interface TableRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
  object?: unknown;
}

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}

/** apiextensions.k8s.io/v1 CustomResourceColumnDefinition. */
export interface CRDPrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  format?: string;
  description?: string;
  priority?: number;
}

export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface TableInput {
  group: string;
  version: string;
  kind: string;
  plural: string;
  objects: KubeObject[];
  /** "Now" for ages, epoch ms (from the server's Clock). */
  nowMs: number;
  /** @default 'Metadata' (what the API server does when the client does not say) */
  includeObject?: IncludeObject;
  /** A CRD version's additionalPrinterColumns; when given (even empty) the object is printed as a custom resource. */
  printerColumns?: CRDPrinterColumn[];
  listMeta?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
}

/** Cells of one object, given "now"; a printer also declares its columns. */
export interface Printer {
  columns: TableColumnDefinition[];
  cells(obj: KubeObject, nowMs: number): unknown[];
  conditions?(obj: KubeObject): TableRowCondition[] | undefined;
}
