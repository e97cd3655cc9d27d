// Parses an API path into what it addresses: a discovery document, a resource collection or object
// (with namespace, name, subresource, watch), or a non-resource path (/healthz, /version, /openapi/…).

export type RequestTarget =
  | { type: 'nonResource'; path: string }
  | { type: 'groupList' }
  | { type: 'coreVersions' }
  | { type: 'group'; group: string }
  | { type: 'resourceList'; group: string; version: string }
  | { type: 'resource'; group: string; version: string; namespace?: string; plural: string; name?: string; subresource?: string; watchPath: boolean };

export function parseTarget(pathname: string): RequestTarget | undefined {
  const parts = pathname.split('/').filter((p) => p !== '').map(safeDecode);
  if (parts.some((p) => p === undefined)) return undefined;
  const segs = parts as string[];
  if (segs[0] === 'api') {
    if (segs.length === 1) return { type: 'coreVersions' };
    return resourcePart('', segs[1]!, segs.slice(2));
  }
  if (segs[0] === 'apis') {
    if (segs.length === 1) return { type: 'groupList' };
    if (segs.length === 2) return { type: 'group', group: segs[1]! };
    return resourcePart(segs[1]!, segs[2]!, segs.slice(3));
  }
  return { type: 'nonResource', path: '/' + segs.join('/') };
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

function resourcePart(group: string, version: string, rest: string[]): RequestTarget | undefined {
  let watchPath = false;
  if (rest[0] === 'watch') {
    watchPath = true;
    rest = rest.slice(1);
  }
  if (rest.length === 0) return watchPath ? undefined : { type: 'resourceList', group, version };
  // namespaces/{name}/status and /finalize are subresources of the namespace, not resources in it.
  if (rest[0] === 'namespaces' && rest.length === 3 && NAMESPACE_SUBRESOURCES.has(rest[2]!)) {
    return { type: 'resource', group, version, plural: 'namespaces', name: rest[1], subresource: rest[2], watchPath };
  }
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    if (rest.length > 5) return undefined;
    return { type: 'resource', group, version, namespace: rest[1]!, plural: rest[2]!, name: rest[3], subresource: rest[4], watchPath };
  }
  if (rest.length > 3) return undefined;
  return { type: 'resource', group, version, plural: rest[0]!, name: rest[1], subresource: rest[2], watchPath };
}

function safeDecode(s: string): string | undefined {
  if (!s.includes('%')) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}
