// List/watch filters: `?labelSelector=` (equality- and set-based) and `?fieldSelector=` (`=`, `==`, `!=`
// on dotted paths such as metadata.name, spec.nodeName, status.phase, involvedObject.uid).
import type { KubeObject } from '../../api/objects.js';
import { parseLabelSelector, requirementMatches, SelectorParseError, type SelectorRequirement } from '../../api/selectors.js';
import { badRequest } from './errors.js';

export type ObjectFilter = (obj: Readonly<KubeObject>) => boolean;

interface FieldRequirement {
  path: string[];
  value: string;
  negate: boolean;
}

export function parseFieldSelector(text: string): FieldRequirement[] {
  const out: FieldRequirement[] = [];
  for (const part of text.split(',')) {
    const s = part.trim();
    if (!s) continue;
    const m = s.match(/^([^=!]+?)\s*(==|=|!=)\s*(.*)$/);
    if (!m) throw badRequest(`invalid field selector: "${s}": expected one of =, ==, !=`);
    out.push({ path: m[1]!.trim().split('.'), value: unescapeFieldValue(m[3]!.trim()), negate: m[2] === '!=' });
  }
  return out;
}

function unescapeFieldValue(v: string): string {
  return v.replace(/\\([\\,=])/g, '$1');
}

/** Values Kubernetes' field-label functions print for absent fields (Go zero values of non-string fields). */
const ABSENT_DEFAULTS: Record<string, string> = { 'spec.unschedulable': 'false' };

/** The string form of a field, as field selectors compare it ('' when absent). */
export function fieldValue(obj: Readonly<KubeObject>, path: string[]): string {
  let cur: unknown = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') {
      cur = undefined;
      break;
    }
    cur = (cur as Record<string, unknown>)[key];
  }
  if (cur === undefined || cur === null) return ABSENT_DEFAULTS[path.join('.')] ?? '';
  return typeof cur === 'object' ? JSON.stringify(cur) : String(cur);
}

/** Builds a filter from the query's selectors; undefined when both are empty. */
export function buildFilter(labelSelector: string | null, fieldSelector: string | null): ObjectFilter | undefined {
  let labels: SelectorRequirement[] = [];
  try {
    labels = labelSelector ? parseLabelSelector(labelSelector) : [];
  } catch (err) {
    if (err instanceof SelectorParseError) throw badRequest(`unable to parse requirement: ${err.message}`);
    throw err;
  }
  const fields = fieldSelector ? parseFieldSelector(fieldSelector) : [];
  if (labels.length === 0 && fields.length === 0) return undefined;
  return (obj) => {
    const objLabels = obj.metadata?.labels;
    for (const req of labels) if (!requirementMatches(req, objLabels)) return false;
    for (const f of fields) if ((fieldValue(obj, f.path) === f.value) === f.negate) return false;
    return true;
  };
}
