// Where planner calls run. Inline: on the main thread, the snapshot passed by reference (the
// baseline). Pooled: on the actors' ShardPool — the worker imports the definitions module by URL,
// the snapshot travels as one JSON string and the Plan comes back as one (STACK.md: strings cost
// 4–7 ms per 200 KB where structured clone costs 11–23 ms).
import type { Plan } from '../api/index.js';
import type { InformerEvent } from './informer/informer.js';
import type { StoreReader } from './informer/store.js';
import type { Snapshot, WorkloadDefinition } from './workload-definition.js';

/** What a runner may read on the main thread (resident mode re-sends mirrors from it). */
export interface RunnerContext {
  definitions: readonly WorkloadDefinition[];
  ownedKinds: ReadonlySet<string>;
  storeOf(kind: string): StoreReader | undefined;
}

export interface PlannerRunner {
  plan(key: string, def: WorkloadDefinition, snapshot: Snapshot, nowMs: number): Promise<Plan>;
  /** Gives the runner the caches (before informers start). */
  attach?(ctx: RunnerContext): void;
  /** Every informer event, after the cache applied it (resident mode mirrors it into a worker). */
  observe?(kind: string, ev: InformerEvent): void;
  /** Shard of a key (for the kactor_actors{shard} gauge); 0 inline. */
  shardOf(key: string): number;
  close(): Promise<void>;
}

export class InlinePlannerRunner implements PlannerRunner {
  async plan(_key: string, def: WorkloadDefinition, snapshot: Snapshot, nowMs: number): Promise<Plan> {
    return def.plan(snapshot, nowMs);
  }
  shardOf(): number {
    return 0;
  }
  async close(): Promise<void> {}
}

