// List/watch filters: `?labelSelector=` (label-selector.ts: kube's grammar and errors) and `?fieldSelector=`
// (field-selector.ts: the kind's supported field labels, 400 for others), evaluated on the stored object.
import type { KubeObject } from '../../api/objects.js';
import { requirementMatches, type SelectorRequirement } from '../../api/selectors.js';
import { badRequest } from './errors.js';
import { parseFieldSelectorFor, type FieldRequirement } from './field-selector.js';
import { LabelSelectorError, parseLabelSelectorAsKube } from './label-selector.js';
import { resourceKey, type ResourceDef } from './resources.js';

export type ObjectFilter = (obj: Readonly<KubeObject>) => boolean;

/** Values Kubernetes' field-label functions print for absent fields (Go zero values of non-string fields). */
const ABSENT_DEFAULTS: Record<string, string> = { 'spec.unschedulable': 'false' };

/** Where a field label reads in the object, when not at its own dotted path. */
const FIELD_PATHS: Record<string, string[]> = { source: ['source', 'component'] };

/** The string form of a field, as field selectors compare it ('' when absent). */
export function fieldValue(obj: Readonly<KubeObject>, label: string): string {
  let cur: unknown = obj;
  for (const key of FIELD_PATHS[label] ?? label.split('.')) {
    if (cur === null || typeof cur !== 'object') {
      cur = undefined;
      break;
    }
    cur = (cur as Record<string, unknown>)[key];
  }
  if (cur === undefined || cur === null) return ABSENT_DEFAULTS[label] ?? '';
  return typeof cur === 'object' ? JSON.stringify(cur) : String(cur);
}

/** Builds a filter from the query's selectors for a resource; undefined when both are empty. */
export function buildFilter(def: Pick<ResourceDef, 'group' | 'plural' | 'namespaced' | 'crd'>, labelSelector: string | null, fieldSelector: string | null): ObjectFilter | undefined {
  let labels: SelectorRequirement[] = [];
  try {
    labels = labelSelector ? parseLabelSelectorAsKube(labelSelector) : [];
  } catch (err) {
    if (err instanceof LabelSelectorError) throw badRequest(err.message);
    throw err;
  }
  const target = { key: resourceKey(def.group, def.plural), namespaced: def.namespaced, customResource: def.crd !== undefined };
  const fields: FieldRequirement[] = fieldSelector ? parseFieldSelectorFor(fieldSelector, target) : [];
  if (labels.length === 0 && fields.length === 0) return undefined;
  return (obj) => {
    const objLabels = obj.metadata?.labels;
    for (const req of labels) if (!requirementMatches(req, objLabels)) return false;
    for (const f of fields) if ((fieldValue(obj, f.label) === f.value) === f.negate) return false;
    return true;
  };
}
