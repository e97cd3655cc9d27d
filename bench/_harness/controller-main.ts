// Bench-only controller entry, run in a CHILD process (its own event loop and core): starts the runtime's
// controller host against a kubeconfig with the bench's definitions module, prints one JSON line
// `{"ready":true,"metricsUrl":…}` on stdout once its caches have synced, and stops on SIGTERM.
// Usage: node --import tsx bench/_harness/controller-main.ts --kubeconfig K [--workers N] [--qps Q] [--burst B] [--schedule-burst S]
//        [--definitions URL] [--log-level L]
import { DEFAULT_SCHEDULE_BURST } from '../../src/runtime/write/write-queue.js';
import { parseArgs } from 'node:util';
import { startController } from '../../src/runtime/controller-host.js';

const { values } = parseArgs({
  options: {
    kubeconfig: { type: 'string' },
    workers: { type: 'string', default: '0' },
    qps: { type: 'string', default: '50' },
    burst: { type: 'string', default: '100' },
    'schedule-burst': { type: 'string', default: String(DEFAULT_SCHEDULE_BURST) },
    definitions: { type: 'string' },
    'log-level': { type: 'string', default: 'warn' },
  },
});

const definitionsModule = values.definitions ?? new URL('./definitions.ts', import.meta.url).href;
const ctl = await startController({
  kubeconfig: values.kubeconfig,
  definitionsModule,
  workers: Number(values.workers),
  qps: Number(values.qps),
  burst: Number(values.burst),
  scheduleBurst: Number(values['schedule-burst']),
  metricsBindAddress: '127.0.0.1:0',
  healthProbeBindAddress: '0',
  logLevel: values['log-level'],
});

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  ctl.stop(5000).then(
    () => process.exit(0),
    () => process.exit(0),
  );
};
// With --expose-gc, SIGUSR2 collects garbage so the next /metrics scrape shows live heap only.
const gc = (globalThis as { gc?: () => void }).gc;
process.on('SIGUSR2', () => gc?.());
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
process.stdin.on('end', stop); // the parent died: do not linger
process.stdin.resume();

// Only now (every handler installed: a SIGUSR2 arriving earlier would kill the process) say ready.
await ctl.synced;
process.stdout.write(`${JSON.stringify({ ready: true, metricsUrl: ctl.metricsUrl, pid: process.pid })}\n`);
