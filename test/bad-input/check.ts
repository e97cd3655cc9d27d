// Bad-input corpus: judging one answer against a case's expectation. Returns the problems found
// (empty = the input was rejected as Kubernetes rejects it, with the field and rule named).
import type { KubectlResult } from '../support/cluster.js';
import type { Expectation } from './case.js';
import type { RawResponse } from './http.js';

const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function textProblems(where: string, text: string, expect: Expectation): string[] {
  const out: string[] = [];
  if (expect.webhook && !text.includes(`admission webhook "${expect.webhook}" denied the request: `)) out.push(`${where} is not a denial by ${expect.webhook}`);
  if (expect.field && !text.includes(expect.field)) out.push(`${where} does not name the field ${expect.field}`);
  const m = expect.message;
  if (typeof m === 'string' && !text.includes(m)) out.push(`${where} lacks ${JSON.stringify(m)}`);
  if (m instanceof RegExp && !m.test(text)) out.push(`${where} does not match ${String(m)}`);
  return out;
}

export function httpProblems(res: RawResponse, expect: Expectation): string[] {
  const out: string[] = [];
  const codes = asList(expect.code);
  if (codes.length && !codes.includes(res.status)) out.push(`HTTP ${res.status}, expected ${codes.join(' or ')}: ${res.text.slice(0, 300)}`);
  if (res.status < 400) return out;
  const status = res.json as { kind?: string; code?: number; reason?: string; message?: string } | undefined;
  if (status?.kind !== 'Status') {
    out.push(`the answer is not a Status: ${res.text.slice(0, 200)}`);
    return out;
  }
  if (status.code !== res.status) out.push(`Status.code ${status.code} differs from HTTP ${res.status}`);
  const reasons = asList(expect.reason);
  if (reasons.length && !reasons.includes(status.reason ?? '')) out.push(`reason ${JSON.stringify(status.reason)}, expected ${reasons.join(' or ')}`);
  out.push(...textProblems('the message', status.message ?? '', expect));
  return out;
}

export function kubectlProblems(res: KubectlResult, expect: Expectation): string[] {
  const out: string[] = [];
  if (res.code === 0) out.push(`kubectl exited 0: ${res.stdout.slice(0, 200)}`);
  out.push(...textProblems('kubectl stderr', res.stderr, expect).map((p) => `${p}: ${res.stderr.slice(0, 300)}`));
  return out;
}
