// The HTTPS front: bearer-token authentication, size-limited bodies, routing of discovery, non-resource
// and resource paths, and verb dispatch. Every failure is answered as a Status.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { requestInfoOf, runWithFaults } from '../faults/http.js';
import { answerWhenDurable } from './durable.js';
import { ApiError, methodNotAllowed, notFound, tooLarge, unauthorized } from '../errors.js';
import { answerOpenApi, openApiDocumentsFor } from '../openapi/index.js';
import { getForScale, scaleOf } from '../subresources.js';
import type { ApiContext } from './context.js';
import { handleGet, handleList, type ResourceRequest } from './read.js';
import { handlePodLog } from './pod-log.js';
import { handlePodStream, STREAM_SUBRESOURCES } from './pod-stream.js';
import { parseTarget } from './request-info.js';
import { sendError, sendJson } from './respond.js';
import { handleWatch } from './watch.js';
import { anonymousForbidden, handleReview, isReview } from '../authorization/http.js';
import { handleEviction } from '../eviction/index.js';
import { handleBinding, handleCreate, handleDelete, handleDeleteCollection, handlePatch, handleUpdate, rejectMethod } from './write.js';

const PUBLIC_PATHS = new Set(['/healthz', '/livez', '/readyz', '/version']);

/**
 * The Kubernetes release the embedded server answers as: 1.26.5 (the real server its answers are compared
 * with). `+kactor` is semver build metadata, as k3s's `v1.26.5+k3s1`: kubectl and client libraries read it
 * as 1.26.5. Nodes report the same kubeletVersion (src/cluster/nodes/node-template.ts).
 */
export const VERSION_INFO = {
  major: '1',
  minor: '26',
  gitVersion: 'v1.26.5+kactor',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2023-05-17T14:08:49Z',
  goVersion: 'go1.19.9',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export function createRequestHandler(ctx: ApiContext, token: string): (req: IncomingMessage, res: ServerResponse) => void {
  const authorized = bearerChecker(token);
  return (req, res) => {
    const url = splitUrl(req.url ?? '/');
    const isPublic = PUBLIC_PATHS.has(url.pathname);
    if (!isPublic && !authorized(req.headers.authorization)) {
      req.resume();
      // No credentials: anonymous, which RBAC forbids everything but the public paths; wrong ones: 401.
      sendError(res, req.headers.authorization === undefined ? anonymousForbidden(req.method ?? 'GET', url.pathname, url.searchParams) : unauthorized());
      return;
    }
    const fail = (err: unknown): void => sendError(res, err);
    readBody(req, ctx.tuning.maxBodyBytes)
      .then((body) => {
        if (ctx.durability && req.method !== 'GET' && req.method !== 'HEAD') answerWhenDurable(res, ctx.durability);
        const faults = ctx.faults;
        if (!faults?.active || isPublic) return route(ctx, req, res, url, body);
        runWithFaults(faults, requestInfoOf(req, url.pathname), res, () => {
          try {
            route(ctx, req, res, url, body)?.catch(fail);
          } catch (err) {
            fail(err);
          }
        }, fail);
      })
      .catch(fail);
  };
}

/** Compares the Authorization header with `Bearer <token>` in constant time (no early exit on the first differing byte). */
export function bearerChecker(token: string): (header: string | undefined) => boolean {
  const expected = Buffer.from(`Bearer ${token}`, 'utf8');
  return (header) => {
    if (typeof header !== 'string') return false;
    const got = Buffer.from(header, 'utf8');
    // timingSafeEqual needs equal lengths; compare against itself on a length mismatch so the time spent
    // does not depend on where the header differs.
    if (got.length !== expected.length) {
      timingSafeEqual(expected, expected);
      return false;
    }
    return timingSafeEqual(got, expected);
  };
}

/** Path and query of a request target (cheaper than `new URL` on the hot path). */
export interface RequestUrl {
  pathname: string;
  searchParams: URLSearchParams;
}

const EMPTY_QUERY = new URLSearchParams();

function splitUrl(raw: string): RequestUrl {
  const q = raw.indexOf('?');
  if (q < 0) return { pathname: raw, searchParams: EMPTY_QUERY };
  return { pathname: raw.slice(0, q), searchParams: new URLSearchParams(raw.slice(q + 1)) };
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') {
    req.resume();
    return Promise.resolve('');
  }
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    return Promise.reject(tooLarge(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/** Handles one request; a write awaiting admission webhooks returns a promise (its rejection is the error answer). */
function route(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, url: RequestUrl, body: string): void | Promise<void> {
  const target = parseTarget(url.pathname);
  const method = req.method ?? 'GET';
  if (!target) throw notFound('', '', url.pathname);
  if (target.type !== 'resource' && method !== 'GET') throw methodNotAllowed();
  switch (target.type) {
    case 'nonResource':
      if (answerOpenApi(openApiDocumentsFor(ctx.registry), req, res, target.path, url.searchParams)) return;
      return nonResource(res, target.path, url.pathname);
    case 'coreVersions':
    case 'groupList':
      return sendJson(res, 200, ctx.discovery.document(target.type));
    case 'group': {
      const doc = ctx.discovery.document('group', target.group);
      if (!doc) throw pageNotFound();
      return sendJson(res, 200, doc);
    }
    case 'resourceList': {
      const doc = ctx.discovery.document('resourceList', target.group, target.version);
      if (!doc) throw pageNotFound();
      return sendJson(res, 200, doc);
    }
    case 'resource':
      break;
  }
  const def = ctx.registry.find(target.group, target.version, target.plural);
  if (!def) throw pageNotFound();
  if (!def.namespaced && target.namespace !== undefined) throw pageNotFound();
  if (def.namespaced && target.namespace === undefined && target.name !== undefined) throw pageNotFound();
  const r: ResourceRequest = { def, version: target.version, namespace: target.namespace, name: target.name, query: url.searchParams, req, res };
  const sub = target.subresource;
  if (sub !== undefined && !subresourceServed(ctx, r, sub)) throw pageNotFound();
  if (sub === 'log' && def.kind === 'Pod') return handlePodLog(ctx, r, method);
  if (sub !== undefined && def.kind === 'Pod' && sub in STREAM_SUBRESOURCES) return handlePodStream(ctx, r, sub, method);
  const watch = target.watchPath || url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1';
  if (!verbServed(r, sub, method, watch)) return rejectMethod(method, r);
  switch (method) {
    case 'GET':
      if (watch) return handleWatch(ctx, r);
      if (r.name === undefined) return handleList(ctx, r);
      if (sub === 'scale') return sendJson(res, 200, scaleOf(def, getForScale(ctx.service, def, r.namespace ?? '', r.name)));
      return handleGet(ctx, r);
    case 'POST':
      if (r.name === undefined) return isReview(r) ? handleReview(ctx, r, body) : handleCreate(ctx, r, body);
      if (sub === 'binding') return handleBinding(ctx, r, body);
      if (sub === 'eviction') return handleEviction(ctx, r, body);
      return rejectMethod(method, r);
    case 'PUT':
      if (r.name === undefined || sub === 'binding') return rejectMethod(method, r);
      return handleUpdate(ctx, r, sub, body);
    case 'PATCH':
      if (r.name === undefined || sub === 'binding') return rejectMethod(method, r);
      return handlePatch(ctx, r, sub, body);
    case 'DELETE':
      if (sub !== undefined) return rejectMethod(method, r);
      if (r.name === undefined) return handleDeleteCollection(ctx, r, body);
      return handleDelete(ctx, r, body);
    default:
      return rejectMethod(method, r);
  }
}

function subresourceServed(ctx: ApiContext, r: ResourceRequest, sub: string): boolean {
  if (r.name === undefined) return false;
  if (sub === 'status') return r.def.status;
  if (sub === 'scale') return r.def.scale !== undefined;
  return (r.def.extraSubresources ?? []).some((s) => s.name === sub);
}

const METHOD_VERBS: Record<string, string> = { POST: 'create', PUT: 'update', PATCH: 'patch' };

/** Whether the resource (or its extra subresource) serves the request's verb (create-only reviews, namespaces/finalize). */
function verbServed(r: ResourceRequest, sub: string | undefined, method: string, watch: boolean): boolean {
  const verb = method === 'GET' ? (r.name === undefined ? (watch ? 'watch' : 'list') : 'get') : method === 'DELETE' ? (r.name === undefined ? 'deletecollection' : 'delete') : METHOD_VERBS[method];
  const extra = sub === undefined ? undefined : r.def.extraSubresources?.find((s) => s.name === sub);
  if (extra) return verb !== undefined && extra.verbs.includes(verb);
  if (sub !== undefined || !r.def.verbs) return true;
  return verb !== undefined && r.def.verbs.includes(verb);
}

function pageNotFound(): ApiError {
  return new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
}

function nonResource(res: ServerResponse, path: string, raw: string): void {
  switch (path) {
    case '/healthz':
    case '/livez':
    case '/readyz':
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
      res.end('ok');
      return;
    case '/version':
      return sendJson(res, 200, VERSION_INFO);
    default:
      throw new ApiError(404, 'NotFound', `the server could not find the requested resource (get ${raw})`, {});
  }
}
