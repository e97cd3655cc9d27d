// `npm start` = `kactor up` as a new user runs it: a child process printing `export KUBECONFIG=…`; kubectl
// with that kubeconfig applies tutorial manifest 01 and sees `web 5 5 5 5`; Ctrl-C (SIGINT) exits 0.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { watchStatefulSet, type WatchedMonitor } from '../support/invariants.js';
import { MANIFESTS, PARALLEL } from './statefulset-support.js';

const dir = mkdtempSync(join(tmpdir(), 'kactor-up-'));
let child: ChildProcess | undefined;
let monitor: WatchedMonitor | undefined;

afterAll(() => {
  monitor?.stop();
  if (child && child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function kubectl(kubeconfig: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  return new Promise((resolve) => {
    execFile('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args], { env: { ...process.env, HOME: dir, KUBECONFIG: kubeconfig }, timeout: 30_000 },
      (err, stdout, stderr) => resolve({ stdout, stderr, code: err ? 1 : 0 }));
  });
}

describe('kactor up (what npm start runs)', () => {
  it('prints the KUBECONFIG line, runs tutorial manifest 01 to web 5 5 5 5 under the invariants, and exits 0 on SIGINT', async () => {
    const args = ['bin/kactor.js', 'up', '--port', '0', '--kubeconfig', join(dir, 'kubeconfig'), '--cert-dir', join(dir, 'pki'),
      '--metrics-bind-address', '0', '--health-probe-bind-address', '0', '--time-scale', '0.1'];
    const proc = spawn(process.execPath, args, { cwd: join(import.meta.dirname, '../..'), stdio: ['ignore', 'pipe', 'pipe'] });
    child = proc;
    let stdout = '';
    let stderr = '';
    proc.stderr!.on('data', (d) => (stderr += d));
    const kubeconfig = await new Promise<string>((resolve, reject) => {
      proc.stdout!.on('data', (d) => {
        stdout += d;
        const m = /^export KUBECONFIG=(\S+)$/m.exec(stdout);
        if (m) resolve(m[1]!);
      });
      proc.on('exit', (code) => reject(new Error(`kactor up exited ${code} before printing KUBECONFIG: ${stderr}`)));
    });
    expect(kubeconfig).toBe(join(dir, 'kubeconfig'));
    await new Promise<void>((resolve) => {
      // the controller is up once it says so; applying earlier would also work (level-triggered), but slower
      const check = () => (stderr.includes('controller running') ? resolve() : setTimeout(check, 50));
      check();
    });
    monitor = watchStatefulSet(kubeconfig, 'web', 'app=nginx');
    await monitor.ready;
    const applied = await kubectl(kubeconfig, ['apply', '-f', join(MANIFESTS, PARALLEL)]);
    expect(applied.stdout.trim()).toBe('statefulset.apps.kruise.io/web created');
    await monitor.until('5 ready pods', (s) => (s.workload as any)?.status?.readyReplicas === 5, 60_000).catch((err: Error) => {
      throw new Error(`${err.message}; kactor up stderr:\n${stderr}`);
    });
    const row = (await kubectl(kubeconfig, ['get', 'asts', '--no-headers'])).stdout.trim().split(/\s+/).slice(0, 5).join(' ');
    expect(row).toBe('web 5 5 5 5');
    const podRows = (await kubectl(kubeconfig, ['get', 'po', '-l', 'app=nginx', '--no-headers'])).stdout.trim().split('\n');
    expect(podRows.map((l) => l.split(/\s+/).slice(0, 3).join(' '))).toEqual([0, 1, 2, 3, 4].map((i) => `web-${i} 1/1 Running`));
    expect(monitor.report()).toEqual([]);
    monitor.stop();

    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    proc.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 120_000);
});
