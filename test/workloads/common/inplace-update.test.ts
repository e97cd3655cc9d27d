import { describe, expect, it } from 'vitest';
import type { Pod } from '../../../src/api/index.js';
import {
  buildStartPatch, computeInPlaceUpdateSpec, conditionsForUpdateReady, conditionsForUpdateStart, isInPlaceUpdateComplete,
  INPLACE_UPDATE_STATE_KEY, INPLACE_UPDATE_GRACE_KEY, buildGraceFinishPatch, readGraceSpec, normalizeImage,
} from '../../../src/workloads/common/inplace-update.js';
import { buildControllerRevision, revisionDataOf } from '../../../src/workloads/common/revision.js';

const owner = { apiVersion: 'apps.kruise.io/v1beta1', kind: 'StatefulSet', metadata: { name: 'web', namespace: 'default', uid: 'u1' } };
function rev(name: string, template: object) {
  return buildControllerRevision({ owner, name, hash: name, data: revisionDataOf(template), revision: 1 });
}
const base = { metadata: { labels: { app: 'nginx' } }, spec: { readinessGates: [{ conditionType: 'InPlaceUpdateReady' }], containers: [{ name: 'nginx', image: 'nginx:1' }] } };
const NOW = Date.parse('2026-01-01T00:00:00Z');

function pod(): Pod {
  return {
    metadata: { name: 'web-0', labels: { app: 'nginx', 'controller-revision-hash': 'web-a' }, annotations: {} },
    spec: { readinessGates: [{ conditionType: 'InPlaceUpdateReady' }], containers: [{ name: 'nginx', image: 'nginx:1' }] },
    status: {
      phase: 'Running',
      conditions: [
        { type: 'ContainersReady', status: 'True' },
        { type: 'Ready', status: 'True', lastTransitionTime: '2025-01-01T00:00:00Z' },
        { type: 'InPlaceUpdateReady', status: 'True' },
      ],
      containerStatuses: [{ name: 'nginx', image: 'nginx:1', imageID: 'img1', ready: true, restartCount: 0, state: {} } as never],
    },
  };
}

describe('in-place update rules', () => {
  it('only image changes are possible in place', () => {
    const d = computeInPlaceUpdateSpec(rev('web-a', base), rev('web-b', { ...base, spec: { ...base.spec, containers: [{ name: 'nginx', image: 'nginx:2' }] } }));
    expect(d).toMatchObject({ possible: true, spec: { revision: 'web-b', containerImages: { nginx: 'nginx:2' } } });
  });
  it('metadata label/annotation changes are in place', () => {
    const d = computeInPlaceUpdateSpec(rev('web-a', base), rev('web-b', { ...base, metadata: { labels: { app: 'nginx', x: 'y' }, annotations: { k: 'v' } } }));
    expect(d).toMatchObject({ possible: true, spec: { containerImages: {}, metadataPatch: { labels: { x: 'y' }, annotations: { k: 'v' } } } });
  });
  it('resources, env, command or container additions force recreation; a missing old revision too', () => {
    const withRes = { ...base, spec: { ...base.spec, containers: [{ name: 'nginx', image: 'nginx:1', resources: { limits: { cpu: '1' } } }] } };
    expect(computeInPlaceUpdateSpec(rev('web-a', base), rev('web-b', withRes)).possible).toBe(false);
    const twoContainers = { ...base, spec: { ...base.spec, containers: [...base.spec.containers, { name: 's', image: 'busybox' }] } };
    expect(computeInPlaceUpdateSpec(rev('web-a', base), rev('web-b', twoContainers)).possible).toBe(false);
    expect(computeInPlaceUpdateSpec(undefined, rev('web-b', base)).possible).toBe(false);
  });
  it('start conditions: InPlaceUpdateReady=False StartInPlaceUpdate and Ready recomputed False from the gates', () => {
    const list = conditionsForUpdateStart(pod(), NOW);
    expect(list.find((c) => c.type === 'InPlaceUpdateReady')).toMatchObject({ status: 'False', reason: 'StartInPlaceUpdate', lastTransitionTime: '2026-01-01T00:00:00Z' });
    expect(list.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False', reason: 'ReadinessGatesNotReady', message: 'the status of pod readiness gate "InPlaceUpdateReady" is not "True", but False',
    });
    expect(list).toHaveLength(3);
  });
  it('start patch writes revision label, state annotation JSON and images; completion follows imageID', () => {
    const p = pod();
    const d = computeInPlaceUpdateSpec(rev('web-a', base), rev('web-b', { ...base, spec: { ...base.spec, containers: [{ name: 'nginx', image: 'nginx:2' }] } }));
    if (!d.possible) throw new Error('expected possible');
    const patch = buildStartPatch(p, d.spec, { revisionLabel: 'web-b', nowMs: NOW }) as any;
    expect(patch.metadata.labels['controller-revision-hash']).toBe('web-b');
    expect(patch.spec.containers[0].image).toBe('nginx:2');
    const state = JSON.parse(patch.metadata.annotations[INPLACE_UPDATE_STATE_KEY]);
    expect(state).toEqual({
      revision: 'web-b', updateTimestamp: '2026-01-01T00:00:00.000Z', lastContainerStatuses: { nginx: { imageID: 'img1' } },
      updateImages: true, updateResources: false, containerBatchesRecord: [{ timestamp: '2026-01-01T00:00:00Z', containers: ['nginx'] }],
    });
    expect(Object.keys(state)).toEqual(['revision', 'updateTimestamp', 'lastContainerStatuses', 'updateImages', 'updateResources', 'containerBatchesRecord']);
    const updated: Pod = { ...p, metadata: { ...p.metadata, annotations: { [INPLACE_UPDATE_STATE_KEY]: patch.metadata.annotations[INPLACE_UPDATE_STATE_KEY] } }, spec: { ...p.spec!, containers: patch.spec.containers } };
    updated.status!.conditions = conditionsForUpdateStart(p, NOW);
    expect(isInPlaceUpdateComplete(updated)).toBe(false);
    expect(conditionsForUpdateReady(updated, NOW)).toBeUndefined();
    updated.status!.containerStatuses = [{ name: 'nginx', image: 'nginx:2', imageID: 'img2', ready: true, restartCount: 1 } as never];
    expect(isInPlaceUpdateComplete(updated)).toBe(true);
    expect(conditionsForUpdateReady(updated, NOW + 5000)!.find((c) => c.type === 'InPlaceUpdateReady')).toEqual({ type: 'InPlaceUpdateReady', status: 'True', lastTransitionTime: '2026-01-01T00:00:05Z' });
  });
  it('with a grace period the images wait in the grace annotation; finishing applies them and drops it', () => {
    const p = pod();
    const d = computeInPlaceUpdateSpec(rev('web-a', base), rev('web-b', { ...base, spec: { ...base.spec, containers: [{ name: 'nginx', image: 'nginx:2' }] } }), 10);
    if (!d.possible) throw new Error('expected possible');
    const patch = buildStartPatch(p, d.spec, { revisionLabel: 'web-b', nowMs: NOW }) as any;
    expect(patch.spec).toBeUndefined();
    expect(JSON.parse(patch.metadata.annotations[INPLACE_UPDATE_GRACE_KEY])).toEqual({ revision: 'web-b', containerImages: { nginx: 'nginx:2' }, graceSeconds: 10 });
    const graced: Pod = { ...p, metadata: { ...p.metadata, annotations: patch.metadata.annotations } };
    expect(isInPlaceUpdateComplete(graced)).toBe(false);
    const finish = buildGraceFinishPatch(graced, readGraceSpec(graced)!, NOW + 10_000) as any;
    expect(finish.spec.containers[0].image).toBe('nginx:2');
    expect(finish.metadata.annotations[INPLACE_UPDATE_GRACE_KEY]).toBeNull();
  });
  it('untagged images compare as :latest', () => {
    expect(normalizeImage('nginx')).toBe('nginx:latest');
    expect(normalizeImage('reg:5000/nginx')).toBe('reg:5000/nginx:latest');
    expect(normalizeImage('nginx@sha256:x')).toBe('nginx@sha256:x');
  });
});

describe('grace period timing', () => {
  it('a 1 s grace period started at x.9 s still lasts a full second (the start is recorded with milliseconds)', async () => {
    const { buildStartPatch, graceRemainingMs, readGraceSpec } = await import('../../../src/workloads/common/inplace-update.js');
    const start = Date.parse('2026-01-01T00:00:00.900Z');
    const pod = { metadata: { name: 'web-0', annotations: {} }, spec: { containers: [{ name: 'nginx', image: 'nginx:1' }] }, status: { containerStatuses: [{ name: 'nginx', imageID: 'a' }] } };
    const patch = buildStartPatch(pod as never, { revision: 'web-b', containerImages: { nginx: 'nginx:2' }, containerRefMetadata: {}, metadataPatch: {}, graceSeconds: 1 } as never, { nowMs: start, revisionLabel: 'web-b' }) as { metadata: { annotations: Record<string, string> } };
    const marked = { ...pod, metadata: { ...pod.metadata, annotations: patch.metadata.annotations } };
    const grace = readGraceSpec(marked as never)!;
    expect(graceRemainingMs(marked as never, grace, start + 100)).toBe(900); // the second boundary is not the end
    expect(graceRemainingMs(marked as never, grace, start + 1000)).toBe(0);
  });
});
