// Planner calls on the actors' ShardPool: a key always plans on its shard's worker. Two transports:
// - 'json': the whole snapshot goes as one JSON string per turn (simple; the main thread pays a
//   stringify of every owned object on every turn);
// - 'resident': each worker mirrors the objects of its shards, fed per informer event (one object
//   stringified once per change), and a turn sends only its key, orphans and pending writes. A worker
//   replaced after a crash answers with a new INSTANCE id; its shards' mirrors are then re-sent from
//   the main caches before the turn is planned again.
import { ShardPool } from '../actors/shard-pool.js';
import { controllerOf, objectKey, type KubeObject, type Plan } from '../api/index.js';
import type { InformerEvent } from './informer/informer.js';
import { INDEX_CONTROLLER_UID, type StoreReader } from './informer/store.js';
import type { PlannerRunner, RunnerContext } from './planner-runner.js';
import type { PlanAnswer, PlannerWorkerMessage } from './planner-worker.js';
import { actorKey } from './triggers.js';
import type { Snapshot, WorkloadDefinition } from './workload-definition.js';

export const PLANNER_WORKER_MODULE = new URL(import.meta.url.endsWith('.ts') ? './planner-worker.ts' : './planner-worker.js', import.meta.url);

export type SnapshotTransport = 'json' | 'resident';

export class PoolPlannerRunner implements PlannerRunner {
  readonly #pool: ShardPool;
  readonly #definitionsModule: string;
  readonly #mode: SnapshotTransport;
  readonly #instances: string[];
  #ctx: RunnerContext | undefined;
  /** Mirror messages sent (for stats). */
  puts = 0;
  resyncs = 0;

  private constructor(pool: ShardPool, definitionsModule: string, mode: SnapshotTransport, instances: string[]) {
    this.#pool = pool;
    this.#definitionsModule = definitionsModule;
    this.#mode = mode;
    this.#instances = instances;
  }

  static async create(workers: number, definitionsModule: URL | string, mode: SnapshotTransport = 'resident'): Promise<PoolPlannerRunner> {
    const pool = new ShardPool({ workers, workerModule: PLANNER_WORKER_MODULE });
    await pool.ready();
    const href = definitionsModule instanceof URL ? definitionsModule.href : definitionsModule;
    // Shard s runs on worker s % workers: shards 0 … workers−1 reach each worker once.
    const instances = await Promise.all(Array.from({ length: workers }, (_, slot) => pool.call<string>(slot, { op: 'warm', definitionsModule: href } satisfies PlannerWorkerMessage)));
    return new PoolPlannerRunner(pool, href, mode, instances);
  }

  get mode(): SnapshotTransport {
    return this.#mode;
  }

  attach(ctx: RunnerContext): void {
    this.#ctx = ctx;
  }

  /** Resident mode: mirrors one informer event into the worker of the actor(s) it belongs to. */
  observe(kind: string, ev: InformerEvent): void {
    const ctx = this.#ctx;
    if (this.#mode !== 'resident' || !ctx) return;
    const deleted = ev.type === 'DELETED';
    const json = deleted ? undefined : JSON.stringify(ev.object);
    for (const def of ctx.definitions) {
      if (def.resource.kind !== kind) continue;
      const matches = !def.matches || def.matches(ev.object);
      if (!matches && !(ev.old && def.matches!(ev.old))) continue;
      const key = actorKey(kind, ev.object.metadata?.namespace, ev.object.metadata?.name ?? '');
      this.#put(key, { op: 'put', key, role: 'workload', kind, id: '', json: matches ? json : undefined });
    }
    if (kind === 'Node' && ctx.definitions.some((d) => d.watchesNodes)) {
      for (let slot = 0; slot < this.#pool.workers; slot++) this.#send(slot, { op: 'node', name: ev.object.metadata?.name ?? '', json });
    }
    if (!ctx.ownedKinds.has(kind)) return;
    const id = objectKey(ev.object);
    const target = deleted ? undefined : this.#ownerKey(kind, ev.object);
    const previous = ev.old ? this.#ownerKey(kind, ev.old) : deleted ? this.#ownerKey(kind, ev.object) : undefined;
    if (previous && previous !== target) this.#put(previous, { op: 'put', key: previous, role: 'owned', kind, id });
    if (target) this.#put(target, { op: 'put', key: target, role: 'owned', kind, id, json });
  }

  async plan(key: string, def: WorkloadDefinition, snapshot: Snapshot, nowMs: number): Promise<Plan> {
    const shard = this.#pool.shardOf(key);
    if (this.#mode === 'json') {
      const msg: PlannerWorkerMessage = { op: 'plan-json', definitionsModule: this.#definitionsModule, kind: def.resource.kind, snapshot: JSON.stringify(snapshot), nowMs };
      return JSON.parse(await this.#pool.call<string>(shard, msg)) as Plan;
    }
    const slot = this.#pool.workerOf(shard);
    const msg: PlannerWorkerMessage = {
      op: 'plan',
      definitionsModule: this.#definitionsModule,
      key,
      kind: def.resource.kind,
      orphans: JSON.stringify(snapshot.orphans),
      pending: snapshot.pending,
      nowMs,
    };
    let ans = await this.#pool.call<PlanAnswer>(shard, msg);
    if (ans.instance !== this.#instances[slot] || 'missing' in ans) {
      await this.#resync(slot);
      ans = await this.#pool.call<PlanAnswer>(shard, msg);
    }
    if ('missing' in ans) throw new Error(`planner worker ${slot} has no mirror of ${key} after a resync`);
    return JSON.parse(ans.plan) as Plan;
  }

  shardOf(key: string): number {
    return this.#pool.shardOf(key);
  }

  close(): Promise<void> {
    return this.#pool.close();
  }

  #ownerKey(kind: string, obj: KubeObject): string | undefined {
    const ref = controllerOf(obj);
    if (!ref) return undefined;
    const def = this.#ctx!.definitions.find((d) => d.resource.kind === ref.kind && d.owns.some((o) => o.kind === kind));
    return def ? actorKey(def.resource.kind, obj.metadata?.namespace, ref.name) : undefined;
  }

  #put(key: string, msg: PlannerWorkerMessage): void {
    this.puts++;
    this.#send(this.#pool.shardOf(key), msg);
  }

  #send(shard: number, msg: PlannerWorkerMessage): void {
    // A lost message (worker crashed with it in flight) is repaired by the resync its next plan triggers.
    this.#pool.call(shard, msg).catch(() => {});
  }

  /** Re-sends every mirror of one worker from the main caches (after it was replaced). */
  async #resync(slot: number): Promise<void> {
    this.resyncs++;
    const ctx = this.#ctx!;
    this.#instances[slot] = await this.#pool.call<string>(slot, { op: 'warm', definitionsModule: this.#definitionsModule });
    const sends: Promise<unknown>[] = [];
    const send = (shard: number, msg: PlannerWorkerMessage) => sends.push(this.#pool.call(shard, msg));
    for (const def of ctx.definitions) {
      const store = ctx.storeOf(def.resource.kind);
      for (const w of store?.list() ?? []) {
        if (def.matches && !def.matches(w)) continue;
        const key = actorKey(def.resource.kind, w.metadata?.namespace, w.metadata?.name ?? '');
        const shard = this.#pool.shardOf(key);
        if (this.#pool.workerOf(shard) !== slot) continue;
        send(shard, { op: 'drop', key });
        send(shard, { op: 'put', key, role: 'workload', kind: def.resource.kind, id: '', json: JSON.stringify(w) });
        for (const rt of def.owns) {
          for (const o of ownedBy(ctx.storeOf(rt.kind), w)) send(shard, { op: 'put', key, role: 'owned', kind: rt.kind, id: objectKey(o), json: JSON.stringify(o) });
        }
      }
    }
    if (ctx.definitions.some((d) => d.watchesNodes)) {
      for (const n of ctx.storeOf('Node')?.list() ?? []) send(slot, { op: 'node', name: n.metadata?.name ?? '', json: JSON.stringify(n) });
    }
    await Promise.all(sends);
  }
}

function ownedBy(store: StoreReader | undefined, w: KubeObject): KubeObject[] {
  return store && w.metadata?.uid ? store.byIndex(INDEX_CONTROLLER_UID, w.metadata.uid) : [];
}
