// A tiny in-test HTTP server speaking just enough of the Kubernetes API for informer and client
// tests: list/watch/get/create/put/patch(merge)/delete of any resource in memory, with fault hooks
// (drop open watches, answer the next requests with a status code, send 410 on a watch). The real
// embedded API server (test/support/cluster.ts) is used by the end-to-end tests.
import http from 'node:http';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';

type Obj = { apiVersion?: string; kind?: string; metadata: Record<string, any>; [k: string]: unknown };

export interface FakeApiServer {
  url: string;
  kubeconfigPath: string;
  /** collection path (e.g. /api/v1/namespaces/default/configmaps) → objects */
  objects: Map<string, Obj>;
  rv(): number;
  put(obj: Obj, plural: string): Obj;
  remove(key: string): void;
  /** Destroys every open watch socket. */
  dropWatches(): void;
  /** The next N requests matching `method` answer `code` (e.g. 500, 429). */
  failNext(method: string, code: number, n?: number, headers?: Record<string, string>): void;
  /** Open watch requests right now. */
  openWatches(): number;
  requests: Array<{ method: string; url: string; body?: string }>;
  /** Stop forwarding events to open watches (a silent watch). */
  silence(on: boolean): void;
  /** Holds back watch events of one collection (e.g. /api/v1/configmaps) until release(): a lagging cache. */
  hold(collection: string): void;
  release(collection: string): void;
  /** Sends an ERROR 410 event on every open watch. */
  expireWatches(): void;
  stop(): Promise<void>;
}

function parsePath(path: string): { collection: string; name?: string; sub?: string; ns?: string; plural: string } {
  // /api/v1[/namespaces/ns]/plural[/name[/sub]]  or /apis/g/v[/namespaces/ns]/plural[/name[/sub]]
  const parts = path.split('/').filter(Boolean);
  const base = parts[0] === 'api' ? 2 : 3;
  let i = base;
  let ns: string | undefined;
  if (parts[i] === 'namespaces' && parts.length > i + 2) {
    ns = parts[i + 1];
    i += 2;
  }
  const plural = parts[i]!;
  const name = parts[i + 1];
  const sub = parts[i + 2];
  const prefix = '/' + parts.slice(0, base).join('/');
  return { collection: `${prefix}/${plural}`, name, sub, ns, plural };
}

export async function startFakeApiServer(): Promise<FakeApiServer> {
  let rv = 100;
  const store = new Map<string, Obj>(); // key: collection|ns/name
  const watches = new Set<{ res: http.ServerResponse; collection: string; ns?: string }>();
  const faults: Array<{ method: string; code: number; n: number; headers?: Record<string, string> }> = [];
  const requests: FakeApiServer['requests'] = [];
  let silent = false;
  const held = new Map<string, Array<[string, Obj]>>();
  let uidSeq = 0;

  const keyOf = (collection: string, ns: string | undefined, name: string) => `${collection}|${ns ?? ''}/${name}`;
  const broadcast = (type: string, collection: string, obj: Obj) => {
    if (silent) return;
    const h = held.get(collection);
    if (h) {
      h.push([type, structuredClone(obj)]);
      return;
    }
    for (const w of watches) {
      if (w.collection !== collection) continue;
      if (w.ns && w.ns !== obj.metadata.namespace) continue;
      w.res.write(JSON.stringify({ type, object: obj }) + '\n');
    }
  };
  const status = (res: http.ServerResponse, code: number, reason: string, message: string, headers: Record<string, string> = {}) => {
    res.writeHead(code, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message }));
  };

  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://x');
      requests.push({ method: req.method!, url: req.url!, body: body || undefined });
      const isWatch = url.searchParams.get('watch') === '1' || url.searchParams.get('watch') === 'true';
      const method = isWatch ? 'WATCH' : req.method === 'GET' && !parsePath(url.pathname).name ? 'LIST' : req.method!;
      const fault = faults.find((f) => f.method === method || f.method === '*');
      if (fault) {
        if (--fault.n <= 0) faults.splice(faults.indexOf(fault), 1);
        return status(res, fault.code, fault.code === 410 ? 'Expired' : 'InternalError', `injected ${fault.code}`, fault.headers);
      }
      const p = parsePath(url.pathname);
      if (isWatch) {
        res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
        res.flushHeaders();
        const since = Number(url.searchParams.get('resourceVersion') ?? '0');
        for (const [k, o] of store) {
          if (k.startsWith(p.collection + '|') && Number(o.metadata.resourceVersion) > since && (!p.ns || o.metadata.namespace === p.ns)) {
            res.write(JSON.stringify({ type: 'ADDED', object: o }) + '\n');
          }
        }
        const w = { res, collection: p.collection, ns: p.ns };
        watches.add(w);
        res.on('close', () => watches.delete(w));
        return;
      }
      const send = (code: number, obj: unknown) => {
        res.writeHead(code, { 'content-type': 'application/json' });
        res.end(JSON.stringify(obj));
      };
      if (req.method === 'GET' && !p.name) {
        const items = [...store].filter(([k, o]) => k.startsWith(p.collection + '|') && (!p.ns || o.metadata.namespace === p.ns)).map(([, o]) => o);
        return send(200, { kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: String(rv) }, items });
      }
      const key = keyOf(p.collection, p.ns, p.name ?? '');
      const existing = store.get(key);
      if (req.method === 'GET') return existing ? send(200, existing) : status(res, 404, 'NotFound', `${p.name} not found`);
      if (req.method === 'POST') {
        const obj = JSON.parse(body) as Obj;
        obj.metadata.namespace ??= p.ns;
        if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = obj.metadata.generateName + (++uidSeq).toString(36);
        const k = keyOf(p.collection, p.ns, obj.metadata.name);
        if (store.has(k)) return status(res, 409, 'AlreadyExists', `${obj.metadata.name} already exists`);
        obj.metadata.uid = `uid-${++uidSeq}`;
        obj.metadata.resourceVersion = String(++rv);
        obj.metadata.creationTimestamp = new Date().toISOString();
        store.set(k, obj);
        broadcast('ADDED', p.collection, obj);
        return send(201, obj);
      }
      if (!existing) return status(res, 404, 'NotFound', `${p.name} not found`);
      if (req.method === 'PUT') {
        const obj = JSON.parse(body) as Obj;
        if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== existing.metadata.resourceVersion) {
          return status(res, 409, 'Conflict', 'the object has been modified; please apply your changes to the latest version and try again');
        }
        const next = p.sub === 'status' ? { ...existing, status: obj.status } : { ...obj, status: existing.status };
        next.metadata = { ...existing.metadata, ...(p.sub === 'status' ? {} : obj.metadata), resourceVersion: String(++rv), uid: existing.metadata.uid };
        store.set(key, next);
        broadcast('MODIFIED', p.collection, next);
        return send(200, next);
      }
      if (req.method === 'PATCH') {
        const patch = JSON.parse(body);
        const next = mergePatch(structuredClone(existing), patch) as Obj;
        next.metadata.resourceVersion = String(++rv);
        store.set(key, next);
        broadcast('MODIFIED', p.collection, next);
        return send(200, next);
      }
      if (req.method === 'DELETE') {
        const opts = body ? JSON.parse(body) : {};
        if (opts.preconditions?.uid && opts.preconditions.uid !== existing.metadata.uid) {
          return status(res, 409, 'Conflict', 'Precondition failed: UID in precondition does not match');
        }
        store.delete(key);
        const gone = { ...existing, metadata: { ...existing.metadata, resourceVersion: String(++rv) } };
        broadcast('DELETED', p.collection, gone);
        return send(200, gone);
      }
      status(res, 405, 'MethodNotAllowed', 'no');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(join(tmpdir(), 'kactor-fake-'));
  const kubeconfigPath = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfigPath,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n  cluster:\n    server: ${url}\n    insecure-skip-tls-verify: true\nusers:\n- name: u\n  user:\n    token: t\ncontexts:\n- name: c\n  context: {cluster: fake, user: u}\ncurrent-context: c\n`,
  );
  return {
    url,
    kubeconfigPath,
    objects: store,
    requests,
    rv: () => rv,
    put(obj, plural) {
      const coll = obj.apiVersion?.includes('/') ? `/apis/${obj.apiVersion}/${plural}` : `/api/${obj.apiVersion ?? 'v1'}/${plural}`;
      const key = keyOf(coll, obj.metadata.namespace, obj.metadata.name);
      const old = store.get(key);
      obj.metadata.uid ??= old?.metadata.uid ?? `uid-${++uidSeq}`;
      obj.metadata.resourceVersion = String(++rv);
      store.set(key, obj);
      broadcast(old ? 'MODIFIED' : 'ADDED', coll, obj);
      return obj;
    },
    remove(key) {
      const obj = store.get(key);
      if (!obj) return;
      store.delete(key);
      broadcast('DELETED', key.split('|')[0]!, { ...obj, metadata: { ...obj.metadata, resourceVersion: String(++rv) } });
    },
    dropWatches() {
      for (const w of watches) w.res.socket?.destroy();
      watches.clear();
    },
    failNext(method, code, n = 1, headers) {
      faults.push({ method, code, n, headers });
    },
    openWatches: () => watches.size,
    silence(on) {
      silent = on;
    },
    hold(collection) {
      held.set(collection, []);
    },
    release(collection) {
      const h = held.get(collection) ?? [];
      held.delete(collection);
      for (const [type, obj] of h) broadcast(type, collection, obj);
    },
    expireWatches() {
      for (const w of watches) {
        w.res.write(JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' } }) + '\n');
        w.res.end();
      }
    },
    async stop() {
      for (const w of watches) w.res.socket?.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function mergePatch(target: any, patch: any): any {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const out = target && typeof target === 'object' && !Array.isArray(target) ? target : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}
