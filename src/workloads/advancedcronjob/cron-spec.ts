// Parsing a schedule string exactly as Kruise's parser (robfig/cron "standard": 5 fields, descriptors,
// `TZ=`/`CRON_TZ=` prefix) accepts it, with its error texts. The result is a normalised 5-field
// expression (explicit value lists, `*` kept where the day fields need classic-cron semantics) that
// cron-parser evaluates, or a constant `@every` delay. Pure; no time.
import { CronSpecError } from './errors.js';
import { timeZoneLoadError } from './zone.js';

export { CronSpecError };

export type CronSpec =
  | { kind: 'cron'; zone?: string; expression: string }
  | { kind: 'every'; zone?: string; delayMs: number };

interface FieldBounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MONTHS: Record<string, number> = { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 };
const DAYS: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const FIELDS: FieldBounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: DAYS },
];

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

/** Parses `spec`; throws CronSpecError with robfig/cron's message on anything it would reject. */
export function parseCronSpec(spec: string): CronSpec {
  if (spec.length === 0) throw new CronSpecError('empty spec string');
  let zone: string | undefined;
  let rest = spec;
  if (rest.startsWith('TZ=') || rest.startsWith('CRON_TZ=')) {
    const space = rest.indexOf(' ');
    const name = rest.slice(rest.indexOf('=') + 1, space < 0 ? rest.length : space);
    const err = timeZoneLoadError(name);
    if (err) throw new CronSpecError(`provided bad location ${name}: ${err}`);
    zone = name === '' ? 'UTC' : name;
    rest = space < 0 ? '' : rest.slice(space).trim();
  }
  if (rest.startsWith('@')) return parseDescriptor(rest, zone);
  const fields = rest.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) throw new CronSpecError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  const sets = fields.map((f, i) => parseField(f, FIELDS[i]!));
  return { kind: 'cron', zone, expression: toExpression(sets) };
}

function parseDescriptor(text: string, zone: string | undefined): CronSpec {
  const fixed = DESCRIPTORS[text];
  if (fixed) return { kind: 'cron', zone, expression: fixed };
  if (text.startsWith('@every ')) {
    const arg = text.slice('@every '.length);
    const ns = parseGoDuration(arg);
    if (ns === undefined) throw new CronSpecError(`failed to parse duration ${text}: time: invalid duration ${JSON.stringify(arg)}`);
    // robfig: delays under a second become one second; the rest is truncated to whole seconds.
    const ms = ns < 1e9 ? 1000 : Math.floor(ns / 1e9) * 1000;
    return { kind: 'every', zone, delayMs: ms };
  }
  throw new CronSpecError(`unrecognized descriptor: ${text}`);
}

interface FieldSet {
  values: Set<number>;
  /** `*` or `?` without a step > 1: the day fields then combine with AND instead of OR. */
  star: boolean;
}

function parseField(field: string, bounds: FieldBounds): FieldSet {
  const values = new Set<number>();
  let star = false;
  for (const expr of field.split(',')) {
    const r = parseRange(expr, bounds);
    for (let v = r.start; v <= r.end; v += r.step) values.add(v);
    star ||= r.star;
  }
  return { values, star };
}

function parseRange(expr: string, b: FieldBounds): { start: number; end: number; step: number; star: boolean } {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = b.min;
    end = b.max;
    star = true;
  } else {
    start = parseIntOrName(lowAndHigh[0]!, b.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1]!, b.names);
    else throw new CronSpecError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1]!);
    if (single) end = b.max; // "N/step" means "N-max/step"
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new CronSpecError(`too many slashes: ${expr}`);
  }
  if (start < b.min) throw new CronSpecError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new CronSpecError(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new CronSpecError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronSpecError(`step of range should be a positive number: ${expr}`);
  return { start, end, step, star };
}

function parseIntOrName(text: string, names: Record<string, number> | undefined): number {
  const named = names?.[text.toLowerCase()];
  return named !== undefined ? named : mustParseInt(text);
}

function mustParseInt(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new CronSpecError(`failed to parse int from ${text}: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`);
  const n = Number(text);
  if (n < 0) throw new CronSpecError(`negative number (${n}) not allowed: ${text}`);
  return n;
}

/**
 * Builds the expression cron-parser evaluates: explicit value lists, `*` for a field covering its whole
 * range. Day-of-month/day-of-week: robfig ANDs them when either carries the star bit (`*`/`?` without a
 * step > 1), else ORs them (cron-parser does the same for a `*` field and two restricted ones); a
 * restricted day field that covers every day ORs into "every day", written as `*` for both.
 */
function toExpression(sets: FieldSet[]): string {
  const [minute, hour, dom, month, dow] = sets as [FieldSet, FieldSet, FieldSet, FieldSet, FieldSet];
  const text = (s: FieldSet, b: FieldBounds) => (s.values.size === b.max - b.min + 1 ? '*' : [...s.values].sort((x, y) => x - y).join(','));
  let domText = dom.star ? '*' : text(dom, FIELDS[2]!);
  let dowText = dow.star ? '*' : text(dow, FIELDS[4]!);
  if (!dom.star && !dow.star && (domText === '*' || dowText === '*')) {
    domText = '*';
    dowText = '*';
  }
  return [text(minute, FIELDS[0]!), text(hour, FIELDS[1]!), domText, text(month, FIELDS[3]!), dowText].join(' ');
}

/** Go's time.ParseDuration, in nanoseconds; undefined when malformed. */
export function parseGoDuration(text: string): number | undefined {
  const units: Record<string, number> = { ns: 1, us: 1e3, 'µs': 1e3, 'μs': 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') return undefined;
  let total = 0;
  const re = /^(\d*\.?\d*)(ns|us|µs|μs|ms|s|m|h)/;
  while (s.length > 0) {
    const m = s.match(re);
    if (!m || m[1] === '' || m[1] === '.') return undefined;
    total += Number(m[1]) * units[m[2]!]!;
    s = s.slice(m[0].length);
  }
  return sign * total;
}
