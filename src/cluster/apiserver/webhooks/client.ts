// Posts an AdmissionReview to a webhook over HTTPS, as kube-apiserver's webhook REST client does: the
// webhook's caBundle is the only trusted root (system roots without one), `?timeout=Ns` tells the webhook
// its deadline, and the call is abandoned at timeoutSeconds. Failures carry the text Go's client prints
// after `Post "<url>": ` (`dial tcp 127.0.0.1:9443: connect: connection refused`, `context deadline
// exceeded`, `x509: certificate signed by unknown authority`); a service endpoint never resolves here
// (the embedded cluster runs no pods), as `no endpoints available for service "<name>"`.
import http2, { type ClientHttp2Session } from 'node:http2';
import { Agent, request } from 'node:https';
import { H2Sessions, type Negotiated } from './h2-sessions.js';
import { createSecureContext } from 'node:tls';
import type { Storage } from '../storage/types.js';
import type { CompiledWebhook } from './types.js';

/** Largest webhook answer read. */
const MAX_RESPONSE_BYTES = 10 * 1024 * 1024;
const SERVICES_KEY = '/services';

/** A failure to get an answer (kube's ErrCallingWebhook): subject to the webhook's failurePolicy. */
export class WebhookCallError extends Error {
  readonly code = 'WebhookCallError';
}

export class WebhookClient {
  #agents = new Map<string, Agent>();
  #h2 = new H2Sessions();

  constructor(private readonly storage: Storage) {}

  /** Posts `body`; resolves with the decoded JSON answer, rejects with a WebhookCallError. */
  post(hook: CompiledWebhook, body: string): Promise<unknown> {
    const ep = hook.endpoint;
    const query = `?timeout=${hook.timeoutSeconds}s`;
    if (ep.kind === 'service') {
      const url = `https://${ep.name}.${ep.namespace}.svc:${ep.port}${ep.path}${query}`;
      const cause = this.storage.get(SERVICES_KEY, ep.namespace, ep.name) ? `no endpoints available for service ${JSON.stringify(ep.name)}` : `service ${JSON.stringify(ep.name)} not found`;
      return Promise.reject(callFailure(url, cause));
    }
    const url = `${ep.url}${query}`;
    const origin = new URL(ep.url).origin;
    const negotiated = this.#h2.negotiated(origin, ep.caPem);
    const send = (n: Negotiated): Promise<unknown> => (n.kind === 'h2' ? this.#postH2(n.session, hook, url, body) : this.#postH1(hook, url, body));
    if (!(negotiated instanceof Promise)) return send(negotiated);
    return negotiated.then(send, (err: Error) => Promise.reject(callFailure(url, goNetworkError(err, url))));
  }

  /** One review as a stream on the origin's HTTP/2 session. */
  #postH2(session: ClientHttp2Session, hook: CompiledWebhook, url: string, body: string): Promise<unknown> {
    const u = new URL(url);
    return exchange(url, hook.timeoutSeconds, (sink) => {
      const stream = session.request({
        ':method': 'POST',
        ':path': u.pathname + u.search,
        'content-type': 'application/json',
        accept: 'application/json, */*',
        'user-agent': 'kube-apiserver-admission',
        'content-length': Buffer.byteLength(body),
      });
      stream.on('response', (headers) => sink.head(Number(headers[':status']), headers['content-type'] as string | undefined));
      stream.on('data', sink.data);
      stream.on('error', (err: Error & { cause?: Error }) => sink.fail(goNetworkError(err.cause ?? err, url)));
      stream.on('end', sink.end);
      stream.end(body);
      return () => stream.close(http2.constants.NGHTTP2_CANCEL);
    });
  }

  /** One review over HTTP/1.1 with the CA's keep-alive agent. */
  #postH1(hook: CompiledWebhook, url: string, body: string): Promise<unknown> {
    const ep = hook.endpoint as { caPem?: string };
    return exchange(url, hook.timeoutSeconds, (sink) => {
      const req = request(url, {
        method: 'POST',
        agent: this.#agentFor(ep.caPem),
        headers: { 'Content-Type': 'application/json', Accept: 'application/json, */*', 'User-Agent': 'kube-apiserver-admission', 'Content-Length': Buffer.byteLength(body) },
      }, (res) => {
        sink.head(res.statusCode ?? 0, res.headers['content-type']);
        res.on('data', sink.data);
        res.on('error', (err) => sink.fail(goNetworkError(err, url)));
        res.on('end', sink.end);
      });
      req.on('error', (err) => sink.fail(goNetworkError(err, url)));
      req.end(body);
      return () => req.destroy();
    });
  }

  /** Drops pooled connections whose CA no registered webhook uses any more. */
  retain(hooks: readonly CompiledWebhook[]): void {
    const keep = new Set(hooks.map((h) => h.endpoint.caPem ?? ''));
    for (const [key, agent] of this.#agents) {
      if (keep.has(key)) continue;
      agent.destroy();
      this.#agents.delete(key);
    }
  }

  close(): void {
    this.#h2.close();
    for (const agent of this.#agents.values()) agent.destroy();
    this.#agents.clear();
  }

  #agentFor(caPem: string | undefined): Agent {
    const key = caPem ?? '';
    let agent = this.#agents.get(key);
    if (!agent) {
      // One TLS context per CA bundle, shared by every connection (not rebuilt, CA parsed, per handshake).
      agent = new Agent({ keepAlive: true, secureContext: createSecureContext(caPem ? { ca: caPem } : {}), ALPNProtocols: ['http/1.1'] });
      this.#agents.set(key, agent);
    }
    return agent;
  }
}

/** What a transport reports while one call is in flight. */
interface Sink {
  head(code: number, contentType: string | undefined): void;
  data(chunk: Buffer): void;
  end(): void;
  fail(cause: string): void;
}

/**
 * One call, whatever the transport: `start` sends the request and returns how to abandon it; the answer is
 * read up to MAX_RESPONSE_BYTES within the webhook's timeout, and the promise settles once.
 */
function exchange(url: string, timeoutSeconds: number, start: (sink: Sink) => () => void): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let settled = false;
    let code = 0;
    let contentType: string | undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    let abandon: () => void = () => undefined;
    const finish = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      return true;
    };
    const sink: Sink = {
      head: (c, type) => {
        code = c;
        contentType = type;
      },
      data: (c) => {
        size += c.length;
        if (size > MAX_RESPONSE_BYTES) sink.fail(`response body larger than ${MAX_RESPONSE_BYTES} bytes`);
        else chunks.push(c);
      },
      end: () => {
        if (finish()) settle(code, chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8'), contentType, resolve, reject);
      },
      fail: (cause) => {
        if (!finish()) return;
        abandon();
        reject(callFailure(url, cause));
      },
    };
    const timer = setTimeout(() => sink.fail('context deadline exceeded'), timeoutSeconds * 1000);
    abandon = start(sink);
  });
}

/** An answer read to its end: the decoded JSON of a 2xx, else client-go's error for the code. */
function settle(code: number, text: string, contentType: string | undefined, resolve: (v: unknown) => void, reject: (e: Error) => void): void {
  // client-go's error for an answer is a StatusError, not a transport error: no `Post "<url>": ` before it.
  if (code < 200 || code > 206) return reject(new WebhookCallError(`failed to call webhook: ${unexpectedResponse(code, text, contentType)}`));
  try {
    resolve(JSON.parse(text));
  } catch (err) {
    reject(new WebhookCallError(`failed to call webhook: ${undecodable(text, code, contentType, err as Error)}`));
  }
}

function callFailure(url: string, cause: string): WebhookCallError {
  return new WebhookCallError(`failed to call webhook: Post ${JSON.stringify(url)}: ${cause}`);
}

/** Node's socket and TLS errors in the words of Go's net/http and crypto/x509. */
function goNetworkError(err: Error & { code?: string; cert?: { subjectaltname?: string }; host?: string }, url: string): string {
  const u = new URL(url);
  const hostPort = `${u.hostname}:${u.port || '443'}`;
  switch (err.code) {
    case 'ECONNREFUSED':
      return `dial tcp ${hostPort}: connect: connection refused`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `dial tcp: lookup ${u.hostname}: no such host`;
    case 'ECONNRESET':
      return 'EOF';
    case 'EPIPE':
      return 'write: broken pipe';
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
      return 'x509: certificate signed by unknown authority';
    case 'CERT_HAS_EXPIRED':
    case 'CERT_NOT_YET_VALID':
      return 'x509: certificate has expired or is not yet valid';
    case 'ERR_TLS_CERT_ALTNAME_INVALID': {
      const names = (err.cert?.subjectaltname ?? '').split(', ').map((n) => n.replace(/^(DNS|IP Address):/, '')).filter(Boolean);
      return `x509: certificate is valid for ${names.join(', ')}, not ${u.hostname}`;
    }
    default:
      return err.message;
  }
}

const VERSION_KIND_STRUCT = 'struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }';

/** Why a 2xx answer could not be decoded, as client-go says it (a bare word is YAML to it: a string). */
function undecodable(text: string, code: number, contentType: string | undefined, err: Error): string {
  const t = text.trim();
  if (t === '') return `0-length response with status code: ${code} and content type: ${contentType ?? 'application/json'}`;
  if (!t.startsWith('{') && !t.startsWith('[')) {
    const type = /^-?\d+(\.\d+)?$/.test(t) ? 'number' : t === 'true' || t === 'false' ? 'bool' : 'string';
    return `couldn't get version/kind; json parse error: json: cannot unmarshal ${type} into Go value of type ${VERSION_KIND_STRUCT}`;
  }
  return `couldn't get version/kind; json parse error: ${err.message}`;
}

/**
 * A non-2xx answer as client-go reports it: the webhook's own Status message when it sent one, otherwise
 * apimachinery's NewGenericServerResponse text for the code.
 */
function unexpectedResponse(code: number, text: string, contentType: string | undefined): string {
  try {
    const status = JSON.parse(text) as { kind?: string; message?: string };
    if (status?.kind === 'Status' && typeof status.message === 'string') return status.message;
  } catch {
    /* not a Status */
  }
  const isText = !contentType || /^text\/|json|yaml|xml/.test(contentType);
  const serverMessage = isText ? text.slice(0, 1024).trim() : 'unknown';
  switch (code) {
    case 400: return 'the server rejected our request for an unknown reason';
    case 401: return 'the server has asked for the client to provide credentials';
    case 403: return serverMessage;
    case 404: return 'the server could not find the requested resource';
    case 405: return 'the server does not allow this method on the requested resource';
    case 409: return 'the server reported a conflict';
    case 422: return 'the server rejected our request due to an error in our request';
    case 429: return 'the server has received too many requests and has asked us to try again later';
    case 503: return 'the server is currently unable to handle the request';
    case 504: return 'the server was unable to return a response in the time allotted, but may still be processing the request';
    default:
      if (code >= 500) return `an error on the server (${JSON.stringify(serverMessage)}) has prevented the request from succeeding`;
      return `the server responded with the status code ${code} but did not return more information`;
  }
}
