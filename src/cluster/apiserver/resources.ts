// What the server knows about one resource type (built-in or from a CRD): names, scope, versions,
// subresources, and for CRDs the per-version schema and printer columns. Pure data plus tiny helpers.

export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  format?: string;
  priority?: number;
}

export interface CrdVersionInfo {
  name: string;
  served: boolean;
  storage: boolean;
  schema?: Record<string, unknown>;
  printerColumns?: PrinterColumn[];
  statusSubresource: boolean;
  scale?: ScaleSubresource;
}

export interface ResourceDef {
  group: string;
  /** Served versions, preferred (storage) first. */
  versions: string[];
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  /** A `/status` subresource: main-resource writes keep the stored status. */
  status: boolean;
  /** Scale subresource (autoscaling/v1 Scale). */
  scale?: ScaleSubresource;
  /** Verbs of the main resource (discovery; create-only reviews are not stored). @default ALL_VERBS */
  verbs?: string[];
  /** Extra subresources served (e.g. pods/binding, pods/log is not served). */
  extraSubresources?: { name: string; kind: string; group?: string; version?: string; verbs: string[] }[];
  /** Set for resources registered by a CustomResourceDefinition. */
  crd?: { name: string; versions: Map<string, CrdVersionInfo> };
}

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** `group/plural`: the storage key of a resource (independent of the version it is served at). */
export function resourceKey(group: string, plural: string): string {
  return `${group}/${plural}`;
}

export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}

export function storageVersion(def: ResourceDef): string {
  return def.versions[0]!;
}
