// kactor's command line: one commander program; each command lives in src/cli/commands/<name>.ts
// and exports `register(program)`. This file only assembles them.
import { Command } from 'commander';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const COMMANDS = ['up', 'cluster', 'run', 'sim', 'node', 'bench', 'crds'] as const;

async function main(argv: string[]): Promise<void> {
  const program = new Command('kactor')
    .description('Actor-model controller runtime for OpenKruise workloads, with an embedded Kubernetes-compatible cluster')
    .version(pkg.version)
    .showHelpAfterError();
  for (const name of COMMANDS) {
    let mod: { register?: (p: Command) => void } | undefined;
    try {
      mod = await import(`./commands/${name}.js`);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' && String((err as Error).message).includes(`commands/${name}`)) continue;
      throw err;
    }
    mod?.register?.(program);
  }
  await program.parseAsync(argv);
}

main(process.argv).catch((err: unknown) => {
  console.error(`kactor: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
