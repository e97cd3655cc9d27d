// `kactor cluster`: prints the export line, serves kubectl, reuses its certificates, stops on SIGTERM.
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'kactor-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startCluster(): Promise<{ line: string; stop(): Promise<number | null> }> {
  const child = spawn(process.execPath, ['bin/kactor.js', 'cluster', '--port', '0', '--kubeconfig', join(dir, 'kubeconfig'), '--cert-dir', join(dir, 'pki')], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) {
        resolve({
          line: out.split('\n')[0]!,
          stop: () => new Promise((done) => {
            child.once('exit', (code) => done(code));
            child.kill('SIGTERM');
          }),
        });
      }
    });
    child.once('exit', (code) => reject(new Error(`kactor cluster exited early (${code})`)));
  });
}

const kubectl = (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
  new Promise((resolve) => {
    execFile('kubectl', ['--kubeconfig', join(dir, 'kubeconfig'), '--cache-dir', join(dir, 'cache'), ...args], (err, stdout, stderr) =>
      resolve({ code: err ? 1 : 0, stdout, stderr }));
  });

describe('kactor cluster', () => {
  it('prints `export KUBECONFIG=<abs path>`, serves kubectl, reuses its CA on restart, and exits 0 on SIGTERM', async () => {
    const first = await startCluster();
    expect(first.line).toBe(`export KUBECONFIG=${join(dir, 'kubeconfig')}`);
    expect(statSync(join(dir, 'kubeconfig')).mode & 0o777).toBe(0o600);
    const ns = await kubectl(['get', 'ns', 'default', '-o', 'name']);
    expect(ns.stdout).toBe('namespace/default\n');
    const crds = await kubectl(['get', 'crd', '-o', 'name']);
    expect(crds.stdout).toContain('customresourcedefinition.apiextensions.k8s.io/statefulsets.apps.kruise.io');
    const ca = readFileSync(join(dir, 'pki', 'ca.crt'), 'utf8');
    expect(await first.stop()).toBe(0);

    const second = await startCluster();
    expect(readFileSync(join(dir, 'pki', 'ca.crt'), 'utf8')).toBe(ca);
    expect(readFileSync(join(dir, 'kubeconfig'), 'utf8')).toContain(Buffer.from(ca).toString('base64'));
    expect((await kubectl(['get', 'ns', 'kube-system', '-o', 'name'])).stdout).toBe('namespace/kube-system\n');
    expect(await second.stop()).toBe(0);
  });
});
