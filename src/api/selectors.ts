// Label selectors: matching a LabelSelector object, and parsing/matching the string form
// (`a=b,c!=d,e in (f,g),!h`) the API takes in `?labelSelector=`.
import type { LabelSelector } from './objects.js';

export type Labels = Record<string, string> | undefined | null;

export interface SelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Equals' | 'NotEquals' | 'Gt' | 'Lt';
  values: string[];
}

/** Whether a LabelSelector object selects these labels. An empty selector selects everything; a null one nothing. */
export function selectorMatches(selector: LabelSelector | undefined | null, labels: Labels): boolean {
  if (!selector) return false;
  return requirementsOf(selector).every((req) => requirementMatches(req, labels));
}

export function isEmptySelector(selector: LabelSelector | undefined | null): boolean {
  return !selector || (Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0);
}

export function requirementsOf(selector: LabelSelector): SelectorRequirement[] {
  const reqs: SelectorRequirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) reqs.push({ key, operator: 'In', values: [value] });
  for (const expr of selector.matchExpressions ?? []) {
    reqs.push({ key: expr.key, operator: expr.operator as SelectorRequirement['operator'], values: expr.values ?? [] });
  }
  return reqs;
}

export function requirementMatches(req: SelectorRequirement, labels: Labels): boolean {
  const has = labels != null && Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = has ? labels![req.key] : undefined;
  switch (req.operator) {
    case 'In':
    case 'Equals':
      return has && req.values.includes(value!);
    case 'NotIn':
    case 'NotEquals':
      return !has || !req.values.includes(value!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has) return false;
      const n = Number(value);
      const bound = Number(req.values[0]);
      if (!Number.isInteger(n) || !Number.isInteger(bound)) return false;
      return req.operator === 'Gt' ? n > bound : n < bound;
    }
  }
}

export class SelectorParseError extends Error {
  readonly code = 'InvalidSelector';
}

/** Parses the string form of a label selector. Throws SelectorParseError with the offending text. */
export function parseLabelSelector(text: string): SelectorRequirement[] {
  const reqs: SelectorRequirement[] = [];
  for (const part of splitTopLevel(text)) {
    const s = part.trim();
    if (!s) continue;
    let m: RegExpMatchArray | null;
    if ((m = s.match(/^!\s*([^\s=!(),]+)$/))) reqs.push({ key: m[1]!, operator: 'DoesNotExist', values: [] });
    else if ((m = s.match(/^([^\s=!(),]+)\s+(in|notin)\s*\(([^)]*)\)$/))) {
      const values = m[3]!.split(',').map((v) => v.trim()).filter((v) => v !== '');
      reqs.push({ key: m[1]!, operator: m[2] === 'in' ? 'In' : 'NotIn', values });
    } else if ((m = s.match(/^([^\s=!(),]+)\s*(==|=|!=)\s*([^\s=!(),]*)$/))) {
      reqs.push({ key: m[1]!, operator: m[2] === '!=' ? 'NotEquals' : 'Equals', values: [m[3]!] });
    } else if ((m = s.match(/^([^\s=!(),<>]+)\s*(>|<)\s*(-?\d+)$/))) {
      reqs.push({ key: m[1]!, operator: m[2] === '>' ? 'Gt' : 'Lt', values: [m[3]!] });
    } else if ((m = s.match(/^([^\s=!(),]+)$/))) reqs.push({ key: m[1]!, operator: 'Exists', values: [] });
    else throw new SelectorParseError(`unable to parse requirement: "${s}"`);
  }
  return reqs;
}

/** Renders a LabelSelector object in string form (as `status.labelSelector` carries it). */
export function formatLabelSelector(selector: LabelSelector): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(selector.matchLabels ?? {}).sort(([a], [b]) => a.localeCompare(b))) parts.push(`${k}=${v}`);
  for (const e of selector.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out;
}
