// compare-admission: the same admission requests against a real kube-apiserver (with kactor's webhooks,
// `kactor run`, registered) and kactor's embedded API server (in-process hooks), side by side.
//
//   npx tsx scripts/compare-admission.ts --kubeconfig K [--out FILE.md] [--namespace NS] [--keep]
//
// Both servers get a fresh namespace and the bad-input corpus's seeds; then every corpus case about the
// four Kruise kinds (HTTP under /apis/apps.kruise.io/, and the kubectl cases) and a dry-run create of each
// tutorial manifest. Prints a Markdown report (and writes it to --out); the namespace is deleted on the
// real cluster at the end unless --keep. See docs/real-cluster-admission.md.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS } from '../test/bad-input/corpus.js';
import { concernsKruise } from './compare-admission/cases.js';
import { compareCrds } from './compare-admission/crds.js';
import { loadManifests } from './compare-admission/defaults.js';
import { OptionsError, resolveCompareOptions } from './compare-admission/options.js';
import { gitHead, realVersion, webhookNote } from './compare-admission/provenance.js';
import { renderReport } from './compare-admission/report.js';
import { createNamespace, deleteNamespace, runCases, runDefaults, seed, type Pair } from './compare-admission/run.js';
import { embeddedTarget, realTarget } from './compare-admission/targets.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MANIFEST_DIRS = [join(ROOT, 'test/e2e/manifests'), '/work/shared/tutorial'];

async function main(argv: string[]): Promise<void> {
  const opts = resolveCompareOptions(argv);
  const progress = (line: string) => process.stderr.write(`${line}\n`);
  const real = await realTarget(opts.kubeconfig);
  const embedded = await embeddedTarget();
  const pair: Pair = { real, embedded };
  const ctx = { namespace: opts.namespace, urls: [real.url, embedded.url] };
  let created = false;
  // Ctrl-C: still take the namespace off the real cluster.
  process.once('SIGINT', () => {
    const cleanup = created && !opts.keep ? deleteNamespace(real, opts.namespace).then(progress) : Promise.resolve();
    void cleanup.finally(() => process.exit(130));
  });
  try {
    await createNamespace(pair, opts.namespace);
    created = true;
    progress(`namespace ${opts.namespace} created on both servers`);
    // Dry-run the tutorial first: its StatefulSets are named like the corpus seed `web`.
    const tutorial = await runDefaults(pair, loadManifests(MANIFEST_DIRS), ctx, progress);
    const seeds = await seed(pair, ctx);
    const results = await runCases(pair, CORPUS.filter(concernsKruise), ctx, progress);
    const schemas = await compareCrds(real, embedded);
    const git = gitHead(ROOT);
    const report = renderReport(
      {
        command: `npx tsx scripts/compare-admission.ts ${argv.join(' ')}`,
        date: new Date().toISOString(),
        realVersion: await realVersion(real),
        namespace: opts.namespace,
        gitHead: git.head,
        dirtySources: git.dirty,
        webhookNote: await webhookNote(real, ROOT),
        excluded: CORPUS.filter((c) => !concernsKruise(c)).map((c) => c.id),
      },
      results,
      [...tutorial, ...seeds],
      schemas,
    );
    process.stdout.write(`${report}\n`);
    if (opts.out) {
      writeFileSync(opts.out, `${report}\n`);
      progress(`report written to ${opts.out}`);
    }
  } finally {
    if (created && !opts.keep) progress(await deleteNamespace(real, opts.namespace));
    await real.close();
    await embedded.close();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`compare-admission: ${err instanceof OptionsError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
