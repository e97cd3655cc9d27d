// A CPU profile of this (bench) process over one window, e.g. a burst: BENCH_CPU_PROF_DIR=dir turns it on.
// The embedded API server and the simulated cluster run in this process, so this is where their time goes;
// the controller child is profiled separately (controller.ts, node --cpu-prof over its whole life).
import { Session } from 'node:inspector/promises';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface WindowProfile {
  /** Stops profiling and writes `<dir>/<label>-<pid>-<time>.cpuprofile`; returns its path. */
  stop(): Promise<string>;
}

/** Starts profiling when BENCH_CPU_PROF_DIR is set; null otherwise. */
export async function profileWindow(label: string): Promise<WindowProfile | null> {
  const dir = process.env.BENCH_CPU_PROF_DIR;
  if (!dir) return null;
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      await mkdir(dir, { recursive: true });
      const path = join(dir, `${label}-${process.pid}-${Date.now()}.cpuprofile`);
      await writeFile(path, JSON.stringify(profile));
      return path;
    },
  };
}
