// compare-apiserver: every fidelity scenario (test/fidelity/cases/) against a real kube-apiserver and
// kactor's embedded one, side by side, with a diff per step.
//
//   npx tsx scripts/compare-apiserver.ts --kubeconfig K [--only PREFIX] [--record] [--out FILE.md]
//
// --record writes the real server's answers to test/fidelity/expectations/<area>.json: the suite
// (test/fidelity/fidelity.test.ts) then holds the embedded server to them. --only runs the scenarios whose
// id starts with PREFIX (an area like `watch`, or one scenario id). Each scenario runs in a fresh namespace
// (`kfid-…`), deleted at its end on both servers. Scenarios about apps.kruise.io need Kruise's CRDs on the
// real cluster (and `kactor run`'s webhooks for defaults): see docs/real-cluster-admission.md.
import { writeFileSync } from 'node:fs';
import { workloadAdmissionHooks } from '../src/cli/admission.js';
import { embeddedClient, kubeconfigClient } from '../test/fidelity/client.js';
import { answerDifferences } from '../test/fidelity/compare.js';
import { KNOWN_DIFFERENCES } from '../test/fidelity/known-differences.js';
import { loadScenarios, writeExpectations } from '../test/fidelity/load.js';
import { runScenario } from '../test/fidelity/run.js';
import type { RecordedAnswer } from '../test/fidelity/types.js';
import { startTestCluster } from '../test/support/cluster.js';

interface Options {
  kubeconfig: string;
  only?: string;
  record: boolean;
  out?: string;
}

function parseArgs(argv: string[]): Options {
  const opts: Partial<Options> = { record: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--kubeconfig') opts.kubeconfig = value();
    else if (a === '--only') opts.only = value();
    else if (a === '--out') opts.out = value();
    else if (a === '--record') opts.record = true;
    else throw new Error(`unknown argument ${a} (usage: --kubeconfig K [--only PREFIX] [--record] [--out FILE.md])`);
  }
  if (!opts.kubeconfig) throw new Error('--kubeconfig is required (the real cluster to compare with)');
  return opts as Options;
}

async function main(argv: string[]): Promise<void> {
  const opts = parseArgs(argv);
  const scenarios = (await loadScenarios()).filter((s) => !opts.only || s.id.startsWith(opts.only));
  if (scenarios.length === 0) throw new Error(`no scenario id starts with ${opts.only}`);
  const real = await kubeconfigClient(opts.kubeconfig);
  const cluster = await startTestCluster({ port: 0, admission: workloadAdmissionHooks() });
  const embedded = embeddedClient(cluster.server);
  const recorded = new Map<string, Record<string, RecordedAnswer>>();
  const lines: string[] = [];
  let same = 0;
  let differ = 0;
  let known = 0;
  try {
    for (const s of scenarios) {
      const r = await runScenario(real, s, [real.url]);
      const e = await runScenario(embedded, s, [cluster.server.url]);
      recorded.set(s.id, r.answers);
      lines.push(`## ${s.id} — ${s.title}`);
      for (const step of s.steps) {
        const d = answerDifferences(r.answers[step.id]!, e.answers[step.id]!);
        const why = KNOWN_DIFFERENCES[`${s.id}#${step.id}`];
        if (d.length === 0) same++;
        else if (why) known++;
        else differ++;
        // FIXED: listed as a known difference but answered the same — take it off the list.
        const mark = d.length === 0 ? (why ? 'FIXED' : 'SAME') : why ? 'KNOWN' : 'DIFF';
        process.stderr.write(`${mark} ${s.id}#${step.id}\n`);
        lines.push(`- ${mark} \`${step.id}\` ${step.method} ${step.path} → ${r.answers[step.id]!.code}${why ? ` (known: ${why})` : ''}`);
        for (const line of d) lines.push(`    - ${line}`);
      }
    }
  } finally {
    real.close();
    embedded.close();
    await cluster.stop();
  }
  const summary = `${same + differ + known} steps in ${scenarios.length} scenarios: ${same} same, ${differ} differ, ${known} known differences`;
  const report = [`# compare-apiserver`, '', `\`npx tsx scripts/compare-apiserver.ts ${argv.join(' ')}\` on ${new Date().toISOString()}`, '', summary, '', ...lines].join('\n');
  if (opts.out) writeFileSync(opts.out, `${report}\n`);
  else process.stdout.write(`${report}\n`);
  if (opts.record) for (const f of writeExpectations(recorded)) process.stderr.write(`recorded ${f}\n`);
  process.stderr.write(`${summary}\n`);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`compare-apiserver: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
