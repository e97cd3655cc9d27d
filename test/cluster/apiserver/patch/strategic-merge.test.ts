import { describe, expect, it } from 'vitest';
import { strategicMergePatch, StrategicMergePatchError } from '../../../../src/cluster/apiserver/patch/strategic-merge.js';

const POD = { group: '', version: 'v1', kind: 'Pod' };
type AnyObj = Record<string, any>;
const basePod = (): AnyObj => ({
  apiVersion: 'v1', kind: 'Pod',
  metadata: { name: 'web-0', namespace: 'default', labels: { app: 'nginx', tier: 'web' }, finalizers: ['a.io/x', 'b.io/y'] },
  spec: {
    containers: [
      { name: 'a', image: 'a:1', ports: [{ containerPort: 80, protocol: 'TCP' }], env: [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }] },
      { name: 'b', image: 'b:1' },
    ],
    tolerations: [{ key: 'k1', operator: 'Exists' }, { key: 'k2', operator: 'Exists' }],
    volumes: [{ name: 'data', emptyDir: {} }],
    nodeSelector: { disk: 'hdd', zone: 'a' },
  },
  status: { phase: 'Running', conditions: [{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'False' }] },
});
const names = (list: AnyObj[]) => list.map((c) => c.name);

describe('strategicMergePatch: what kubectl apply sends', () => {
  it('image change plus reordered containers: $setElementOrder decides the order, the changed container merges by name', () => {
    const patch = {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"new":true}\n' } },
      spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }], containers: [{ image: 'b:2', name: 'b' }] },
    };
    const out = strategicMergePatch(basePod(), patch, POD) as AnyObj;
    expect(names(out.spec.containers)).toEqual(['b', 'a']);
    expect(out.spec.containers[0]).toEqual({ name: 'b', image: 'b:2' });
    expect(out.spec.containers[1].ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(out.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toBe('{"new":true}\n');
    expect(out.metadata.labels).toEqual({ app: 'nginx', tier: 'web' });
    expect(Object.keys(out.spec).some((k) => k.startsWith('$'))).toBe(false);
  });

  it('a server-only container keeps its place relative to the applied ones', () => {
    const live = basePod();
    live.spec.containers.unshift({ name: 'istio-proxy', image: 'proxy' });
    const out = strategicMergePatch(live, { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }] } }, POD) as AnyObj;
    expect(names(out.spec.containers)).toEqual(['istio-proxy', 'b', 'a']);
  });

  it('a container removed from the config is deleted with $patch: delete', () => {
    const patch = { spec: { '$setElementOrder/containers': [{ name: 'a' }], containers: [{ $patch: 'delete', name: 'b' }] } };
    const out = strategicMergePatch(basePod(), patch, POD) as AnyObj;
    expect(names(out.spec.containers)).toEqual(['a']);
  });

  it('a new container is appended in the directive order, with its env merged by name', () => {
    const patch = { spec: { '$setElementOrder/containers': [{ name: 'a' }, { name: 'c' }, { name: 'b' }], containers: [{ name: 'c', image: 'c:1' }] } };
    const out = strategicMergePatch(basePod(), patch, POD) as AnyObj;
    expect(names(out.spec.containers)).toEqual(['a', 'c', 'b']);
  });

  it('env merges by name: one var changed, one deleted, one added, order from $setElementOrder', () => {
    const patch = { spec: { containers: [{ name: 'a', '$setElementOrder/env': [{ name: 'Z' }, { name: 'X' }], env: [{ name: 'Z', value: '3' }, { name: 'X', value: '9' }, { $patch: 'delete', name: 'Y' }] }] } };
    const out = strategicMergePatch(basePod(), patch, POD) as AnyObj;
    expect(out.spec.containers[0].env).toEqual([{ name: 'Z', value: '3' }, { name: 'X', value: '9' }]);
    expect(names(out.spec.containers)).toEqual(['a', 'b']);
  });

  it('ports merge by containerPort', () => {
    const patch = { spec: { containers: [{ name: 'a', ports: [{ containerPort: 80, name: 'web' }, { containerPort: 443 }] }] } };
    const out = strategicMergePatch(basePod(), patch, POD) as AnyObj;
    expect(out.spec.containers[0].ports).toEqual([{ containerPort: 80, protocol: 'TCP', name: 'web' }, { containerPort: 443 }]);
  });

  it('null deletes a key (a label, a field)', () => {
    const out = strategicMergePatch(basePod(), { metadata: { labels: { tier: null, new: 'x' } }, spec: { nodeSelector: null } }, POD) as AnyObj;
    expect(out.metadata.labels).toEqual({ app: 'nginx', new: 'x' });
    expect('nodeSelector' in out.spec).toBe(false);
  });

  it('tolerations have no merge strategy: the list is replaced', () => {
    const out = strategicMergePatch(basePod(), { spec: { tolerations: [{ key: 'k3', operator: 'Exists' }] } }, POD) as AnyObj;
    expect(out.spec.tolerations).toEqual([{ key: 'k3', operator: 'Exists' }]);
  });

  it('finalizers merge as a set; $deleteFromPrimitiveList removes; $setElementOrder orders primitives', () => {
    expect((strategicMergePatch(basePod(), { metadata: { finalizers: ['b.io/y', 'c.io/z'] } }, POD) as AnyObj).metadata.finalizers)
      .toEqual(['a.io/x', 'b.io/y', 'c.io/z']);
    expect((strategicMergePatch(basePod(), { metadata: { '$deleteFromPrimitiveList/finalizers': ['a.io/x'] } }, POD) as AnyObj).metadata.finalizers)
      .toEqual(['b.io/y']);
    const ordered = strategicMergePatch(basePod(), { metadata: { '$setElementOrder/finalizers': ['b.io/y', 'c.io/z', 'a.io/x'], finalizers: ['c.io/z'] } }, POD) as AnyObj;
    expect(ordered.metadata.finalizers).toEqual(['b.io/y', 'c.io/z', 'a.io/x']);
  });

  it('status conditions merge by type (a kubelet-style status patch keeps other writers\' conditions)', () => {
    const patch = { status: { '$setElementOrder/conditions': [{ type: 'PodScheduled' }, { type: 'Ready' }, { type: 'InPlaceUpdateReady' }], conditions: [{ type: 'Ready', status: 'True' }, { type: 'InPlaceUpdateReady', status: 'True' }] } };
    const out = strategicMergePatch(basePod(), patch, POD) as AnyObj;
    expect(out.status.conditions).toEqual([{ type: 'PodScheduled', status: 'True' }, { type: 'Ready', status: 'True' }, { type: 'InPlaceUpdateReady', status: 'True' }]);
  });

  it('ownerReferences merge by uid', () => {
    const live = basePod();
    live.metadata.ownerReferences = [{ uid: 'u1', name: 'web', kind: 'StatefulSet', apiVersion: 'apps.kruise.io/v1beta1', controller: true }];
    const out = strategicMergePatch(live, { metadata: { ownerReferences: [{ uid: 'u1', blockOwnerDeletion: true }, { uid: 'u2', name: 'x', kind: 'K', apiVersion: 'v1' }] } }, POD) as AnyObj;
    expect(out.metadata.ownerReferences).toEqual([
      { uid: 'u1', name: 'web', kind: 'StatefulSet', apiVersion: 'apps.kruise.io/v1beta1', controller: true, blockOwnerDeletion: true },
      { uid: 'u2', name: 'x', kind: 'K', apiVersion: 'v1' },
    ]);
  });
});

describe('strategicMergePatch: directives', () => {
  it('$patch: replace on a map replaces it', () => {
    const out = strategicMergePatch(basePod(), { spec: { nodeSelector: { $patch: 'replace', disk: 'ssd' } } }, POD) as AnyObj;
    expect(out.spec.nodeSelector).toEqual({ disk: 'ssd' });
  });

  it('$patch: delete on a map empties it', () => {
    const out = strategicMergePatch(basePod(), { spec: { nodeSelector: { $patch: 'delete' } } }, POD) as AnyObj;
    expect(out.spec.nodeSelector).toEqual({});
  });

  it('$patch: merge is the default behaviour', () => {
    const out = strategicMergePatch(basePod(), { spec: { nodeSelector: { $patch: 'merge', disk: 'ssd' } } }, POD) as AnyObj;
    expect(out.spec.nodeSelector).toEqual({ disk: 'ssd', zone: 'a' });
  });

  it('a {$patch: replace} list item replaces the whole merging list', () => {
    const out = strategicMergePatch(basePod(), { spec: { containers: [{ name: 'c', image: 'c:1' }, { $patch: 'replace' }] } }, POD) as AnyObj;
    expect(out.spec.containers).toEqual([{ name: 'c', image: 'c:1' }]);
  });

  it('$retainKeys drops the keys it does not list (a volume switching source)', () => {
    const patch = { spec: { volumes: [{ $retainKeys: ['hostPath', 'name'], hostPath: { path: '/x' }, name: 'data' }] } };
    const out = strategicMergePatch(basePod(), patch, POD) as AnyObj;
    expect(out.spec.volumes).toEqual([{ name: 'data', hostPath: { path: '/x' } }]);
  });

  it('$retainKeys rejects a patch field it does not list', () => {
    expect(() => strategicMergePatch(basePod(), { spec: { volumes: [{ $retainKeys: ['name'], hostPath: {}, name: 'data' }] } }, POD)).toThrow(StrategicMergePatchError);
  });

  it('an unknown $patch value is an invalid patch', () => {
    try {
      strategicMergePatch(basePod(), { spec: { nodeSelector: { $patch: 'explode' } } }, POD);
      expect.unreachable();
    } catch (err) {
      expect((err as StrategicMergePatchError).code).toBe('InvalidPatch');
    }
  });

  it('a merging list item without its merge key is an invalid patch', () => {
    expect(() => strategicMergePatch(basePod(), { spec: { containers: [{ image: 'x' }] } }, POD)).toThrow(/merge key: name/);
  });
});

describe('strategicMergePatch: kinds', () => {
  it('pod templates of apps/v1 and batch/v1 kinds merge containers by name', () => {
    const sts = { spec: { replicas: 1, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:1' }] } } } };
    const out = strategicMergePatch(sts, { spec: { template: { spec: { containers: [{ name: 'b', image: 'b:2' }] } } } }, { group: 'apps', version: 'v1', kind: 'StatefulSet' }) as AnyObj;
    expect(out.spec.template.spec.containers).toEqual([{ name: 'a', image: 'a:1' }, { name: 'b', image: 'b:2' }]);
    const cj = { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'a', image: 'a:1' }] } } } } } };
    const out2 = strategicMergePatch(cj, { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'b', image: 'b' }] } } } } } }, { group: 'batch', version: 'v1', kind: 'CronJob' }) as AnyObj;
    // without $setElementOrder, items only in the patch come before server-only ones (as apimachinery orders them)
    expect(names(out2.spec.jobTemplate.spec.template.spec.containers)).toEqual(['b', 'a']);
  });

  it('node taints are replaced, node conditions merge by type', () => {
    const node = { spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] }, status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'MemoryPressure', status: 'False' }] } };
    const out = strategicMergePatch(node, { spec: { taints: [{ key: 'b', effect: 'NoExecute' }] }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }, { group: '', version: 'v1', kind: 'Node' }) as AnyObj;
    expect(out.spec.taints).toEqual([{ key: 'b', effect: 'NoExecute' }]);
    expect(out.status.conditions).toEqual([{ type: 'Ready', status: 'True' }, { type: 'MemoryPressure', status: 'False' }]);
  });

  it('custom resources are not supported (the API server answers 415)', () => {
    try {
      strategicMergePatch({}, { spec: {} }, { group: 'apps.kruise.io', version: 'v1beta1', kind: 'StatefulSet' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(StrategicMergePatchError);
      expect((err as StrategicMergePatchError).code).toBe('UnsupportedKind');
    }
  });

  it('does not mutate the original or the patch', () => {
    const live = basePod();
    const patch = { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }], containers: [{ name: 'b', image: 'b:2' }] } };
    const liveCopy = structuredClone(live);
    const patchCopy = structuredClone(patch);
    strategicMergePatch(live, patch, POD);
    expect(live).toEqual(liveCopy);
    expect(patch).toEqual(patchCopy);
  });

  it('new nested values lose their nulls and directives', () => {
    const out = strategicMergePatch({ metadata: { name: 'x' } }, { spec: { containers: [{ name: 'a', image: null, env: [{ name: 'E', value: '1' }, { $patch: 'delete', name: 'F' }] }] } }, POD) as AnyObj;
    expect(out.spec.containers).toEqual([{ name: 'a', env: [{ name: 'E', value: '1' }] }]);
  });
});

// Patch bodies captured from `kubectl apply -v=8` (kubectl v1.32) against the embedded server.
describe('strategicMergePatch: patches captured from kubectl apply', () => {
  it('containers reordered, images changed, an env list moved between containers, a label removed', () => {
    const live = {
      apiVersion: 'v1', kind: 'Pod', metadata: { name: 'smp', namespace: 'default', labels: { app: 'x', tier: 'web' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' } },
      spec: { containers: [
        { name: 'a', image: 'a:1', env: [{ name: 'X', value: '1' }, { name: 'W', value: '2' }], imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log' },
        { name: 'b', image: 'b:2', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log' },
      ] },
    };
    const lastApplied = '{"apiVersion":"v1","kind":"Pod","metadata":{"annotations":{},"labels":{"app":"x"},"name":"smp","namespace":"default"},"spec":{"containers":[{"env":[{"name":"X","value":"1"},{"name":"Z","value":"3"}],"image":"b:1","name":"b"},{"image":"a:2","name":"a"}]}}\n';
    const patch = JSON.parse(`{"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":${JSON.stringify(lastApplied)}},"labels":{"tier":null}},"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"a"}],"containers":[{"env":[{"name":"X","value":"1"},{"name":"Z","value":"3"}],"image":"b:1","name":"b"},{"env":null,"image":"a:2","name":"a"}]}}`);
    const out = strategicMergePatch(live, patch, POD) as AnyObj;
    expect(out.metadata.labels).toEqual({ app: 'x' });
    expect(out.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toBe(lastApplied);
    expect(out.spec.containers).toEqual([
      { name: 'b', image: 'b:1', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log', env: [{ name: 'X', value: '1' }, { name: 'Z', value: '3' }] },
      { name: 'a', image: 'a:2', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log' },
    ]);
  });

  it('env reordered with one var deleted, a finalizer removed and one added', () => {
    const live = {
      metadata: { name: 'smp', finalizers: ['a.io/x', 'b.io/y'] },
      spec: { containers: [{ name: 'a', image: 'a:1', env: [{ name: 'X', value: '1' }, { name: 'W', value: '2' }], ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443, protocol: 'TCP' }] }] },
    };
    const patch = JSON.parse('{"metadata":{"$deleteFromPrimitiveList/finalizers":["a.io/x"],"$setElementOrder/finalizers":["b.io/y","c.io/z"],"finalizers":["c.io/z"]},"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"$setElementOrder/env":[{"name":"Z"},{"name":"X"}],"env":[{"name":"Z","value":"3"},{"$patch":"delete","name":"W"}],"name":"a"}]}}');
    const out = strategicMergePatch(live, patch, POD) as AnyObj;
    expect(out.metadata.finalizers).toEqual(['b.io/y', 'c.io/z']);
    expect(out.spec.containers).toEqual([{ name: 'a', image: 'a:1', env: [{ name: 'Z', value: '3' }, { name: 'X', value: '1' }], ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 443, protocol: 'TCP' }] }]);
  });
});
