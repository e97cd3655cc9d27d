// When an AdvancedCronJob runs: its schedule (and zone) turned into activation times, evaluated by
// cron-parser 5 in the schedule's IANA zone (daylight-saving changes handled as cron-parser does), plus
// robfig's constant-delay `@every`. Also the upstream missed-run rule: which activations fell in
// (earliest, now], counted up to a cap. Pure given its inputs; an optional ScheduleCache memoises
// parsing and next-activation lookups (shared schedules cost one computation per minute).
import { CronExpressionParser } from 'cron-parser';
import { LRUCache } from 'lru-cache';
import { parseCronSpec, type CronSpec } from './cron-spec.js';
import { ScheduleError } from './errors.js';
import { timeZoneLoadError } from './zone.js';

export { ScheduleError };

export interface Schedule {
  /** IANA zone the schedule is evaluated in (also the zone of the scheduled-at annotation). */
  readonly zone: string;
  /** First activation strictly after `afterMs`; undefined when there is none. */
  next(afterMs: number): number | undefined;
  /** Activations in (fromMs, toMs]: their number (exact up to `cap`, else `cap + 1`) and the latest one. */
  between(fromMs: number, toMs: number, cap: number): { count: number; latestMs?: number };
}

export interface ScheduleOptions {
  /** Zone of schedules with neither `timeZone` nor a `TZ=` prefix (Kruise: the controller's zone). @default 'UTC' */
  defaultTimeZone?: string;
  /** Memo for parsing and next-activation lookups. @default none */
  cache?: ScheduleCache;
}

/** Bounded memo of parsed schedules and of "next activation after minute m" answers. */
export class ScheduleCache {
  readonly specs: LRUCache<string, CronSpec | Error>;
  readonly nexts: LRUCache<string, number>;
  constructor(max = 10_000) {
    this.specs = new LRUCache({ max });
    this.nexts = new LRUCache({ max });
  }
}

/**
 * The schedule as Kruise's formatSchedule builds it: a schedule mentioning `TZ` is used as written;
 * otherwise a loadable `timeZone` is applied; else the default zone. Throws ScheduleError when the
 * schedule does not parse.
 */
export function resolveSchedule(schedule: string, timeZone: string | undefined, opts: ScheduleOptions = {}): Schedule {
  const defaultZone = opts.defaultTimeZone ?? 'UTC';
  let zone = defaultZone;
  if (!schedule.includes('TZ') && timeZone !== undefined && timeZoneLoadError(timeZone) === undefined) {
    zone = timeZone === '' || timeZone === 'Local' ? defaultZone : timeZone;
  }
  const spec = parseCached(schedule, opts.cache);
  const finalZone = spec.zone && spec.zone !== 'Local' ? spec.zone : zone;
  return spec.kind === 'every'
    ? new EverySchedule(spec.delayMs, finalZone)
    : new CronSchedule(spec.expression, finalZone, opts.cache);
}

function parseCached(schedule: string, cache: ScheduleCache | undefined): CronSpec {
  let parsed = cache?.specs.get(schedule);
  if (!parsed) {
    try {
      parsed = parseCronSpec(schedule);
    } catch (err) {
      parsed = err instanceof Error ? err : new Error(String(err));
    }
    cache?.specs.set(schedule, parsed);
  }
  if (parsed instanceof Error) throw new ScheduleError(parsed.message, { cause: parsed });
  return parsed;
}

/** The error text Kruise reports for an unparsable schedule, or undefined when it parses. */
export function scheduleParseError(schedule: string): string | undefined {
  const known = parseErrors.get(schedule);
  if (known !== undefined) return known === VALID ? undefined : known;
  let error: string | undefined;
  try {
    const spec = parseCronSpec(schedule);
    if (spec.kind === 'cron') CronExpressionParser.parse(spec.expression, { currentDate: 0, tz: 'UTC' });
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  parseErrors.set(schedule, error ?? VALID);
  return error;
}

/**
 * The answer depends on the text only, and admission asks again on every update of every AdvancedCronJob
 * (status writes included: at a busy minute boundary, hundreds at once), so answers are remembered.
 */
const VALID = '\u0000valid';
const parseErrors = new LRUCache<string, string>({ max: 10_000 });

const NEVER = -1;

class CronSchedule implements Schedule {
  constructor(readonly expression: string, readonly zone: string, private readonly cache?: ScheduleCache) {}

  next(afterMs: number): number | undefined {
    // Activations fall on whole minutes, so "strictly after t" only depends on t's minute.
    const minuteMs = Math.floor(afterMs / 60_000) * 60_000;
    const key = `${this.zone}\u0000${this.expression}\u0000${minuteMs}`;
    let next = this.cache?.nexts.get(key);
    if (next === undefined) {
      next = this.compute(minuteMs);
      this.cache?.nexts.set(key, next);
    }
    return next === NEVER ? undefined : next;
  }

  between(fromMs: number, toMs: number, cap: number): { count: number; latestMs?: number } {
    let count = 0;
    let latestMs: number | undefined;
    for (let t = this.next(fromMs); t !== undefined && t <= toMs; t = this.next(t)) {
      count++;
      latestMs = t;
      if (count > cap) return { count, latestMs: this.latestAtOrBefore(toMs) };
    }
    return { count, latestMs };
  }

  private latestAtOrBefore(ms: number): number | undefined {
    try {
      return CronExpressionParser.parse(this.expression, { currentDate: ms + 1, tz: this.zone }).prev().getTime();
    } catch {
      return undefined;
    }
  }

  private compute(afterMs: number): number {
    try {
      return CronExpressionParser.parse(this.expression, { currentDate: afterMs, tz: this.zone }).next().getTime();
    } catch {
      return NEVER;
    }
  }
}

class EverySchedule implements Schedule {
  constructor(readonly delayMs: number, readonly zone: string) {}

  next(afterMs: number): number {
    return Math.floor(afterMs / 1000) * 1000 + this.delayMs;
  }

  between(fromMs: number, toMs: number, cap: number): { count: number; latestMs?: number } {
    const base = Math.floor(fromMs / 1000) * 1000;
    const n = toMs < base ? 0 : Math.floor((toMs - base) / this.delayMs);
    return n === 0 ? { count: 0 } : { count: Math.min(n, cap + 1), latestMs: base + n * this.delayMs };
  }
}
