// compare-admission: the results as Markdown — provenance, counts per class, the side-by-side table of
// cases, each DIFF in full, and the defaults comparison of the tutorial manifests.
import type { Answer } from './answers.js';
import { CLASS_TITLES, type Classification, type DiffClass } from './classes.js';
import type { SchemaDifference } from './crds.js';
import type { SpecDifference } from './defaults.js';

export interface CaseResult {
  id: string;
  group: string;
  rule: string;
  /** `POST /apis/…` or `kubectl apply -f -`. */
  sent: string;
  real: Answer;
  embedded: Answer;
  same: boolean;
  /** SAME in code and message, but not in Status.reason (which decides how kubectl prints the error). */
  reasonDiffers: boolean;
  classification?: Classification;
}

export interface DefaultsResult {
  id: string;
  files: string[];
  real: Answer;
  embedded: Answer;
  /** Leaf differences of the specs when both accepted the manifest. */
  differences?: SpecDifference[];
  same: boolean;
  classification?: Classification;
}

export interface Provenance {
  command: string;
  date: string;
  realVersion: string;
  namespace: string;
  gitHead: string;
  dirtySources: string[];
  webhookNote: string;
  excluded: string[];
}

const cell = (s: string, max = 150): string => {
  const one = s.replace(/\s+/g, ' ').trim();
  const short = one.length > max ? `${one.slice(0, max - 1)}…` : one;
  return short.replace(/\|/g, '\\|');
};
const answerCell = (a: Answer): string => `**${a.code}**${a.reason !== undefined ? ` ${a.reason || '(no reason)'}` : ''} ${cell(a.message)}`;
const verdict = (same: boolean, c?: Classification): string => (same ? 'SAME' : `DIFF ${c ? `(${c.cls})` : '(unclassified)'}`);

function counts(rows: { same: boolean; classification?: Classification }[]): string[] {
  const same = rows.filter((r) => r.same).length;
  const diffs = rows.filter((r) => !r.same);
  const per = (cls: DiffClass) => diffs.filter((r) => r.classification?.cls === cls).length;
  const unclassified = diffs.filter((r) => !r.classification).length;
  const stale = rows.filter((r) => r.same && r.classification).length;
  return [
    `| SAME | ${same} |`,
    `| DIFF | ${diffs.length} |`,
    ...(['a', 'b', 'c', 'd'] as const).map((c) => `| — ${CLASS_TITLES[c]} | ${per(c)} |`),
    `| — unclassified | ${unclassified} |`,
    ...(stale ? [`| (classified but now SAME) | ${stale} |`] : []),
  ];
}

export function renderReport(p: Provenance, cases: CaseResult[], defaults: DefaultsResult[], schemas: SchemaDifference[]): string {
  const out: string[] = [];
  out.push('# Admission: real kube-apiserver + kactor webhooks vs kactor\'s embedded API server', '');
  out.push(`- command: \`${p.command}\``, `- date: ${p.date}`, `- real server: ${p.realVersion}`, `- namespace: \`${p.namespace}\` (both servers; \`<ns>\` below)`);
  out.push(`- kactor: ${p.gitHead}${p.dirtySources.length ? `, with ${p.dirtySources.length} uncommitted file(s) under src/: ${p.dirtySources.join(', ')}` : ''}`);
  out.push(`- webhook: ${p.webhookNote}`);
  if (p.excluded.length) out.push(`- corpus cases not about the Kruise kinds, not run: ${p.excluded.join(', ')}`);
  const reasonOnly = cases.filter((c) => c.reasonDiffers);
  out.push('', '## Summary', '', '| corpus cases | count |', '|---|---|', ...counts(cases), `| (SAME, but Status.reason differs) | ${reasonOnly.length} |`, '');
  out.push('| tutorial defaults | count |', '|---|---|', ...counts(defaults), '');
  out.push('## Corpus cases', '', 'Code and message compared after normalising the namespace, server URL, uids, timestamps and resourceVersions.', '');
  out.push('| case | sent | real | embedded | result |', '|---|---|---|---|---|');
  for (const r of cases) {
    const result = `${verdict(r.same, r.classification)}${r.reasonDiffers ? ' (reason differs)' : ''}`;
    out.push(`| ${r.id} | ${cell(r.sent, 70)} | ${answerCell(r.real)} | ${answerCell(r.embedded)} | ${result} |`);
  }
  if (reasonOnly.length) {
    const pairs = [...new Set(reasonOnly.map((r) => `real ${JSON.stringify(r.real.reason ?? '')} vs embedded ${JSON.stringify(r.embedded.reason ?? '')}`))];
    out.push('', `Same code and message, different Status.reason (${pairs.join('; ')}): ${reasonOnly.map((r) => r.id).join(', ')}.`);
  }
  out.push('', '### Each DIFF', '');
  for (const r of cases.filter((c) => !c.same)) {
    out.push(`#### ${r.id} — ${verdict(false, r.classification)}`, '', `${r.group}: ${r.rule}. Sent: \`${r.sent}\``, '');
    if (r.classification) out.push(`${CLASS_TITLES[r.classification.cls]}: ${r.classification.note}`, '');
    out.push('```', `real     ${r.real.code} ${r.real.reason ?? ''}`.trimEnd(), r.real.message, `embedded ${r.embedded.code} ${r.embedded.reason ?? ''}`.trimEnd(), r.embedded.message, '```', '');
  }
  out.push('## Defaults of the tutorial manifests (create with ?dryRun=All; `spec`, and the labels, annotations and finalizers, compared leaf by leaf)', '');
  out.push('| manifest | real | embedded | result |', '|---|---|---|---|');
  for (const d of defaults) out.push(`| ${d.id} | ${answerCell(d.real)} | ${answerCell(d.embedded)} | ${verdict(d.same, d.classification)} |`);
  out.push('');
  for (const d of defaults.filter((x) => !x.same)) {
    out.push(`#### ${d.id} — ${verdict(false, d.classification)}`, '', `files: ${d.files.join(', ')}`, '');
    if (d.classification) out.push(`${CLASS_TITLES[d.classification.cls]}: ${d.classification.note}`, '');
    if (d.differences) {
      out.push('| path | real | embedded |', '|---|---|---|');
      for (const x of d.differences) out.push(`| ${x.path} | ${cell(x.real ?? '(absent)', 100)} | ${cell(x.embedded ?? '(absent)', 100)} |`);
      out.push('');
    }
  }
  out.push('## The Kruise CRDs\' validation keywords (descriptions ignored)', '');
  if (schemas.length === 0) out.push('The same on both servers.', '');
  else {
    out.push('| CRD | version | field keyword | real | embedded |', '|---|---|---|---|---|');
    for (const d of schemas) out.push(`| ${d.crd} | ${d.version} | ${cell(d.where, 120)} | ${cell(d.real ?? '(absent)', 60)} | ${cell(d.embedded ?? '(absent)', 60)} |`);
    out.push('');
  }
  return out.join('\n');
}
