// `kactor crds`: prints the OpenKruise CRDs of deploy/crds as one multi-document YAML stream, so that
// `kactor crds | kubectl apply -f -` installs them on any cluster.
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { kruiseCrdFiles } from '../../cluster/apiserver/schema/kruise-crds.js';

/** The YAML stream: each file's documents, separated by `---`. */
export function renderCrdsYaml(): string {
  return kruiseCrdFiles()
    .map((file) => readFileSync(file, 'utf8').replace(/^(#.*\n|\s*\n)*---\n/, '').trimEnd() + '\n')
    .map((doc) => `---\n${doc}`)
    .join('');
}

export function register(program: Command): void {
  program
    .command('crds')
    .description('print the OpenKruise CRDs (StatefulSet, DaemonSet, BroadcastJob, AdvancedCronJob) as YAML for kubectl apply -f -')
    .action(() => {
      process.stdout.on('error', (err: NodeJS.ErrnoException) => {
        if (err.code === 'EPIPE') process.exit(0); // `kactor crds | head` closed the pipe early
        throw err;
      });
      process.stdout.write(renderCrdsYaml());
    });
}
