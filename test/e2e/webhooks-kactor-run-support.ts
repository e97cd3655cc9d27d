// Support for webhooks-kactor-run.test.ts: the real CLI `node bin/kactor.js run` as a child process
// serving Kruise's admission webhooks (its JSON log lines kept, its /readyz polled), free loopback ports,
// and reads of the webhook configurations it registers.
import { spawn, type ChildProcess } from 'node:child_process';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import type { RawClient } from '../bad-input/http.js';
import { ROOT, waitUntil } from './sharding-support.js';

export const MUTATING = '/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/kactor-mutating-webhook-configuration';
export const VALIDATING = '/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/kactor-validating-webhook-configuration';

/** `n` distinct loopback ports, free at the time of the call (all held open at once, then released). */
export async function freePorts(n: number): Promise<number[]> {
  const servers = Array.from({ length: n }, () => createServer());
  await Promise.all(servers.map((s) => new Promise<void>((ok) => s.listen(0, '127.0.0.1', ok))));
  const ports = servers.map((s) => (s.address() as { port: number }).port);
  await Promise.all(servers.map((s) => new Promise<void>((ok) => s.close(() => ok()))));
  return ports;
}

export interface KactorRunOptions {
  kubeconfig: string;
  webhookPort: number;
  probePort: number;
  /** Flags after the ones above. */
  extra?: string[];
}

export interface KactorRun {
  child: ChildProcess;
  /** Parsed JSON log lines. */
  logs: any[];
  stderr: string;
  exited: Promise<number | null>;
  /** Resolves once /readyz answers 200 (the webhooks serve and their configurations are in place). */
  ready(timeoutMs?: number): Promise<void>;
  /** SIGTERM, then the exit code (SIGKILL if it does not exit within `graceMs`). */
  stop(graceMs?: number): Promise<number | null>;
}

export function startKactorRun(o: KactorRunOptions): KactorRun {
  const child = spawn(
    process.execPath,
    [join(ROOT, 'bin', 'kactor.js'), 'run', '--kubeconfig', o.kubeconfig, '--webhook-port', String(o.webhookPort),
      '--metrics-bind-address', '0', '--health-probe-bind-address', `127.0.0.1:${o.probePort}`, '--log-level', 'info', ...(o.extra ?? [])],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT },
  );
  let exitCode: number | null | undefined;
  const run: KactorRun = {
    child,
    logs: [],
    stderr: '',
    exited: new Promise((res) => child.on('exit', (code) => res((exitCode = code)))),
    async ready(timeoutMs = 60_000) {
      await waitUntil('kactor run /readyz 200', async () => {
        if (exitCode !== undefined) throw new Error(`kactor run exited ${exitCode}: ${run.stderr.slice(-2000)}`);
        return (await probe(o.probePort, '/readyz')) === 200;
      }, timeoutMs);
    },
    async stop(graceMs = 15_000) {
      if (exitCode !== undefined) return exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await run.exited;
      clearTimeout(timer);
      return code;
    },
  };
  child.stderr!.on('data', (d) => (run.stderr += d));
  createInterface({ input: child.stdout! }).on('line', (line) => {
    try {
      run.logs.push(JSON.parse(line));
    } catch {
      // not a log line
    }
  });
  return run;
}

/** The HTTP status of GET http://127.0.0.1:<port><path>, or 0 when nothing answers. */
export function probe(port: number, path: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end();
  });
}

/** The two webhook configurations kactor registers, once both exist. */
export async function configurations(api: RawClient, timeoutMs = 30_000): Promise<{ mutating: any; validating: any }> {
  return waitUntil('both webhook configurations', async () => {
    const [m, v] = await Promise.all([api.send({ method: 'GET', path: MUTATING }), api.send({ method: 'GET', path: VALIDATING })]);
    return m.status === 200 && v.status === 200 && { mutating: m.json, validating: v.json };
  }, timeoutMs);
}

/** Every caBundle of both configurations (one per webhook). */
export function caBundles(c: { mutating: any; validating: any }): string[] {
  return [...c.mutating.webhooks, ...c.validating.webhooks].map((w: any) => w.clientConfig.caBundle);
}
