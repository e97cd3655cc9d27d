import { request } from 'node:https';
import { describe, expect, it } from 'vitest';
import { FaultInjector, type ApiServerHandle } from '../../../src/cluster/apiserver/index.js';
import { apiClient, type ApiClient } from './http-client.js';
import { serverPerFile } from './server-per-file.js';

let server: ApiServerHandle;
let api: ApiClient;

serverPerFile((s, a) => {
  server = s;
  api = a;
});

const CMS = '/api/v1/namespaces/default/configmaps';
const cm = (name: string) => ({ metadata: { name }, data: { a: '1' } });
let n = 0;
const fresh = () => `cm-${++n}`;

/** Raw GET that keeps every byte and reports how the connection ended. */
function rawGet(path: string): Promise<{ status: number; text: string; aborted: boolean }> {
  return new Promise((resolve) => {
    const req = request(`${server.url}${path}`, { ca: server.caPem, headers: { Authorization: `Bearer ${server.token}` } }, (res) => {
      let text = '';
      let aborted = false;
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('aborted', () => (aborted = true));
      res.on('error', () => (aborted = true));
      res.on('close', () => resolve({ status: res.statusCode ?? 0, text, aborted: aborted || !res.complete }));
    });
    req.on('error', () => resolve({ status: 0, text: '', aborted: true }));
    req.end();
  });
}

describe('fault injection', () => {
  it('a conflict fault answers 409 and the write is not applied', async () => {
    server.faults.set({ conflictRate: 1 });
    const name = fresh();
    const res = await api.post(CMS, cm(name));
    server.faults.set(undefined);
    expect(res.status).toBe(409);
    expect(res.json.reason).toBe('Conflict');
    expect((await api.get(`${CMS}/${name}`)).status).toBe(404);
  });

  it('a 429 carries Retry-After and the write is not applied', async () => {
    server.faults.set({ tooManyRequestsRate: 1, retryAfterSeconds: 3 });
    const name = fresh();
    const res = await api.post(CMS, cm(name));
    server.faults.set(undefined);
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('3');
    expect(res.json.details.retryAfterSeconds).toBe(3);
    expect((await api.get(`${CMS}/${name}`)).status).toBe(404);
  });

  it('a server error answers 500 and the write is not applied; reads are never failed', async () => {
    server.faults.set({ serverErrorRate: 1 });
    const name = fresh();
    const res = await api.post(CMS, cm(name));
    const read = await api.get(CMS);
    server.faults.set(undefined);
    expect(res.status).toBe(500);
    expect(read.status).toBe(200);
    expect((await api.get(`${CMS}/${name}`)).status).toBe(404);
  });

  it('a lost response destroys the connection but the write is stored', async () => {
    const before = server.faults.counts().lostResponse;
    server.faults.set({ lostResponseRate: 1 });
    const name = fresh();
    const err = await api.post(CMS, cm(name)).then(() => undefined, (e: Error) => e);
    server.faults.set(undefined);
    expect(err?.message).toMatch(/socket hang up|ECONNRESET/);
    expect((await api.get(`${CMS}/${name}`)).status).toBe(200);
    expect(server.faults.counts().lostResponse).toBe(before + 1);
  });

  it('a lost-response fault on a write that fails still sends the error (nothing was applied)', async () => {
    const before = server.faults.counts().lostResponse;
    server.faults.set({ lostResponseRate: 1 });
    const res = await api.post(CMS, { metadata: {} });
    server.faults.set(undefined);
    expect(res.status).toBe(422);
    expect(server.faults.counts().lostResponse).toBe(before);
  });

  it('added latency delays requests by a drawn amount within the bounds', async () => {
    server.faults.set({ latency: { minMs: 80, maxMs: 120 } });
    const t0 = Date.now();
    const res = await api.get(CMS);
    const took = Date.now() - t0;
    server.faults.set(undefined);
    expect(res.status).toBe(200);
    expect(took).toBeGreaterThanOrEqual(75);
  });

  it('a watch resuming from a resourceVersion gets 410 Gone as an ERROR event', async () => {
    const rv = (await api.get(CMS)).json.metadata.resourceVersion;
    server.faults.set({ watchGoneRate: 1 });
    const res = await rawGet(`${CMS}?watch=1&resourceVersion=${rv}`);
    const fromNow = await rawGet(`${CMS}?watch=1&timeoutSeconds=1`);
    server.faults.set(undefined);
    const ev = JSON.parse(res.text.trim());
    expect(ev.type).toBe('ERROR');
    expect(ev.object.code).toBe(410);
    expect(fromNow.text).not.toContain('"ERROR"');
  });

  it('a cut watch sends a partial JSON line and then the connection closes abruptly', async () => {
    const rv = (await api.get(CMS)).json.metadata.resourceVersion;
    server.faults.set({ watchCutRate: 1 });
    const watching = rawGet(`${CMS}?watch=1&resourceVersion=${rv}`);
    await new Promise((r) => setTimeout(r, 50));
    await api.post(CMS, cm(fresh()));
    const res = await watching;
    server.faults.set(undefined);
    expect(res.aborted).toBe(true);
    expect(res.text.length).toBeGreaterThan(0);
    expect(res.text).not.toContain('\n');
    expect(() => JSON.parse(res.text)).toThrow();
    expect(server.faults.counts().watchCut).toBeGreaterThanOrEqual(1);
  });

  it('only requests matching `match` are eligible (e.g. one user agent)', async () => {
    server.faults.set({ serverErrorRate: 1, match: (r) => r.userAgent === 'chaos-target' });
    const other = await api.post(CMS, cm(fresh()));
    const target = await api.call('POST', CMS, cm(fresh()), { 'User-Agent': 'chaos-target' });
    server.faults.set(undefined);
    expect(other.status).toBe(201);
    expect(target.status).toBe(500);
  });

  it('decisions are deterministic for a seed and every injected fault is counted by class', () => {
    const draw = (seed: number) => {
      const f = new FaultInjector({ seed, conflictRate: 0.2, tooManyRequestsRate: 0.2, serverErrorRate: 0.2, lostResponseRate: 0.2 });
      const kinds = Array.from({ length: 200 }, () => f.writeFaultFor({ method: 'POST', path: '/x', userAgent: '' })?.kind ?? '-');
      return { kinds, counts: f.counts() };
    };
    const a = draw(42);
    expect(draw(42).kinds).toEqual(a.kinds);
    expect(draw(43).kinds).not.toEqual(a.kinds);
    expect(a.counts.conflict).toBe(a.kinds.filter((k) => k === 'conflict').length);
    expect(a.counts.tooManyRequests).toBe(a.kinds.filter((k) => k === 'tooManyRequests').length);
    expect(a.counts.serverError).toBe(a.kinds.filter((k) => k === 'serverError').length);
    expect(a.counts.conflict).toBeGreaterThan(20);
  });

  it('invalid fault options are refused with a message naming the option', () => {
    expect(() => new FaultInjector({ conflictRate: 2 })).toThrow('faults.conflictRate must be a number from 0 to 1 (got 2)');
    expect(() => new FaultInjector({ seed: 1.5 })).toThrow('faults.seed must be an integer (got 1.5)');
    expect(() => new FaultInjector({ latency: { minMs: 10, maxMs: 5 } })).toThrow('faults.latency must have 0 <= minMs <= maxMs (got 10, 5)');
  });
});
