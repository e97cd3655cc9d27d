// Answers /openapi/v2, /openapi/v3 and /openapi/v3/<group-version path> as kube-apiserver 1.26 does: JSON
// only (a client that accepts only protobuf gets 406, as kube-openapi answers a type it cannot serve), ETags
// (304 on If-None-Match), and for `?hash=`: the current hash is immutable (cached a year), an outdated
// one is redirected (301) to the current URL.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OpenApiDocuments, OpenApiText } from './documents.js';

const TEXT = 'text/plain; charset=utf-8';
const YEAR_MS = 365 * 24 * 3600 * 1000;

/** Whether an Accept header admits JSON (absent, `*\/*`, `application/*`, `application/json`). */
export function acceptsJson(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept.split(',').some((part) => {
    const [type, ...params] = part.trim().toLowerCase().split(';');
    if (params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p))) return false;
    return type === '*/*' || type === 'application/*' || type === 'application/json';
  });
}

function notAcceptable(res: ServerResponse): void {
  res.writeHead(406, { 'Content-Length': 0 });
  res.end();
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { 'Content-Length': 0 });
  res.end();
}

/** Go's time.RFC1123 in UTC (the Expires header kube-openapi writes): `Wed, 08 Dec 2027 00:45:23 UTC`. */
function rfc1123Utc(d: Date): string {
  return d.toUTCString().replace(/GMT$/, 'UTC');
}

function sendDocument(req: IncomingMessage, res: ServerResponse, doc: OpenApiText, headers: Record<string, string | string[]>): void {
  const etag = `"${doc.hash}"`;
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304, { ...headers, ETag: etag });
    res.end();
    return;
  }
  const body = Buffer.from(doc.text, 'utf8');
  res.writeHead(200, {
    ...headers,
    'Accept-Ranges': 'bytes',
    'Content-Type': TEXT,
    ETag: etag,
    'Last-Modified': doc.builtAt.toUTCString(),
    'Content-Length': body.length,
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Handles an /openapi/… path; false when `path` is not one (the caller answers 404 as for any unknown path). */
export function answerOpenApi(docs: OpenApiDocuments, req: IncomingMessage, res: ServerResponse, path: string, query: URLSearchParams): boolean {
  if (path === '/openapi/v2') {
    if (!acceptsJson(req.headers.accept)) notAcceptable(res);
    else sendDocument(req, res, docs.v2(), { Vary: ['Accept-Encoding', 'Accept'] });
    return true;
  }
  if (path === '/openapi/v3' || path === '/openapi/v3/') {
    const index = docs.index();
    res.writeHead(200, { 'Accept-Ranges': 'bytes', 'Content-Type': TEXT, 'Last-Modified': index.builtAt.toUTCString(), 'Content-Length': Buffer.byteLength(index.text) });
    res.end(index.text);
    return true;
  }
  if (!path.startsWith('/openapi/v3/')) return false;
  const docPath = path.slice('/openapi/v3/'.length);
  const doc = docs.v3(docPath);
  if (!doc) {
    notFound(res);
    return true;
  }
  if (!acceptsJson(req.headers.accept)) {
    notAcceptable(res);
    return true;
  }
  const hash = query.get('hash');
  if (hash === null) {
    sendDocument(req, res, doc, { Vary: 'Accept' });
    return true;
  }
  if (hash !== doc.hash) {
    const location = `/openapi/v3/${docPath}?hash=${doc.hash}`;
    const body = `<a href="${location}">Moved Permanently</a>.\n\n`;
    res.writeHead(301, { 'Content-Type': 'text/html; charset=utf-8', ETag: `"${doc.hash}"`, Location: location, Vary: 'Accept', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
    return true;
  }
  sendDocument(req, res, doc, { 'Cache-Control': 'public, immutable', Expires: rfc1123Utc(new Date(Date.now() + YEAR_MS)), Vary: 'Accept' });
  return true;
}
