// Planner calls on the actors' ShardPool: a key always plans on its shard's worker; the snapshot
// goes as one JSON string and the Plan comes back as one (see planner-runner.ts for why).
import { ShardPool } from '../actors/shard-pool.js';
import type { Plan } from '../api/index.js';
import type { PlannerRunner, PlanRequest } from './planner-runner.js';
import type { Snapshot, WorkloadDefinition } from './workload-definition.js';

export const PLANNER_WORKER_MODULE = new URL(import.meta.url.endsWith('.ts') ? './planner-worker.ts' : './planner-worker.js', import.meta.url);

export class PoolPlannerRunner implements PlannerRunner {
  readonly #pool: ShardPool;
  readonly #definitionsModule: string;

  private constructor(pool: ShardPool, definitionsModule: string) {
    this.#pool = pool;
    this.#definitionsModule = definitionsModule;
  }

  static async create(workers: number, definitionsModule: URL | string): Promise<PoolPlannerRunner> {
    const pool = new ShardPool({ workers, workerModule: PLANNER_WORKER_MODULE });
    await pool.ready();
    return new PoolPlannerRunner(pool, definitionsModule instanceof URL ? definitionsModule.href : definitionsModule);
  }

  async plan(key: string, def: WorkloadDefinition, snapshot: Snapshot, nowMs: number): Promise<Plan> {
    const req: PlanRequest = { definitionsModule: this.#definitionsModule, kind: def.resource.kind, snapshot: JSON.stringify(snapshot), nowMs };
    const out = await this.#pool.call<string>(this.#pool.shardOf(key), req);
    return JSON.parse(out) as Plan;
  }

  shardOf(key: string): number {
    return this.#pool.shardOf(key);
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}
