// `kactor bench [scenario…]`: runs benchmark scenarios from bench/ (see bench/index.ts).
import type { Command } from 'commander';

export function register(program: Command): void {
  program
    .command('bench')
    .description('run benchmark scenarios (default: the rollout scenarios; --quick for small sizes); results go to bench/results/')
    .argument('[scenario]', 'scenario name (`list` lists them), e.g. scale-100-at-10pct, inplace-rollout-100, throughput-1000x100, apiserver, nodes, micro')
    .argument('[args...]', 'arguments passed to the scenario')
    .allowUnknownOption(true)
    .action(async (scenario: string | undefined, args: string[]) => {
      const bench = await import(new URL('../../../bench/index.js', import.meta.url).href);
      if (scenario === 'list') {
        console.log(`scenarios: ${bench.listScenarios().join(', ')}`);
        return;
      }
      // `kactor bench` and `kactor bench --quick …` run the default set (bench/all.ts).
      if (!scenario || scenario.startsWith('--')) {
        await bench.runBench('all', scenario ? [scenario, ...args] : args);
        return;
      }
      await bench.runBench(scenario, args);
    });
}
