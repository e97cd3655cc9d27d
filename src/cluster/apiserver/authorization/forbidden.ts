// The 403 an authorizer's denial answers (responsewriters.Forbidden): `<resource> "<name>" is forbidden: User
// "<user>" cannot <verb> resource "<resource>[/<sub>]" in API group "<group>" in the namespace "<ns>"`, or
// `… at the cluster scope`, or `forbidden: User "<user>" cannot <verb> path "<path>"`.
import type { ApiError } from '../errors.js';
import { forbiddenFor } from '../namespaces/lifecycle.js';
import type { RequestAttributes } from './attributes.js';

export const ANONYMOUS_USER = 'system:anonymous';

export function forbiddenMessage(user: string, a: RequestAttributes): string {
  if (!a.isResource) return `User ${JSON.stringify(user)} cannot ${a.verb} path ${JSON.stringify(a.path)}`;
  const resource = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const scope = a.namespace ? `in the namespace ${JSON.stringify(a.namespace)}` : 'at the cluster scope';
  return `User ${JSON.stringify(user)} cannot ${a.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(a.group)} ${scope}`;
}

export function forbiddenRequest(user: string, a: RequestAttributes): ApiError {
  const sanitized = forbiddenMessage(user, a).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return forbiddenFor(a.group, a.resource, a.name, sanitized);
}

/** Paths anonymous users may GET (system:public-info-viewer). */
export const PUBLIC_INFO_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version', '/version/']);
