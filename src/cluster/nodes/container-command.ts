// What a simulated container runs, read from its `command` and `args` (pure): the plain cases a
// simulated kubelet can honour without a runtime — `sleep N` (N in seconds, or with an s/m/h/d suffix, or
// `infinity`), `true`, `false`, `exit N`, and `sh -c` / `bash -c` scripts made of those joined by `;`,
// `&&` or newlines (`sh -c "sleep 5; exit 3"`). Anything else (pipes, loops, echo, an image's own
// entrypoint) is not recognised: the kubelet then keeps its default behaviour for the pod.

/** A recognised program: runs `runMs` (simulated) then exits with `exitCode`; or never ends (`sleep infinity`). */
export type ContainerProgram =
  | { kind: 'exits'; runMs: number; exitCode: number; text: string }
  | { kind: 'forever'; text: string };

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);
const UNIT_MS: Record<string, number> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** A word as a shell would need it written (double-quoted when it holds blanks or shell syntax). */
function quoted(word: string): string {
  return word === '' || /[\s;&|"'$`\\]/.test(word) ? JSON.stringify(word) : word;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The program of a container spec, or undefined when its command is not one of the plain cases. */
export function containerProgramOf(spec: { command?: string[]; args?: string[] }): ContainerProgram | undefined {
  const argv = [...(spec.command ?? []), ...(spec.args ?? [])];
  if (argv.length === 0) return undefined;
  const text = argv.map(quoted).join(' ');
  if (SHELLS.has(baseName(argv[0]!)) && argv[1] === '-c' && argv.length === 3) return scriptProgram(argv[2]!, text);
  const step = commandStep(argv);
  if (!step) return undefined;
  return finish([step], text);
}

/** `exit` alone exits with the status of the command before it. */
type Step = { sleepMs: number } | { forever: true } | { status: number } | { exit: number | 'last' };

/** One simple command: `sleep N`, `true`, `false`, `exit N` (and `:`, the shell's no-op). */
function commandStep(argv: string[]): Step | undefined {
  const [cmd, ...rest] = argv;
  const name = baseName(cmd ?? '');
  if (name === 'sleep' && rest.length >= 1) return sleepStep(rest);
  if ((name === 'true' || name === ':') && rest.length === 0) return { status: 0 };
  if (name === 'false' && rest.length === 0) return { status: 1 };
  if (cmd === 'exit' && rest.length <= 1) {
    if (rest.length === 0) return { exit: 'last' };
    const code = exitCodeOf(rest[0]!);
    return code === undefined ? undefined : { exit: code };
  }
  return undefined;
}

/** `sleep 5`, `sleep 1.5`, `sleep 2m`, `sleep 1m 30s` (GNU sleep adds its operands), `sleep infinity`. */
function sleepStep(operands: string[]): Step | undefined {
  let ms = 0;
  for (const op of operands) {
    if (op === 'infinity' || op === 'inf') return { forever: true };
    const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(op);
    if (!m) return undefined;
    ms += Number(m[1]) * UNIT_MS[m[2]!]!;
  }
  return { sleepMs: ms };
}

/** A shell exit status: 0–255 (the shell takes it modulo 256). */
function exitCodeOf(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  return Number(text) % 256;
}

/** `sleep 5; exit 3`, `sleep 5 && exit 3`, one command a line. Quotes, pipes, `||` and the rest: not recognised. */
function scriptProgram(script: string, text: string): ContainerProgram | undefined {
  if (/["'`$|<>(){}\\*?]/.test(script)) return undefined;
  const steps: Array<{ step: Step; andThen: boolean }> = [];
  // Split on `;`, newlines and `&&`, remembering which separator preceded each command.
  const parts = script.split(/(;|\n|&&)/);
  let andThen = false;
  for (const part of parts) {
    if (part === ';' || part === '\n') {
      andThen = false;
      continue;
    }
    if (part === '&&') {
      andThen = true;
      continue;
    }
    const words = part.trim().split(/\s+/).filter((w) => w !== '');
    if (words.length === 0) {
      if (andThen) return undefined;
      continue;
    }
    const step = commandStep(words);
    if (!step) return undefined;
    steps.push({ step, andThen });
    andThen = false;
  }
  if (steps.length === 0) return undefined;
  return finish(steps.map((s) => s.step), text, steps.map((s) => s.andThen));
}

/** Runs the steps as a shell would: sleeps add up, `exit` ends the script, `&&` skips after a failure. */
function finish(steps: Step[], text: string, andThen: boolean[] = []): ContainerProgram {
  let runMs = 0;
  let status = 0;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    if (andThen[i] && status !== 0) continue;
    if ('forever' in step) return { kind: 'forever', text };
    if ('exit' in step) return { kind: 'exits', runMs, exitCode: step.exit === 'last' ? status : step.exit, text };
    if ('sleepMs' in step) {
      runMs += step.sleepMs;
      status = 0;
    } else {
      status = step.status;
    }
  }
  return { kind: 'exits', runMs, exitCode: status, text };
}
