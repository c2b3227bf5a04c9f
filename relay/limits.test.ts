import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, TokenBucket, resolveLimits } from './limits';

describe('TokenBucket', () => {
  it('allows a burst, then refills at the rate', () => {
    let now = 0;
    const bucket = new TokenBucket(10, 3, () => now);
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
    now += 100; // 10/s -> one token per 100 ms
    expect([bucket.take(), bucket.take()]).toEqual([true, false]);
    now += 10_000; // never more than the burst
    expect([bucket.take(), bucket.take(), bucket.take(), bucket.take()]).toEqual([true, true, true, false]);
  });
});

describe('resolveLimits', () => {
  it('fills defaults, keeps one room per connection and refuses nonsense', () => {
    expect(resolveLimits({ maxMembersPerRoom: 4 })).toEqual({ ...DEFAULT_LIMITS, maxMembersPerRoom: 4 });
    expect(resolveLimits({ maxFrameBytes: 1_000_000 }).hardMaxFrameBytes).toBe(1_000_000);
    expect(() => resolveLimits({ framesPerSecond: 0 })).toThrow(RangeError);
    expect(() => resolveLimits({ idleTimeoutMs: Number.NaN })).toThrow(RangeError);
  });
});
