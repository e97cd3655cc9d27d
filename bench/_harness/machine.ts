// What machine a result was measured on (written into every result JSON and report).
import { cpus, freemem, loadavg, platform, release, totalmem, arch, hostname } from 'node:os';

export interface MachineInfo {
  cpus: number;
  model: string;
  node: string;
  platform: string;
  memoryGiB: number;
  loadAverage1m: number;
  host: string;
}

export function machineInfo(): MachineInfo {
  const c = cpus();
  return {
    cpus: c.length,
    model: c[0]?.model?.trim() ?? 'unknown',
    node: process.version,
    platform: `${platform()} ${release()} ${arch()}`,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    loadAverage1m: Math.round(loadavg()[0]! * 100) / 100,
    host: hostname(),
  };
}

/** One line naming the machine, for reports: "2 × Intel Xeon …, Node v20.20.2, linux …". */
export function describeMachine(m: MachineInfo): string {
  return `${m.cpus} × ${m.model}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}`;
}

export function freeMemoryGiB(): number {
  return Math.round((freemem() / 2 ** 30) * 10) / 10;
}
