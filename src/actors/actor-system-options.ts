// Options of ActorSystem: the types, their defaults, and the one place that validates them.
import { realClock, type Clock } from '../api/clock.js';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { ActorOptionsError } from './errors.js';

/** Why a turn runs: new messages, a scheduled timer, or a retry after a failed turn. */
export type TurnReason = 'message' | 'timer' | 'retry';

export interface TurnInfo {
  /** 1 for a first attempt; n + 1 after n consecutive failures of this key. */
  attempt: number;
  /** Milliseconds (clock time) from the moment the key became ready to the start of the turn. */
  queuedMs: number;
  reason: TurnReason;
  /**
   * Gives the turn's slot back before the turn ends: what is left of it (the workload's own status write)
   * need not keep another key from starting. The key still runs no second turn until this one ends.
   * Idempotent.
   */
  releaseSlot: () => void;
}

/** What a turn may ask for: run again after `requeueAfterMs` (earliest deadline wins). */
export interface TurnOutcome {
  requeueAfterMs?: number;
}

export type TurnResult = 'success' | 'error' | 'requeue';

export type TurnFn<M> = (key: string, messages: M[], info: TurnInfo) => Promise<TurnOutcome | void>;

export interface ActorSystemOptions<M> {
  /** One turn of an actor: gets every message that accumulated for `key` since its previous turn. */
  turn: TurnFn<M>;
  /** Time source for timers, backoff and queue times. @default realClock */
  clock?: Clock;
  /** Most turns holding a slot at once, across keys (one key never has two turns); a turn may give its slot back early (TurnInfo.releaseSlot). @default 256 */
  concurrency?: number;
  /** Per-key retry delays after a turn throws. @default { baseMs: 5, maxMs: 1_000_000 } */
  backoff?: BackoffOptions;
  /** The tenant of a key (e.g. its namespace): ready keys are fair-queued per tenant. @default one tenant */
  tenantOf?: (key: string) => string;
  /** A tenant's share of turns per round (weighted round-robin). @default () => 1 */
  tenantWeight?: (tenant: string) => number;
  /** A turn threw a retryable error; it runs again in `retryInMs` (or sooner on a new message). */
  onTurnError?: (key: string, err: unknown, attempt: number, retryInMs: number) => void;
  /** A turn threw a TerminalError: the key's messages are discarded and it is not retried. */
  onTerminal?: (key: string, err: unknown) => void;
  /** A turn starts, `queuedMs` after its key became ready. */
  onTurnStart?: (key: string, queuedMs: number) => void;
  /** A turn ended; `requeue` = succeeded and asked to run again. */
  onTurnEnd?: (key: string, durationMs: number, result: TurnResult) => void;
}

export interface ResolvedActorSystemOptions<M> {
  turn: TurnFn<M>;
  clock: Clock;
  concurrency: number;
  backoff: { baseMs: number; maxMs: number };
  tenantOf: ((key: string) => string) | undefined;
  tenantWeight: (tenant: string) => number;
  onTurnError: ActorSystemOptions<M>['onTurnError'];
  onTerminal: ActorSystemOptions<M>['onTerminal'];
  onTurnStart: ActorSystemOptions<M>['onTurnStart'];
  onTurnEnd: ActorSystemOptions<M>['onTurnEnd'];
}

export const ACTOR_SYSTEM_DEFAULTS = {
  clock: realClock,
  concurrency: 256,
  backoff: DEFAULT_BACKOFF,
} as const;

const HOOKS = ['onTurnError', 'onTerminal', 'onTurnStart', 'onTurnEnd', 'tenantOf', 'tenantWeight'] as const;

export function resolveActorSystemOptions<M>(options: ActorSystemOptions<M>): ResolvedActorSystemOptions<M> {
  if (options === null || typeof options !== 'object') throw new ActorOptionsError('options must be an object');
  if (typeof options.turn !== 'function') throw new ActorOptionsError('options.turn must be a function');
  const clock = options.clock ?? ACTOR_SYSTEM_DEFAULTS.clock;
  if (typeof clock !== 'object' || typeof clock.now !== 'function' || typeof clock.setTimer !== 'function') {
    throw new ActorOptionsError('options.clock must have now() and setTimer()');
  }
  const concurrency = options.concurrency ?? ACTOR_SYSTEM_DEFAULTS.concurrency;
  if (!Number.isSafeInteger(concurrency) || concurrency < 1) {
    throw new ActorOptionsError('options.concurrency must be a positive integer');
  }
  const baseMs = options.backoff?.baseMs ?? ACTOR_SYSTEM_DEFAULTS.backoff.baseMs;
  if (typeof baseMs !== 'number' || !Number.isFinite(baseMs) || baseMs <= 0) {
    throw new ActorOptionsError('options.backoff.baseMs must be a positive number');
  }
  const maxMs = options.backoff?.maxMs ?? ACTOR_SYSTEM_DEFAULTS.backoff.maxMs;
  if (typeof maxMs !== 'number' || !Number.isFinite(maxMs) || maxMs < baseMs) {
    throw new ActorOptionsError('options.backoff.maxMs must be a finite number >= options.backoff.baseMs');
  }
  for (const hook of HOOKS) {
    if (options[hook] !== undefined && typeof options[hook] !== 'function') {
      throw new ActorOptionsError(`options.${hook} must be a function`);
    }
  }
  return {
    turn: options.turn,
    clock,
    concurrency,
    backoff: { baseMs, maxMs },
    tenantOf: options.tenantOf,
    tenantWeight: options.tenantWeight ?? (() => 1),
    onTurnError: options.onTurnError,
    onTerminal: options.onTerminal,
    onTurnStart: options.onTurnStart,
    onTurnEnd: options.onTurnEnd,
  };
}
