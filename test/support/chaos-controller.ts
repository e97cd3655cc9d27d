// Test-only controller process for the chaos suite (`node --import tsx test/support/chaos-controller.ts
// <kubeconfig> <workers>`): kactor's controller with the chaos definitions module (a planner worker can be
// told to die), printing "ready" once its caches synced. The suite SIGKILLs it at random moments.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { startController } from '../../src/runtime/controller-host.js';

const [kubeconfig, workersText] = process.argv.slice(2);
const workers = Number(workersText ?? '1');
const definitionsModule = pathToFileURL(join(import.meta.dirname, 'chaos-definitions.ts')).href;
const { definitions } = await import(definitionsModule);
const controller = await startController({
  kubeconfig: kubeconfig!,
  definitions,
  definitionsModule,
  workers,
  metricsBindAddress: '0',
  healthProbeBindAddress: '0',
  // KACTOR_CHAOS_LOG=debug (with KACTOR_CHAOS_LOG_FILE) keeps the controllers' logs of a run to read a failure.
  logLevel: process.env.KACTOR_CHAOS_LOG ?? 'silent',
  logTurns: process.env.KACTOR_CHAOS_LOG !== undefined,
  qps: 0,
});
await controller.synced;
process.stdout.write('ready\n');
process.on('SIGTERM', () => void controller.stop(1000).then(() => process.exit(0)));
