import { describe, expect, it } from 'vitest';
import { renderTable } from '../../../../src/cluster/apiserver/tables/render.js';
import type { KubeObject } from '../../../../src/api/objects.js';

const now = Date.parse('2026-01-01T12:00:00Z');
const pods: KubeObject[] = Array.from({ length: 1000 }, (_, i) => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: `web-${i}`, namespace: 'default', uid: `u${i}`, creationTimestamp: new Date(now - i * 1000).toISOString(), labels: { app: 'web' } },
  spec: { nodeName: `node${i % 10}`, containers: [{ name: 'nginx', image: 'nginx:1.7.9' }], readinessGates: [{ conditionType: 'InPlaceUpdateReady' }] },
  status: {
    phase: 'Running', podIP: `10.0.${i >> 8}.${i & 255}`, podIPs: [{ ip: `10.0.${i >> 8}.${i & 255}` }],
    conditions: [{ type: 'Ready', status: 'True' }, { type: 'InPlaceUpdateReady', status: 'True' }],
    containerStatuses: [{ name: 'nginx', image: 'nginx:1.7.9', imageID: 'x', ready: true, restartCount: i % 3, state: { running: { startedAt: '2026-01-01T11:00:00Z' } }, lastState: i % 3 ? { terminated: { exitCode: 1, finishedAt: '2026-01-01T11:00:00Z' } } : {} }],
  },
}));

// Rendering speed is measured by `npm run bench -- micro`.
describe('table rendering of many pods', () => {
  it('renders 1,000 pods (kubectl get po -o wide) with restarts, ages and readiness gates', () => {
    const t = renderTable({ group: '', version: 'v1', kind: 'Pod', plural: 'pods', objects: pods, nowMs: now });
    expect(t.rows[1]!.cells).toEqual(['web-1', '1/1', 'Running', '1 (60m ago)', '1s', '10.0.0.1', 'node1', '<none>', '1/1']);
    expect(t.rows).toHaveLength(1000);
  });
});
