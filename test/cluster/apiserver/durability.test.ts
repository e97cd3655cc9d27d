// Durability with --data-dir: a `kactor cluster` child process is SIGKILLed in the middle of a write
// burst and restarted on the same data dir; every write the client saw acknowledged (2xx) must be back
// with the same resourceVersion, and the global resourceVersion must not go back.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startApiServer } from '../../../src/cluster/apiserver/index.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'kactor-durable-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Conn { url: string; ca: string; token: string; agent: Agent }

function startCluster(): Promise<{ child: ChildProcess; conn: Conn; stderr: () => string }> {
  const kubeconfig = join(dir, 'kubeconfig');
  const child = spawn(process.execPath, ['bin/kactor.js', 'cluster', '--port', '0', '--data-dir', join(dir, 'data'), '--kubeconfig', kubeconfig, '--cert-dir', join(dir, 'pki'), '--no-crds'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      if (!String(d).includes('export KUBECONFIG=')) return;
      const kc = parse(readFileSync(kubeconfig, 'utf8'));
      const ca = Buffer.from(kc.clusters[0].cluster['certificate-authority-data'], 'base64').toString();
      resolve({ child, conn: { url: kc.clusters[0].cluster.server, ca, token: kc.users[0].user.token, agent: new Agent({ ca, keepAlive: true, maxSockets: 64 }) }, stderr: () => err });
    });
    child.on('exit', (code) => reject(new Error(`cluster exited ${code}: ${err}`)));
  });
}

function call(c: Conn, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = request(`${c.url}${path}`, { method, agent: c.agent, headers: { Authorization: `Bearer ${c.token}`, ...(payload ? { 'Content-Type': 'application/json' } : {}) } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}

const CMS = '/api/v1/namespaces/default/configmaps';

/** Creates then updates configmaps from `workers` loops until stopped; records every acknowledged version. */
function burst(c: Conn, workers: number) {
  const acked = new Map<string, string>();
  /** Names with a write sent whose answer never came (it may or may not have been applied). */
  const unanswered = new Set<string>();
  let maxRv = 0;
  let stop = false;
  let sent = 0;
  const loop = async (w: number) => {
    for (let i = 0; !stop; i++) {
      const name = `cm-${w}-${i}`;
      try {
        sent++;
        const created = await call(c, 'POST', CMS, { metadata: { name }, data: { v: '0' } });
        if (created.status !== 201) continue;
        acked.set(name, created.json.metadata.resourceVersion);
        maxRv = Math.max(maxRv, Number(created.json.metadata.resourceVersion));
        if (i % 3 === 0 && !stop) {
          sent++;
          unanswered.add(name);
          const updated = await call(c, 'PUT', `${CMS}/${name}`, { ...created.json, data: { v: '1' } });
          unanswered.delete(name);
          if (updated.status === 200) {
            acked.set(name, updated.json.metadata.resourceVersion);
            maxRv = Math.max(maxRv, Number(updated.json.metadata.resourceVersion));
          }
        }
      } catch {
        return; // the server died under us: this write was never acknowledged
      }
    }
  };
  const done = Promise.all(Array.from({ length: workers }, (_, w) => loop(w)));
  return { acked, unanswered, get maxRv() { return maxRv; }, get sent() { return sent; }, stop: async () => { stop = true; await done; } };
}

describe('durability with a data dir', () => {
  it('after SIGKILL mid-burst and a restart, every acknowledged write is back with its resourceVersion', async () => {
    const first = await startCluster();
    const b = burst(first.conn, 16);
    await new Promise((r) => setTimeout(r, 1500));
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    await b.stop();
    first.conn.agent.destroy();
    expect(b.acked.size).toBeGreaterThan(50);

    const second = await startCluster();
    try {
      const list = await call(second.conn, 'GET', CMS);
      const stored = new Map<string, string>(list.json.items.map((o: any) => [o.metadata.name, o.metadata.resourceVersion]));
      // Same resourceVersion, or a newer one only when a later write of that object was cut off unanswered.
      const missing = [...b.acked].filter(([name, rv]) => stored.get(name) !== rv && !(b.unanswered.has(name) && Number(stored.get(name)) > Number(rv)));
      const newer = [...b.acked].filter(([name, rv]) => stored.get(name) !== rv).length - missing.length;
      console.log(`[durability] ${b.sent} writes sent, ${b.acked.size} objects acknowledged before SIGKILL, ${stored.size} recovered, ${missing.length} missing or at another resourceVersion (${newer} at a newer one from an unanswered update); ${second.stderr().trim().split('\n').pop()}`);
      expect(missing).toEqual([]);
      expect(Number(list.json.metadata.resourceVersion)).toBeGreaterThanOrEqual(b.maxRv);
      // A new write gets a resourceVersion above everything acknowledged before the crash.
      const after = await call(second.conn, 'POST', CMS, { metadata: { name: 'after-restart' } });
      expect(Number(after.json.metadata.resourceVersion)).toBeGreaterThan(b.maxRv);
    } finally {
      second.child.kill('SIGKILL');
      second.conn.agent.destroy();
    }
  });

  it('creates/s in memory, with the log and group commit, and with one fsync per write', async () => {
    const rate = async (label: string, options: Parameters<typeof startApiServer>[0]) => {
      const server = await startApiServer({ installKruiseCrds: false, ...options });
      const c: Conn = { url: server.url, ca: server.caPem, token: server.token, agent: new Agent({ ca: server.caPem, keepAlive: true, maxSockets: 64 }) };
      const b = burst(c, 32);
      await new Promise((r) => setTimeout(r, 1500));
      await b.stop();
      c.agent.destroy();
      await server.stop();
      const perSecond = Math.round(b.acked.size / 1.5);
      console.log(`[durability] ${label}: ${perSecond} creates/s (32 concurrent clients)`);
      return perSecond;
    };
    await rate('warm-up (in memory)', {});
    const memory = await rate('in memory', {});
    const grouped = await rate('WAL, group commit', { dataDir: join(dir, 'bench-grouped') });
    const single = await rate('WAL, one fsync per write', { dataDir: join(dir, 'bench-single'), wal: { groupCommit: false } });
    expect(memory).toBeGreaterThan(0);
    expect(grouped).toBeGreaterThan(single);
  });

  it('a watch resuming from a resourceVersion older than the restart gets 410 Gone', async () => {
    const data = join(dir, 'watch');
    const a = await startApiServer({ installKruiseCrds: false, dataDir: data });
    const conn: Conn = { url: a.url, ca: a.caPem, token: a.token, agent: new Agent({ ca: a.caPem }) };
    const first = await call(conn, 'POST', CMS, { metadata: { name: 'w1' } });
    await call(conn, 'POST', CMS, { metadata: { name: 'w2' } });
    conn.agent.destroy();
    await a.stop();
    const b = await startApiServer({ installKruiseCrds: false, dataDir: data });
    const conn2: Conn = { url: b.url, ca: b.caPem, token: b.token, agent: new Agent({ ca: b.caPem }) };
    try {
      const text = await new Promise<string>((resolve) => {
        request(`${b.url}${CMS}?watch=1&resourceVersion=${first.json.metadata.resourceVersion}`, { ca: b.caPem, headers: { Authorization: `Bearer ${b.token}` } }, (res) => {
          let t = '';
          res.on('data', (d) => (t += d));
          res.on('end', () => resolve(t));
        }).end();
      });
      expect(JSON.parse(text.trim().split('\n')[0]!).object.code).toBe(410);
      expect((await call(conn2, 'GET', `${CMS}/w2`)).status).toBe(200);
    } finally {
      conn2.agent.destroy();
      await b.stop();
    }
  });
});
