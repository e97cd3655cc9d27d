// A progress bar (cli-progress, on stderr) for one phase at a time; a no-op when disabled (not a TTY,
// --no-progress, under vitest), in which case one line per phase is printed instead.
import cliProgress from 'cli-progress';

export interface Progress {
  phase(name: string, total: number): void;
  update(value: number, payload?: { unavailable?: number }): void;
  done(summary: string): void;
  stop(): void;
}

export function createProgress(enabled: boolean, scenario: string): Progress {
  if (!enabled) {
    return {
      phase: () => {},
      update: () => {},
      done: (summary) => process.stderr.write(`[${scenario}] ${summary}\n`),
      stop: () => {},
    };
  }
  let bar: cliProgress.SingleBar | undefined;
  let last = 0;
  return {
    phase(name, total) {
      bar?.stop();
      bar = new cliProgress.SingleBar(
        {
          format: `${scenario} › {phase} [{bar}] {value}/{total} ready · {unavailable} unavailable · {duration_formatted}`,
          stream: process.stderr,
          hideCursor: true,
          clearOnComplete: true,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, { phase: name, unavailable: 0 });
    },
    update(value, payload) {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      bar?.update(value, { unavailable: payload?.unavailable ?? 0 });
    },
    done(summary) {
      bar?.stop();
      bar = undefined;
      process.stderr.write(`[${scenario}] ${summary}\n`);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
