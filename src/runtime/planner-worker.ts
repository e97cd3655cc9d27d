// The shard worker module for planner calls (loaded by the actors' ShardPool in each worker).
// Two ways to get a snapshot there:
// - 'plan-json': the whole snapshot arrives as one JSON string per turn;
// - 'plan' (resident): the worker keeps a mirror per actor key (the workload and what it controls),
//   fed by 'put' messages as informer events happen, plus the nodes; a turn sends only its key, the
//   orphans and pending writes. Handlers are synchronous once definitions are loaded ('warm'), so the
//   messages of one worker apply in the order they were sent. INSTANCE changes when a worker is
//   replaced after a crash, which tells the main thread to re-send that worker's mirrors.
import { randomUUID } from 'node:crypto';
import { controllerOf, type KubeObject, type Node } from '../api/index.js';
import type { PendingWrite, Snapshot, WorkloadDefinition } from './workload-definition.js';
import { loadDefinitions } from './definitions-module.js';

export const INSTANCE = randomUUID();

export type PlannerWorkerMessage =
  | { op: 'warm'; definitionsModule: string }
  | { op: 'plan-json'; definitionsModule: string; kind: string; snapshot: string; nowMs: number }
  | { op: 'put'; key: string; role: 'workload' | 'owned'; kind: string; id: string; json?: string }
  | { op: 'node'; name: string; json?: string }
  | { op: 'drop'; key: string }
  | { op: 'plan'; definitionsModule: string; key: string; kind: string; orphans: string; pending: PendingWrite[]; nowMs: number };

export type PlanAnswer = { instance: string; plan: string } | { instance: string; missing: true };

interface Mirror {
  workload?: KubeObject;
  owned: Map<string, Map<string, KubeObject>>;
}

interface ShardContextLike {
  state: Map<string, unknown>;
}

const loaded = new Map<string, WorkloadDefinition[]>();
const nodes = new Map<string, Node>();

function definition(url: string, kind: string): WorkloadDefinition {
  const defs = loaded.get(url);
  if (!defs) throw new Error(`planner worker: definitions module ${url} not loaded (send "warm" first)`);
  const def = defs.find((d) => d.resource.kind === kind);
  if (!def) throw new Error(`definitions module ${url} has no definition of kind ${kind}`);
  return def;
}

function mirrorOf(ctx: ShardContextLike, key: string): Mirror {
  let m = ctx.state.get(key) as Mirror | undefined;
  if (!m) ctx.state.set(key, (m = { owned: new Map() }));
  return m;
}

export function handle(message: PlannerWorkerMessage, ctx: ShardContextLike): unknown {
  switch (message.op) {
    case 'warm':
      if (loaded.has(message.definitionsModule)) return INSTANCE;
      return loadDefinitions(message.definitionsModule).then((defs) => {
        loaded.set(message.definitionsModule, defs);
        return INSTANCE;
      });
    case 'plan-json': {
      const run = (def: WorkloadDefinition) => JSON.stringify(def.plan(JSON.parse(message.snapshot) as Snapshot, message.nowMs));
      if (loaded.has(message.definitionsModule)) return run(definition(message.definitionsModule, message.kind));
      return loadDefinitions(message.definitionsModule).then((defs) => {
        loaded.set(message.definitionsModule, defs);
        return run(definition(message.definitionsModule, message.kind));
      });
    }
    case 'put': {
      const m = mirrorOf(ctx, message.key);
      if (message.role === 'workload') {
        m.workload = message.json === undefined ? undefined : (JSON.parse(message.json) as KubeObject);
      } else {
        let byId = m.owned.get(message.kind);
        if (!byId) m.owned.set(message.kind, (byId = new Map()));
        if (message.json === undefined) byId.delete(message.id);
        else byId.set(message.id, JSON.parse(message.json) as KubeObject);
      }
      if (!m.workload && m.owned.size === 0) ctx.state.delete(message.key);
      return undefined;
    }
    case 'node':
      if (message.json === undefined) nodes.delete(message.name);
      else nodes.set(message.name, JSON.parse(message.json) as Node);
      return undefined;
    case 'drop':
      ctx.state.delete(message.key);
      return undefined;
    case 'plan': {
      // A replacement worker has neither definitions nor complete mirrors: the main thread resyncs it.
      if (!loaded.has(message.definitionsModule)) return { instance: INSTANCE, missing: true } satisfies PlanAnswer;
      const def = definition(message.definitionsModule, message.kind);
      const m = ctx.state.get(message.key) as Mirror | undefined;
      if (!m?.workload) return { instance: INSTANCE, missing: true } satisfies PlanAnswer;
      const uid = m.workload.metadata?.uid;
      const owned: Record<string, KubeObject[]> = {};
      for (const rt of def.owns) {
        const all = m.owned.get(rt.kind);
        owned[rt.kind] = all ? [...all.values()].filter((o) => controllerOf(o)?.uid === uid) : [];
      }
      const snapshot: Snapshot = {
        workload: m.workload,
        owned,
        orphans: JSON.parse(message.orphans) as Record<string, KubeObject[]>,
        nodes: def.watchesNodes ? [...nodes.values()] : [],
        pending: message.pending,
      };
      return { instance: INSTANCE, plan: JSON.stringify(def.plan(snapshot, message.nowMs)) } satisfies PlanAnswer;
    }
  }
}
