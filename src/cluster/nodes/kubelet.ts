// The simulated kubelets of every driven node, in one object: per-pod records in maps, one batched
// deadline queue for all timers, one status write in flight per pod. Level-triggered: each sync reads
// the newest copy of the pod (cache or own last write), advances the pod's state machine to now, records
// the due events and writes the status the kubelet owns when it differs. Deleted pods are stopped and
// removed (grace 0, uid precondition) after min(grace, stop time); pods of a deleted node are removed.
import type PQueue from 'p-queue';
import { KeyBatcher } from './key-batcher.js';
import type { Pod } from 'kubernetes-types/core/v1.js';
import type { Clock, KubeObject } from '../../api/index.js';
import type { RestClient } from '../../runtime/client/rest-client.js';
import type { InformerEvent } from '../../runtime/informer/informer.js';
import type { StoreReader } from '../../runtime/informer/store.js';
import type { ResourceType } from '../../runtime/workload-definition.js';
import { deadlineOf } from './active-deadline.js';
import { containerProgramOf } from './container-command.js';
import { ANNOTATION_RUN_SECONDS } from './container-exit.js';
import type { ContainerLogStore } from './container-logs.js';
import { DeadlineQueue } from './deadlines.js';
import { isConflict, isNotFound } from './errors.js';
import type { EventSink } from './event-sink.js';
import { IpPool } from './ip-pool.js';
import { admitPod, advance, beginKill, syncSpec, type ContainerRun, type KubeletEvent, type MachineContext, type PodRun } from './kubelet-machine.js';
import type { DrivenNode } from './node-agent.js';
import { computeOwnedStatus, statusPatch } from './pod-status.js';

export const PODS: ResourceType = { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true };

export interface KubeletDeps {
  client: RestClient;
  queue: PQueue;
  clock: Clock;
  pods: StoreReader<KubeObject>;
  machine: MachineContext;
  events: EventSink;
  driven: ReadonlyMap<string, DrivenNode>;
  /** Where the containers' log lines go (served to the API server as pods/log). */
  logs: ContainerLogStore;
  onError: (err: unknown, context: string) => void;
}

interface PodState {
  run: PodRun;
  ip?: string;
}

function rvNumber(obj: KubeObject | undefined): number {
  const n = Number(obj?.metadata?.resourceVersion);
  return Number.isFinite(n) ? n : -1;
}

function keyOf(pod: KubeObject): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

export class Kubelet {
  readonly #d: KubeletDeps;
  readonly #states = new Map<string, PodState>();
  readonly #pools = new Map<string, IpPool>();
  readonly #lastWritten = new Map<string, Pod>();
  readonly #inflight = new Set<string>();
  readonly #dirty = new Set<string>();
  readonly #deleting = new Set<string>();
  readonly #deadlines: DeadlineQueue;
  readonly stats = { syncs: 0, statusWrites: 0, conflicts: 0, deletes: 0 };

  readonly #queue = new KeyBatcher((key) => this.#sync(key), (err, key) => this.#d.onError(err, `kubelet sync of pod ${key}`));

  constructor(deps: KubeletDeps) {
    this.#d = deps;
    this.#deadlines = new DeadlineQueue(deps.clock, (keys) => {
      for (const k of keys) this.#queue.add(k);
    });
  }

  stop(): void {
    this.#deadlines.stop();
  }

  onPodEvent(ev: InformerEvent<KubeObject>): void {
    const pod = ev.object as unknown as Pod;
    const node = pod.spec?.nodeName;
    const key = keyOf(ev.object);
    if (ev.type === 'DELETED') {
      this.#forget(key);
      return;
    }
    const written = this.#lastWritten.get(key);
    if (written && rvNumber(ev.object) >= rvNumber(written as never)) this.#lastWritten.delete(key);
    if (node && this.#d.driven.has(node)) this.#queue.add(key);
  }

  /** A node started or stopped being driven: sync its pods; pods of a deleted node are removed. */
  onNodeDriven(name: string, driven: boolean, nodeDeleted: boolean): void {
    if (!driven) this.#pools.delete(name);
    this.#d.logs.setNodeDriven(name, driven);
    for (const p of this.#d.pods.byIndex('node-name', name)) {
      const key = keyOf(p);
      if (driven) this.#queue.add(key);
      else if (nodeDeleted) this.#deletePod(key, p as unknown as Pod);
      else this.#forget(key);
    }
  }

  /** The newest copy of a pod: the cache's, or the answer to our own last status write if newer. */
  #latest(key: string): Pod | undefined {
    const cached = this.#d.pods.get(key) as unknown as Pod | undefined;
    const written = this.#lastWritten.get(key);
    if (!written) return cached;
    if (!cached || cached.metadata?.uid !== written.metadata?.uid || rvNumber(cached as never) >= rvNumber(written as never)) {
      this.#lastWritten.delete(key);
      return cached;
    }
    return written;
  }

  #pool(node: DrivenNode): IpPool {
    let pool = this.#pools.get(node.name);
    if (!pool) this.#pools.set(node.name, (pool = new IpPool(node.podCidr)));
    return pool;
  }

  #forget(key: string): void {
    const st = this.#states.get(key);
    if (st?.ip) this.#pools.get(st.run.nodeName)?.release(st.ip);
    if (st) this.#d.logs.dropPod(st.run.uid);
    this.#states.delete(key);
    this.#lastWritten.delete(key);
    this.#deadlines.cancel(key);
    this.#deleting.delete(key);
  }

  #sync(key: string): void {
    const pod = this.#latest(key);
    const nodeName = pod?.spec?.nodeName;
    const node = nodeName ? this.#d.driven.get(nodeName) : undefined;
    if (!pod || !node) return;
    this.stats.syncs++;
    const now = this.#d.clock.now();
    let st = this.#states.get(key);
    if (st && st.run.uid !== pod.metadata?.uid) {
      this.#forget(key);
      st = undefined;
    }
    const phase = pod.status?.phase;
    if (pod.metadata?.deletionTimestamp) {
      if (!st || phase === 'Succeeded' || phase === 'Failed') return this.#deletePod(key, pod);
      this.#emit(pod, node.name, beginKill(st.run, pod, now, this.#d.machine));
      this.#drainLogs(st.run);
      if (st.run.killAt! <= now) return this.#deletePod(key, pod);
      this.#deadlines.schedule(key, st.run.killAt!);
      return;
    }
    if (!st) {
      if (phase === 'Succeeded' || phase === 'Failed') return;
      st = this.#admit(pod, node, now);
      if (!st) return;
      this.#states.set(key, st);
    }
    const events = syncSpec(st.run, pod, now, this.#d.machine);
    const step = advance(st.run, pod, now, this.#d.machine);
    this.#emit(pod, node.name, [...events, ...step.events]);
    this.#drainLogs(st.run);
    if (step.nextAt !== undefined) this.#deadlines.schedule(key, step.nextAt);
    const desired = computeOwnedStatus(st.run, pod, now, node.ip, st.ip);
    if (desired.phase === 'Succeeded' || desired.phase === 'Failed') {
      if (st.ip) this.#pools.get(node.name)?.release(st.ip);
    }
    const patch = statusPatch(pod, desired);
    if (patch) this.#writeStatus(key, pod, patch);
  }

  #admit(pod: Pod, node: DrivenNode, now: number): PodState | undefined {
    const pool = this.#pool(node);
    const existingIp = pod.status?.podIP;
    let ip: string | undefined;
    if (existingIp && pool.contains(existingIp)) {
      pool.claim(existingIp);
      ip = existingIp;
    } else {
      ip = pool.allocate();
    }
    const started = pod.status?.phase === 'Running' && (pod.status.containerStatuses ?? []).length > 0;
    const run = started ? adoptRunning(pod, now, this.#d.machine.timeScale) : admitPod(pod, pod.status?.startTime ? Date.parse(pod.status.startTime as string) || now : now, this.#d.machine);
    if (started) for (const c of run.containers) this.#d.machine.images.set(node.name, c.image, now);
    return { run, ip };
  }

  #emit(pod: Pod, host: string, events: KubeletEvent[]): void {
    for (const e of events) {
      this.#d.events.record({
        involved: {
          kind: 'Pod', apiVersion: 'v1', namespace: pod.metadata?.namespace, name: pod.metadata?.name ?? '', uid: pod.metadata?.uid,
          ...(e.container ? { fieldPath: `spec.containers{${e.container}}` } : {}),
        },
        type: e.type, reason: e.reason, message: e.message, component: 'kubelet', host,
      });
    }
  }

  #drainLogs(run: PodRun): void {
    if (run.logs.length === 0) return;
    for (const entry of run.logs) this.#d.logs.append(run.uid, entry);
    run.logs.length = 0;
  }

  #writeStatus(key: string, pod: Pod, patch: { status: Record<string, unknown> }): void {
    if (this.#inflight.has(key)) {
      this.#dirty.add(key);
      return;
    }
    this.#inflight.add(key);
    const body = { metadata: { resourceVersion: pod.metadata?.resourceVersion }, ...patch };
    this.stats.statusWrites++;
    void this.#d.queue
      // Status writes go before binds and creates (priority 1): a pod already placed finishes first.
      .add(() => this.#d.client.patch<KubeObject>(PODS, pod.metadata?.namespace, pod.metadata?.name ?? '', 'strategic', body, { subresource: 'status' }), { priority: 1 })
      .then(
        (res) => {
          if (res && this.#states.has(key)) this.#lastWritten.set(key, res as unknown as Pod);
        },
        (err: unknown) => {
          if (isConflict(err)) this.stats.conflicts++;
          else if (!isNotFound(err)) this.#d.onError(err, `write status of pod ${key}`);
        },
      )
      .finally(() => {
        this.#inflight.delete(key);
        if (this.#dirty.delete(key)) this.#queue.add(key);
      });
  }

  #deletePod(key: string, pod: Pod): void {
    if (this.#deleting.has(key)) return;
    this.#deleting.add(key);
    this.stats.deletes++;
    void this.#d.queue
      .add(() => this.#d.client.delete(PODS, pod.metadata?.namespace, pod.metadata?.name ?? '', { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata?.uid } }), { priority: 1 })
      .catch((err: unknown) => {
        this.#deleting.delete(key);
        if (!isNotFound(err) && !isConflict(err)) this.#d.onError(err, `remove pod ${key}`);
      });
  }
}

/** A record for a pod that was already running before this simulator started (its status is the truth). */
export function adoptRunning(pod: Pod, now: number, timeScale = 1): PodRun {
  const statuses = pod.status?.containerStatuses ?? [];
  const jobPod = !!pod.spec?.restartPolicy && pod.spec.restartPolicy !== 'Always';
  const annotated = pod.metadata?.annotations?.[ANNOTATION_RUN_SECONDS] !== undefined;
  const containers: ContainerRun[] = (pod.spec?.containers ?? []).map((spec) => {
    const cs = statuses.find((s) => s.name === spec.name);
    const startedAt = Date.parse((cs?.state?.running?.startedAt as string | undefined) ?? '') || now;
    const program = containerProgramOf(spec);
    // A container found running whose command ends keeps its end; a job container without one ends its run
    // now (its planned end was lost with the old simulator).
    let exitAt: number | undefined;
    if (cs?.state?.running && program?.kind === 'exits' && !(jobPod && annotated)) exitAt = startedAt + Math.round(program.runMs * timeScale);
    else if (cs?.state?.running && jobPod && program?.kind !== 'forever') exitAt = now;
    return {
      name: spec.name, image: cs?.image ?? spec.image ?? '', phase: cs?.state?.running ? 'running' : 'waiting',
      pullStartAt: now, pullDoneAt: now, pullMs: -1, startAt: now, restartCount: cs?.restartCount ?? 0, everStarted: !!cs?.state?.running,
      containerID: cs?.containerID, imageID: cs?.imageID, runningImage: cs?.image, startedAt, emitted: cs?.state?.running ? 3 : 2,
      program, backoffMs: 0, backoffAt: 0, exitAt,
    };
  });
  const run: PodRun = {
    uid: pod.metadata?.uid ?? '', namespace: pod.metadata?.namespace ?? '', name: pod.metadata?.name ?? '', nodeName: pod.spec?.nodeName ?? '',
    startTime: Date.parse((pod.status?.startTime as string | undefined) ?? '') || now,
    restartPolicy: (pod.spec?.restartPolicy ?? 'Always') as PodRun['restartPolicy'], containers, runs: 0, logs: [],
  };
  run.deadlineAt = deadlineOf(pod, run.startTime);
  return run;
}
