// The pure modules the server calls (owned by apiserver-pure): schema validation, Table rendering,
// strategic merge patch. Bundled in one object so the service and handlers receive them explicitly.
import type { KubeObject } from '../../api/objects.js';
import { strategicMergePatch } from './patch/strategic-merge.js';
import type { PrinterColumn } from './resources.js';
import { validateObject } from './schema/validate.js';
import type { FieldError } from './field-errors.js';
import { renderTable } from './tables/render.js';

export interface ValidateResult {
  object: unknown;
  errors: FieldError[];
  pruned?: string[];
}
export type ValidateFn = (schema: Record<string, unknown>, obj: unknown, opts?: { preserveUnknownFields?: boolean }) => ValidateResult;

export interface TableRequest {
  kind: string;
  group: string;
  version: string;
  plural: string;
  objects: Readonly<KubeObject>[];
  includeObject: 'None' | 'Metadata' | 'Object';
  nowMs: number;
  printerColumns?: PrinterColumn[];
  listMeta?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
}
export type RenderTableFn = (input: TableRequest) => Record<string, unknown>;
export type StrategicMergeFn = (original: unknown, patch: unknown, gvk: { group: string; version: string; kind: string }) => unknown;

export interface PureModules {
  validateObject: ValidateFn;
  renderTable: RenderTableFn;
  strategicMergePatch: StrategicMergeFn;
}

export const PURE_MODULES: PureModules = {
  validateObject: validateObject as unknown as ValidateFn,
  renderTable: (input) => renderTable(input as Parameters<typeof renderTable>[0]) as unknown as Record<string, unknown>,
  strategicMergePatch,
};
