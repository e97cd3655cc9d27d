// Security: the bearer token is compared in constant time, and never appears in any log line of the
// server or the controller (a `kactor up` child process at trace level, through a rollout, rejected
// tokens and a stop).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { bearerChecker } from '../../../src/cluster/apiserver/http/server.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'kactor-secrets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bearer token check', () => {
  it('accepts exactly "Bearer <token>" and refuses other lengths, prefixes and missing headers', () => {
    const ok = bearerChecker('s3cret-token-value');
    expect(ok('Bearer s3cret-token-value')).toBe(true);
    expect(ok('Bearer s3cret-token-valuf')).toBe(false);
    expect(ok('Bearer s3cret-token-valu')).toBe(false);
    expect(ok('bearer s3cret-token-value')).toBe(false);
    expect(ok('Bearer s3cret-token-value ')).toBe(false);
    expect(ok(undefined)).toBe(false);
    expect(ok('')).toBe(false);
  });
});

describe('no secrets in logs', () => {
  it('the token never appears in the output of `kactor up` (server, nodes and controller at trace level)', async () => {
    const kubeconfig = join(dir, 'kubeconfig');
    const child = spawn(process.execPath, ['bin/kactor.js', 'up', '--port', '0', '--kubeconfig', kubeconfig, '--cert-dir', join(dir, 'pki'), '--nodes', '1', '--time-scale', '0.05', '--latency', 'zero', '--log-level', 'trace', '--metrics-bind-address', '0', '--health-probe-bind-address', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise((r) => child.once('exit', r));
    try {
      const deadline = Date.now() + 30_000;
      while (!out.includes('export KUBECONFIG=') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const kc = parse(readFileSync(kubeconfig, 'utf8'));
      const token: string = kc.users[0].user.token;
      const server: string = kc.clusters[0].cluster.server;
      const ca = Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString();
      const call = (method: string, path: string, auth: string, body?: unknown) => new Promise<number>((resolve) => {
        const req = request(`${server}${path}`, { method, ca, headers: { Authorization: auth, 'Content-Type': 'application/json' } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', () => resolve(0));
        req.end(body === undefined ? undefined : JSON.stringify(body));
      });
      expect(await call('GET', '/api/v1/namespaces', `Bearer ${token}x`)).toBe(401);
      expect(await call('GET', '/api/v1/namespaces', `Bearer ${token.slice(1)}`)).toBe(401);
      const sts = {
        apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', metadata: { name: 'web' },
        spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } } },
      };
      expect(await call('POST', '/apis/apps.kruise.io/v1beta1/namespaces/default/statefulsets', `Bearer ${token}`, sts)).toBe(201);
      await new Promise((r) => setTimeout(r, 3000));
      child.kill('SIGTERM');
      await exited;
      expect(out.length).toBeGreaterThan(200); // the run really logged
      expect(out).not.toContain(token);
      expect(out).not.toContain(token.slice(0, 16));
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  });
});
