// CustomResourceDefinitions: checking one, turning it into a served ResourceDef, and the status the
// server reports (NamesAccepted and Established at once: there is no asynchronous controller here).
import type { KubeObject } from '../../api/objects.js';
import { invalid, type StatusCause } from './errors.js';
import type { CrdVersionInfo, PrinterColumn, ResourceDef, ScaleSubresource } from './resources.js';

interface CrdNames {
  plural?: string;
  singular?: string;
  kind?: string;
  listKind?: string;
  shortNames?: string[];
  categories?: string[];
}

interface CrdVersion {
  name?: string;
  served?: boolean;
  storage?: boolean;
  schema?: { openAPIV3Schema?: Record<string, unknown> };
  subresources?: { status?: object; scale?: ScaleSubresource };
  additionalPrinterColumns?: PrinterColumn[];
}

interface CrdSpec {
  group?: string;
  scope?: string;
  names?: CrdNames;
  versions?: CrdVersion[];
}

function specOf(crd: Readonly<KubeObject>): CrdSpec {
  return (crd.spec ?? {}) as CrdSpec;
}

/** Defaults Kubernetes applies to a CRD on write (names, conversion). Mutates `crd`. */
export function defaultCrd(crd: KubeObject): void {
  const spec = (crd.spec ??= {}) as CrdSpec & { conversion?: unknown };
  const names = (spec.names ??= {});
  if (names.kind) {
    names.singular ??= names.kind.toLowerCase();
    names.listKind ??= `${names.kind}List`;
  }
  spec.conversion ??= { strategy: 'None' };
}

/** Throws 422 Invalid when the CRD cannot be served. */
export function validateCrd(crd: Readonly<KubeObject>): void {
  const spec = specOf(crd);
  const causes: StatusCause[] = [];
  const name = crd.metadata?.name ?? '';
  const add = (field: string, message: string): void => void causes.push({ reason: 'FieldValueInvalid', field, message });
  if (!spec.group) causes.push({ reason: 'FieldValueRequired', field: 'spec.group', message: 'Required value' });
  if (!spec.names?.plural) causes.push({ reason: 'FieldValueRequired', field: 'spec.names.plural', message: 'Required value' });
  if (!spec.names?.kind) causes.push({ reason: 'FieldValueRequired', field: 'spec.names.kind', message: 'Required value' });
  if (spec.scope !== 'Namespaced' && spec.scope !== 'Cluster') {
    causes.push({ reason: 'FieldValueNotSupported', field: 'spec.scope', message: `Unsupported value: ${JSON.stringify(spec.scope ?? '')}: supported values: "Cluster", "Namespaced"` });
  }
  if (spec.group && spec.names?.plural && name !== `${spec.names.plural}.${spec.group}`) {
    add('metadata.name', `Invalid value: ${JSON.stringify(name)}: must be spec.names.plural+"."+spec.group`);
  }
  const versions = spec.versions ?? [];
  if (versions.length === 0) causes.push({ reason: 'FieldValueRequired', field: 'spec.versions', message: 'Required value: must have exactly one version marked as storage version' });
  else if (versions.filter((v) => v.storage).length !== 1) add('spec.versions', 'Invalid value: must have exactly one version marked as storage version');
  if (causes.length) throw invalid('CustomResourceDefinition', 'apiextensions.k8s.io', name, causes);
}

export function resourceDefFromCrd(crd: Readonly<KubeObject>): ResourceDef {
  const spec = specOf(crd);
  const names = spec.names!;
  const versions = new Map<string, CrdVersionInfo>();
  for (const v of spec.versions ?? []) {
    versions.set(v.name!, {
      name: v.name!,
      served: v.served !== false,
      storage: v.storage === true,
      schema: v.schema?.openAPIV3Schema,
      printerColumns: v.additionalPrinterColumns,
      statusSubresource: v.subresources?.status !== undefined,
      scale: v.subresources?.scale,
    });
  }
  const storage = [...versions.values()].find((v) => v.storage)!;
  const served = [...versions.values()].filter((v) => v.served && !v.storage).map((v) => v.name);
  return {
    group: spec.group!,
    versions: [storage.name, ...served],
    kind: names.kind!,
    listKind: names.listKind ?? `${names.kind}List`,
    plural: names.plural!,
    singular: names.singular ?? names.kind!.toLowerCase(),
    namespaced: spec.scope === 'Namespaced',
    shortNames: names.shortNames ?? [],
    categories: names.categories ?? [],
    status: storage.statusSubresource,
    scale: storage.scale,
    crd: { name: crd.metadata!.name!, versions },
  };
}

/** The status a served CRD reports. */
export function crdStatus(crd: Readonly<KubeObject>, nowTimestamp: string, previous?: Record<string, unknown>): Record<string, unknown> {
  const spec = specOf(crd);
  const storage = (spec.versions ?? []).find((v) => v.storage)?.name;
  const prevStored = (previous?.storedVersions as string[] | undefined) ?? [];
  const storedVersions = storage && !prevStored.includes(storage) ? [...prevStored, storage] : prevStored;
  return {
    conditions: [
      { type: 'NamesAccepted', status: 'True', lastTransitionTime: nowTimestamp, reason: 'NoConflicts', message: 'no conflicts found' },
      { type: 'Established', status: 'True', lastTransitionTime: nowTimestamp, reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' },
    ],
    acceptedNames: { ...spec.names },
    storedVersions,
  };
}
