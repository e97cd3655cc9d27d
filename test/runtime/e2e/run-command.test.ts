// `kactor run` as a process: flags, probes and metrics on their addresses, reconciling, and a
// SIGTERM that drains and exits 0 within 10 s.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKubeConfig } from '../../../src/runtime/client/kubeconfig.js';
import { RestClient } from '../../../src/runtime/client/rest-client.js';
import { startTestCluster, type TestCluster } from '../../support/cluster.js';
import { CONFIGMAPS, ECHO_CRD, ECHOES, OWNER_LABEL, echo } from '../support/echo-workload.js';
import { waitFor } from '../support/wait.js';

const CRDS = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', plural: 'customresourcedefinitions', namespaced: false };

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

let cluster: TestCluster;
let client: RestClient;
beforeAll(async () => {
  cluster = await startTestCluster({ installKruiseCrds: false });
  client = await RestClient.fromKubeConfig(loadKubeConfig(cluster.kubeconfigPath));
  await client.create(CRDS, ECHO_CRD);
});
afterAll(async () => {
  client?.close();
  await cluster?.stop();
});

describe('kactor run', () => {
  it('serves probes and metrics, reconciles, and exits 0 within 10 s of SIGTERM', async () => {
    const [mPort, pPort] = [await freePort(), await freePort()];
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'test/runtime/support/run-echo.ts', 'run', '--kubeconfig', cluster.kubeconfigPath,
        '--metrics-bind-address', `127.0.0.1:${mPort}`, '--health-probe-bind-address', `127.0.0.1:${pPort}`, '--qps', '100', '--log-level', 'warn'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
    try {
      await waitFor(async () => (await fetch(`http://127.0.0.1:${pPort}/readyz`).catch(() => undefined))?.status === 200, 15_000, `readyz (${stderr})`);
      expect((await fetch(`http://127.0.0.1:${pPort}/healthz`)).status).toBe(200);
      await client.create(ECHOES, echo('cli', { replicas: 4 }));
      await waitFor(async () => (await client.list(CONFIGMAPS, { namespace: 'default', labelSelector: `${OWNER_LABEL}=cli` })).items.length === 4, 10_000, 'children');
      await waitFor(async () => (await (await fetch(`http://127.0.0.1:${mPort}/metrics`)).text()).includes('controller_runtime_reconcile_total{controller="echo-controller"'), 5000, 'reconcile metric');
      const t0 = Date.now();
      child.kill('SIGTERM');
      const code = await exited;
      expect(code).toBe(0);
      expect(Date.now() - t0).toBeLessThan(10_000);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('rejects a bad flag value with a precise message', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/runtime/support/run-echo.ts', 'run', '--kubeconfig', cluster.kubeconfigPath, '--workers', '-1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(1);
    expect(stderr).toContain('--workers must be an integer >= 0 (got "-1")');
  });
});
