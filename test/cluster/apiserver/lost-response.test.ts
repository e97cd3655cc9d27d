// Regression (issue 20, the chaos suite's in-place "stall"): a lost-response fault on a request that
// arrived on a keep-alive connection before the previous answer on it had finished. Node gives such a
// response its socket only once the earlier answer is done, so `res.socket` is null when the handler
// answers; the injector destroyed `res.socket?.` — nothing — and the request was never answered nor
// closed. The controller's write hung until its 30 s client timeout, its turn with it: pods patched in
// place went unrefreshed (InPlaceUpdateReady False, status stale) with no failing turn logged.
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultInjector, startApiServer, type ApiServerHandle } from '../../../src/cluster/apiserver/index.js';
import { runWithFaults } from '../../../src/cluster/apiserver/faults/http.js';
import { sendJson } from '../../../src/cluster/apiserver/http/respond.js';
import { apiClient, type ApiClient } from './http-client.js';

describe('a lost response on a response that has no socket yet', () => {
  it('destroys the connection once Node assigns it, and sends nothing', () => {
    const req = new IncomingMessage(new Socket());
    req.method = 'PATCH';
    const res = new ServerResponse(req); // queued behind an unfinished answer: no socket yet
    expect(res.socket).toBeNull();
    const faults = new FaultInjector({ lostResponseRate: 1 });
    let applied = false;
    runWithFaults(faults, { method: 'PATCH', path: '/api/v1/namespaces/default/pods/web-1', userAgent: 'kactor' }, res, () => {
      applied = true;
      sendJson(res, 200, { kind: 'Pod' });
    }, () => {
      throw new Error('no error answer expected');
    });
    expect(applied).toBe(true);
    expect(faults.counts().lostResponse).toBe(1);

    // The earlier answer on the connection finished: Node hands this response its socket.
    const socket = new Socket();
    const written: unknown[] = [];
    socket.write = ((chunk: unknown) => (written.push(chunk), true)) as typeof socket.write;
    res.assignSocket(socket);
    expect(socket.destroyed).toBe(true);
    expect(written).toEqual([]);
  });
});

describe('a lost response pipelined behind a watch on one connection', () => {
  let server: ApiServerHandle;
  let api: ApiClient;
  beforeAll(async () => {
    server = await startApiServer({ installKruiseCrds: false });
    api = apiClient(server);
  });
  afterAll(async () => {
    api.close();
    await server.stop();
  });

  it('the write is stored and the connection closes after the watch answer, with no answer for the write', async () => {
    const CMS = '/api/v1/namespaces/default/configmaps';
    expect((await api.post(CMS, { metadata: { name: 'piped' }, data: { a: '1' } })).status).toBe(201);
    // Scripted faults: exactly the PATCH of this ConfigMap loses its answer; nothing else is faulted.
    server.faults.set({ lostResponseRate: 1, match: (r) => r.method === 'PATCH' && r.path === `${CMS}/piped` });
    const auth = `Authorization: Bearer ${server.token}\r\nHost: 127.0.0.1\r\n`;
    const patch = JSON.stringify({ data: { a: '2' } });
    // The watch's answer stays open until its timeout: the PATCH behind it is handled (and its answer
    // held) while it has no socket.
    const pipelined =
      `GET ${CMS}?watch=1&timeoutSeconds=1&fieldSelector=metadata.name%3Dnone HTTP/1.1\r\n${auth}\r\n` +
      `PATCH ${CMS}/piped HTTP/1.1\r\n${auth}Content-Type: application/merge-patch+json\r\nContent-Length: ${Buffer.byteLength(patch)}\r\n\r\n${patch}`;
    const received = await new Promise<string>((resolve, reject) => {
      let text = '';
      const socket = connect({ host: '127.0.0.1', port: server.port, ca: server.caPem, servername: 'localhost' }, () => socket.write(pipelined));
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => (text += d));
      socket.on('error', () => {}); // the destroy may read as a reset
      socket.on('close', () => resolve(text));
      socket.on('timeout', () => reject(new Error('unexpected socket timeout')));
    });
    server.faults.set(undefined);
    expect(received.match(/^HTTP\/1\.1 /gm)).toEqual(['HTTP/1.1 ']); // the watch's answer only
    expect(received).toContain('\r\n0\r\n\r\n'); // ... and complete
    expect(server.faults.counts().lostResponse).toBe(1);
    expect((await api.get(`${CMS}/piped`)).json.data).toEqual({ a: '2' });
  });
});
