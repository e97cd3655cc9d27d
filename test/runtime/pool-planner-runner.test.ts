// Planning on a worker with resident mirrors gives the same Plan as inline planning, and a worker
// replaced after a crash gets its mirrors re-sent before it plans again.
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/index.js';
import { Store } from '../../src/runtime/informer/store.js';
import { PoolPlannerRunner } from '../../src/runtime/pool-planner-runner.js';
import { buildSnapshot } from '../../src/runtime/snapshot.js';
import { definitions, echoDefinition, INDEX_LABEL, planEcho } from './support/echo-workload.js';

const ECHO_MODULE = new URL('./support/echo-workload.ts', import.meta.url);
const w = (spec: Record<string, unknown>): KubeObject => ({ apiVersion: 'test.kactor.io/v1', kind: 'Echo', metadata: { name: 'e', namespace: 'default', uid: 'u-e', resourceVersion: '5' }, spec });
const child = (i: number): KubeObject => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: `e-${i}-x`, namespace: 'default', uid: `c${i}`, labels: { [INDEX_LABEL]: String(i) }, ownerReferences: [{ apiVersion: 'test.kactor.io/v1', kind: 'Echo', name: 'e', uid: 'u-e', controller: true }] },
  data: {},
});

describe('PoolPlannerRunner (resident)', () => {
  let runner: PoolPlannerRunner | undefined;
  afterEach(async () => {
    await runner?.close();
  });

  it('plans from worker mirrors exactly as inline, and re-sends mirrors to a replaced worker', async () => {
    const echoes = new Store();
    const cms = new Store();
    const storeOf = (k: string) => (k === 'Echo' ? echoes : k === 'ConfigMap' ? cms : undefined);
    runner = await PoolPlannerRunner.create(1, ECHO_MODULE, 'resident');
    runner.attach({ definitions, ownedKinds: new Set(['ConfigMap']), storeOf });
    const apply = (kind: string, store: Store, obj: KubeObject) => {
      const old = store.upsert(obj);
      runner!.observe(kind, { type: old ? 'MODIFIED' : 'ADDED', object: obj, old, source: 'watch' });
    };
    apply('Echo', echoes, w({ replicas: 3 }));
    apply('ConfigMap', cms, child(0));
    apply('ConfigMap', cms, child(1));
    const plan = async () => {
      const workload = echoes.get('default/e')!;
      return runner!.plan('Echo/default/e', echoDefinition, buildSnapshot(echoDefinition, workload, storeOf), 0);
    };
    const inline = () => planEcho(buildSnapshot(echoDefinition, echoes.get('default/e')!, storeOf), 0);
    expect(await plan()).toEqual(inline());
    expect((await plan()).phases[0]).toHaveLength(1); // only index 2 is missing

    // This plan kills its worker: the turn fails as retryable; later mirror puts reach the replacement.
    apply('Echo', echoes, w({ replicas: 3, crashWorker: true }));
    await expect(plan()).rejects.toMatchObject({ code: 'WORKER_CRASHED' });
    apply('Echo', echoes, w({ replicas: 3 }));
    const after = await plan();
    expect(runner.resyncs).toBe(1);
    expect(after).toEqual(inline());
    expect(after.phases[0]).toHaveLength(1);
  });
});
