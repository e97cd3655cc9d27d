// Test helper for the chaos suite: the embedded API server with fault injection aimed at the controller
// only (its user agent is "kactor"; the simulated nodes and the invariant monitor are left alone), the
// simulated nodes in-process, and the controller as a child process (test/support/chaos-controller.ts)
// that can be SIGKILLed and restarted, whose planner worker thread can be killed through a kill file.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import type { FaultCounts, FaultOptions } from '../../src/cluster/apiserver/index.js';
import { ContainerLogStore, startSimulator, type SimulatorHandle } from '../../src/cluster/nodes/index.js';
import { workloadAdmissionHooks } from '../../src/cli/admission.js';
import { startTestCluster, type TestCluster } from './cluster.js';

const ROOT = join(import.meta.dirname, '..', '..');

export interface ChaosStackOptions {
  nodes?: number;
  /** Faults for the controller's requests (`match` is set to the controller's user agent). */
  faults?: FaultOptions;
  /** Planner worker threads of the controller. @default 1 */
  workers?: number;
}

export interface ChaosStack {
  cluster: TestCluster;
  sim: SimulatorHandle;
  /** Plain HTTPS calls as the test (never faulted). */
  call(method: string, path: string, body?: unknown, contentType?: string): Promise<{ status: number; json: any }>;
  startController(): Promise<void>;
  /** SIGKILL the controller process (no cleanup, in-flight writes may or may not have landed). */
  killController(): Promise<void>;
  /** Makes the next planner turn exit its worker thread; resolves once the kill file was consumed. */
  killWorker(timeoutMs?: number): Promise<boolean>;
  readonly kills: { controller: number; worker: number };
  faultCounts(): FaultCounts;
  stop(): Promise<void>;
}

export async function startChaosStack(opts: ChaosStackOptions = {}): Promise<ChaosStack> {
  const faults = opts.faults ? { ...opts.faults, match: (r: { userAgent: string }) => r.userAgent === 'kactor' } : undefined;
  const containerLogs = new ContainerLogStore();
  const cluster = await startTestCluster({ port: 0, admission: workloadAdmissionHooks(), faults, podLogs: containerLogs });
  const sim = await startSimulator({ kubeconfigPath: cluster.kubeconfigPath, nodes: opts.nodes ?? 3, timeScale: 0.05, latency: 'zero', seed: 7, containerLogs });
  const killFile = join(cluster.dir, 'kill-worker');
  const kills = { controller: 0, worker: 0 };
  let child: ChildProcess | undefined;

  const startController = (): Promise<void> =>
    new Promise((ready, fail) => {
      const p = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/support/chaos-controller.ts'), cluster.kubeconfigPath, String(opts.workers ?? 1)], {
        cwd: ROOT,
        env: { ...process.env, KACTOR_CHAOS_KILL_FILE: killFile },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = p;
      let err = '';
      const logFile = process.env.KACTOR_CHAOS_LOG_FILE;
      p.stderr!.on('data', (d) => {
        err += d;
        if (logFile) appendFileSync(logFile, d);
      });
      p.stdout!.on('data', (d) => {
        if (logFile) appendFileSync(logFile, d);
        if (/^ready$/m.test(String(d))) ready();
      });
      p.on('exit', (code, signal) => signal === null && fail(new Error(`controller exited with ${code}: ${err.slice(-2000)}`)));
    });

  const call = (method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<{ status: number; json: any }> =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : JSON.stringify(body);
      const req = request(`${cluster.server.url}${path}`, {
        method, ca: cluster.server.caPem,
        headers: { Authorization: `Bearer ${cluster.server.token}`, ...(payload ? { 'Content-Type': contentType } : {}) },
      }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined }));
      });
      req.on('error', reject);
      req.end(payload);
    });

  return {
    cluster, sim, call, kills, startController,
    async killController() {
      const p = child;
      if (!p || p.exitCode !== null) return;
      const gone = new Promise((r) => p.once('exit', r));
      p.kill('SIGKILL');
      await gone;
      kills.controller++;
    },
    async killWorker(timeoutMs = 5000) {
      writeFileSync(killFile, '');
      const end = Date.now() + timeoutMs;
      while (existsSync(killFile) && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
      if (existsSync(killFile)) {
        rmSync(killFile, { force: true });
        return false;
      }
      kills.worker++;
      return true;
    },
    faultCounts: () => cluster.server.faults.counts(),
    async stop() {
      const p = child;
      if (p && p.exitCode === null && p.signalCode === null) {
        const gone = new Promise((r) => p.once('exit', r));
        p.kill('SIGKILL');
        await gone;
      }
      await sim.stop();
      await cluster.stop();
    },
  };
}
