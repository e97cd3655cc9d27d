// Scenario 5c (issue 8): `cron-burst` — N AdvancedCronJobs (default 1,000; --quick 50; --acjs N) all scheduled
// for the same minutes (`m1,m2 * * * *`, timeZone UTC), created early enough (15 s + 25 ms per ACJ before the
// first, waiting for the next boundary if needed). They fire --warm-firings times (default 1) a minute apart
// before the measured minute T, as cron jobs on a running controller do; the first firing (cold: the controller
// never created a child before) is measured the same way and reported next to T (coldLag*); --warm-firings 0
// measures the cold firing alone. Children: `--template job` (default; a batch/v1 Job whose pod the simulated
// Job runner runs to Complete) or `--template bcj` (a paused BroadcastJob: no pods, the controller alone).
// Measured per child, from the embedded API server's storage watch (the moment the create is committed, in this
// process) and from its creationTimestamp (the API server's stamp, 1 s resolution: "within 1 s" = T's own second):
// the lag from T, p50/p99/max, and how many are within 1 s. Moonshot: every child within 1 s. Native reference
// (issue 8): 100 CronJobs → Jobs created 4 s (p50) and 10 s (p99) late. The controller runs with --qps/--burst
// (scenario flags; default the harness's 50/100, `kactor run`'s default) and --schedule-burst (1000): children
// are due writes, served first and allowed to borrow that many tokens, so the bucket does not pace the burst;
// the status writes repay the debt afterwards.
// Takes 100–160 s (it waits for minute boundaries), so it is not in the --quick set.
import { DEFAULT_SCHEDULE_BURST } from '../src/runtime/write/write-queue.js';
import { intFlag, parseBenchArgs } from './_harness/args.js';
import { forEachConcurrently } from './_harness/bulk.js';
import { cumulative, finishEventPhase, markEventPhase, spread } from './_harness/event-phase.js';
import { subscribe } from './_harness/event-source.js';
import { BenchOptionsError } from './_harness/errors.js';
import type { Moonshot, ScenarioResult } from './_harness/result.js';
import { finishScenario, openBench, resolveOutDir } from './_harness/scenario.js';
import { metricSum } from './_harness/controller.js';
import { profileWindow } from './_harness/cpu-profile.js';
import type { KubeObject } from '../src/api/index.js';
import type { ResourceType } from '../src/runtime/workload-definition.js';

export const SCENARIO = 'cron-burst';
const ACJS: ResourceType = { apiVersion: 'apps.kruise.io/v1alpha1', kind: 'AdvancedCronJob', plural: 'advancedcronjobs', namespaced: true };
const JOBS: ResourceType = { apiVersion: 'batch/v1', kind: 'Job', plural: 'jobs', namespaced: true };
const BCJS: ResourceType = { apiVersion: 'apps.kruise.io/v1alpha1', kind: 'BroadcastJob', plural: 'broadcastjobs', namespaced: true };

type Template = 'job' | 'bcj';

/** Fires at each of `times` (whole minutes, consecutive): `m1,m2,… * * * *` in UTC. */
function acj(namespace: string, name: string, times: number[], template: Template): Record<string, unknown> {
  const minutes = times.map((t) => new Date(t).getUTCMinutes()).join(',');
  const podSpec = { restartPolicy: 'Never', terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: 'busybox' }] };
  return {
    apiVersion: ACJS.apiVersion,
    kind: 'AdvancedCronJob',
    metadata: { name, namespace },
    spec: {
      schedule: `${minutes} * * * *`,
      timeZone: 'UTC',
      template: template === 'job'
        ? { jobTemplate: { spec: { backoffLimit: 0, template: { spec: podSpec } } } }
        : { broadcastJobTemplate: { spec: { paused: true, template: { spec: podSpec } } } },
    },
  };
}

const isComplete = (o: KubeObject) =>
  ((o.status as { conditions?: Array<{ type?: string; status?: string }> } | undefined)?.conditions ?? []).some((c) => c.type === 'Complete' && c.status === 'True');

export default async function run(argv: string[]): Promise<ScenarioResult> {
  const a = resolveOutDir(parseBenchArgs(argv), argv);
  const startedAt = new Date();
  const n = intFlag(a, 'acjs', a.quick ? 50 : 1000);
  const templateFlag = a.extra.template ?? 'job';
  if (templateFlag !== 'job' && templateFlag !== 'bcj') throw new BenchOptionsError(`--template must be job or bcj (got "${String(templateFlag)}")`);
  const template: Template = templateFlag;
  const qps = intFlag(a, 'qps', 50);
  const burst = intFlag(a, 'burst', 100);
  const scheduleBurst = intFlag(a, 'schedule-burst', DEFAULT_SCHEDULE_BURST);
  // The simulated Job controller writes at kube-controller-manager's client rate (20/s, burst 30), as the
  // native CronJob reference's cluster did; --job-controller-qps 0 lets it create every pod at once.
  const jobControllerQps = intFlag(a, 'job-controller-qps', 0);
  // Warm firings: the same schedules fire this many minutes before the measured one (a controller that has
  // been running, as cron jobs are); 0 measures the first burst after the controller started (cold).
  const warmFirings = intFlag(a, 'warm-firings', 1);
  if (warmFirings > 10) throw new BenchOptionsError(`--warm-firings must be at most 10 (got ${warmFirings})`);
  const jobRunMs = 1000;
  const nodes = 4;
  const env = await openBench(a, SCENARIO, {
    cluster: { nodes, node: { pods: Math.ceil(n / nodes) + 100 }, latency: { imagePullMs: 0, containerStartMs: 0, stopMs: 0, jobRunMs }, timeScale: 1, events: false, jobController: { qps: jobControllerQps, burst: 30 } },
    controller: { qps, burst, scheduleBurst },
  });
  const ns = env.namespace;
  const names = Array.from({ length: n }, (_, i) => `burst-${String(i).padStart(4, '0')}`);
  const childRt = template === 'job' ? JOBS : BCJS;
  const leadMs = 15_000 + n * 25;
  const T0 = Math.ceil((Date.now() + leadMs) / 60_000) * 60_000;
  const firings = Array.from({ length: warmFirings + 1 }, (_, i) => T0 + i * 60_000);
  const T = firings.at(-1)!;
  const suffix = `-${T / 1000}`;
  // Children of the warm firings (by their scheduled time): lag of each, measured as for T.
  const warm = new Map<number, number[]>(firings.slice(0, -1).map((t) => [t, []]));
  const expectedNames = new Set(names.map((x) => x + suffix));

  // Children: arrival (Date.now() at the storage watch event: the commit) and creationTimestamp.
  const children = new Map<string, { arrivedAt: number; perf: number; stamp: number }>();
  const unexpected: string[] = [];
  const completed = new Set<string>();
  let allChildren: () => void = () => {};
  let allComplete: () => void = () => {};
  const childrenDone = new Promise<void>((r) => (allChildren = r));
  const completeDone = new Promise<void>((r) => (allComplete = r));
  const childSub = subscribe(env.cluster, childRt, (type, obj) => {
    if (obj.metadata?.namespace !== ns) return;
    const name = obj.metadata?.name ?? '';
    const firedAt = Number(name.slice(name.lastIndexOf('-') + 1)) * 1000;
    if (type === 'ADDED' && warm.has(firedAt) && !name.endsWith(suffix)) {
      warm.get(firedAt)!.push(Date.now() - firedAt);
      return;
    }
    if (!name.endsWith(suffix) && warm.has(firedAt)) return;
    if (type === 'ADDED' && !children.has(name)) {
      children.set(name, { arrivedAt: Date.now(), perf: performance.now(), stamp: Date.parse(obj.metadata?.creationTimestamp ?? '') });
      if (!expectedNames.has(name)) unexpected.push(name);
      env.progress.update(children.size);
      if (children.size >= n) allChildren();
    }
    if (type !== 'DELETED' && isComplete(obj) && !completed.has(name)) {
      completed.add(name);
      if (completed.size >= n) allComplete();
    }
  });
  const reconciled = new Set<string>();
  let allReconciled: () => void = () => {};
  const reconciledDone = new Promise<void>((r) => (allReconciled = r));
  const acjSub = subscribe(env.cluster, ACJS, (type, obj) => {
    if (obj.metadata?.namespace !== ns || type === 'DELETED') return;
    if ((obj.status as { type?: string } | undefined)?.type) reconciled.add(obj.metadata?.name ?? '');
    if (reconciled.size >= n) allReconciled();
  });
  await Promise.all([childSub.ready, acjSub.ready]);

  const notes: string[] = [];
  let result: Awaited<ReturnType<typeof finishEventPhase>>;
  let createMs = 0;
  let reconciledLeadMs: number | null = null;
  let burstCost: { cpuMsPerChild: number; gcPauseMsPerChild: number; turnsPerChild: number } | null = null;
  try {
    env.progress.phase(`create ${n} AdvancedCronJobs for ${new Date(T).toISOString()}`, n);
    const c0 = performance.now();
    await forEachConcurrently(names, 32, (name) => env.cluster.client.create(ACJS, acj(ns, name, firings, template) as never));
    createMs = performance.now() - c0;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([reconciledDone, new Promise((r) => (timer = setTimeout(r, Math.max(0, T0 - Date.now() - 500))))]);
    clearTimeout(timer);
    reconciledLeadMs = reconciled.size >= n ? T0 - Date.now() : null;
    env.progress.done(`${n} AdvancedCronJobs created in ${(createMs / 1000).toFixed(1)} s; ${reconciled.size} reconciled, ${((T0 - Date.now()) / 1000).toFixed(1)} s before the ${warmFirings ? 'first warm firing' : 'minute'}`);
    for (const t of firings.slice(0, -1)) {
      env.progress.phase(`warm firing at ${new Date(t).toISOString()}`, n);
      await new Promise((r) => setTimeout(r, Math.max(0, t + 3_000 - Date.now())));
      env.progress.done(`warm firing at ${new Date(t).toISOString()}: ${warm.get(t)!.length}/${n} children within 3 s; p99 lag ${spread(warm.get(t)!).p99} ms`);
    }
    const earlyChildren = children.size;

    const mark = await markEventPhase(env);
    // The controller's counters just before T (the mark may be a minute earlier): the burst's own cost.
    await new Promise((r) => setTimeout(r, Math.max(0, T - Date.now() - 300)));
    const preT = env.controller ? await env.controller.scrape().catch(() => []) : [];
    const burstProfile = await profileWindow('bench-burst');
    env.progress.phase(`burst at ${new Date(T).toISOString()}`, n);
    const timeoutMs = T - Date.now() + 180_000;
    let timedOut: string | undefined;
    const crashed = env.controller?.exited.then((code) => `the controller process exited (code ${code})`);
    const to = new Promise<string>((r) => (timer = setTimeout(() => r(`only ${children.size}/${n} children within ${Math.round(timeoutMs / 1000)} s`), timeoutMs)));
    timedOut = await Promise.race([childrenDone.then(() => undefined), to, ...(crashed ? [crashed] : [])]);
    clearTimeout(timer);
    if (burstProfile) notes.push(`CPU profile of the bench process (API server, simulated cluster) over the burst: ${await burstProfile.stop()}`);
    // The controller's own cost of the burst, from T − 0.3 s to the last child: process CPU (all threads),
    // GC pauses and turns per child.
    const atLast = env.controller ? await env.controller.scrape().catch(() => []) : [];
    if (atLast.length && preT.length) {
      const d = (name: string) => metricSum(atLast, name) - metricSum(preT, name);
      burstCost = {
        cpuMsPerChild: Math.round((d('process_cpu_seconds_total') * 1e6) / n) / 1000,
        gcPauseMsPerChild: Math.round((d('nodejs_gc_duration_seconds_sum') * 1e6) / n) / 1000,
        turnsPerChild: Math.round((d('controller_runtime_reconcile_total') / n) * 100) / 100,
      };
    }
    const perfAtT = performance.now() - (Date.now() - T);
    const tLast = Math.max(perfAtT, ...[...children.values()].map((c) => c.perf));
    let completeMs: number | null = null;
    if (template === 'job' && !timedOut) {
      const completeWaitMs = 120_000 + (jobControllerQps > 0 ? (n * 3 * 1000) / jobControllerQps : 0); // pod create + 2 status writes per Job
      const r = await Promise.race([completeDone.then(() => 'ok'), new Promise((res) => (timer = setTimeout(() => res('timeout'), completeWaitMs)))]);
      clearTimeout(timer);
      completeMs = r === 'ok' ? Date.now() - T : null;
    }
    await new Promise((r) => setTimeout(r, 500));

    const lagMs = [...children.values()].map((c) => c.arrivedAt - T);
    const stampLagMs = [...children.values()].map((c) => c.stamp - T);
    const within1s = lagMs.filter((x) => x >= 0 && x < 1000).length;
    const stampSameSecond = stampLagMs.filter((x) => x === 0).length;
    const lag = spread(lagMs);
    const stamp = spread(stampLagMs);
    const missing: Array<[number, number]> = [[0, n]];
    [...children.values()].map((c) => (c.perf - perfAtT) / 1000).sort((x, y) => x - y).forEach((t, i) => missing.push([t, n - i - 1]));
    result = await finishEventPhase(env, mark, {
      name: `${n} AdvancedCronJobs fire at one minute`,
      description: `${n} AdvancedCronJobs scheduled for ${new Date(T).toISOString()}${warmFirings ? ` (they fired ${warmFirings === 1 ? 'once' : `${warmFirings} times`} before, a minute apart, from ${new Date(T0).toISOString()}: this is a controller that has been running; the first firing, cold, is reported as coldLag*)` : ' (the first firing after the controller started: cold)'}, each creating a ${template === 'job' ? 'batch/v1 Job (one pod, run by the simulated Job runner for ' + jobRunMs + ' ms)' : 'paused BroadcastJob (no pods)'}. Time 0 is the scheduled time; the count is children committed to storage (the embedded API server's watch).`,
      expected: n,
      final: children.size,
      tStart: perfAtT,
      tEnd: tLast,
      ideal: { ms: 1000, formula: 'every child within 1 s of the scheduled time', curve: [[0, 0], [0, n], [1000, n]] },
      series: cumulative([...children.values()].map((c) => c.perf - perfAtT)),
      missing,
      podsCreated: env.sampler.counts.created,
      podsDeleted: env.sampler.counts.deleted,
      invariants: [
        { name: 'one child per AdvancedCronJob, named <acj>-<T unix seconds>', ok: !timedOut && children.size === n && unexpected.length === 0, detail: timedOut ?? `${children.size} children, ${unexpected.length} unexpected${unexpected.length ? ` (${unexpected.slice(0, 3).join(', ')})` : ''}` },
        { name: 'no child before the scheduled time', ok: earlyChildren === 0 && (lag.min ?? 0) >= 0, detail: `${earlyChildren} before the burst phase; earliest commit ${lag.min} ms after T` },
        { name: 'every AdvancedCronJob reconciled before its first firing', ok: reconciledLeadMs !== null && reconciledLeadMs > 0, detail: reconciledLeadMs === null ? `${reconciled.size}/${n} had status.type when the first firing came` : `all ${n} had status.type ${reconciledLeadMs} ms before it` },
        ...[...warm].map(([t, lags]) => ({ name: `warm firing at ${new Date(t).toISOString().slice(11, 19)}: one child per AdvancedCronJob`, ok: lags.length === n, detail: `${lags.length}/${n} children, lag p50 ${spread(lags).p50} ms, p99 ${spread(lags).p99} ms` })),
        ...(template === 'job' ? [{ name: 'every Job Complete (simulated Job runner)', ok: completed.size === n, detail: `${completed.size}/${n} Complete${completeMs !== null ? `, the last ${completeMs} ms after T` : ''}` }] : []),
      ],
      metrics: {
        lagP50Ms: lag.p50, lagP99Ms: lag.p99, lagMaxMs: lag.max, lagMinMs: lag.min,
        childrenWithin1s: within1s,
        creationTimestampLagP50Ms: stamp.p50, creationTimestampLagP99Ms: stamp.p99, creationTimestampLagMaxMs: stamp.max,
        creationTimestampInScheduledSecond: stampSameSecond,
        acjCreateMs: Math.round(createMs),
        acjsReconciledMsBeforeT: reconciledLeadMs,
        warmFirings,
        coldLagP50Ms: warmFirings ? spread(warm.get(T0)!).p50 : lag.p50,
        coldLagP99Ms: warmFirings ? spread(warm.get(T0)!).p99 : lag.p99,
        coldChildrenWithin1s: warmFirings ? warm.get(T0)!.filter((x) => x >= 0 && x < 1000).length : within1s,
        lastJobCompleteMsAfterT: completeMs,
        controllerCpuMsPerChildInBurst: burstCost?.cpuMsPerChild ?? null,
        controllerGcPauseMsPerChildInBurst: burstCost?.gcPauseMsPerChild ?? null,
        controllerTurnsPerChildInBurst: burstCost?.turnsPerChild ?? null,
      },
    });
    if (!timedOut && env.sampler.counts.created === 0 && template === 'job') notes.push('no pod was seen for the Jobs: check the simulated Job runner');
  } finally {
    await childSub.cancel();
    await acjSub.cancel();
    await env.close();
  }
  const p = result.phase;
  const m = p.metrics as Record<string, number | null>;
  const ctlWrites = Object.entries(p.controllerRequests).filter(([v]) => !['get', 'list', 'watch'].includes(v)).reduce((s, [, v]) => s + v, 0);
  const perChild = ctlWrites / Math.max(1, n);
  const floorS = qps > 0 ? Math.max(0, n * Math.min(perChild, 2) - burst) / qps : 0;
  // Children are due writes: they may borrow --schedule-burst tokens, so the bucket paces them only
  // beyond burst + scheduleBurst.
  const pacedByBucket = qps > 0 && n > burst + scheduleBurst;
  const limitedBy = pacedByBucket
    ? `the controller's write rate limiter (child process flags --qps ${qps} --burst ${burst}; the harness passes 50/100 unless --qps/--burst are given): the burst cost ${ctlWrites} controller writes (${perChild.toFixed(2)} per child: the child's create plus the AdvancedCronJob's status writes, all through the same limiter), so even the creates alone need ≥ (${n} − ${burst} − ${scheduleBurst} borrowed) / ${qps} = ${(Math.max(0, n - burst - scheduleBurst) / qps).toFixed(1)} s and with status writes ≥ ${floorS.toFixed(1)} s; a write waited ${m.controllerWriteQueueWaitMeanMs ?? '?'} ms on average in the write queue; the first child was committed ${m.lagMinMs} ms after T`
    : `${qps > 0 ? `not the rate limiter (children borrow up to --schedule-burst ${scheduleBurst} tokens beyond --burst ${burst}; status writes repay them afterwards)` : 'no rate limit (--qps 0)'}: the machine's 2 cores, shared by the controller (${m.controllerCpuMsPerChildInBurst ?? '?'} ms of process CPU per child, all threads, ${m.controllerTurnsPerChildInBurst ?? '?'} turn per child), the embedded API server (admission, storage, watch fan-out) and the simulated cluster's reaction to each new Job (Job runner${jobControllerQps > 0 ? ` at ${jobControllerQps} writes/s` : ', unlimited'}: pod create, bind, kubelet and Job status writes); the first child was committed ${m.lagMinMs} ms after T (the phase counted ${perChild.toFixed(2)} controller writes per child${warmFirings ? ', with the status writes of the previous firing that wait behind the creates' : ''})`;
  // On Node 20 (V8 11.3) the burst's code paths are compiled by the optimizing compiler's background threads
  // while it runs: with GC helpers they took ~1.4 s of CPU across both processes on 2 cores (per-thread /proc
  // sampling), against ~0.5 s on Node 24. Say so when the miss is on an older Node.
  const nodeMajor = Number(process.versions.node.split('.')[0]);
  const nodeNote = nodeMajor < 22 ? `Node ${process.versions.node}, whose V8 spends much of the burst compiling and collecting on helper threads (the same run on Node 22 and 24: bench/results/cron-burst-node22, cron-burst-node24); ` : '';
  const moon: Moonshot = {
    id: 'cron-on-time',
    statement: 'every child within 1 s of its scheduled time',
    target: `${n}/${n} within 1 s`,
    measured: `${m.childrenWithin1s}/${n} within 1 s (storage commit); p50 ${m.lagP50Ms} ms, p99 ${m.lagP99Ms} ms, max ${m.lagMaxMs} ms; creationTimestamp in T's second: ${m.creationTimestampInScheduledSecond}/${n}${warmFirings ? `; the first (cold) firing of the same run: ${m.coldChildrenWithin1s}/${n} within 1 s, p50 ${m.coldLagP50Ms} ms, p99 ${m.coldLagP99Ms} ms` : ''}`,
    met: m.childrenWithin1s === n,
    limitedBy: m.childrenWithin1s === n ? undefined : nodeNote + limitedBy,
  };
  const native: Moonshot = {
    id: 'cron-vs-native',
    statement: 'p99 lag below the native CronJob reference (100 CronJobs: 4 s p50, 10 s p99)',
    target: 'p50 < 4 s, p99 < 10 s',
    measured: `p50 ${((m.lagP50Ms ?? NaN) / 1000).toFixed(2)} s, p99 ${((m.lagP99Ms ?? NaN) / 1000).toFixed(2)} s with ${n} AdvancedCronJobs`,
    met: m.lagP50Ms === null ? null : (m.lagP50Ms ?? Infinity) < 4000 && (m.lagP99Ms ?? Infinity) < 10_000,
    limitedBy: (m.lagP99Ms ?? Infinity) < 10_000 ? undefined : limitedBy,
  };
  return finishScenario(a, startedAt, {
    scenario: SCENARIO,
    title: `${n} AdvancedCronJobs firing in the same minute (${template === 'job' ? 'jobTemplate' : 'broadcastJobTemplate'})`,
    cluster: env.clusterInfo,
    controller: env.controllerInfo,
    parameters: { acjs: n, template, warmFirings, firstFiringAt: new Date(T0).toISOString(), scheduledAt: new Date(T).toISOString(), leadMs, nodes, jobRunMs, qps, burst, scheduleBurst, nativeReference100CronJobs: { p50S: 4, p99S: 10 } },
    phases: [p],
    moonshots: [moon, native],
    headline: {
      'children': `${p.finalReady}/${n}`,
      'lag p50 (ms)': m.lagP50Ms,
      'lag p99 (ms)': m.lagP99Ms,
      'lag max (ms)': m.lagMaxMs,
      'within 1 s': m.childrenWithin1s,
      'creationTimestamp in T’s second': m.creationTimestampInScheduledSecond,
      'controller --qps': qps,
    },
    notes: [
      'Lag = the moment the child is committed to the embedded API server\'s storage (its in-process watch, no HTTP) − the scheduled time; creationTimestamp has 1 s resolution, so "in T\'s second" is the 1 s criterion of test/e2e/advancedcronjob-on-time.test.ts.',
      'Native CronJob on 100 simulated nodes (issue 8): 100 CronJobs in one minute → Jobs created 4 s (p50) and 10 s (p99) late.',
      ...notes,
      ...env.notes,
    ],
  }, argv);
}
