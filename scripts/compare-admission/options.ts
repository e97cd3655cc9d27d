// compare-admission: the command line (`--kubeconfig K [--out FILE.md] [--namespace NS] [--keep]`),
// resolved once into CompareOptions with precise messages.
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

export interface CompareOptions {
  /** Kubeconfig of the real cluster (client certificate or bearer token). Required. */
  kubeconfig: string;
  /** Where the Markdown report goes. @default stdout only */
  out?: string;
  /** Namespace the seeds and cases use on both servers. @default `kactor-compare-<random>` (created, then deleted) */
  namespace: string;
  /** Leaves the namespace on the real cluster for inspection. @default false */
  keep: boolean;
}

export const USAGE = 'usage: npx tsx scripts/compare-admission.ts --kubeconfig K [--out FILE.md] [--namespace NS] [--keep]';

export class OptionsError extends Error {
  readonly code = 'ERR_COMPARE_OPTIONS' as const;
}

export function resolveCompareOptions(argv: readonly string[]): CompareOptions {
  const raw = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new OptionsError(`unexpected argument ${JSON.stringify(arg)}; ${USAGE}`);
    const [, name, inline] = m;
    if (name === 'keep') raw.set(name, true);
    else if (inline !== undefined) raw.set(name!, inline);
    else {
      const value = argv[++i];
      if (value === undefined || value.startsWith('--')) throw new OptionsError(`--${name} needs a value; ${USAGE}`);
      raw.set(name!, value);
    }
  }
  for (const name of raw.keys()) {
    if (!['kubeconfig', 'out', 'namespace', 'keep'].includes(name)) throw new OptionsError(`unknown option --${name}; ${USAGE}`);
  }
  const kubeconfig = raw.get('kubeconfig') ?? process.env.KUBECONFIG;
  if (typeof kubeconfig !== 'string' || kubeconfig === '') throw new OptionsError(`--kubeconfig is required (or KUBECONFIG); ${USAGE}`);
  if (!existsSync(kubeconfig)) throw new OptionsError(`--kubeconfig ${kubeconfig} does not exist`);
  const namespace = (raw.get('namespace') as string | undefined) ?? `kactor-compare-${randomBytes(3).toString('hex')}`;
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(namespace)) throw new OptionsError(`--namespace ${JSON.stringify(namespace)} is not a DNS-1123 label`);
  if (namespace === 'default' || namespace.startsWith('kube-')) throw new OptionsError(`--namespace ${namespace}: use a namespace of its own (it is deleted at the end)`);
  const out = raw.get('out');
  return { kubeconfig, out: typeof out === 'string' ? out : undefined, namespace, keep: raw.get('keep') === true };
}
