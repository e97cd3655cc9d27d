// The filed bug through the whole stack: an Advanced StatefulSet whose updateStrategy has a rollingUpdate
// (partition 2) but no type. The webhook stores partition 2 with type RollingUpdate and the missing fields,
// exactly as Kruise stores it, and a new image rolls only web-2: web-0 and web-1 stay on the old revision.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { defaultPodTemplate } from '../../src/workloads/common/pod-template.js';
import { apply, getJson, manifest, PARALLEL, pods, rolledOut, startStack, type Stack } from './statefulset-support.js';

let stack: Stack;

/** 01 as an OrderedReady set of 3 with `updateStrategy: {rollingUpdate: {partition: 2}}` and `image`. */
const partitioned = (image: string) =>
  manifest(PARALLEL, (m) => {
    delete m.spec.podManagementPolicy;
    m.spec.replicas = 3;
    m.spec.updateStrategy = { rollingUpdate: { partition: 2 } };
    m.spec.template.spec.containers[0].image = image;
  });

beforeAll(async () => {
  stack = await startStack({ timeScale: 0.1 });
});
afterAll(async () => stack?.stop());
afterEach(() => expect(stack.monitor.report()).toEqual([]));

describe('rollingUpdate without type keeps its partition', { timeout: 120_000 }, () => {
  it('kubectl get -o json shows the spec Kruise stores: partition 2 kept, type and the missing fields added', async () => {
    const sent = partitioned('nginx:1.24');
    await apply(stack.cluster, sent);
    await rolledOut(stack, ['web-0', 'web-1', 'web-2']);
    const sts = await getJson(stack.cluster, ['asts', 'web']);
    expect(sts.spec).toEqual({
      serviceName: 'nginx-headless',
      replicas: 3,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 2, maxUnavailable: 1, podUpdatePolicy: 'ReCreate', minReadySeconds: 0 } },
      selector: { matchLabels: { app: 'nginx' } },
      template: defaultPodTemplate(sent.spec.template),
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      revisionHistoryLimit: 10,
      volumeClaimUpdateStrategy: {},
    });
  });

  it('a new image rolls only web-2; web-0 and web-1 stay on the old revision', async () => {
    const before = await pods(stack.cluster);
    // Only the image changes (as `kubectl set image`): a re-apply would re-send partition 2 and hide the bug.
    const patch = [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'nginx:1.25' }];
    expect((await stack.cluster.kubectl(['patch', 'asts', 'web', '--type', 'json', '-p', JSON.stringify(patch)])).code).toBe(0);
    await stack.monitor.until('web 3 current 2 updated 1 ready 3', (s) => {
      const w = s.workload as any;
      return w?.status?.observedGeneration === w?.metadata?.generation && w.status.currentReplicas === 2 && w.status.updatedReplicas === 1 && w.status.readyReplicas === 3;
    });
    const sts = await getJson(stack.cluster, ['asts', 'web']);
    expect(sts.spec.updateStrategy.rollingUpdate.partition).toBe(2);
    const after = await pods(stack.cluster);
    expect(['web-0', 'web-1', 'web-2'].map((n) => after.get(n)!.revision)).toEqual([sts.status.currentRevision, sts.status.currentRevision, sts.status.updateRevision]);
    expect(['web-0', 'web-1'].map((n) => after.get(n)!.uid)).toEqual(['web-0', 'web-1'].map((n) => before.get(n)!.uid));
    expect(after.get('web-2')!.uid).not.toBe(before.get('web-2')!.uid);
  });
});
