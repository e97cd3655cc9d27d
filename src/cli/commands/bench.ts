// `kactor bench [scenario…]`: runs benchmark scenarios from bench/ (see bench/index.ts).
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('bench')
    .description('run benchmark scenarios (default: list them); results go to bench/results/')
    .argument('[scenario]', 'scenario name, e.g. apiserver, actors, runtime, nodes')
    .argument('[args...]', 'arguments passed to the scenario')
    .allowUnknownOption(true)
    .action(async (scenario: string | undefined, args: string[]) => {
      const bench = await import(new URL('../../../bench/index.js', import.meta.url).href);
      if (!scenario) {
        console.log(`scenarios: ${bench.listScenarios().join(', ')}`);
        return;
      }
      await bench.runBench(scenario, args);
    });
}
