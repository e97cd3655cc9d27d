// `kactor sim` as a separate process against `kactor cluster` in another process: over the network
// only, as it would run against a real kube-apiserver. `kactor node add|remove` run in this process
// (through the same commander program) to keep the file fast.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { register as registerNode } from '../../src/cli/commands/node.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'kactor.js');
let dir: string;
let kubeconfig: string;
const procs: ChildProcess[] = [];
const logs: string[] = [];

function start(args: string[]): ChildProcess {
  const p = spawn(process.execPath, [bin, ...args], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  p.stdout!.on('data', (d) => logs.push(String(d)));
  p.stderr!.on('data', (d) => logs.push(String(d)));
  procs.push(p);
  return p;
}

function run(cmd: string, args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { cwd: dir, env: { ...process.env, HOME: dir }, timeout: 30_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? 1 : 0, stdout, stderr }),
    );
    child.stdin?.end(input ?? '');
  });
}

const kubectl = (args: string[], input?: string) => run('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args], input);

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last as T;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(last)}); logs:\n${logs.join('')}`);
}

/** Runs `kactor node …` through the CLI's commander program; returns what it printed. */
async function kactorNode(args: string[]): Promise<string> {
  const program = new Command('kactor').exitOverride();
  registerNode(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(['node', 'kactor', 'node', ...args]);
  } finally {
    spy.mockRestore();
  }
  return out;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kactor-sim-cli-'));
  kubeconfig = join(dir, 'kubeconfig');
  start(['cluster', '--port', '0', '--kubeconfig', kubeconfig, '--cert-dir', join(dir, 'pki')]);
  await until('kubeconfig written', async () => existsSync(kubeconfig));
  await until('API server answers', async () => (await kubectl(['get', 'ns'])).code === 0);
  start(['sim', '--kubeconfig', kubeconfig, '--nodes', '2', '--time-scale', '0.01', '--seed', '5']);
}, 60_000);

afterAll(async () => {
  for (const p of procs.reverse()) {
    p.kill('SIGTERM');
    await new Promise((r) => p.once('exit', r));
  }
  rmSync(dir, { recursive: true, force: true });
});

describe('kactor sim in its own process', () => {
  it('drives the tutorial nodes and runs a pod applied with kubectl', async () => {
    await until('3 Ready nodes', async () => {
      const out = (await kubectl(['get', 'nodes', '--no-headers'])).stdout.trim().split('\n');
      return out.length === 3 && out.every((l) => l.split(/\s+/)[1] === 'Ready');
    });
    await kubectl(['apply', '-f', '-'], 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: remote\nspec:\n  containers:\n  - name: nginx\n    image: nginx:alpine\n');
    const cols = await until('remote 1/1 Running', async () => {
      const c = (await kubectl(['get', 'po', 'remote', '--no-headers', '-o', 'wide'])).stdout.trim().split(/\s+/);
      return c[1] === '1/1' && c[2] === 'Running' && c;
    });
    expect(['node1', 'node2']).toContain(cols[6]);
  });

  it('`kactor node add` creates a node the running simulator drives; `kactor node remove` deletes it', async () => {
    const add = await kactorNode(['add', 'edge1', '--kubeconfig', kubeconfig, '--label', 'tier=edge', '--taint', 'edge=true:NoSchedule']);
    expect(add).toBe('node/edge1 created\n');
    await until('edge1 Ready', async () => (await kubectl(['get', 'node', 'edge1', '--no-headers'])).stdout.split(/\s+/)[1] === 'Ready');
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: on-edge\nspec:\n  nodeSelector:\n    tier: edge\n  tolerations:\n  - key: edge\n    operator: Exists\n  containers:\n  - name: c\n    image: nginx\n';
    await kubectl(['apply', '-f', '-'], pod);
    await until('on-edge Running on edge1', async () => {
      const c = (await kubectl(['get', 'po', 'on-edge', '--no-headers', '-o', 'wide'])).stdout.trim().split(/\s+/);
      return c[2] === 'Running' && c[6] === 'edge1';
    });
    const rm = await kactorNode(['remove', 'edge1', '--kubeconfig', kubeconfig]);
    expect(rm).toBe('node/edge1 deleted\n');
    await until('pod of the removed node gone', async () => (await kubectl(['get', 'po', 'on-edge'])).code !== 0);
  });
});
