import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most e2e files wait on simulated kubelets and real minutes rather than burn CPU: two files at a
    // time on CI's 2 cores (vitest's default there would be one).
    maxWorkers: 2,
    reporters: ['default', './test/support/count-reporter.ts'],
  },
});
