// Seam to the pure modules another engineer owns (schema validation, Table rendering, strategic merge
// patch). They are loaded lazily by path so the server runs (with simple fallbacks) before they land.
import type { KubeObject } from '../../api/objects.js';
import type { FieldError } from './field-errors.js';
import type { PrinterColumn } from './resources.js';
import { formatAge } from './age.js';

export interface ValidateResult {
  object: KubeObject;
  errors: FieldError[];
}
export type ValidateFn = (schema: unknown, obj: unknown, opts?: { preserveUnknownFields?: boolean }) => ValidateResult;

export interface TableRequest {
  kind: string;
  group: string;
  version: string;
  plural: string;
  objects: readonly Readonly<KubeObject>[];
  includeObject: 'None' | 'Metadata' | 'Object';
  nowMs: number;
  printerColumns?: PrinterColumn[];
  listMeta?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  wide?: boolean;
}
export type RenderTableFn = (input: TableRequest) => Record<string, unknown>;
export type StrategicMergeFn = (original: unknown, patch: unknown, gvk: { group: string; version: string; kind: string }) => unknown;

export interface PureModules {
  validateObject?: ValidateFn;
  renderTable: RenderTableFn;
  strategicMergePatch?: StrategicMergeFn;
}

async function load<T>(path: string, name: string): Promise<T | undefined> {
  try {
    const mod = (await import(path)) as Record<string, unknown>;
    return mod[name] as T | undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'ENOENT') return undefined;
    throw err;
  }
}

let cached: Promise<PureModules> | undefined;

/** Loads the pure modules once per process. */
export function loadPureModules(): Promise<PureModules> {
  cached ??= (async () => {
    const here = new URL('.', import.meta.url);
    const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
    const [validateObject, renderTable, strategicMergePatch] = await Promise.all([
      load<ValidateFn>(new URL(`schema/validate${ext}`, here).href, 'validateObject'),
      load<RenderTableFn>(new URL(`tables/render${ext}`, here).href, 'renderTable'),
      load<StrategicMergeFn>(new URL(`patch/strategic-merge${ext}`, here).href, 'strategicMergePatch'),
    ]);
    return { validateObject, renderTable: renderTable ?? fallbackRenderTable, strategicMergePatch };
  })();
  return cached;
}

/** NAME and AGE only: what a server without printer support answers. */
export function fallbackRenderTable(input: TableRequest): Record<string, unknown> {
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: input.listMeta ?? {},
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name', description: 'Name must be unique within a namespace.', priority: 0 },
      { name: 'Age', type: 'string', format: '', description: 'CreationTimestamp is a timestamp representing the server time when this object was created.', priority: 0 },
    ],
    rows: input.objects.map((obj) => ({
      cells: [obj.metadata?.name ?? '', formatAge(obj.metadata?.creationTimestamp, input.nowMs)],
      object: input.includeObject === 'None' ? undefined : input.includeObject === 'Object' ? obj : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata },
    })),
  };
}
