// pods/log, as kube-apiserver 1.26 serves it: PodLogOptions parsed from the query (400 on a bad number or
// time) and validated (422 `PodLogOptions "p" is invalid: …`), the pod read (404), the container named or
// defaulted (400 `a container name must be specified for pod p, choose one of: [a b]`, `container x is not
// valid for pod p`), 204 for a pod without a node; then the node's kubelet answers — here the
// `PodLogSource` wired in-process (the simulated kubelets' log store), whose error texts are answered 400
// as the real server relays a kubelet's. The log streams as text/plain; `follow` until it ends or the
// client goes. Without a log source the answer is a clear 400 instead of the real server's dial error.
import type { ServerResponse } from 'node:http';
import type { KubeObject } from '../../../api/objects.js';
import { ApiError, badRequest, invalid, type StatusCause } from '../errors.js';
import type { ApiContext } from './context.js';
import type { ResourceRequest } from './read.js';

/** A container's log request, as the API server hands it to the node's kubelet. */
export interface PodLogRequest {
  /** The pod as stored (spec and status). */
  pod: KubeObject & { spec?: unknown; status?: unknown };
  container: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  /** Only lines at or after this time (epoch ms), from sinceSeconds or sinceTime. */
  sinceMs?: number;
  limitBytes?: number;
}

export interface PodLogSink {
  write(text: string): void;
  end(): void;
}

/** What answers pods/log in place of a node's kubelet (the simulated kubelets' log store in-process). */
export interface PodLogSource {
  /** Opens a container's log: the kubelet's error text, or a stream into `sink` until the log ends or close(). */
  openLog(request: PodLogRequest, sink: PodLogSink): { error: string } | { close(): void };
}

export const NO_LOG_SOURCE_MESSAGE = "simulated pod: no container runtime on this cluster's nodes, logs are not available";

export const connectMethodNotAllowed = (): ApiError =>
  new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource', {});

interface PodLogOptions {
  container: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: number;
  limitBytes?: number;
}

export function handlePodLog(ctx: ApiContext, r: ResourceRequest, method: string): void {
  if (method !== 'GET') throw connectMethodNotAllowed();
  const opts = parsePodLogOptions(r.query);
  const causes = validatePodLogOptions(opts);
  if (causes.length) throw invalid('PodLogOptions', '', r.name!, causes);
  const pod = ctx.service.get(r.def, r.namespace ?? '', r.name!).obj as PodLogRequest['pod'];
  const container = containerOf(pod, opts.container);
  const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
  if (!nodeName) {
    r.res.writeHead(204, { 'Cache-Control': 'no-cache, private' });
    r.res.end();
    return;
  }
  if (!ctx.podLogs) throw badRequest(NO_LOG_SOURCE_MESSAGE);
  const now = ctx.clock.now();
  const since = Math.max(opts.sinceSeconds !== undefined ? now - opts.sinceSeconds * 1000 : -Infinity, opts.sinceTime ?? -Infinity);
  const request: PodLogRequest = {
    pod, container, follow: opts.follow, previous: opts.previous, timestamps: opts.timestamps,
    tailLines: opts.tailLines, limitBytes: opts.limitBytes, sinceMs: Number.isFinite(since) ? since : undefined,
  };
  streamLog(ctx.podLogs, request, r.res);
}

function streamLog(source: PodLogSource, request: PodLogRequest, res: ServerResponse): void {
  let started = false;
  const start = (): void => {
    if (started) return;
    started = true;
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  };
  let finished = false;
  const answer = source.openLog(request, {
    write(text) {
      if (finished) return;
      start();
      res.write(text);
    },
    end() {
      if (finished) return;
      finished = true;
      start();
      res.end();
    },
  });
  if ('error' in answer) {
    if (started) return void res.destroy();
    finished = true;
    throw badRequest(answer.error);
  }
  // A follower waits: send the headers now (kubectl prints lines as they come).
  if (!finished) {
    start();
    res.flushHeaders();
  }
  res.on('close', () => {
    finished = true;
    answer.close();
  });
}

/** The container a request addresses: the named one (it must exist), or the pod's only container. */
export function containerOf(pod: PodLogRequest['pod'], requested: string): string {
  const spec = (pod.spec ?? {}) as { initContainers?: Array<{ name: string }>; containers?: Array<{ name: string }>; ephemeralContainers?: Array<{ name: string }> };
  const name = pod.metadata?.name ?? '';
  const all = [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])].map((c) => c.name);
  if (requested) {
    if (!all.includes(requested)) throw badRequest(`container ${requested} is not valid for pod ${name}`);
    return requested;
  }
  const containers = spec.containers ?? [];
  if (containers.length === 1) return containers[0]!.name;
  if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
  throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${all.join(' ')}]`);
}

/** Query → PodLogOptions, converted as the real server does (a bool is true unless "0"/"false"; the first value wins). */
function parsePodLogOptions(q: URLSearchParams): PodLogOptions {
  const bool = (k: string) => {
    const v = q.get(k);
    return v !== null && v !== '0' && v.toLowerCase() !== 'false';
  };
  const int = (k: string) => {
    const v = q.get(k);
    return v === null ? undefined : parseGoInt(v);
  };
  const sinceTime = q.get('sinceTime');
  return {
    container: q.get('container') ?? '',
    follow: bool('follow'),
    previous: bool('previous'),
    timestamps: bool('timestamps'),
    tailLines: int('tailLines'),
    sinceSeconds: int('sinceSeconds'),
    limitBytes: int('limitBytes'),
    sinceTime: sinceTime === null || sinceTime === '' ? undefined : parseRfc3339(sinceTime),
  };
}

/** strconv.ParseInt(v, 10, 64), with its error texts. */
function parseGoInt(v: string): number {
  if (!/^[+-]?\d+$/.test(v)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  const n = BigInt(v);
  if (n > 9223372036854775807n || n < -9223372036854775808n) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: value out of range`);
  return Number(n);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function parseRfc3339(v: string): number {
  const ms = RFC3339.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(ms)) {
    const why = /^\d{4}/.test(v) ? 'cannot parse' : `cannot parse ${JSON.stringify(v)} as "2006"`;
    throw badRequest(`parsing time ${JSON.stringify(v)} as "2006-01-02T15:04:05Z07:00": ${why}`);
  }
  return ms;
}

/** ValidatePodLogOptions (1.26): every problem is a cause. */
export function validatePodLogOptions(o: PodLogOptions): StatusCause[] {
  const causes: StatusCause[] = [];
  const bad = (field: string, value: number, rule: string) => causes.push({ reason: 'FieldValueInvalid', message: `Invalid value: ${value}: ${rule}`, field });
  if (o.tailLines !== undefined && o.tailLines < 0) bad('tailLines', o.tailLines, 'must be greater than or equal to 0');
  if (o.limitBytes !== undefined && o.limitBytes < 1) bad('limitBytes', o.limitBytes, 'must be greater than 0');
  if (o.sinceSeconds !== undefined && o.sinceTime !== undefined) {
    causes.push({ reason: 'FieldValueForbidden', message: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified', field: '[]' });
  } else if (o.sinceSeconds !== undefined && o.sinceSeconds < 1) {
    bad('sinceSeconds', o.sinceSeconds, 'must be greater than 0');
  }
  return causes;
}
