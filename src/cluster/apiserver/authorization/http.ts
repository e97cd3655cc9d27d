// HTTP side of authorization: the 403 an anonymous request gets (anonymous auth on, no RBAC rule for
// system:anonymous beyond the public info paths) and the create of authorization reviews.
import type { KubeObject } from '../../../api/objects.js';
import type { ApiError } from '../errors.js';
import type { ApiContext } from '../http/context.js';
import type { ResourceRequest } from '../http/read.js';
import { sendJson } from '../http/respond.js';
import { parseJsonBody } from '../http/write.js';
import { rbacLookup } from '../rbac/index.js';
import { TOKEN_USER } from '../webhooks/types.js';
import { requestAttributes } from './attributes.js';
import { ANONYMOUS_USER, forbiddenRequest } from './forbidden.js';
import { answerReview, AUTHZ_GROUP, REVIEW_KINDS } from './reviews.js';

export { PUBLIC_INFO_PATHS } from './forbidden.js';

/** The answer to a request without credentials. */
export function anonymousForbidden(method: string, pathname: string, query: URLSearchParams): ApiError {
  return forbiddenRequest(ANONYMOUS_USER, requestAttributes(method, pathname, query));
}

export function isReview(r: ResourceRequest): boolean {
  return r.def.group === AUTHZ_GROUP && REVIEW_KINDS[r.def.plural] !== undefined;
}

/** POST of a review: answered (201) from the stored RBAC objects for the token's user; nothing is stored. */
export function handleReview(ctx: ApiContext, r: ResourceRequest, body: string): void {
  const review = parseJsonBody(body, r.req.headers['content-type']) as KubeObject;
  const user = { username: TOKEN_USER.username, groups: [...(TOKEN_USER.groups ?? [])] };
  sendJson(r.res, 201, answerReview(r.def.plural, review, user, rbacLookup(ctx.storage), r.namespace));
}
