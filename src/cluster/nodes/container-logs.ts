// The simulated containers' logs, as a kubelet keeps and serves them (its /containerLogs endpoint):
// per pod and container the current instance and the one before it (`previous`), each bounded to the
// last `maxLines` lines. The kubelets append the lines their state machine writes; the embedded API
// server reads them through `openLog` (its PodLogSource) as a real kube-apiserver proxies pods/log to the
// node's kubelet. Which instance a request reads follows the kubelet (validateContainerLogStatus): the
// container ID its status names; the errors are the kubelet's texts (answered 400 by the API server).
import type { ContainerStatus, Pod } from 'kubernetes-types/core/v1.js';
import type { ContainerLogEntry } from './kubelet-machine.js';
import { logOutput, type LogLine, type LogReadOptions } from './log-output.js';

/** What the API server asks for: the pod as stored, a container of it, and the PodLogOptions it validated. */
export interface ContainerLogRequest extends LogReadOptions {
  pod: { metadata?: Pod['metadata']; spec?: Pod['spec']; status?: Pod['status'] };
  container: string;
  previous: boolean;
}

export interface ContainerLogSink {
  write(text: string): void;
  end(): void;
}

export type ContainerLogAnswer = { error: string } | { close(): void };

export interface ContainerLogStoreOptions {
  /** Lines kept per container instance (older ones are dropped). @default 1000 */
  maxLines?: number;
}

interface Instance {
  id: string;
  lines: LogLine[];
  ended: boolean;
  followers?: Set<Follower>;
}

interface Follower {
  push(line: LogLine): void;
  end(): void;
}

/** A container's current instance and the one before it. */
interface ContainerLog {
  name: string;
  current: Instance;
  previous?: Instance;
}

export class ContainerLogStore {
  readonly #maxLines: number;
  /** Pod uid → its containers' logs (an array: a pod has few containers, and a Map per pod costs more). */
  readonly #pods = new Map<string, ContainerLog[]>();
  readonly #nodes = new Set<string>();

  constructor(options: ContainerLogStoreOptions = {}) {
    const max = options.maxLines ?? 1000;
    if (!Number.isInteger(max) || max < 0) throw new RangeError(`options.maxLines must be an integer >= 0 (got ${String(max)})`);
    this.#maxLines = max;
  }

  /** A kubelet drives (or stops driving) this node: its pods' logs are served from here. */
  setNodeDriven(node: string, driven: boolean): void {
    if (driven) this.#nodes.add(node);
    else this.#nodes.delete(node);
  }

  /** Appends a line a pod's container wrote; `start` opens a new instance (the older ones beyond one are dropped). */
  append(podUid: string, entry: ContainerLogEntry): void {
    const pod = this.#pods.get(podUid);
    let log = pod?.find((c) => c.name === entry.container);
    if (!log) {
      log = { name: entry.container, current: newInstance(entry.id), previous: undefined };
      // Exactly sized arrays: 100,000 pods × a push-grown array's spare slots would cost ~10 MB.
      this.#pods.set(podUid, pod ? [...pod, log] : [log]);
    } else if (entry.start) {
      if (!log.current.ended) endInstance(log.current);
      log.previous = log.current;
      log.current = newInstance(entry.id);
    }
    const current = log.current;
    if (current.ended) return;
    const line: LogLine = { at: entry.at, text: entry.text };
    if (this.#maxLines > 0) {
      current.lines.push(line);
      if (current.lines.length > this.#maxLines) current.lines.shift();
    }
    if (current.followers) for (const f of current.followers) f.push(line);
    if (entry.end) endInstance(current);
  }

  /** The pod is gone: its followers end and its logs are freed. */
  dropPod(podUid: string): void {
    const pod = this.#pods.get(podUid);
    if (!pod) return;
    this.#pods.delete(podUid);
    for (const log of pod) {
      endInstance(log.current);
      if (log.previous) endInstance(log.previous);
    }
  }

  /** Serves a container's log: an error text as the kubelet answers, or a stream into `sink` until the log ends. */
  openLog(req: ContainerLogRequest, sink: ContainerLogSink): ContainerLogAnswer {
    const nodeName = req.pod.spec?.nodeName ?? '';
    if (!this.#nodes.has(nodeName)) return { error: `simulated pod: no container runtime on node "${nodeName}" in this process, logs are not available` };
    const podName = req.pod.metadata?.name ?? '';
    const target = containerToRead(req.pod.status?.containerStatuses ?? [], podName, req.container, req.previous);
    if ('error' in target) return target;
    const log = this.#pods.get(req.pod.metadata?.uid ?? '')?.find((c) => c.name === req.container);
    const instance = [log?.current, log?.previous].find((i) => i !== undefined && i.id === target.id);
    const out = logOutput(req, sink);
    for (const line of out.initial(instance?.lines ?? [])) if (!out.push(line)) return { close() {} };
    if (!req.follow || !instance || instance.ended) {
      out.end();
      return { close() {} };
    }
    const follower: Follower = {
      push: (line) => {
        if (!out.push(line)) detach();
      },
      end: () => out.end(),
    };
    const detach = (): void => {
      instance.followers?.delete(follower);
      out.end();
    };
    (instance.followers ??= new Set()).add(follower);
    return { close: () => instance.followers?.delete(follower) };
  }
}

function newInstance(id: string | undefined): Instance {
  return { id: id ?? '', lines: [], ended: false, followers: undefined };
}

function endInstance(instance: Instance): void {
  instance.ended = true;
  const followers = instance.followers;
  instance.followers = undefined;
  if (followers) for (const f of followers) f.end();
}

/**
 * Which container instance a log request reads, from the pod's container statuses (the kubelet's
 * validateContainerLogStatus): its ID, or the kubelet's error text.
 */
export function containerToRead(statuses: ContainerStatus[], pod: string, container: string, previous: boolean): { id: string } | { error: string } {
  const cs = statuses.find((s) => s.name === container);
  const waitingToStart = (why: string) => ({ error: `container "${container}" in pod "${pod}" is waiting to start: ${why}` });
  // The kubelet's own status has every container from admission on (waiting, ContainerCreating).
  if (!cs) return waitingToStart('ContainerCreating');
  const last = cs.lastState?.terminated;
  const { waiting, running, terminated } = cs.state ?? {};
  if (previous) {
    if (!last?.containerID) return { error: `previous terminated container "${container}" in pod "${pod}" not found` };
    return { id: last.containerID };
  }
  if (running) return { id: cs.containerID ?? '' };
  if (terminated) {
    if (terminated.containerID) return { id: terminated.containerID };
    if (last?.containerID) return { id: last.containerID };
    return { error: `container "${container}" in pod "${pod}" is terminated` };
  }
  if (last) {
    if (!last.containerID) return { error: `container "${container}" in pod "${pod}" is terminated` };
    return { id: last.containerID };
  }
  if (waiting) {
    if (waiting.reason === 'ErrImagePull') return waitingToStart("image can't be pulled");
    if (waiting.reason === 'ImagePullBackOff') return waitingToStart('trying and failing to pull image');
    return waitingToStart(waiting.reason ?? '');
  }
  return { error: `container "${container}" in pod "${pod}" is waiting to start - no logs yet` };
}
