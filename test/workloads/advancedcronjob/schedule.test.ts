import { describe, expect, it } from 'vitest';
import { resolveSchedule, ScheduleCache, scheduleParseError } from '../../../src/workloads/advancedcronjob/schedule.js';
import { parseCronSpec, parseGoDuration } from '../../../src/workloads/advancedcronjob/cron-spec.js';
import { formatRfc3339InZone, timeZoneLoadError } from '../../../src/workloads/advancedcronjob/zone.js';

const ms = (iso: string) => Date.parse(iso);
const iso = (t: number | undefined) => (t === undefined ? undefined : new Date(t).toISOString());

function nexts(schedule: string, timeZone: string | undefined, fromIso: string, n: number): string[] {
  const s = resolveSchedule(schedule, timeZone);
  const out: string[] = [];
  let t = ms(fromIso);
  for (let i = 0; i < n; i++) {
    t = s.next(t)!;
    out.push(new Date(t).toISOString());
  }
  return out;
}

describe('spec scenario 1: schedule without zone (controller in UTC)', () => {
  it('0 10 * * ? from 09:01Z runs at 10:00Z the same day', () => {
    expect(nexts('0 10 * * ?', undefined, '2022-09-06T09:01:00Z', 1)).toEqual(['2022-09-06T10:00:00.000Z']);
  });
  it('0 10 * * ? from 11:01Z runs at 10:00Z the next day', () => {
    expect(nexts('0 10 * * ?', undefined, '2022-09-06T11:01:00Z', 1)).toEqual(['2022-09-07T10:00:00.000Z']);
  });
});

describe('spec scenario 2: TZ prefix in the schedule', () => {
  it('TZ=Asia/Shanghai 0 10 * * ? from 2022-09-06T01:01Z runs at 2022-09-06T02:00Z', () => {
    expect(nexts('TZ=Asia/Shanghai 0 10 * * ?', undefined, '2022-09-06T01:01:00Z', 1)).toEqual(['2022-09-06T02:00:00.000Z']);
  });
  it('CRON_TZ= works like TZ=, and the spec timeZone field gives the same times', () => {
    expect(nexts('CRON_TZ=Asia/Shanghai 0 10 * * ?', undefined, '2022-09-06T01:01:00Z', 1)).toEqual(['2022-09-06T02:00:00.000Z']);
    expect(nexts('0 10 * * ?', 'Asia/Shanghai', '2022-09-06T01:01:00Z', 1)).toEqual(['2022-09-06T02:00:00.000Z']);
  });
  it('a schedule with TZ ignores the timeZone field, an unloadable timeZone falls back to the default zone', () => {
    expect(resolveSchedule('TZ=Asia/Shanghai 0 10 * * *', 'America/New_York').zone).toBe('Asia/Shanghai');
    expect(resolveSchedule('0 10 * * *', 'broken').zone).toBe('UTC');
    expect(resolveSchedule('0 10 * * *', undefined, { defaultTimeZone: 'Europe/Berlin' }).zone).toBe('Europe/Berlin');
  });
});

describe('daylight-saving changes in America/New_York (as cron-parser evaluates them)', () => {
  it('spring forward 2026-03-08: the nonexistent 02:30 runs at 03:30 EDT that day, then 02:30 EDT again', () => {
    expect(nexts('30 2 * * *', 'America/New_York', '2026-03-07T00:00:00Z', 3)).toEqual([
      '2026-03-07T07:30:00.000Z', // 02:30 EST
      '2026-03-08T07:30:00.000Z', // 03:30 EDT: 02:30 does not exist
      '2026-03-09T06:30:00.000Z', // 02:30 EDT
    ]);
  });
  it('spring forward: an hourly :30 schedule fires once per real hour, skipping 02:30', () => {
    expect(nexts('30 * * * *', 'America/New_York', '2026-03-08T05:00:00Z', 3)).toEqual([
      '2026-03-08T05:30:00.000Z', // 00:30 EST
      '2026-03-08T06:30:00.000Z', // 01:30 EST
      '2026-03-08T07:30:00.000Z', // 03:30 EDT
    ]);
  });
  it('fall back 2026-11-01: a daily 01:30 runs once (01:30 EDT), not twice', () => {
    expect(nexts('30 1 * * *', 'America/New_York', '2026-10-31T12:00:00Z', 2)).toEqual([
      '2026-11-01T05:30:00.000Z', // 01:30 EDT
      '2026-11-02T06:30:00.000Z', // 01:30 EST the next day
    ]);
  });
  it('fall back: an hourly :30 schedule fires at both 01:30 EDT and 01:30 EST (the doubled hour)', () => {
    expect(nexts('30 * * * *', 'America/New_York', '2026-11-01T04:00:00Z', 3)).toEqual([
      '2026-11-01T04:30:00.000Z', // 00:30 EDT
      '2026-11-01T05:30:00.000Z', // 01:30 EDT
      '2026-11-01T06:30:00.000Z', // 01:30 EST
    ]);
  });
  it('fall back: a daily 02:30 keeps its wall-clock time (07:30Z after the change)', () => {
    expect(nexts('30 2 * * *', 'America/New_York', '2026-10-31T00:00:00Z', 2)).toEqual(['2026-10-31T06:30:00.000Z', '2026-11-01T07:30:00.000Z']);
  });
});

describe('robfig/cron standard parser compatibility', () => {
  it('accepts descriptors, names, ranges, steps, lists and ?', () => {
    for (const s of ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly', '*/5 * * * *', '0 9-17/2 * JAN-mar mon,FRI', '0 0 ? * *', '5/10 * * * *']) {
      expect(scheduleParseError(s), s).toBeUndefined();
    }
  });
  it('rejects what robfig rejects, with its messages', () => {
    expect(scheduleParseError('')).toBe('empty spec string');
    expect(scheduleParseError('* * * * * *')).toBe('expected exactly 5 fields, found 6: [* * * * * *]');
    expect(scheduleParseError('61 * * * *')).toBe('end of range (61) above maximum (59): 61');
    expect(scheduleParseError('0 0 0 * *')).toBe('beginning of range (0) below minimum (1): 0');
    expect(scheduleParseError('5-1 * * * *')).toBe('beginning of range (5) beyond end of range (1): 5-1');
    expect(scheduleParseError('*/0 * * * *')).toBe('step of range should be a positive number: */0');
    expect(scheduleParseError('0 0 L * *')).toBe('failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax');
    expect(scheduleParseError('0 0 * * 7')).toBe('end of range (7) above maximum (6): 7');
    expect(scheduleParseError('1-2-3 * * * *')).toBe('too many hyphens: 1-2-3');
    expect(scheduleParseError('@fortnightly')).toBe('unrecognized descriptor: @fortnightly');
    expect(scheduleParseError('TZ=broken 0 * * * *')).toBe('provided bad location broken: unknown time zone broken');
  });
  it('day-of-month and day-of-week: OR when both restricted, AND when either is *', () => {
    // 2026-03-01 is a Sunday. "1st of month OR Monday":
    expect(nexts('0 0 1 * 1', undefined, '2026-02-27T00:00:00Z', 3)).toEqual(['2026-03-01T00:00:00.000Z', '2026-03-02T00:00:00.000Z', '2026-03-09T00:00:00.000Z']);
    // "*/1 day-of-month" keeps the star: Mondays only.
    expect(nexts('0 0 * * 1', undefined, '2026-02-27T00:00:00Z', 2)).toEqual(['2026-03-02T00:00:00.000Z', '2026-03-09T00:00:00.000Z']);
    // a restricted day-of-week that covers the whole week ORs into every day
    expect(nexts('0 0 15 * 0-6', undefined, '2026-02-27T00:00:00Z', 2)).toEqual(['2026-02-28T00:00:00.000Z', '2026-03-01T00:00:00.000Z']);
    expect(nexts('0 0 1-31 * 1', undefined, '2026-02-27T00:00:00Z', 2)).toEqual(['2026-02-28T00:00:00.000Z', '2026-03-01T00:00:00.000Z']);
    // a stepped star loses the star bit: odd days OR Mondays
    expect(nexts('0 0 */2 * 1', undefined, '2026-03-01T12:00:00Z', 3)).toEqual(['2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z', '2026-03-05T00:00:00.000Z']);
  });
  it('@every: constant delay from the previous activation, in whole seconds', () => {
    const s = resolveSchedule('@every 90s', undefined);
    expect(s.next(ms('2026-01-01T00:00:00.700Z'))).toBe(ms('2026-01-01T00:01:30Z'));
    expect(parseCronSpec('@every 100ms')).toMatchObject({ kind: 'every', delayMs: 1000 });
    expect(parseGoDuration('1h30m')).toBe(5400e9);
    expect(scheduleParseError('@every 5x')).toBe('failed to parse duration @every 5x: time: invalid duration "5x"');
  });
});

describe('missed activations between two instants', () => {
  it('counts activations in (from, to] and names the latest', () => {
    const s = resolveSchedule('*/1 * * * *', undefined);
    expect(s.between(ms('2026-01-01T00:00:00Z'), ms('2026-01-01T00:03:00Z'), 100)).toEqual({ count: 3, latestMs: ms('2026-01-01T00:03:00Z') });
    expect(s.between(ms('2026-01-01T00:00:00Z'), ms('2026-01-01T00:00:59Z'), 100)).toEqual({ count: 0, latestMs: undefined });
  });
  it('stops counting past the cap but still finds the latest activation', () => {
    const s = resolveSchedule('*/1 * * * *', undefined);
    expect(s.between(ms('2026-01-01T00:00:00Z'), ms('2026-01-02T00:00:30Z'), 100)).toEqual({ count: 101, latestMs: ms('2026-01-02T00:00:00Z') });
  });
});

describe('time zones', () => {
  it('loads IANA names as Go does and rejects the rest', () => {
    expect(timeZoneLoadError('America/New_York')).toBeUndefined();
    expect(timeZoneLoadError('UTC')).toBeUndefined();
    expect(timeZoneLoadError('broken')).toBe('unknown time zone broken');
    expect(timeZoneLoadError('america/new_york')).toBe('unknown time zone america/new_york');
    expect(timeZoneLoadError('+05:00')).toBe('unknown time zone +05:00');
  });
  it('formats scheduled-at as RFC 3339 in the schedule zone', () => {
    expect(formatRfc3339InZone(ms('2022-03-12T00:37:00Z'), 'Asia/Shanghai')).toBe('2022-03-12T08:37:00+08:00');
    expect(formatRfc3339InZone(ms('2026-03-08T07:30:00Z'), 'America/New_York')).toBe('2026-03-08T03:30:00-04:00');
    expect(formatRfc3339InZone(ms('2022-03-12T00:37:00Z'), 'UTC')).toBe('2022-03-12T00:37:00Z');
    expect(formatRfc3339InZone(ms('2026-01-01T00:00:00Z'), 'Asia/Kathmandu')).toBe('2026-01-01T05:45:00+05:45');
  });
});

describe('schedule cache', () => {
  it('gives the same answers as uncached evaluation', () => {
    const cache = new ScheduleCache();
    const a = resolveSchedule('30 2 * * *', 'America/New_York', { cache });
    const b = resolveSchedule('30 2 * * *', 'America/New_York');
    for (let t = ms('2026-03-06T00:00:00Z'); t < ms('2026-03-10T00:00:00Z'); t += 37 * 60_000 + 123) {
      expect(iso(a.next(t))).toBe(iso(b.next(t)));
    }
    expect(cache.nexts.size).toBeGreaterThan(0);
  });
});
