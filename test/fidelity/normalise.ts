// API-server fidelity: an answer reduced to what two servers can share — names of the run (namespace, server
// URL), uids, timestamps, resourceVersions, continue tokens, generated name suffixes and certificates
// replaced by placeholders — and the part of it a step compares.
import type { FidelityStep, RecordedAnswer } from './types.js';

export interface NormaliseContext {
  /** The scenario's namespace, replaced by `<ns>`. */
  namespace: string;
  /** Server URLs, replaced by `<server>`. */
  urls: string[];
}

const UID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;
const TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g;
const RV_FIELD = /("resourceVersion\\?"\s*:\s*\\?")\d+(\\?")/g;
const CONTINUE = /("continue\\?"\s*:\s*\\?")[^"\\]+(\\?")/g;
const TOO_OLD = /too old resource version: \d+ \(\d+\)/g;
const PEM = /-----BEGIN ([A-Z ]+)-----[^-]+-----END \1-----(\\n)?/g;
/** Suffixes kube generates: 5 characters from its alphabet (no vowels, no 0/1/3). */
const GENERATED = /\b(kube-api-access-)[bcdfghjklmnpqrstvwxz2456789]{5}\b/g;

export function normaliseText(text: string, ctx: NormaliseContext): string {
  let out = text;
  for (const url of ctx.urls) {
    out = out.split(url).join('<server>');
    out = out.split(url.replace(/^https:\/\//, '')).join('<server>');
  }
  if (ctx.namespace) out = out.split(ctx.namespace).join('<ns>');
  return out
    .replace(PEM, '<pem>')
    .replace(UID, '<uid>')
    .replace(TIME, '<time>')
    .replace(RV_FIELD, '$1<rv>$2')
    .replace(CONTINUE, '$1<continue>$2')
    .replace(TOO_OLD, 'too old resource version: <rv> (<rv>)')
    .replace(GENERATED, '$1<suffix>');
}

/** Names made from generateName end in `<suffix>`, wherever an object (or a watch event's object) appears. */
function normaliseGeneratedNames(value: unknown): void {
  if (Array.isArray(value)) {
    for (const v of value) normaliseGeneratedNames(v);
    return;
  }
  if (!value || typeof value !== 'object') return;
  const obj = value as Record<string, any>;
  const meta = obj.metadata;
  if (meta && typeof meta.generateName === 'string' && typeof meta.name === 'string' && meta.name.startsWith(meta.generateName)) {
    meta.name = `${meta.generateName}<suffix>`;
  }
  for (const v of Object.values(obj)) normaliseGeneratedNames(v);
}

export function normaliseValue(value: unknown, ctx: NormaliseContext): unknown {
  if (value === undefined) return undefined;
  const parsed = JSON.parse(normaliseText(JSON.stringify(value), ctx));
  normaliseGeneratedNames(parsed);
  return parsed;
}

/** What a step compares of an answer (already normalised). */
export function comparedPart(step: FidelityStep, code: number, body: unknown, headers: Record<string, string>, ctx: NormaliseContext): RecordedAnswer {
  const mode = step.compare ?? 'full';
  if (mode === 'code') return { code, body: null };
  let compared: unknown = normaliseValue(body, ctx);
  if (mode === 'status') compared = statusPart(compared);
  if (step.pick && compared !== undefined && compared !== null) compared = step.pick(compared);
  // As recorded in JSON: undefined members gone.
  const answer: RecordedAnswer = { code, body: compared === undefined ? null : JSON.parse(JSON.stringify(compared)) };
  if (step.headers?.length) {
    answer.headers = Object.fromEntries(step.headers.map((h) => [h, headers[h] === undefined ? '<absent>' : normaliseText(headers[h]!, ctx)]));
  }
  return answer;
}

function statusPart(body: unknown): unknown {
  const b = body as { kind?: string; reason?: string; message?: string; details?: unknown; code?: number; status?: string } | undefined;
  if (b?.kind !== 'Status') return null;
  return { status: b.status, reason: b.reason, message: b.message, details: b.details, code: b.code };
}
