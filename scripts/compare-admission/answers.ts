// compare-admission: one server's answer to one case reduced to what is compared — the code (HTTP
// status, or kubectl's exit code) and the message (Status.message, a summary of a success, or kubectl's
// stderr) — with names that differ between runs and servers normalised.
import type { RawResponse } from '../../test/bad-input/http.js';
import type { KubectlRun } from './targets.js';

export interface Answer {
  code: number;
  /** Status.reason for HTTP answers that are a Status. */
  reason?: string;
  /** Normalised message. */
  message: string;
}

export interface NormaliseContext {
  namespace: string;
  /** Server URLs (with and without scheme) to replace by `<server>`. */
  urls: string[];
}

const UID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;
const TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g;
const RV = /(resourceVersion\\?"?\s*[:=]\s*\\?"?)\d+/gi;

export function normalise(text: string, ctx: NormaliseContext): string {
  let out = text;
  for (const url of ctx.urls) {
    out = out.split(url).join('<server>');
    out = out.split(url.replace(/^https:\/\//, '')).join('<server>');
  }
  out = out.split(ctx.namespace).join('<ns>');
  return out.replace(UID, '<uid>').replace(TIME, '<time>').replace(RV, '$1<rv>').trim();
}

export function httpAnswer(res: RawResponse, ctx: NormaliseContext): Answer {
  const body = res.json as { kind?: string; reason?: string; message?: string; metadata?: { name?: string } } | undefined;
  if (body?.kind === 'Status' && res.status >= 400) return { code: res.status, reason: body.reason ?? '', message: normalise(body.message ?? '', ctx) };
  if (res.status >= 400) return { code: res.status, message: normalise(`(not a Status) ${res.text.slice(0, 400)}`, ctx) };
  const what = body?.kind ? `${body.kind}${body.metadata?.name ? ` ${body.metadata.name}` : ''}` : res.text.slice(0, 80);
  return { code: res.status, message: normalise(`(accepted: ${what})`, ctx) };
}

export function kubectlAnswer(run: KubectlRun, ctx: NormaliseContext): Answer {
  const text = run.code === 0 ? `(exit 0) ${run.stdout}` : run.stderr;
  return { code: run.code, message: normalise(text, ctx) };
}

export const sameAnswer = (a: Answer, b: Answer): boolean => a.code === b.code && a.message === b.message;

/** The webhook's own words: what follows `denied the request: `, when the message is a webhook denial. */
export function denialBody(message: string): { webhook: string; body: string } | undefined {
  const m = /admission webhook "([^"]+)" denied the request: ([\s\S]*)$/.exec(message);
  return m ? { webhook: m[1]!, body: m[2]! } : undefined;
}
