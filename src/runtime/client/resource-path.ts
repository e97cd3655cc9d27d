// URL paths of the Kubernetes REST API for a ResourceType: /api/v1/namespaces/ns/pods/name/status …
import type { ResourceType } from '../workload-definition.js';

export function apiPrefix(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

/** Collection (no name) or object path; `namespace` is ignored for cluster-scoped types and optional for lists. */
export function resourcePath(rt: ResourceType, namespace?: string, name?: string, subresource?: string): string {
  let path = apiPrefix(rt.apiVersion);
  if (rt.namespaced && namespace) path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${rt.plural}`;
  if (name !== undefined) path += `/${encodeURIComponent(name)}`;
  if (subresource) path += `/${subresource}`;
  return path;
}

export function queryString(params: Record<string, string | number | boolean | undefined>): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === '') continue;
    parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`);
  }
  return parts.length ? `?${parts.join('&')}` : '';
}
