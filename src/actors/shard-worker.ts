// The Piscina entry of a shard worker: loads the handler module named in workerData once, then
// runs each batch task against that worker's resident shard state. A module that fails to load
// answers every batch with the load error (rather than crashing, which would loop restarts).
// No top-level await: in dev this file is loaded through tsx's require hook as CommonJS.
import { workerData } from 'node:worker_threads';
import { ShardHost } from './shard-host.js';
import type { BatchResult, BatchTask, ShardWorkerData } from './shard-protocol.js';
import { serializeError } from './shard-protocol.js';

const data = workerData as ShardWorkerData;
const loading = ShardHost.load(data.moduleUrl, data.viaRequire);
loading.catch(() => {}); // reported per batch

export default async function runBatch(task: BatchTask): Promise<BatchResult> {
  let host: ShardHost;
  try {
    host = await loading;
  } catch (err) {
    return { loadError: serializeError(err) };
  }
  return { results: await host.runBatch(task.items) };
}
