// The simulated kubelets' log store: which instance a request reads (as validateContainerLogStatus),
// bounded lines, the previous instance only, followers ended by the container's end or the pod's removal.
import { describe, expect, it } from 'vitest';
import type { ContainerStatus } from 'kubernetes-types/core/v1.js';
import { ContainerLogStore, containerToRead, type ContainerLogRequest } from '../../../src/cluster/nodes/container-logs.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');

function running(id: string, last?: string): ContainerStatus {
  return {
    name: 'c', image: 'busybox', imageID: '', ready: true, restartCount: last ? 1 : 0, containerID: id, state: { running: {} },
    ...(last ? { lastState: { terminated: { exitCode: 1, containerID: last } } } : {}),
  };
}

function request(statuses: ContainerStatus[], extra: Partial<ContainerLogRequest> = {}): ContainerLogRequest {
  return {
    pod: { metadata: { name: 'p', uid: 'u' }, spec: { nodeName: 'node1', containers: [{ name: 'c' }] }, status: { containerStatuses: statuses } },
    container: 'c', previous: false, follow: false, timestamps: false, ...extra,
  };
}

function read(store: ContainerLogStore, req: ContainerLogRequest): { text: string; ended: boolean; error?: string; close(): void } {
  const out = { text: '', ended: false, error: undefined as string | undefined, close: () => {} };
  const answer = store.openLog(req, { write: (t) => (out.text += t), end: () => (out.ended = true) });
  if ('error' in answer) out.error = answer.error;
  else out.close = answer.close;
  return out;
}

function storeWith(...lines: Array<[string, string, boolean?]>): ContainerLogStore {
  const store = new ContainerLogStore({ maxLines: 3 });
  store.setNodeDriven('node1', true);
  for (const [id, text, end] of lines) store.append('u', { container: 'c', at: T0, text, ...(id ? { start: true, id } : {}), ...(end ? { end } : {}) });
  return store;
}

describe('which container instance a log request reads (the kubelet rules)', () => {
  it.each([
    [{ state: { waiting: { reason: 'ContainerCreating' } } }, false, 'container "c" in pod "p" is waiting to start: ContainerCreating'],
    [{ state: { waiting: { reason: 'ImagePullBackOff' } } }, false, 'container "c" in pod "p" is waiting to start: trying and failing to pull image'],
    [{ state: { waiting: { reason: 'ContainerCreating' } } }, true, 'previous terminated container "c" in pod "p" not found'],
    [{ state: { terminated: { exitCode: 0 } } }, false, 'container "c" in pod "p" is terminated'],
    [{ state: {} }, false, 'container "c" in pod "p" is waiting to start - no logs yet'],
  ])('%j (previous %s): %s', (status, previous, error) => {
    expect(containerToRead([{ name: 'c', image: '', imageID: '', ready: false, restartCount: 0, ...status } as ContainerStatus], 'p', 'c', previous)).toEqual({ error });
  });

  it('reads the last terminated instance while the container waits in CrashLoopBackOff, with or without previous', () => {
    const cs = { name: 'c', image: '', imageID: '', ready: false, restartCount: 1, state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, containerID: 'id1' } } } as ContainerStatus;
    expect(containerToRead([cs], 'p', 'c', false)).toEqual({ id: 'id1' });
    expect(containerToRead([cs], 'p', 'c', true)).toEqual({ id: 'id1' });
  });

  it('answers "waiting to start: ContainerCreating" before the kubelet reported the container', () => {
    expect(containerToRead([], 'p', 'c', false)).toEqual({ error: 'container "c" in pod "p" is waiting to start: ContainerCreating' });
  });
});

describe('the log store', () => {
  it('keeps the last maxLines lines of an instance', () => {
    const store = storeWith(['id1', 'one'], ['', 'two'], ['', 'three'], ['', 'four']);
    expect(read(store, request([running('id1')])).text).toBe('two\nthree\nfour\n');
  });

  it('keeps the previous instance only', () => {
    const store = storeWith(['id1', 'first', true], ['id2', 'second', true], ['id3', 'third']);
    expect(read(store, request([running('id3', 'id2')], { previous: true })).text).toBe('second\n');
    expect(read(store, request([running('id2', 'id1')], { previous: true })).text).toBe('');
  });

  it('ends a follower when the instance ends, and when the pod is removed', () => {
    const store = storeWith(['id1', 'one']);
    const a = read(store, request([running('id1')], { follow: true }));
    store.append('u', { container: 'c', at: T0, text: 'two', end: true });
    expect(a).toMatchObject({ text: 'one\ntwo\n', ended: true });
    const other = storeWith(['id1', 'one']);
    const b = read(other, request([running('id1')], { follow: true }));
    other.dropPod('u');
    expect(b).toMatchObject({ text: 'one\n', ended: true });
  });

  it('forgets a follower whose client went away', () => {
    const store = storeWith(['id1', 'one']);
    const f = read(store, request([running('id1')], { follow: true }));
    f.close();
    store.append('u', { container: 'c', at: T0, text: 'two', end: true });
    expect(f).toMatchObject({ text: 'one\n', ended: false });
  });

  it('stops a follower at limitBytes, cutting the line that crosses it', () => {
    const store = storeWith(['id1', 'one']);
    const f = read(store, request([running('id1')], { follow: true, limitBytes: 6 }));
    store.append('u', { container: 'c', at: T0, text: 'three' });
    expect(f).toMatchObject({ text: 'one\nth', ended: true });
  });

  it('says which node it has no runtime for', () => {
    const store = new ContainerLogStore();
    expect(read(store, request([running('id1')])).error).toBe('simulated pod: no container runtime on node "node1" in this process, logs are not available');
  });
});
