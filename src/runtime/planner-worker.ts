// The shard worker module for planner calls (loaded by the actors' ShardPool in each worker, or
// inline): imports the definitions module named in the request (once per worker), parses the
// snapshot string, plans, and answers the Plan as a JSON string. Pure: no I/O besides the import.
import type { Snapshot } from './workload-definition.js';
import { loadDefinitions } from './definitions-module.js';
import type { PlanRequest } from './planner-runner.js';

export async function handle(message: PlanRequest): Promise<string> {
  const defs = await loadDefinitions(message.definitionsModule);
  const def = defs.find((d) => d.resource.kind === message.kind);
  if (!def) throw new Error(`definitions module ${message.definitionsModule} has no definition of kind ${message.kind}`);
  const snapshot = JSON.parse(message.snapshot) as Snapshot;
  return JSON.stringify(def.plan(snapshot, message.nowMs));
}
