// What an API request path means to RBAC: API group, resource and subresource (as the API
// server's RequestInfo). `/api/v1/namespaces/ns/pods/web-0/status` → { group: '', resource: 'pods',
// subresource: 'status' }; `/apis/apps.kruise.io/v1beta1/statefulsets` → { group: 'apps.kruise.io', … }.

export interface RequestInfo {
  group: string;
  resource: string;
  subresource: string;
}

export function requestInfoOf(path: string): RequestInfo | undefined {
  const parts = path.split('?')[0]!.split('/').filter(Boolean);
  let rest: string[];
  let group: string;
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1]!;
    rest = parts.slice(3);
  } else return undefined;
  // A namespace object itself is /api/v1/namespaces/<name>; a namespaced resource follows it.
  if (rest[0] === 'namespaces' && rest.length >= 3) rest = rest.slice(2);
  const resource = rest[0];
  if (!resource) return undefined;
  return { group, resource, subresource: rest[2] ?? '' };
}
