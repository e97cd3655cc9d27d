// Bench scenario `actors`: throughput and latency of src/actors.
// - turns/s for 10,000 actors with a no-op turn (ActorSystem alone, and through ShardPool 0/1/2 workers);
// - turns/s with a ~1 ms CPU turn run through ShardPool with workers 0 (inline), 1, 2 (time-boxed);
// - p50/p99 from tell to turn start at 10,000 events/s over 10,000 keys.
// This file is also the bench's shard worker module (it exports `handle`).
// Run: `npm run bench -- actors [--seconds 2] [--rounds 20]`; writes bench/results/actors.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { isMainThread, Worker } from 'node:worker_threads';
import { ActorSystem, ShardPool, type ShardContext } from '../src/actors/index.js';

type BenchMessage = { type: 'noop' } | { type: 'spin'; iterations: number };

/** Shard handler (runs in the workers, or inline). */
export function handle(message: BenchMessage, _ctx: ShardContext): number {
  return message.type === 'spin' ? spin(message.iterations) : 0;
}

function spin(iterations: number): number {
  let x = 1;
  for (let i = 0; i < iterations; i++) x = (Math.imul(x, 48271) + i) | 0;
  return x;
}

const KEYS = 10_000;
const keys = Array.from({ length: KEYS }, (_, i) => `StatefulSet/ns-${i % 100}/obj-${i}`);

/** Iterations of `spin` that take about `ms` on this thread. */
function calibrate(ms: number): number {
  for (let i = 0; i < 5; i++) spin(1_000_000); // let the JIT optimise it first
  let n = 100_000;
  for (;;) {
    const t0 = performance.now();
    spin(n);
    const took = performance.now() - t0;
    if (took > 20) return Math.round((n * ms) / took);
    n *= 2;
  }
}

async function openPool(workers: number): Promise<ShardPool> {
  const pool = new ShardPool({ workers, workerModule: new URL(import.meta.url) });
  await pool.ready();
  return pool;
}

interface Throughput {
  scenario: string;
  workers: number | '-';
  turns: number;
  seconds: number;
  turnsPerSec: number;
}

/** Every key gets one message per round; a round ends when the system is idle. */
async function noopRounds(rounds: number, pool: ShardPool | null): Promise<Throughput> {
  const msg: BenchMessage = { type: 'noop' };
  const system = new ActorSystem<number>({
    turn: pool === null ? async () => {} : async (key) => void (await pool.call(pool.shardOf(key), msg)),
  });
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const key of keys) system.tell(key, r);
    await system.onIdle();
  }
  const seconds = (performance.now() - t0) / 1000;
  const turns = system.stats().turns;
  await system.stop();
  return { scenario: 'no-op turn', workers: pool === null ? '-' : pool.workers, turns, seconds, turnsPerSec: turns / seconds };
}

/** Tells all 10,000 keys and counts turns completed within `seconds` (1 ms CPU each). */
async function cpuTurns(pool: ShardPool, iterations: number, seconds: number): Promise<Throughput> {
  const msg: BenchMessage = { type: 'spin', iterations };
  let done = 0;
  const system = new ActorSystem<number>({
    turn: async (key) => {
      await pool.call(pool.shardOf(key), msg);
      done++;
    },
  });
  const t0 = performance.now();
  for (const key of keys) system.tell(key, 0);
  const deadline = t0 + seconds * 1000;
  while (performance.now() < deadline && done < KEYS) await new Promise((r) => setTimeout(r, 20));
  const elapsed = (performance.now() - t0) / 1000;
  const turns = done;
  for (const key of keys) system.drop(key);
  await system.stop();
  return { scenario: '~1 ms CPU turn', workers: pool.workers, turns, seconds: elapsed, turnsPerSec: turns / elapsed };
}

interface Latency {
  scenario: string;
  workers: number | '-';
  events: number;
  turns: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Sends `rate` events/s over random keys for `seconds`; measures first tell → turn start. */
async function latency(rate: number, seconds: number, pool: ShardPool | null): Promise<Latency> {
  const pendingSince = new Map<string, number>();
  const samples: number[] = [];
  const msg: BenchMessage = { type: 'noop' };
  const system = new ActorSystem<number>({
    turn: async (key) => {
      const t = pendingSince.get(key);
      if (t !== undefined) {
        samples.push(performance.now() - t);
        pendingSince.delete(key);
      }
      if (pool !== null) await pool.call(pool.shardOf(key), msg);
    },
  });
  let seed = 7;
  let sent = 0;
  const t0 = performance.now();
  const total = rate * seconds;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate));
    for (; sent < due; sent++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const key = keys[seed % KEYS]!;
      if (!pendingSince.has(key)) pendingSince.set(key, performance.now());
      system.tell(key, sent);
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  await system.onIdle();
  await system.stop();
  samples.sort((a, b) => a - b);
  const q = (p: number) => samples[Math.min(samples.length - 1, Math.floor(p * samples.length))] ?? 0;
  return { scenario: `tell → turn start @ ${rate}/s`, workers: pool === null ? '-' : pool.workers, events: sent, turns: samples.length, p50Ms: q(0.5), p99Ms: q(0.99), maxMs: samples.at(-1) ?? 0 };
}

/**
 * The machine's parallel ceiling right now: the same total spin split over 1 and 2 bare
 * worker_threads (no Piscina, no actors). On a shared 2-core box this is what 2 workers can gain.
 */
async function parallelCeiling(iterationsPerMs: number): Promise<number> {
  const code = `const { parentPort } = require('node:worker_threads');
parentPort.on('message', (n) => { let x = 1; for (let i = 0; i < n; i++) x = (Math.imul(x, 48271) + i) | 0; parentPort.postMessage(x); });`;
  const total = iterationsPerMs * 1000; // ~1 s of work on one thread
  const time = async (threads: number) => {
    const ws = Array.from({ length: threads }, () => new Worker(code, { eval: true }));
    await Promise.all(ws.map((w) => new Promise((r) => { w.once('message', r); w.postMessage(1000); })));
    const t0 = performance.now();
    await Promise.all(ws.map((w) => new Promise((r) => { w.once('message', r); w.postMessage(Math.round(total / threads)); })));
    const ms = performance.now() - t0;
    await Promise.all(ws.map((w) => w.terminate()));
    return ms;
  };
  const one = await time(1);
  const two = await time(2);
  return one / two;
}

function flag(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
}

export default async function run(args: string[]): Promise<unknown> {
  const seconds = flag(args, 'seconds', 2);
  const rounds = flag(args, 'rounds', 20);
  const started = performance.now();
  const iterations = calibrate(1);
  const load = loadavg()[0]!;
  const ceiling = await parallelCeiling(iterations);
  const throughput: Throughput[] = [];
  const latencies: Latency[] = [];

  throughput.push(await noopRounds(rounds, null));
  const pools = new Map<number, ShardPool>();
  for (const workers of [0, 1, 2]) pools.set(workers, await openPool(workers));
  for (const workers of [0, 1, 2]) throughput.push(await noopRounds(Math.max(1, Math.round(rounds / 4)), pools.get(workers)!));
  for (const workers of [0, 1, 2]) throughput.push(await cpuTurns(pools.get(workers)!, iterations, seconds));
  latencies.push(await latency(10_000, seconds, null));
  latencies.push(await latency(10_000, seconds, pools.get(2)!));
  for (const pool of pools.values()) await pool.close();

  const inline = (s: string) => throughput.find((t) => t.scenario === s && (t.workers === 0 || t.workers === '-'))!.turnsPerSec;
  console.log(`\nactors bench — ${KEYS.toLocaleString()} actors, 1 ms CPU = ${iterations.toLocaleString()} iterations, node ${process.version}`);
  console.log(`machine: load average ${load.toFixed(1)} on 2 cores; bare 2-thread speedup on the same spin right now: ${ceiling.toFixed(2)}× (the ceiling for 2 workers)\n`);
  console.log(table(['turn', 'workers', 'turns', 'seconds', 'turns/s', 'vs inline'], throughput.map((t) => [
    t.scenario, String(t.workers), t.turns.toLocaleString(), t.seconds.toFixed(2), Math.round(t.turnsPerSec).toLocaleString(),
    t.workers === '-' ? '' : `${(t.turnsPerSec / inline(t.scenario)).toFixed(2)}×`,
  ])));
  console.log();
  console.log(table(['latency', 'workers', 'events', 'turns', 'p50 ms', 'p99 ms', 'max ms'], latencies.map((l) => [
    l.scenario, String(l.workers), l.events.toLocaleString(), l.turns.toLocaleString(), l.p50Ms.toFixed(2), l.p99Ms.toFixed(2), l.maxMs.toFixed(2),
  ])));
  const result = { scenario: 'actors', node: process.version, keys: KEYS, cpuIterationsPerMs: iterations, loadAverage: load, parallelCeiling: ceiling, throughput, latencies, totalSeconds: (performance.now() - started) / 1000 };
  const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'actors.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`\n${result.totalSeconds.toFixed(1)} s; results in ${out}`);
  return result;
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

if (isMainThread && process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  // No top-level await: workers load this file as CommonJS through tsx's require hook.
  run(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
