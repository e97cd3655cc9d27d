// Writes a scenario's result: bench/results/<scenario>.json (machine-readable), <scenario>.md (the report)
// with SVG charts in <scenario>/ (ready pods against the ideal curve, unavailable pods against the limit,
// API writes/s), and regenerates README.md, the index of the latest reports in that directory.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeMachine } from './machine.js';
import type { PhaseResult, ScenarioResult } from './result.js';
import { lineChart } from './svg.js';

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b'];

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`;
}

function fmtNum(v: unknown): string {
  if (typeof v !== 'number') return v === null || v === undefined ? '–' : String(v);
  if (Number.isInteger(v)) return String(v);
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(3);
}

function phaseCharts(p: PhaseResult): Record<string, string> {
  const out: Record<string, string> = {};
  out.ready = lineChart({
    title: `${p.name}: pods Ready over time`,
    xLabel: 'seconds since the phase started',
    yLabel: 'pods Ready (target)',
    series: [
      { name: 'measured', points: p.series.ready, color: COLORS[0]!, step: true },
      ...(p.series.idealReady.length ? [{ name: 'ideal', points: p.series.idealReady, color: '#555', dashed: true, step: true }] : []),
    ],
  });
  out.unavailable = lineChart({
    title: `${p.name}: unavailable pods`,
    xLabel: 'seconds since the phase started',
    yLabel: 'unavailable pods',
    series: [{ name: 'unavailable', points: p.series.unavailable, color: COLORS[1]!, step: true }],
    lines: p.unavailable.limit !== null ? [{ y: p.unavailable.limit, label: `limit ${p.unavailable.limit}`, color: '#000' }] : [],
    yMin: 1,
  });
  out.writes = lineChart({
    title: `${p.name}: API writes/s (server side, all clients)`,
    xLabel: 'seconds since the phase started',
    yLabel: 'writes / s',
    series: [{ name: 'writes/s', points: p.series.writesPerSecond, color: COLORS[2]!, step: true }],
  });
  return out;
}

export function renderMarkdown(r: ScenarioResult, chartDir: string): string {
  const L: string[] = [];
  L.push(`# ${r.title}${r.quick ? ' (quick)' : ''}`, '');
  L.push(`- Command: \`${r.command}\``);
  L.push(`- Machine: ${describeMachine(r.machine)} (1-minute load average when the report was written: ${r.machine.loadAverage1m} — other work shares this machine)`);
  L.push(`- Run: ${r.startedAt}, ${fmtMs(r.durationMs)} in all`);
  L.push(`- Cluster: \`${JSON.stringify(r.cluster)}\``);
  L.push(`- Controller (child process): \`${JSON.stringify(r.controller)}\``);
  L.push(`- Parameters: \`${JSON.stringify(r.parameters)}\``);
  L.push(`- Invariants: ${r.invariantsOk ? 'all hold' : '**VIOLATED** (see below)'}`, '');
  L.push('## Headline', '', '| | |', '| --- | --- |');
  for (const [k, v] of Object.entries(r.headline)) L.push(`| ${k} | ${fmtNum(v)} |`);
  L.push('', '## Moonshots', '', '| moonshot | target | measured | | limited by |', '| --- | --- | --- | --- | --- |');
  for (const m of r.moonshots) {
    L.push(`| ${m.statement} | ${m.target} | ${m.measured} | ${m.met === null ? 'not measured' : m.met ? '**met**' : '**missed**'} | ${m.limitedBy ?? ''} |`);
  }
  L.push('', '## Phases', '', '| phase | pods Ready | time | ideal | time/ideal | peak unavailable / limit | created | deleted | writes (server) | controller requests |', '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const p of r.phases) {
    const reqs = Object.entries(p.controllerRequests).map(([k, v]) => `${k} ${v}`).join(', ');
    L.push(`| ${p.name} | ${p.finalReady}/${p.expectedReady} | ${fmtMs(p.wallMs)} | ${fmtMs(p.ideal?.ms)} | ${fmtNum(p.ratioToIdeal)} | ${p.unavailable.peak} / ${p.unavailable.limit ?? '–'} | ${p.podsCreated} | ${p.podsDeleted} | ${p.writes.total} | ${reqs || '–'} |`);
  }
  for (const p of r.phases) {
    const s = slug(p.name);
    L.push('', `### ${p.name}`, '', p.description, '');
    if (p.ideal) L.push(`Ideal: ${p.ideal.formula} = ${fmtMs(p.ideal.ms)}.`, '');
    L.push(`Unavailable means: ${p.unavailable.definition}.`, '');
    for (const c of p.invariants) L.push(`- ${c.ok ? '✔' : '✘'} ${c.name} — ${c.detail}`);
    if (Object.keys(p.metrics).length) L.push('', ...Object.entries(p.metrics).map(([k, v]) => `- ${k}: ${fmtNum(v)}`));
    L.push('', `![ready](${chartDir}/${s}-ready.svg)`, `![unavailable](${chartDir}/${s}-unavailable.svg)`, `![writes](${chartDir}/${s}-writes.svg)`);
  }
  if (r.notes.length) L.push('', '## Notes', '', ...r.notes.map((n) => `- ${n}`));
  L.push('');
  return L.join('\n');
}

export function writeResult(r: ScenarioResult, outDir: string): { json: string; md: string } {
  mkdirSync(join(outDir, r.scenario), { recursive: true });
  for (const p of r.phases) {
    for (const [kind, svg] of Object.entries(phaseCharts(p))) writeFileSync(join(outDir, r.scenario, `${slug(p.name)}-${kind}.svg`), svg);
  }
  const json = join(outDir, `${r.scenario}.json`);
  const md = join(outDir, `${r.scenario}.md`);
  writeFileSync(json, `${JSON.stringify(r, null, 2)}\n`);
  writeFileSync(md, renderMarkdown(r, r.scenario));
  writeIndex(outDir);
  return { json, md };
}

/** bench/results/README.md: one row per result JSON written by this harness (others' JSON files are skipped). */
export function writeIndex(outDir: string): void {
  if (!existsSync(outDir)) return;
  const rows: string[] = [];
  const moons: string[] = [];
  const charts: string[] = [];
  const subRuns = readdirSync(outDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && d.name !== 'quick' && existsSync(join(outDir, d.name, 'README.md')))
    .map((d) => `- [${d.name}](${d.name}/README.md)`);
  for (const f of readdirSync(outDir).filter((x) => x.endsWith('.json')).sort()) {
    let r: ScenarioResult;
    try {
      r = JSON.parse(readFileSync(join(outDir, f), 'utf8')) as ScenarioResult;
    } catch {
      continue;
    }
    if (!r || !Array.isArray(r.phases) || !Array.isArray(r.moonshots) || !r.machine) continue;
    const head = Object.entries(r.headline).slice(0, 3).map(([k, v]) => `${k}: ${fmtNum(v)}`).join('; ');
    rows.push(`| [${r.scenario}](${r.scenario}.md) | ${r.startedAt.slice(0, 16).replace('T', ' ')} | ${r.machine.cpus} × ${r.machine.model}, Node ${r.machine.node} | ${r.invariantsOk ? 'hold' : '**violated**'} | ${head} |`);
    const headPhase = r.phases.find((p) => p.ideal && p.ratioToIdeal !== null);
    if (headPhase) charts.push(`### ${r.scenario}: ${headPhase.name}`, '', `![${r.scenario}](${r.scenario}/${slug(headPhase.name)}-ready.svg)`, '');
    for (const m of r.moonshots) moons.push(`| ${r.scenario} | ${m.statement} | ${m.measured} | ${m.met === null ? 'not measured' : m.met ? 'met' : '**missed**'} | ${m.limitedBy ?? ''} |`);
  }
  const text = [
    '# Benchmark results',
    '',
    'Latest report of each scenario (written by `npm run bench -- <scenario>`; `--quick` runs go to `quick/`).',
    'Each report states its latency model, time scale and machine; the JSON next to it has every number.',
    '',
    '| scenario | run (UTC) | machine | invariants | headline |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    '## Moonshots',
    '',
    '| scenario | moonshot | measured | | limited by |',
    '| --- | --- | --- | --- | --- |',
    ...moons,
    '',
    ...(subRuns.length ? ['## Other runs', '', ...subRuns, ''] : []),
    '## Headline charts (pods Ready against the ideal curve)',
    '',
    ...charts,
  ].join('\n');
  writeFileSync(join(outDir, 'README.md'), text);
}
