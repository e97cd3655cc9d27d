// Running a scenario: open a bench environment (fresh cluster, controller child process, pod sampler,
// write counter, progress bar) in a per-run namespace, measure phases, close it, then assemble the
// ScenarioResult (machine, invariants) and write the JSON, the Markdown report and the index.
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import type { Pod } from '../../src/api/index.js';
import { type BenchArgs } from './args.js';
import { startBenchCluster, waitForNodes, type BenchClusterOptions } from './cluster.js';
import { startControllerProcess, type ControllerProcessOptions } from './controller.js';
import { machineInfo } from './machine.js';
import type { BenchContext } from './phase.js';
import { createProgress } from './progress.js';
import { allChecks, type Moonshot, type PhaseResult, type ScenarioResult } from './result.js';
import { writeResult } from './report.js';
import { PodSampler } from './sampler.js';
import { WriteCounter } from './write-counter.js';

const NAMESPACES = { apiVersion: 'v1', kind: 'Namespace', plural: 'namespaces', namespaced: false };

export interface BenchEnv extends BenchContext {
  namespace: string;
  clusterInfo: Record<string, unknown>;
  controllerInfo: Record<string, unknown>;
  close(): Promise<void>;
}

export interface OpenBenchOptions {
  cluster: BenchClusterOptions;
  /** Start the controller (off for a plain-client measurement). @default started */
  controller?: Omit<ControllerProcessOptions, 'kubeconfigPath'> | false;
  /** Schedulable nodes to wait for. @default cluster.nodes */
  waitNodes?: number;
  /** Count only pods of this namespace (the run's own). @default true */
  ownNamespaceOnly?: boolean;
}

let runCounter = 0;

export async function openBench(a: BenchArgs, scenario: string, o: OpenBenchOptions): Promise<BenchEnv> {
  const notes: string[] = [];
  const cluster = await startBenchCluster({ ...o.cluster, kubeconfig: a.kubeconfig, onError: (err, c) => notes.length < 20 && notes.push(`simulator: ${c}: ${(err as Error)?.message ?? String(err)}`) });
  try {
    if (cluster.mode === 'embedded') await waitForNodes(cluster, o.waitNodes ?? o.cluster.nodes ?? 2);
    const namespace = `bench-${scenario}-${Date.now().toString(36)}-${runCounter++}`.slice(0, 63);
    await cluster.client.create(NAMESPACES, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } });
    const sampler = new PodSampler(cluster, { matches: o.ownNamespaceOnly === false ? undefined : (p: Pod) => p.metadata?.namespace === namespace });
    const writes = new WriteCounter(cluster, sampler.t0);
    await Promise.all([sampler.ready, writes.ready]);
    const controllerOpts = o.controller === false ? undefined : { qps: 50, burst: 100, workers: a.workers ?? 0, ...o.controller };
    const controller = controllerOpts
      ? await startControllerProcess({ ...controllerOpts, kubeconfigPath: cluster.kubeconfigPath, logFile: join(tmpdir(), `kactor-bench-${scenario}-controller.log`) })
      : undefined;
    const progress = createProgress(a.progress, scenario);
    return {
      args: a,
      cluster,
      controller,
      sampler,
      writes,
      progress,
      notes,
      namespace,
      clusterInfo: cluster.describe(),
      controllerInfo: controllerOpts
        ? { process: 'child (bench/_harness/controller-main.ts → startController)', workers: controllerOpts.workers, qps: controllerOpts.qps, burst: controllerOpts.burst, definitions: controllerOpts.definitionsModule ?? 'bench/_harness/definitions.ts', startMs: Math.round(controller!.startMs) }
        : {},
      async close() {
        progress.stop();
        await controller?.stop();
        await sampler.stop();
        await writes.stop();
        if (cluster.mode === 'external') await cluster.client.delete(NAMESPACES, undefined, namespace).catch(() => {});
        await cluster.stop();
      },
    };
  } catch (err) {
    await cluster.stop();
    throw err;
  }
}

export interface ScenarioOutcome {
  scenario: string;
  title: string;
  cluster: Record<string, unknown>;
  controller: Record<string, unknown>;
  parameters: Record<string, unknown>;
  phases: PhaseResult[];
  moonshots: Moonshot[];
  headline: Record<string, number | string | null>;
  notes: string[];
}

/** Assembles and writes the result; returns it (what the scenario's `run` resolves with). */
export function finishScenario(a: BenchArgs, startedAt: Date, o: ScenarioOutcome, argv: string[]): ScenarioResult {
  const phases = o.phases;
  const result: ScenarioResult = {
    scenario: o.scenario,
    title: o.title,
    quick: a.quick,
    startedAt: startedAt.toISOString(),
    durationMs: Date.now() - startedAt.getTime(),
    command: `npm run bench -- ${[o.scenario, ...argv].join(' ')}`,
    machine: machineInfo(),
    cluster: o.cluster,
    controller: o.controller,
    parameters: o.parameters,
    phases,
    moonshots: o.moonshots,
    headline: o.headline,
    invariantsOk: false,
    notes: o.notes,
  };
  result.invariantsOk = allChecks(result).every((c) => c.ok);
  const out = a.outDir;
  const files = writeResult(result, out);
  process.stderr.write(`[${o.scenario}] invariants ${result.invariantsOk ? 'hold' : 'VIOLATED'}; report ${files.md}\n`);
  for (const m of o.moonshots) process.stderr.write(`[${o.scenario}]   moonshot ${m.met === null ? '(not measured)' : m.met ? 'met   ' : 'MISSED'} ${m.statement}: ${m.measured}\n`);
  return result;
}

/** The outDir for --quick runs (unless --out was given): bench/results/quick, so full reports stay. */
export function resolveOutDir(a: BenchArgs, argv: string[]): BenchArgs {
  if (a.quick && !argv.some((x) => x === '--out' || x.startsWith('--out='))) return { ...a, outDir: join(a.outDir, 'quick') };
  return a;
}
