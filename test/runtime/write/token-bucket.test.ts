import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../src/api/clock.js';
import { TokenBucket } from '../../../src/runtime/write/token-bucket.js';
import { RuntimeOptionsError } from '../../../src/runtime/errors.js';

async function flush() {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('TokenBucket', () => {
  for (const [qps, burst] of [[50, 100], [5, 10], [20, 30], [0.5, 1]] as const) {
    it(`admits burst at once, then qps=${qps} over a simulated minute within 2 %`, async () => {
      const clock = new FakeClock();
      const bucket = new TokenBucket(clock, { qps, burst });
      let done = 0;
      const total = burst + Math.ceil(qps * 60) + 50;
      for (let i = 0; i < total; i++) void bucket.take().then(() => done++, () => {});
      await flush();
      expect(done).toBe(burst);
      for (let s = 0; s < 60; s++) {
        clock.advance(1000);
        await flush();
      }
      const rate = (done - burst) / 60;
      expect(Math.abs(rate - qps) / qps).toBeLessThanOrEqual(0.02);
      bucket.stop();
    });
  }

  it('keeps the rate when takes arrive spread out (no burst refill beyond capacity)', async () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(clock, { qps: 50, burst: 100 });
    let done = 0;
    // Issue 200 takes/s for a minute: only 100 + 50/s may pass.
    for (let ms = 0; ms < 60_000; ms += 5) {
      void bucket.take().then(() => done++, () => {});
      clock.advance(5);
      await flush();
    }
    expect(Math.abs(done - (100 + 50 * 60)) / (100 + 50 * 60)).toBeLessThanOrEqual(0.02);
    bucket.stop();
  });

  it('qps 0 is unlimited', async () => {
    const bucket = new TokenBucket(new FakeClock(), { qps: 0, burst: 1 });
    let done = 0;
    for (let i = 0; i < 10_000; i++) void bucket.take().then(() => done++, () => {});
    await flush();
    expect(done).toBe(10_000);
  });

  it('refills only up to burst while idle', () => {
    const clock = new FakeClock();
    const bucket = new TokenBucket(clock, { qps: 10, burst: 3 });
    for (let i = 0; i < 3; i++) expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
    clock.advance(3_600_000);
    expect(bucket.tokens).toBe(3);
  });

  it('rejects invalid options with precise messages', () => {
    const clock = new FakeClock();
    expect(() => new TokenBucket(clock, { qps: -1 })).toThrow(new RuntimeOptionsError('options.qps must be a non-negative number (0 = unlimited)'));
    expect(() => new TokenBucket(clock, { burst: 0 })).toThrow(new RuntimeOptionsError('options.burst must be a positive integer'));
  });
});
