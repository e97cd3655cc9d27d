import { describe, expect, it } from 'vitest';
import { age, humanDuration, shortHumanDuration } from '../../../../src/cluster/apiserver/tables/duration.js';

const S = 1000, M = 60 * S, H = 60 * M, D = 24 * H, Y = 365 * D;

describe('ages are rendered as Kubernetes HumanDuration does', () => {
  it.each([
    [-2 * S, '<invalid>'], [-1 * S, '0s'], [-500, '0s'], [0, '0s'], [59 * S, '59s'], [119 * S, '119s'], [2 * M, '2m'],
    [2 * M + 5 * S, '2m5s'], [9 * M + 59 * S, '9m59s'], [10 * M, '10m'], [10 * M + 30 * S, '10m'], [42 * M, '42m'],
    [179 * M, '179m'], [3 * H, '3h'], [3 * H + 5 * M, '3h5m'], [7 * H + 59 * M, '7h59m'], [8 * H, '8h'], [47 * H + 59 * M, '47h'],
    [2 * D, '2d'], [2 * D + 5 * H, '2d5h'], [7 * D + 23 * H, '7d23h'], [8 * D, '8d'], [729 * D, '729d'], [2 * Y, '2y'],
    [2 * Y + 30 * D, '2y30d'], [7 * Y + 364 * D, '7y364d'], [8 * Y, '8y'], [20 * Y + 100 * D, '20y'],
  ])('%d ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });

  it.each([
    [-2 * S, '<invalid>'], [0, '0s'], [59 * S, '59s'], [60 * S, '1m'], [59 * M + 59 * S, '59m'], [H, '1h'], [23 * H, '23h'],
    [D, '1d'], [364 * D, '364d'], [Y, '1y'], [3 * Y + 10 * D, '3y'],
  ])('short: %d ms → %s', (ms, text) => {
    expect(shortHumanDuration(ms)).toBe(text);
  });

  it('age of a timestamp: <unknown> when missing', () => {
    const now = Date.parse('2026-01-01T01:00:00Z');
    expect(age('2026-01-01T00:18:00Z', now)).toBe('42m');
    expect(age(undefined, now)).toBe('<unknown>');
    expect(age('', now)).toBe('<unknown>');
  });
});
