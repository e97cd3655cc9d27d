// The authorization attributes of an HTTP request, as kube-apiserver's RequestInfoFactory derives them (pure):
// resource requests (/api/v1/…, /apis/<group>/<version>/…) get verb get/list/watch/create/update/patch/delete/
// deletecollection, namespace, resource, subresource and name; everything else is a non-resource request whose
// verb is the lower-cased HTTP method.

export interface RequestAttributes {
  isResource: boolean;
  verb: string;
  path: string;
  group: string;
  version: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);
const METHOD_VERBS: Record<string, string> = { POST: 'create', GET: 'get', HEAD: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

export function requestAttributes(method: string, pathname: string, query: URLSearchParams): RequestAttributes {
  const out: RequestAttributes = { isResource: false, verb: method.toLowerCase(), path: pathname, group: '', version: '', namespace: '', resource: '', subresource: '', name: '' };
  let parts = pathname.split('/').filter((p) => p !== '');
  if (parts.length < 3 || (parts[0] !== 'api' && parts[0] !== 'apis')) return out;
  const groupless = parts[0] === 'api';
  parts = parts.slice(1);
  if (!groupless) {
    if (parts.length < 3) return out;
    out.group = parts[0]!;
    parts = parts.slice(1);
  }
  out.isResource = true;
  out.version = parts[0]!;
  parts = parts.slice(1);
  if (parts[0] === 'watch' || parts[0] === 'proxy') {
    out.verb = parts[0];
    parts = parts.slice(1);
  } else out.verb = METHOD_VERBS[method] ?? '';
  if (parts[0] === 'namespaces' && parts.length > 1) {
    out.namespace = parts[1]!;
    if (parts.length > 2 && !NAMESPACE_SUBRESOURCES.has(parts[2]!)) parts = parts.slice(2);
  }
  if (parts.length >= 3 && out.verb !== 'proxy') out.subresource = parts[2]!;
  if (parts.length >= 2) out.name = parts[1]!;
  if (parts.length >= 1) out.resource = parts[0]!;
  if (!out.name && out.verb === 'get') {
    const watch = query.get('watch');
    out.verb = watch !== null && watch !== 'false' && watch !== '0' ? 'watch' : 'list';
    const fieldName = /^metadata\.name==?([^,]+)$/.exec(query.get('fieldSelector') ?? '')?.[1];
    if (fieldName) out.name = fieldName;
  }
  if (!out.name && out.verb === 'delete') out.verb = 'deletecollection';
  return out;
}
