import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/api/index.js';
import { Store } from '../../src/runtime/informer/store.js';
import { actorKey, keysForNode, keysForOwned, parseActorKey, type TriggerContext } from '../../src/runtime/triggers.js';
import type { WorkloadDefinition } from '../../src/runtime/workload-definition.js';
import { emptyPlan } from '../../src/api/plan.js';

const podRt = { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true };
const def = (kind: string, watchesNodes = false): WorkloadDefinition => ({
  resource: { apiVersion: 'apps.kruise.io/v1beta1', kind, plural: kind.toLowerCase() + 's', namespaced: true },
  controllerName: kind.toLowerCase(),
  owns: [podRt],
  watchesNodes,
  selectorOf: (w) => (w.spec as { selector?: never }).selector,
  plan: () => emptyPlan(),
});
const workload = (kind: string, name: string, ns: string, uid: string, app: string): KubeObject => ({
  kind,
  metadata: { name, namespace: ns, uid },
  spec: { selector: { matchLabels: { app } } },
});

function ctx(): TriggerContext {
  const sts = new Store();
  const ds = new Store();
  sts.upsert(workload('StatefulSet', 'web', 'a', 'uid-web', 'web'));
  sts.upsert(workload('StatefulSet', 'web', 'b', 'uid-web-b', 'web'));
  ds.upsert(workload('DaemonSet', 'agent', 'a', 'uid-agent', 'agent'));
  const stores: Record<string, Store> = { StatefulSet: sts, DaemonSet: ds };
  return { definitions: [def('StatefulSet'), def('DaemonSet', true)], workloads: (k) => stores[k] };
}

const owned = (uid: string, ownerKind = 'StatefulSet', ownerName = 'web', labels: Record<string, string> = {}): KubeObject => ({
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'a', labels, ownerReferences: [{ apiVersion: 'x', kind: ownerKind, name: ownerName, uid, controller: true }] },
});

describe('triggers', () => {
  it('routes an owned pod to its controller owner found by uid', () => {
    expect(keysForOwned(ctx(), 'Pod', owned('uid-web'))).toEqual(['StatefulSet/a/web']);
  });

  it('routes by the ownerReference name when the owner is not cached yet', () => {
    expect(keysForOwned(ctx(), 'Pod', owned('uid-unknown', 'StatefulSet', 'new'))).toEqual(['StatefulSet/a/new']);
  });

  it('wakes both the old and the new owner when the controller reference changes', () => {
    const released: KubeObject = { kind: 'Pod', metadata: { name: 'p', namespace: 'a', labels: { app: 'agent' } } };
    expect(keysForOwned(ctx(), 'Pod', released, owned('uid-web')).sort()).toEqual(['DaemonSet/a/agent', 'StatefulSet/a/web']);
  });

  it('routes an orphan to the workloads of its namespace whose selector matches, for adoption', () => {
    const orphan: KubeObject = { kind: 'Pod', metadata: { name: 'o', namespace: 'a', labels: { app: 'web' } } };
    expect(keysForOwned(ctx(), 'Pod', orphan)).toEqual(['StatefulSet/a/web']);
    const other: KubeObject = { kind: 'Pod', metadata: { name: 'o', namespace: 'a', labels: { app: 'none' } } };
    expect(keysForOwned(ctx(), 'Pod', other)).toEqual([]);
  });

  it('ignores owners of kinds no definition owns this kind for', () => {
    expect(keysForOwned(ctx(), 'Pod', owned('u', 'ReplicaSet', 'rs'))).toEqual([]);
  });

  it('sends a node event to every actor of definitions that watch nodes', () => {
    expect(keysForNode(ctx())).toEqual(['DaemonSet/a/agent']);
  });

  it('actor keys round-trip, cluster-scoped included', () => {
    expect(parseActorKey(actorKey('StatefulSet', 'ns', 'web'))).toEqual({ kind: 'StatefulSet', namespace: 'ns', name: 'web' });
    expect(parseActorKey(actorKey('Thing', undefined, 'x'))).toEqual({ kind: 'Thing', namespace: undefined, name: 'x' });
  });
});
