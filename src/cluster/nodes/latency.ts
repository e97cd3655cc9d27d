// The latency model of the simulated kubelets: how long an image pull, a container start, a job run and a
// container stop take (in simulated milliseconds), with jitter, a failure rate and a seeded random source
// so that a run is reproducible. `timeScale` converts simulated time into wall-clock time.
import { seededRandom } from '../../api/random.js';
import { SimulatorOptionsError } from './errors.js';

export interface LatencyOptions {
  /** Image pull time for an image not yet on the node. @default 1500 */
  imagePullMs?: number;
  /** Container create + start time. @default 500 */
  containerStartMs?: number;
  /** Run time of a container of a restartPolicy Never/OnFailure pod. @default 3000 */
  jobRunMs?: number;
  /** Time a container takes to stop after SIGTERM (capped by terminationGracePeriodSeconds). @default 1000 */
  stopMs?: number;
  /** Relative jitter applied to every duration: 0.25 means ±25 %. @default 0.25 */
  jitter?: number;
  /** Probability that a job container run fails (exit 1) when the pod does not say. @default 0 */
  failureRate?: number;
}

export type ResolvedLatency = Required<LatencyOptions>;

export const REALISTIC_LATENCY: ResolvedLatency = {
  imagePullMs: 1500,
  containerStartMs: 500,
  jobRunMs: 3000,
  stopMs: 1000,
  jitter: 0.25,
  failureRate: 0,
};

/** Everything happens at once: for benches. */
export const ZERO_LATENCY: ResolvedLatency = {
  imagePullMs: 0,
  containerStartMs: 0,
  jobRunMs: 0,
  stopMs: 0,
  jitter: 0,
  failureRate: 0,
};

export type LatencyPreset = 'realistic' | 'zero';

export function resolveLatency(input: LatencyOptions | LatencyPreset | undefined): ResolvedLatency {
  if (input === undefined || input === 'realistic') return { ...REALISTIC_LATENCY };
  if (input === 'zero') return { ...ZERO_LATENCY };
  if (typeof input !== 'object' || input === null) {
    throw new SimulatorOptionsError(`options.latency must be "realistic", "zero" or an object, got ${JSON.stringify(input)}`);
  }
  const out: ResolvedLatency = { ...REALISTIC_LATENCY };
  for (const key of Object.keys(REALISTIC_LATENCY) as Array<keyof ResolvedLatency>) {
    const v = input[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      throw new SimulatorOptionsError(`options.latency.${key} must be a non-negative number, got ${JSON.stringify(v)}`);
    }
    out[key] = v;
  }
  if (out.jitter > 1) throw new SimulatorOptionsError(`options.latency.jitter must be between 0 and 1, got ${out.jitter}`);
  if (out.failureRate > 1) {
    throw new SimulatorOptionsError(`options.latency.failureRate must be between 0 and 1, got ${out.failureRate}`);
  }
  return out;
}

/** Draws durations (simulated ms) and outcomes from a resolved latency model and a seeded random source. */
export class LatencyModel {
  readonly #random: () => number;
  constructor(
    readonly latency: ResolvedLatency,
    seed: number,
  ) {
    this.#random = seededRandom(seed);
  }

  #jittered(base: number): number {
    if (base <= 0) return 0;
    const j = this.latency.jitter;
    if (j === 0) return base;
    return Math.max(0, Math.round(base * (1 + j * (2 * this.#random() - 1))));
  }

  imagePull(): number {
    return this.#jittered(this.latency.imagePullMs);
  }
  containerStart(): number {
    return this.#jittered(this.latency.containerStartMs);
  }
  jobRun(): number {
    return this.#jittered(this.latency.jobRunMs);
  }
  stop(): number {
    return this.#jittered(this.latency.stopMs);
  }
  /** Whether a job container run fails, by the model's failure rate. */
  runFails(): boolean {
    return this.latency.failureRate > 0 && this.#random() < this.latency.failureRate;
  }
}
