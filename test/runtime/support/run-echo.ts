// `kactor run` with the Echo test workload instead of src/workloads: a child process for CLI tests.
import { Command } from 'commander';
import { registerRun } from '../../../src/cli/commands/run.js';

const program = new Command('kactor');
registerRun(program, new URL('./echo-workload.ts', import.meta.url));
program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`kactor: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
