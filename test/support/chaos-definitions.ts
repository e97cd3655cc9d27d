// Test-only definitions module for the chaos suite: kactor's real workload definitions, each planner
// wrapped so that a planner worker thread exits when the kill file (path in $KACTOR_CHAOS_KILL_FILE)
// exists — the file is removed first, so exactly one worker dies per file written. Never exits the
// main thread. No top-level await (loaded inside Piscina workers through tsx/cjs).
import { existsSync, unlinkSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
import type { WorkloadDefinition } from '../../src/runtime/workload-definition.js';
import { definitions as real } from '../../src/workloads/index.js';

const killFile = process.env.KACTOR_CHAOS_KILL_FILE;

function dieIfAsked(): void {
  if (isMainThread || !killFile || !existsSync(killFile)) return;
  try {
    unlinkSync(killFile);
  } catch {
    return; // another worker took it
  }
  process.exit(1);
}

export const definitions: WorkloadDefinition[] = real.map((d) => ({
  ...d,
  plan: ((...args: Parameters<typeof d.plan>) => {
    dieIfAsked();
    return d.plan(...args);
  }) as typeof d.plan,
}));

export default definitions;
