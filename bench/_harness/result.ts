// The shape of bench/results/<scenario>.json: machine, cluster (latency model, time scale), controller
// flags, parameters, one entry per measured phase (timings, ideal and ratio, peak unavailable against
// the limit, invariants, downsampled series for the charts), moonshots met/missed, headline numbers.
import type { MachineInfo } from './machine.js';
import type { WriteCounts } from './write-counter.js';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

export interface Ideal {
  ms: number;
  formula: string;
}

export interface PhaseResult {
  name: string;
  description: string;
  /** Pods expected Ready at the end. */
  expectedReady: number;
  finalReady: number;
  /** What "unavailable" means in this phase and its limit. */
  unavailable: { definition: string; limit: number | null; peak: number };
  ideal: Ideal | null;
  wallMs: number;
  ratioToIdeal: number | null;
  podsCreated: number;
  podsDeleted: number;
  /** Server-side writes during the phase (all clients). */
  writes: WriteCounts;
  peakWritesPerSecond: number;
  /** The controller's API requests during the phase, by verb (its /metrics). */
  controllerRequests: Record<string, number>;
  invariants: Check[];
  /** Extra numbers (rates, memory, …). */
  metrics: Record<string, number | string | null>;
  series: {
    /** seconds → pods Ready at the target. */
    ready: Array<[number, number]>;
    idealReady: Array<[number, number]>;
    unavailable: Array<[number, number]>;
    writesPerSecond: Array<[number, number]>;
  };
}

export interface Moonshot {
  id: string;
  statement: string;
  target: string;
  /** Measured, formatted ("1.12 × ideal"). */
  measured: string;
  met: boolean | null;
  /** What limits it, when missed (or why it was not measured). */
  limitedBy?: string;
}

export interface ScenarioResult {
  scenario: string;
  title: string;
  quick: boolean;
  startedAt: string;
  durationMs: number;
  command: string;
  machine: MachineInfo;
  cluster: Record<string, unknown>;
  controller: Record<string, unknown>;
  parameters: Record<string, unknown>;
  phases: PhaseResult[];
  moonshots: Moonshot[];
  headline: Record<string, number | string | null>;
  invariantsOk: boolean;
  notes: string[];
}

export function allChecks(r: ScenarioResult): Check[] {
  return r.phases.flatMap((p) => p.invariants.map((c) => ({ ...c, name: `${p.name}: ${c.name}` })));
}
