// Test helper: an embedded API server on a free loopback port, a kubeconfig in a temp dir, and a
// `kubectl` runner using the machine's kubectl with that kubeconfig and a per-cluster discovery cache.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServerHandle, type ApiServerOptions } from '../../src/cluster/apiserver/index.js';

export interface KubectlResult {
  stdout: string;
  stderr: string;
  code: number;
}

export interface TestCluster {
  server: ApiServerHandle;
  kubeconfigPath: string;
  dir: string;
  kubectl(args: string[], input?: string): Promise<KubectlResult>;
  stop(): Promise<void>;
}

export async function startTestCluster(opts: Omit<ApiServerOptions, 'kubeconfigPath'> = {}): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'kactor-test-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  const server = await startApiServer({ ...opts, kubeconfigPath });
  const kubectl = (args: string[], input?: string): Promise<KubectlResult> =>
    new Promise((resolve) => {
      const child = execFile(
        'kubectl',
        ['--kubeconfig', kubeconfigPath, '--cache-dir', join(dir, 'cache'), ...args],
        { env: { ...process.env, KUBECONFIG: kubeconfigPath, HOME: dir }, timeout: 30_000, maxBuffer: 16 * 1024 * 1024 },
        (err, stdout, stderr) => {
          const code = err ? (typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === 'number' ? ((err as unknown as { code: number }).code) : 1) : 0;
          resolve({ stdout, stderr, code });
        },
      );
      if (input !== undefined) child.stdin?.end(input);
      else child.stdin?.end();
    });
  return {
    server,
    kubeconfigPath,
    dir,
    kubectl,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
