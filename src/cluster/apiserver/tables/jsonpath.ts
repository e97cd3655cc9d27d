// The JSONPath subset CRD printer columns use (`.spec.replicas`, `.spec.containers[*].image`,
// `.status.conditions[?(@.type=="Ready")].status`, `['key.with.dots']`, `[0]`, `[-1]`), evaluated over plain
// JSON. Returns every match in order, like client-go's FindResults for one template node. Pure.

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'filter'; path: string[]; op: '==' | '!='; value: unknown };

export class JsonPathError extends Error {
  readonly code = 'InvalidJsonPath';
}

const cache = new Map<string, Step[]>();

function parseLiteral(s: string): unknown {
  const t = s.trim();
  if (/^(['"]).*\1$/.test(t)) return t.slice(1, -1);
  if (t === 'true' || t === 'false') return t === 'true';
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  throw new JsonPathError(`unsupported filter value ${s}`);
}

/** Parses a path such as `.spec.template.spec.containers[*].image` (braces optional). */
export function parseJsonPath(path: string): Step[] {
  const hit = cache.get(path);
  if (hit) return hit;
  let p = path.trim();
  if (p.startsWith('{') && p.endsWith('}')) p = p.slice(1, -1);
  const steps: Step[] = [];
  let i = 0;
  while (i < p.length) {
    const c = p[i]!;
    if (c === '.') {
      i++;
      const m = /^[A-Za-z0-9_\-$]+/.exec(p.slice(i));
      if (!m) { if (p[i] === '[' || i >= p.length) continue; throw new JsonPathError(`invalid JSONPath ${path}`); }
      steps.push({ kind: 'field', name: m[0] });
      i += m[0].length;
    } else if (c === '[') {
      const end = p.indexOf(']', i);
      if (end < 0) throw new JsonPathError(`unclosed [ in JSONPath ${path}`);
      const inner = p.slice(i + 1, end).trim();
      i = end + 1;
      if (inner === '*') steps.push({ kind: 'wildcard' });
      else if (/^-?\d+$/.test(inner)) steps.push({ kind: 'index', index: Number(inner) });
      else if (/^(['"]).*\1$/.test(inner)) steps.push({ kind: 'field', name: inner.slice(1, -1) });
      else {
        const f = /^\?\(@((?:\.[A-Za-z0-9_\-]+)+)\s*(==|!=)\s*(.+)\)$/.exec(inner);
        if (!f) throw new JsonPathError(`unsupported JSONPath expression [${inner}] in ${path}`);
        steps.push({ kind: 'filter', path: f[1]!.slice(1).split('.'), op: f[2] as '==' | '!=', value: parseLiteral(f[3]!) });
      }
    } else if (c === ' ') {
      i++;
    } else {
      const m = /^[A-Za-z0-9_\-$]+/.exec(p.slice(i));
      if (!m) throw new JsonPathError(`invalid JSONPath ${path}`);
      steps.push({ kind: 'field', name: m[0] });
      i += m[0].length;
    }
  }
  cache.set(path, steps);
  return steps;
}

function get(v: unknown, key: string): unknown {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;
}

/** All values the path selects in `root`, in document order (missing fields select nothing). */
export function findResults(root: unknown, path: string): unknown[] {
  let cur: unknown[] = [root];
  for (const step of parseJsonPath(path)) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (step.kind === 'field') {
        const x = get(v, step.name);
        if (x !== undefined) next.push(x);
      } else if (step.kind === 'index') {
        if (Array.isArray(v)) {
          const x = v[step.index < 0 ? v.length + step.index : step.index];
          if (x !== undefined) next.push(x);
        }
      } else if (step.kind === 'wildcard') {
        if (Array.isArray(v)) next.push(...v);
        else if (v !== null && typeof v === 'object') next.push(...Object.values(v));
      } else if (Array.isArray(v)) {
        for (const item of v) {
          let x: unknown = item;
          for (const k of step.path) x = get(x, k);
          if (x !== undefined && (step.op === '==') === (x === step.value)) next.push(item);
        }
      }
    }
    cur = next;
  }
  return cur;
}
