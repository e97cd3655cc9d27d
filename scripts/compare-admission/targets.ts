// compare-admission: the two servers behind one interface — raw HTTP exactly as a corpus case gives it,
// and kubectl with a kubeconfig and a discovery cache of its own. `real` reads a kubeconfig (client
// certificate or bearer token, via @kubernetes/client-node); `embedded` starts kactor's API server
// in-process on a free loopback port with the workloads' admission hooks, as the corpus test does.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request, type RequestOptions } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { workloadAdmissionHooks } from '../../src/cli/admission.js';
import { rawClient, type RawRequest, type RawResponse } from '../../test/bad-input/http.js';
import { startTestCluster } from '../../test/support/cluster.js';
import { readResponse } from '../../test/support/read-response.js';

export interface KubectlRun {
  stdout: string;
  stderr: string;
  code: number;
}

export interface Target {
  readonly name: 'real' | 'embedded';
  /** The server's URL, replaced by `<server>` in answers. */
  readonly url: string;
  send(req: RawRequest): Promise<RawResponse>;
  /** kubectl against this server; `args` may carry `-n`. */
  kubectl(args: string[], stdin?: string): Promise<KubectlRun>;
  close(): Promise<void>;
}

function runKubectl(kubeconfig: string, dir: string, args: string[], stdin?: string): Promise<KubectlRun> {
  return new Promise((resolve) => {
    const child = execFile(
      'kubectl',
      ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args],
      { env: { ...process.env, KUBECONFIG: kubeconfig, HOME: dir }, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
        resolve({ stdout, stderr, code });
      },
    );
    child.stdin?.end(stdin ?? '');
  });
}

/**
 * A raw client for a real API server. Requests that name their own credentials (`token`, `authorization`,
 * or `token: null` for none) go without the kubeconfig's client certificate, so the case's credentials are
 * the only ones the server sees.
 */
export async function realTarget(kubeconfigPath: string): Promise<Target> {
  const kc = new KubeConfig();
  kc.loadFromFile(kubeconfigPath);
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error(`kubeconfig ${kubeconfigPath} has no current cluster`);
  const opts: RequestOptions & { headers?: Record<string, string> } = {};
  await kc.applyToHTTPSOptions(opts);
  const url = cluster.server.replace(/\/$/, '');
  const authed = new Agent({ ca: opts.ca, cert: opts.cert, key: opts.key, keepAlive: true });
  const anonymous = new Agent({ ca: opts.ca, keepAlive: true });
  const credHeaders = Object.fromEntries(Object.entries(opts.headers ?? {}).filter(([k]) => k.toLowerCase() === 'authorization'));
  const dir = mkdtempSync(join(tmpdir(), 'kactor-compare-real-'));
  const send = (r: RawRequest): Promise<RawResponse> =>
    new Promise((resolve, reject) => {
      const ownCredentials = r.token !== undefined || r.authorization !== undefined;
      const headers: Record<string, string> = ownCredentials ? {} : { ...credHeaders };
      const auth = r.authorization ?? (typeof r.token === 'string' ? `Bearer ${r.token}` : undefined);
      if (auth !== undefined) headers.Authorization = auth;
      if (r.contentType !== undefined) headers['Content-Type'] = r.contentType;
      const body = r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body, 'utf8');
      if (body && !r.chunked) headers['Content-Length'] = String(body.length);
      const req = request(`${url}${r.path}`, { method: r.method, agent: ownCredentials ? anonymous : authed, headers }, (res) => {
        readResponse(res).then(({ status, text, json }) => resolve({ status, text, json }), reject);
      });
      req.on('error', reject);
      if (body && r.chunked) {
        const step = 256 * 1024;
        for (let i = 0; i < body.length; i += step) req.write(body.subarray(i, i + step));
        req.end();
      } else req.end(body);
    });
  return {
    name: 'real',
    url,
    send,
    kubectl: (args, stdin) => runKubectl(kubeconfigPath, dir, args, stdin),
    async close() {
      authed.destroy();
      anonymous.destroy();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** kactor's embedded API server with the workloads' admission hooks (no controller, no nodes). */
export async function embeddedTarget(): Promise<Target> {
  const cluster = await startTestCluster({ port: 0, admission: workloadAdmissionHooks() });
  const client = rawClient(cluster.server);
  return {
    name: 'embedded',
    url: cluster.server.url,
    send: (r) => client.send(r),
    kubectl: (args, stdin) => runKubectl(cluster.kubeconfigPath, cluster.dir, args, stdin),
    async close() {
      client.close();
      await cluster.stop();
    },
  };
}
