// Bad-input corpus: the shape of one case (what is sent, what must come back, which rule it checks)
// and the small builders the case tables use.
import type { RawRequest } from './http.js';

export type CaseInput =
  | { kind: 'http'; request: RawRequest }
  | { kind: 'kubectl'; args: string[]; stdin?: string };

export interface Expectation {
  /** HTTP status (http cases). Several when Kubernetes itself answers either (e.g. 400 or 422). */
  code?: number | number[];
  /** Status `reason` (http cases). Several when either is right. */
  reason?: string | string[];
  /** The field path the message (or kubectl's stderr) must name. */
  field?: string;
  /** Text the message (or kubectl's stderr) must contain: the rule's wording. */
  message?: string | RegExp;
  /** The admission webhook that must deny: the message starts `admission webhook "<name>" denied the request: `. */
  webhook?: string;
}

export interface BadInputCase {
  id: string;
  group: string;
  /** The rule the input breaks, in words. */
  rule: string;
  input: CaseInput;
  expect: Expectation;
  /** A known bug: `<what>, in <file>`. The case then runs as an expected failure (`it.fails`). */
  bug?: string;
}

export const JSON_TYPE = 'application/json';
export const MERGE_PATCH = 'application/merge-patch+json';

export const post = (path: string, obj: unknown, query = ''): CaseInput => ({
  kind: 'http',
  request: { method: 'POST', path: path + query, body: JSON.stringify(obj), contentType: JSON_TYPE },
});

export const postRaw = (path: string, body: string | Buffer, contentType: string | undefined = JSON_TYPE, extra: Partial<RawRequest> = {}): CaseInput => ({
  kind: 'http',
  request: { method: 'POST', path, body, contentType, ...extra },
});

export const put = (path: string, obj: unknown): CaseInput => ({
  kind: 'http',
  request: { method: 'PUT', path, body: JSON.stringify(obj), contentType: JSON_TYPE },
});

export const patch = (path: string, body: unknown, contentType = MERGE_PATCH): CaseInput => ({
  kind: 'http',
  request: { method: 'PATCH', path, body: typeof body === 'string' ? body : JSON.stringify(body), contentType },
});

export const get = (path: string, extra: Partial<RawRequest> = {}): CaseInput => ({ kind: 'http', request: { method: 'GET', path, ...extra } });

export const kubectl = (args: string[], stdin?: string): CaseInput => ({ kind: 'kubectl', args, stdin });

/** 422 Invalid naming `field`, with the rule's wording. */
export const invalid = (field: string, message?: string | RegExp): Expectation => ({ code: 422, reason: 'Invalid', field, message });

/**
 * 422 from one of Kruise's validating webhooks, as a real cluster answers it: no reason, no causes, the
 * message `admission webhook "<webhook>" denied the request: <field>: …` naming the rule.
 */
export const denied = (webhook: string, field: string, message?: string | RegExp): Expectation => ({ code: 422, reason: '', webhook, field, message });

/** 400 BadRequest with the problem's wording (and a field when one applies). */
export const badRequest = (message?: string | RegExp, field?: string): Expectation => ({ code: 400, reason: 'BadRequest', message, field });
