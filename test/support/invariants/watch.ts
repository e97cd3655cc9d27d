// The monitor's feed: list+watch of a workload and its pods over HTTPS with the test cluster's kubeconfig —
// deliberately not the runtime's informer, so it shares no bug with the code under test.
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { KubeObject } from '../../../src/api/index.js';
import { InvariantMonitor, type EventType, type Invariant } from './monitor.js';
import { statefulSetInvariants, type MaxUnavailableOptions } from './statefulset.js';

export interface WatchTarget {
  kubeconfigPath: string;
  namespace?: string;
  /** The workload's collection path, e.g. /apis/apps.kruise.io/v1beta1/namespaces/default/statefulsets. */
  workloadPath: string;
  /** The workload's name (other objects of the collection are ignored). */
  name: string;
  /** Label selector of the pods to watch, e.g. app=nginx. */
  podSelector: string;
  kind?: string;
}

export interface WatchedMonitor extends InvariantMonitor {
  stop(): void;
  /** Resolves when the first list of both streams was applied. */
  ready: Promise<void>;
}

interface Conn {
  server: URL;
  ca: string;
  token: string;
}

function connOf(kubeconfigPath: string): Conn {
  const kc = parse(readFileSync(kubeconfigPath, 'utf8'));
  const cluster = kc.clusters[0].cluster;
  return { server: new URL(cluster.server), ca: Buffer.from(cluster['certificate-authority-data'], 'base64').toString(), token: kc.users[0].user.token };
}

/**
 * Starts a monitor fed by list+watch of the workload and its pods. A watch that ends is resumed from the
 * last resourceVersion; one that fails (410 Gone, connection error) is replaced by a relist whose
 * differences are fed as ADDED/MODIFIED/DELETED events, so the checks always see a consistent state.
 */
export function watchInvariants(target: WatchTarget, checks: Invariant[]): WatchedMonitor {
  const monitor = new InvariantMonitor(checks) as WatchedMonitor;
  const conn = connOf(target.kubeconfigPath);
  const ns = target.namespace ?? 'default';
  let stopped = false;
  const aborts = new Set<() => void>();
  const get = (url: string, onBody: (res: IncomingMessage) => void, onError: (e: Error) => void) => {
    const req = request(new URL(url, conn.server), { ca: conn.ca, headers: { authorization: `Bearer ${conn.token}` } }, onBody);
    const abort = () => req.destroy();
    req.on('error', onError);
    req.on('close', () => aborts.delete(abort));
    aborts.add(abort);
    req.end();
  };
  const stream = (path: string, kind: string, accept: (o: KubeObject) => boolean): Promise<void> =>
    new Promise((resolveListed, rejectListed) => {
      let listed = false;
      const sep = path.includes('?') ? '&' : '?';
      const known = new Map<string, KubeObject>();
      const apply = (type: EventType, o: KubeObject) => {
        const name = o.metadata?.name ?? '';
        if (type === 'DELETED') known.delete(name);
        else known.set(name, o);
        monitor.feed(type, kind, o);
      };
      const retry = () => (stopped ? undefined : setTimeout(list, 100));
      const list = () => {
        if (stopped) return;
        get(path, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => {
            if (res.statusCode !== 200) return listed ? retry() : rejectListed(new Error(`list ${path}: ${res.statusCode} ${body}`));
            const items = ((JSON.parse(body).items ?? []) as KubeObject[]).filter(accept);
            const names = new Set(items.map((i) => i.metadata?.name ?? ''));
            for (const [name, o] of known) if (!names.has(name)) apply('DELETED', o);
            for (const item of items) {
              const was = known.get(item.metadata?.name ?? '');
              if (was?.metadata?.resourceVersion !== item.metadata?.resourceVersion) apply(was ? 'MODIFIED' : 'ADDED', item);
            }
            if (!listed) resolveListed();
            listed = true;
            watch(JSON.parse(body).metadata?.resourceVersion);
          });
        }, () => (listed ? retry() : rejectListed(new Error(`list ${path} failed`))));
      };
      const watch = (rv: string) => {
        if (stopped) return;
        let failed = false;
        get(`${path}${sep}watch=1&resourceVersion=${rv}`, (res) => {
          let buf = '';
          res.on('data', (d) => {
            buf += d;
            let nl: number;
            while ((nl = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, nl).trim();
              buf = buf.slice(nl + 1);
              if (!line) continue;
              const ev = JSON.parse(line);
              if (ev.type === 'ERROR') {
                failed = true;
                continue;
              }
              rv = ev.object?.metadata?.resourceVersion ?? rv;
              if (ev.type === 'BOOKMARK' || !accept(ev.object)) continue;
              apply(ev.type, ev.object);
            }
          });
          res.on('end', () => (failed || res.statusCode !== 200 ? retry() : watch(rv)));
        }, retry);
      };
      list();
    });
  const sel = encodeURIComponent(target.podSelector);
  monitor.ready = Promise.all([
    stream(target.workloadPath, target.kind ?? 'Workload', (o) => o.metadata?.name === target.name),
    stream(`/api/v1/namespaces/${ns}/pods?labelSelector=${sel}`, 'Pod', () => true),
  ]).then(() => undefined);
  monitor.stop = () => {
    stopped = true;
    for (const a of aborts) a();
  };
  return monitor;
}

/** The monitor for a StatefulSet in `default` with all of issue 5's invariants. */
export function watchStatefulSet(kubeconfigPath: string, name: string, podSelector: string, opts: MaxUnavailableOptions = {}): WatchedMonitor {
  return watchInvariants(
    { kubeconfigPath, name, podSelector, kind: 'StatefulSet', workloadPath: '/apis/apps.kruise.io/v1beta1/namespaces/default/statefulsets' },
    statefulSetInvariants(opts),
  );
}
