// Bench dispatcher: `kactor bench <scenario> [args…]` / `npm run bench -- <scenario>` runs
// bench/<scenario>.ts, whose default export is `run(args)`. Scenarios print their own tables and
// write bench/results/<scenario>.json.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));

/** Scenario names: every bench/<name>.ts (or .js when compiled) except this file and helpers. */
export function listScenarios(): string[] {
  return readdirSync(here)
    .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts') && !f.startsWith('index.') && !f.startsWith('_'))
    .map((f) => f.replace(/\.(ts|js)$/, ''))
    .sort();
}

export async function runBench(scenario: string, args: string[]): Promise<unknown> {
  const known = listScenarios();
  if (!known.includes(scenario)) {
    throw new Error(`unknown bench scenario "${scenario}"; known: ${known.join(', ') || '(none)'}`);
  }
  const file = [join(here, `${scenario}.ts`), join(here, `${scenario}.js`)].find((f) => existsSync(f))!;
  const mod = (await import(pathToFileURL(file).href)) as { default?: (args: string[]) => Promise<unknown> };
  if (typeof mod.default !== 'function') throw new Error(`bench/${scenario} has no default export run(args)`);
  return mod.default(args);
}
