// Smoke test of the bench suite (issue 8, acceptance 1): the quick variants of the rollout scenarios run
// through the harness (embedded cluster, controller in a child process) and their JSON states that the
// invariants hold — peak unavailable within the limit, all pods Ready, ideal computed. Never timings.
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import runScale from '../../bench/scale-100-at-10pct.js';
import runInPlace from '../../bench/inplace-rollout-100.js';
import type { ScenarioResult } from '../../bench/_harness/result.js';

const out = mkdtempSync(join(tmpdir(), 'kactor-bench-test-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

function readResult(scenario: string): ScenarioResult {
  return JSON.parse(readFileSync(join(out, `${scenario}.json`), 'utf8')) as ScenarioResult;
}

describe('npm run bench -- --quick (rollout scenarios)', () => {
  it('scale-100-at-10pct: never more pods created-but-not-Ready than the scale budget, all Ready at the end, ideal computed', async () => {
    await runScale(['--quick', '--no-progress', '--out', out]);
    const r = readResult('scale-100-at-10pct');
    expect(r.quick).toBe(true);
    expect(r.machine.cpus).toBeGreaterThan(0);
    const [phase] = r.phases;
    expect(phase!.unavailable.limit).toBe(2);
    expect(phase!.unavailable.peak).toBeLessThanOrEqual(phase!.unavailable.limit!);
    expect(phase!.finalReady).toBe(phase!.expectedReady);
    expect(phase!.ideal!.ms).toBeGreaterThan(0);
    expect(phase!.ratioToIdeal).toBeGreaterThan(0);
    expect(r.invariantsOk).toBe(true);
    expect(r.moonshots.find((m) => m.id === 'peak-unavailable')!.met).toBe(true);
    expect(existsSync(join(out, 'scale-100-at-10pct.md'))).toBe(true);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain('[scale-100-at-10pct](scale-100-at-10pct.md)');
  }, 90_000);

  it('inplace-rollout-100: each rollout within its maxUnavailable, all Ready at the new image, in place recreates no pod, ReCreate recreates each once', async () => {
    await runInPlace(['--quick', '--no-progress', '--out', out]);
    const r = readResult('inplace-rollout-100');
    const rollouts = r.phases.filter((p) => p.name.includes('rollout'));
    expect(rollouts.map((p) => p.unavailable.limit)).toEqual([4, 3, 1]);
    for (const p of rollouts) {
      expect(p.unavailable.peak, p.name).toBeLessThanOrEqual(p.unavailable.limit!);
      expect(p.finalReady, p.name).toBe(p.expectedReady);
      expect(p.ideal!.ms, p.name).toBeGreaterThan(0);
    }
    expect(rollouts[0]!.podsDeleted + rollouts[1]!.podsDeleted).toBe(0);
    expect(rollouts[2]!.podsDeleted).toBe(rollouts[2]!.expectedReady);
    expect(r.invariantsOk).toBe(true);
  }, 90_000);
});
