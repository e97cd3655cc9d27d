// API-server fidelity: the scenarios (every module in test/fidelity/cases/ exporting `scenarios`) and the
// expectations recorded from a real kube-apiserver (test/fidelity/expectations/<area>.json).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Expectations, FidelityScenario, RecordedAnswer } from './types.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const CASES = join(HERE, 'cases');
const EXPECTATIONS = join(HERE, 'expectations');

export const areaOf = (scenarioId: string): string => scenarioId.split('/')[0]!;

export async function loadScenarios(): Promise<FidelityScenario[]> {
  const files = readdirSync(CASES).filter((f) => f.endsWith('.ts')).sort();
  const all: FidelityScenario[] = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(join(CASES, f)).href)) as { scenarios?: FidelityScenario[] };
    if (!Array.isArray(mod.scenarios)) throw new Error(`test/fidelity/cases/${f} exports no scenarios`);
    all.push(...mod.scenarios);
  }
  const seen = new Set<string>();
  for (const s of all) {
    if (seen.has(s.id)) throw new Error(`fidelity scenario id ${s.id} used twice`);
    seen.add(s.id);
  }
  return all;
}

export function readExpectations(area: string): Expectations {
  const file = join(EXPECTATIONS, `${area}.json`);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Expectations) : {};
}

/** Replaces the recorded answers of the given scenarios in their area files (others kept). */
export function writeExpectations(recorded: Map<string, Record<string, RecordedAnswer>>): string[] {
  const byArea = new Map<string, [string, Record<string, RecordedAnswer>][]>();
  for (const [id, answers] of recorded) byArea.set(areaOf(id), [...(byArea.get(areaOf(id)) ?? []), [id, answers]]);
  const written: string[] = [];
  for (const [area, entries] of byArea) {
    const current = readExpectations(area);
    for (const [id, answers] of entries) current[id] = answers;
    const sorted = Object.fromEntries(Object.keys(current).sort().map((k) => [k, current[k]!]));
    const file = join(EXPECTATIONS, `${area}.json`);
    writeFileSync(file, `${JSON.stringify(sorted, null, 1)}\n`);
    written.push(file);
  }
  return written;
}
