// Vitest reporter that prints the plain `N passed, N failed` line CI reads, and records the counts
// in .kactor/test-counts/<runtime>.json so that .ci/run can add up the runs under several Node versions.
import { mkdirSync, writeFileSync } from 'node:fs';
import type { Reporter, TestModule } from 'vitest/node';

export default class CountReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = 0;
    for (const module of modules) {
      // A module that fails to load has no tests: count it as one failure so it cannot pass silently.
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
      }
    }
    failed += errors.length;
    mkdirSync('.kactor/test-counts', { recursive: true });
    writeFileSync(`.kactor/test-counts/node${process.versions.node.split('.')[0]}.json`, JSON.stringify({ passed, failed }));
    console.log(`${passed} passed, ${failed} failed`);
  }
}
