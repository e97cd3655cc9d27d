// The chaos harness: one run = a fresh stack (faults aimed at the controller), an invariant monitor on
// the workload and its pods, the workload created and rolled out while the controller process is
// SIGKILLed and restarted at seeded random moments and a planner worker thread is killed; then the run
// must converge within a bound with zero violations. Prints one summary line per run.
import { expect } from 'vitest';
import { FAULT_CLASSES, type FaultClass, type FaultOptions } from '../../src/cluster/apiserver/index.js';
import { seededRandom } from '../../src/api/random.js';
import { isAvailable, REVISION_LABEL, watchInvariants, type Invariant, type MonitorState } from '../support/invariants.js';
import { startChaosStack, type ChaosStack } from '../support/chaos-stack.js';

export const LARGE = process.env.KACTOR_CHAOS === 'large';
/** Per-run test timeout: two convergence bounds plus disruptions (KACTOR_CHAOS_TIMEOUT_MS overrides it on a slow machine). */
export const TEST_TIMEOUT_MS = Number(process.env.KACTOR_CHAOS_TIMEOUT_MS) || (LARGE ? 180_000 : 75_000);

/** Fault profiles: each class alone, and all of them at once. */
export const PROFILES: Record<FaultClass | 'mixed', FaultOptions> = {
  conflict: { conflictRate: 0.15 },
  tooManyRequests: { tooManyRequestsRate: 0.08, retryAfterSeconds: 1 },
  serverError: { serverErrorRate: 0.15 },
  latency: { latency: { distribution: 'exponential', meanMs: 15, maxMs: 150 } },
  watchCut: { watchCutRate: 0.3 },
  watchGone: { watchGoneRate: 0.5 },
  lostResponse: { lostResponseRate: 0.1 },
  mixed: {
    conflictRate: 0.05, tooManyRequestsRate: 0.03, serverErrorRate: 0.05, lostResponseRate: 0.08,
    latency: { rate: 0.3, distribution: 'exponential', meanMs: 10, maxMs: 100 }, watchCutRate: 0.15, watchGoneRate: 0.3,
  },
};

/** Small runs in `npm test` use the mixed profile only; `npm run chaos` runs every class alone too. */
export const PROFILE_NAMES: Array<keyof typeof PROFILES> = LARGE ? [...FAULT_CLASSES, 'mixed'] : ['mixed'];

export interface Scenario {
  name: string;
  /** Collection path of the workload kind (namespace default). */
  path: string;
  kind: string;
  podSelector: string;
  /** The workload at `size` pods (or nodes). */
  manifest(size: number): any;
  /** A merge patch that starts the rollout (undefined: the workload runs once, e.g. a job). */
  rollout?: any;
  invariants(): Invariant[];
  /** True once the workload has converged on its update revision (`rolled`: after the rollout patch). */
  converged(state: MonitorState, size: { replicas: number; nodes: number }, rolled: boolean): boolean;
}

export interface RunOptions {
  profile: keyof typeof PROFILES;
  seed: number;
  size: number;
  nodes: number;
  controllerKills: number;
  workerKills: number;
  /** Convergence bound after the last disruption. */
  boundMs: number;
}

export interface RunResult {
  faults: Record<FaultClass, number>;
  controllerKills: number;
  workerKills: number;
  violations: string[];
  convergedMs: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** What the monitor sees, for a timeout message. */
function describeState(state: MonitorState): string {
  const w = state.workload as any;
  const pods = [...state.pods.values()].map((p: any) => `${p.metadata.name}:${p.status?.phase ?? '-'}${isAvailable(p) ? '+' : ''}:${p.metadata.labels?.[REVISION_LABEL] ?? '-'}:${p.spec?.containers?.[0]?.image}${p.metadata.deletionTimestamp ? ':T' : ''}`);
  const stuck = [...state.pods.values()].filter((p: any) => !isAvailable(p)).map(describePodDetail);
  return `generation=${w?.metadata?.generation} status=${JSON.stringify(w?.status)} pods=[${pods.join(' ')}]${stuck.length ? `; unavailable: ${stuck.join('; ')}` : ''}`;
}

/** An unavailable pod's in-place facts: resourceVersion, conditions, state annotation, container statuses. */
function describePodDetail(p: any): string {
  const conditions = (p.status?.conditions ?? []).map((c: any) => `${c.type}=${c.status}${c.reason ? `(${c.reason})` : ''}`).join(',');
  const containers = (p.status?.containerStatuses ?? []).map((c: any) => `${c.name}{image=${c.image} imageID=…${String(c.imageID ?? '').slice(-8)} restarts=${c.restartCount} ready=${c.ready}}`).join(',');
  const annotations = Object.fromEntries(Object.entries(p.metadata?.annotations ?? {}).filter(([k]) => k.includes('inplace') || k.includes('lifecycle')));
  return `${p.metadata?.name} rv=${p.metadata?.resourceVersion} conditions=[${conditions}] containers=[${containers}] annotations=${JSON.stringify(annotations)}`;
}

export async function chaosRun(s: Scenario, o: RunOptions): Promise<RunResult> {
  const random = seededRandom(o.seed);
  const stack: ChaosStack = await startChaosStack({ nodes: o.nodes, workers: 1 });
  const monitor = watchInvariants({ kubeconfigPath: stack.cluster.kubeconfigPath, name: s.name, podSelector: s.podSelector, kind: s.kind, workloadPath: s.path }, s.invariants());
  const until = (what: string, rolled: boolean) =>
    monitor.until(what, (st) => s.converged(st, { replicas: o.size, nodes: o.nodes }, rolled), o.boundMs).catch((err: Error) => {
      throw new Error(`${err.message}; faults ${JSON.stringify(stack.faultCounts())}; ${describeState(monitor.state)}`);
    });
  try {
    await monitor.ready;
    await stack.startController();
    stack.cluster.server.faults.set({ ...PROFILES[o.profile], seed: o.seed, match: (r) => r.userAgent === 'kactor' });
    const t0 = Date.now();
    // The first worker kill is armed just before the change under test: the next planner turn dies.
    // No time bound of its own: the controller may be restarting (its start is unbounded too, and takes
    // seconds on a loaded machine); the test's timeout bounds it.
    const armWorkerKill = () => (o.workerKills > 0 ? stack.killWorker(Number.POSITIVE_INFINITY) : Promise.resolve(true));
    let workerKilled: Promise<boolean> | undefined = s.rollout ? undefined : armWorkerKill();
    const created = await stack.call('POST', s.path, s.manifest(o.size));
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    if (s.rollout) {
      await until(`${s.name} converged before the rollout`, false);
      workerKilled = armWorkerKill();
      const rolled = await stack.call('PATCH', `${s.path}/${s.name}`, s.rollout, 'application/merge-patch+json');
      expect(rolled.status, JSON.stringify(rolled.json)).toBe(200);
    }
    // Disruptions at seeded random moments of the rollout.
    const disruptions: Array<() => Promise<void>> = [];
    for (let i = 0; i < o.controllerKills; i++) disruptions.push(async () => {
      await stack.killController();
      await sleep(random() * 300);
      await stack.startController();
    });
    for (let i = 1; i < o.workerKills; i++) disruptions.push(async () => void (await stack.killWorker(3000)));
    for (const d of shuffle(disruptions, random)) {
      await sleep(random() * 250);
      await d();
    }
    expect(await workerKilled, 'the armed worker kill was never consumed by a planner turn').toBe(true);
    const settleFrom = Date.now();
    await until(`${s.name} converged under ${o.profile} faults`, s.rollout !== undefined);
    const result: RunResult = {
      faults: stack.faultCounts(),
      controllerKills: stack.kills.controller,
      workerKills: stack.kills.worker,
      violations: monitor.report(),
      convergedMs: Date.now() - t0,
    };
    const faults = Object.entries(result.faults).map(([k, v]) => `${k}=${v}`).join(' ');
    console.log(`[chaos] ${s.kind} ${o.profile} size=${o.size} seed=${o.seed}: faults ${faults}; controller kills ${result.controllerKills}; worker kills ${result.workerKills}; violations ${result.violations.length}; converged in ${result.convergedMs} ms (${Date.now() - settleFrom} ms after the last disruption)`);
    return result;
  } finally {
    monitor.stop();
    await stack.stop();
  }
}

function shuffle<T>(items: T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The run's size and disruption counts for the current mode. */
export function runOptions(profile: keyof typeof PROFILES, seed: number): RunOptions {
  return LARGE
    ? { profile, seed, size: 10, nodes: 6, controllerKills: 3, workerKills: 2, boundMs: 60_000 }
    : { profile, seed, size: 4, nodes: 3, controllerKills: 1, workerKills: 1, boundMs: 30_000 };
}

/** Asserts a run survived: no violation and convergence (checked by chaosRun); faults of the profile were injected. */
export function expectSurvived(r: RunResult, profile: keyof typeof PROFILES): void {
  expect(r.violations).toEqual([]);
  if (profile !== 'mixed') expect(r.faults[profile], `no ${profile} fault was injected`).toBeGreaterThan(0);
  else expect(Object.values(r.faults).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
}
