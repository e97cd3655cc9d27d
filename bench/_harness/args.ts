// The flags every scenario accepts, parsed in one place (scenario-specific flags pass through):
//   --quick            small sizes (what `npm run bench -- --quick` and the smoke test run)
//   --kubeconfig K     use an existing cluster whose nodes are simulated by `kactor sim` (no embedded cluster)
//   --out DIR          where results go (default bench/results)
//   --no-progress      no progress bar (also off when stderr is not a TTY)
//   --workers N        controller planner workers (default 0 = inline)
//   --time-scale X     simulated → wall-clock time factor of the embedded simulator (scenario default otherwise)
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BenchOptionsError } from './errors.js';

export const DEFAULT_RESULTS_DIR = fileURLToPath(new URL('../results/', import.meta.url));

export interface BenchArgs {
  quick: boolean;
  kubeconfig?: string;
  outDir: string;
  progress: boolean;
  workers?: number;
  timeScale?: number;
  /** Scenario-specific flags, as given (`--replicas 50` → { replicas: '50' }). */
  extra: Record<string, string | boolean>;
}

export function parseBenchArgs(args: string[]): BenchArgs {
  const { values } = parseArgs({
    args,
    strict: false,
    allowPositionals: true,
    options: {
      quick: { type: 'boolean' },
      kubeconfig: { type: 'string' },
      out: { type: 'string' },
      'no-progress': { type: 'boolean' },
      workers: { type: 'string' },
      'time-scale': { type: 'string' },
    },
  });
  const extra = extraFlags(args, new Set(['quick', 'kubeconfig', 'out', 'no-progress', 'workers', 'time-scale']));
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 0)) {
    throw new BenchOptionsError(`--workers must be a non-negative integer (got "${String(values.workers)}")`);
  }
  const timeScale = values['time-scale'] === undefined ? undefined : Number(values['time-scale']);
  if (timeScale !== undefined && !(timeScale > 0)) throw new BenchOptionsError(`--time-scale must be a positive number (got "${String(values['time-scale'])}")`);
  if (values.kubeconfig !== undefined && typeof values.kubeconfig !== 'string') throw new BenchOptionsError('--kubeconfig needs a path');
  return {
    quick: values.quick === true,
    kubeconfig: values.kubeconfig as string | undefined,
    outDir: typeof values.out === 'string' ? values.out : DEFAULT_RESULTS_DIR,
    progress: values['no-progress'] !== true && process.stderr.isTTY === true && !process.env.VITEST,
    workers,
    timeScale,
    extra,
  };
}

/** Scenario flags: `--name value`, `--name=value`, or a bare `--name` (true). */
function extraFlags(args: string[], known: Set<string>): Record<string, string | boolean> {
  const out: Record<string, string | boolean> = {};
  for (let i = 0; i < args.length; i++) {
    const tok = args[i]!;
    if (!tok.startsWith('--')) continue;
    const eq = tok.indexOf('=');
    const name = tok.slice(2, eq < 0 ? undefined : eq);
    const takesValue = eq < 0 && i + 1 < args.length && !args[i + 1]!.startsWith('--');
    if (known.has(name)) {
      if (takesValue && name !== 'quick' && name !== 'no-progress') i++;
      continue;
    }
    if (eq >= 0) out[name] = tok.slice(eq + 1);
    else if (takesValue) out[name] = args[++i]!;
    else out[name] = true;
  }
  return out;
}

/** A scenario-specific integer flag with a default (quick and full). */
export function intFlag(a: BenchArgs, name: string, dflt: number): number {
  const v = a.extra[name];
  if (v === undefined) return dflt;
  if (typeof v !== 'string') throw new BenchOptionsError(`--${name} needs a value`);
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new BenchOptionsError(`--${name} must be a non-negative integer (got "${String(v)}")`);
  return n;
}
