// `npm run bench` / `kactor bench all`: the rollout scenarios (scale-100-at-10pct, inplace-rollout-100)
// at full size; with --quick, the quick variant of every scenario of this suite that exists except
// cron-burst (it waits for a minute boundary; the whole set finishes in under 3 minutes); with --full, every scenario at full size. Other flags (--kubeconfig,
// --out, --no-progress, --workers) are passed to each scenario. Prints one summary line per scenario.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ScenarioResult } from './_harness/result.js';

const ROLLOUTS = ['scale-100-at-10pct', 'inplace-rollout-100'];
const SUITE = [...ROLLOUTS, 'throughput-1000x100', 'workers', 'daemonset-1000-nodes', 'broadcastjob-1000-nodes', 'cron-burst'];
/** Not in the --quick set: cron-burst waits for a minute boundary (40–100 s at any size). */
const NOT_QUICK = new Set(['cron-burst']);

function scenarioFile(name: string): string | undefined {
  return ['ts', 'js'].map((ext) => fileURLToPath(new URL(`./${name}.${ext}`, import.meta.url))).find((f) => existsSync(f));
}

export default async function run(argv: string[]): Promise<ScenarioResult[]> {
  const quick = argv.includes('--quick');
  const full = argv.includes('--full');
  const pass = argv.filter((x) => x !== '--full');
  const names = (full ? SUITE : quick ? SUITE.filter((n) => !NOT_QUICK.has(n)) : ROLLOUTS).filter((n) => scenarioFile(n));
  const t0 = Date.now();
  const results: ScenarioResult[] = [];
  const failures: string[] = [];
  for (const name of names) {
    const mod = (await import(pathToFileURL(scenarioFile(name)!).href)) as { default: (args: string[]) => Promise<ScenarioResult> };
    try {
      results.push(await mod.default(pass));
    } catch (err) {
      failures.push(`${name}: ${(err as Error).message}`);
      process.stderr.write(`[all] ${name} failed: ${(err as Error).stack ?? String(err)}\n`);
    }
  }
  process.stderr.write(`\n[all] ${results.length} scenario(s) in ${((Date.now() - t0) / 1000).toFixed(1)} s${quick ? ' (quick)' : ''}\n`);
  for (const r of results) {
    const missed = r.moonshots.filter((m) => m.met === false).length;
    const head = Object.entries(r.headline).slice(0, 3).map(([k, v]) => `${k} ${typeof v === 'number' ? +v.toFixed(2) : v}`).join(', ');
    process.stderr.write(`[all]   ${r.scenario}: invariants ${r.invariantsOk ? 'hold' : 'VIOLATED'}, moonshots missed ${missed}/${r.moonshots.length}; ${head}\n`);
  }
  if (failures.length || results.some((r) => !r.invariantsOk)) process.exitCode = 1;
  return results;
}
