// Small formatters the printers share: label selectors as text, container name/image cells. Pure.

interface Requirement { key?: string; operator?: string; values?: string[] }
interface Selector { matchLabels?: Record<string, string>; matchExpressions?: Requirement[] }

/** metav1.FormatLabelSelector: `app=web,tier in (a,b)`; `<none>` when empty or nil. */
export function formatLabelSelector(sel: Selector | undefined | null): string {
  if (!sel) return '<none>';
  const parts: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) parts.push({ key: k, text: `${k}=${v}` });
  for (const r of sel.matchExpressions ?? []) {
    const key = r.key ?? '';
    const values = [...(r.values ?? [])].sort().join(',');
    switch (r.operator) {
      case 'In': parts.push({ key, text: `${key} in (${values})` }); break;
      case 'NotIn': parts.push({ key, text: `${key} notin (${values})` }); break;
      case 'Exists': parts.push({ key, text: key }); break;
      case 'DoesNotExist': parts.push({ key, text: `!${key}` }); break;
      default: return '<error>';
    }
  }
  parts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const s = parts.map((p) => p.text).join(',');
  return s === '' ? '<none>' : s;
}

/** labels.FormatLabels: `a=b,c=d` sorted by key; `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : '<none>';
}

/** layoutContainerCells: names and images joined by ",". */
export function containerCells(containers: { name?: string; image?: string }[] | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? '').join(','), list.map((c) => c.image ?? '').join(',')];
}
