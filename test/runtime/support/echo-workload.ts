// A small workload defined for the runtime's tests and bench: an `Echo` (test.kactor.io/v1, a CRD with
// a status subresource) owns `spec.replicas` ConfigMaps created with generateName and labelled with
// their index, each carrying `spec.data`. Children come from generateName so a stale cache *would*
// create duplicates: the no-duplicate invariant really tests expectations. `spec.work` burns a
// deterministic amount of CPU in the planner (the bench's "~1 ms planner"). Also usable as a
// definitions module (`definitions` export) for shard workers.
import { isMainThread } from 'node:worker_threads';
import { controllerRefTo, emptyPlan, type KubeObject, type Plan, type PlanAction } from '../../../src/api/index.js';
import type { ResourceType, Snapshot, WorkloadDefinition } from '../../../src/runtime/workload-definition.js';

export const ECHOES: ResourceType = { apiVersion: 'test.kactor.io/v1', kind: 'Echo', plural: 'echoes', namespaced: true };
export const CONFIGMAPS: ResourceType = { apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true };
export const INDEX_LABEL = 'kactor-test/index';
export const OWNER_LABEL = 'kactor-test/echo';

export interface EchoSpec {
  replicas?: number;
  data?: Record<string, string>;
  /** Iterations of a CPU loop in the planner (~1 ms per 300k on this machine). */
  work?: number;
  /** Test only: a planner worker thread planning this Echo dies. */
  crashWorker?: boolean;
}

export const ECHO_CRD: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'echoes.test.kactor.io' },
  spec: {
    group: 'test.kactor.io',
    scope: 'Namespaced',
    names: { plural: 'echoes', singular: 'echo', kind: 'Echo', listKind: 'EchoList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
            },
          },
        },
      },
    ],
  },
};

export function echo(name: string, spec: EchoSpec, namespace = 'default'): KubeObject {
  return { apiVersion: ECHOES.apiVersion, kind: 'Echo', metadata: { name, namespace }, spec };
}

export function burn(iterations: number): number {
  let x = 0;
  for (let i = 0; i < iterations; i++) x = (x * 31 + i) % 1_000_003;
  return x;
}

function sameData(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ak = Object.keys(a ?? {});
  if (ak.length !== Object.keys(b ?? {}).length) return false;
  return ak.every((k) => a![k] === b?.[k]);
}

export function planEcho(snapshot: Snapshot, _nowMs: number): Plan {
  const w = snapshot.workload;
  const spec = (w.spec ?? {}) as EchoSpec;
  if (spec.work) burn(spec.work);
  if (spec.crashWorker && !isMainThread) process.exit(1); // in a worker thread this ends the thread only
  const name = w.metadata!.name!;
  const replicas = spec.replicas ?? 1;
  const children = (snapshot.owned.ConfigMap ?? []).filter((c) => !c.metadata?.deletionTimestamp);
  const byIndex = new Map<number, KubeObject>();
  const actions: PlanAction[] = [];
  for (const c of children) {
    const i = Number(c.metadata?.labels?.[INDEX_LABEL]);
    const ref = { apiVersion: 'v1', kind: 'ConfigMap', namespace: c.metadata?.namespace, name: c.metadata!.name!, uid: c.metadata?.uid };
    if (!Number.isInteger(i) || i >= replicas || byIndex.has(i)) {
      actions.push({ type: 'delete', ref, onSuccess: { type: 'Normal', reason: 'SuccessfulDelete', message: `delete ConfigMap ${ref.name} in Echo ${name} successful` } });
      continue;
    }
    byIndex.set(i, c);
    if (!sameData((c as { data?: Record<string, string> }).data, spec.data)) {
      actions.push({ type: 'patch', ref, patchType: 'merge', patch: { data: spec.data ?? null } });
    }
  }
  for (let i = 0; i < replicas; i++) {
    if (byIndex.has(i)) continue;
    actions.push({
      type: 'create',
      object: {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { generateName: `${name}-${i}-`, namespace: w.metadata?.namespace, labels: { [INDEX_LABEL]: String(i), [OWNER_LABEL]: name }, ownerReferences: [controllerRefTo(w)] },
        data: spec.data ?? {},
      },
      onSuccess: { type: 'Normal', reason: 'SuccessfulCreate', message: `create ConfigMap index ${i} in Echo ${name} successful` },
      onFailure: { type: 'Warning', reason: 'FailedCreate', message: `create ConfigMap index ${i} in Echo ${name} failed: {err}` },
    });
  }
  const upToDate = [...byIndex.values()].filter((c) => sameData((c as { data?: Record<string, string> }).data, spec.data)).length;
  return {
    ...emptyPlan(),
    phases: actions.length ? [actions] : [],
    status: { observedGeneration: w.metadata?.generation ?? 0, replicas: byIndex.size, updatedReplicas: upToDate },
  };
}

export const echoDefinition: WorkloadDefinition = {
  resource: ECHOES,
  controllerName: 'echo-controller',
  owns: [CONFIGMAPS],
  watchesNodes: false,
  plan: planEcho,
};

export const definitions: WorkloadDefinition[] = [echoDefinition];
