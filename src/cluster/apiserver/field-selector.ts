// `?fieldSelector=` as kube-apiserver 1.26 reads it (apimachinery/pkg/fields/selector.go): terms split on
// unescaped commas, `!=`, `==`, `=`, escapes `\\ \, \=`; then each field label checked against what the
// kind supports, with that kind's error text (pkg/apis/*/v1/conversion.go, the CRD converter, and
// DefaultMetaV1FieldSelectorConversion for the rest). An unsupported label is a 400, never evaluated.
import { badRequest, type ApiError } from './errors.js';

export interface FieldRequirement {
  /** The label as the kind's field set names it (events.k8s.io labels map to the core Event's). */
  label: string;
  value: string;
  negate: boolean;
}

interface FieldLabels {
  labels: string[];
  /** Renames (events.k8s.io `regarding.kind` → `involvedObject.kind`). */
  map?: Record<string, string>;
  message: (label: string) => string;
}

const notSupported = (label: string): string => `field label not supported: ${label}`;
const GENERIC: FieldLabels = {
  labels: ['metadata.name', 'metadata.namespace'],
  message: (label) => `${JSON.stringify(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
};

const CORE_EVENT = ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion',
  'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type', 'metadata.namespace', 'metadata.name'];

/** Field labels per built-in resource (`<group>/<plural>`), from Kubernetes 1.26's conversion functions. */
const BUILTIN: Record<string, FieldLabels> = {
  '/pods': {
    labels: ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName',
      'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName', 'spec.host'],
    map: { 'spec.host': 'spec.nodeName' },
    message: notSupported,
  },
  '/nodes': { labels: ['metadata.name', 'spec.unschedulable'], message: notSupported },
  '/namespaces': { labels: ['status.phase', 'metadata.name'], message: notSupported },
  '/secrets': { labels: ['type', 'metadata.namespace', 'metadata.name'], message: notSupported },
  '/events': { labels: CORE_EVENT, message: notSupported },
  'events.k8s.io/events': {
    labels: ['reason', 'regarding.kind', 'regarding.namespace', 'regarding.name', 'regarding.uid', 'regarding.apiVersion', 'regarding.resourceVersion',
      'regarding.fieldPath', 'reportingController', 'type', 'metadata.namespace', 'metadata.name'],
    message: notSupported,
  },
  'batch/jobs': { labels: ['metadata.name', 'metadata.namespace', 'status.successful'], message: (label) => `field label ${JSON.stringify(label)} not supported for Job` },
};

/** The labels a custom resource supports: metadata.name, and metadata.namespace when namespaced. */
function customResourceLabels(namespaced: boolean): FieldLabels {
  return { labels: namespaced ? ['metadata.name', 'metadata.namespace'] : ['metadata.name'], message: notSupported };
}

export interface FieldSelectorTarget {
  /** `<group>/<plural>`. */
  key: string;
  namespaced: boolean;
  customResource: boolean;
}

/** Parses a field selector and checks its labels for the resource; throws 400 with the real server's text. */
export function parseFieldSelectorFor(text: string, target: FieldSelectorTarget): FieldRequirement[] {
  const terms = splitTerms(text).sort();
  const parsed: FieldRequirement[] = [];
  for (const term of terms) {
    if (term === '') continue;
    const split = splitTerm(term);
    if (!split) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    parsed.push({ label: split.lhs, value: unescapeValue(split.rhs), negate: split.op === '!=' });
  }
  const known = target.customResource ? customResourceLabels(target.namespaced) : BUILTIN[target.key] ?? GENERIC;
  return parsed.map((f) => {
    if (!known.labels.includes(f.label)) throw badRequest(known.message(f.label));
    return { ...f, label: known.map?.[f.label] ?? f.label };
  });
}

function splitTerms(s: string): string[] {
  if (s === '') return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') {
      terms.push(s.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(s.slice(start));
  return terms;
}

function splitTerm(term: string): { lhs: string; op: string; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '=']) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
    }
  }
  return undefined;
}

function unescapeValue(s: string): string {
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') throw fieldSelectorError(`invalid escape sequence: \\${c}`);
      out += c;
      inSlash = false;
    } else if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') throw fieldSelectorError(`unescaped character in value: ${c.codePointAt(0)}`);
    else out += c;
  }
  if (inSlash) throw fieldSelectorError('invalid escape sequence: \\');
  return out;
}

const fieldSelectorError = (why: string): ApiError => badRequest(`invalid field selector: ${why}`);
