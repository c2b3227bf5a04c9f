import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReplayWindow, SFRAME_REPLAY_WINDOW } from './replay-window';

describe('SFrame replay window (RFC 9605 §9.3)', () => {
  it('accepts each CTR once, in any order within the window, and nothing older than the window', () => {
    const window = new ReplayWindow();
    for (const ctr of [0n, 2n, 1n, 5n, 3n]) expect(window.accept(ctr)).toBe(true);
    for (const ctr of [0n, 1n, 2n, 3n, 5n]) expect(window.accept(ctr)).toBe(false);
    expect(window.accept(4n)).toBe(true);
    const far = BigInt(SFRAME_REPLAY_WINDOW) + 10n;
    expect(window.accept(far)).toBe(true);
    expect(window.mayAccept(far - BigInt(SFRAME_REPLAY_WINDOW))).toBe(false); // just out of the window
    expect(window.accept(far - BigInt(SFRAME_REPLAY_WINDOW) + 1n)).toBe(true); // just in it
    expect(window.accept(6n)).toBe(false);
    expect(window.accept((1n << 64n) - 1n)).toBe(true);
  });

  it('agrees with a set of everything seen, for any sequence inside the window', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: BigInt(SFRAME_REPLAY_WINDOW - 1) }), { maxLength: 300 }), (ctrs) => {
        const window = new ReplayWindow();
        const seen = new Set<bigint>();
        for (const ctr of ctrs) {
          expect(window.accept(ctr)).toBe(!seen.has(ctr));
          seen.add(ctr);
        }
      }),
    );
  });

  it('a small window forgets exactly what falls out of it', () => {
    const window = new ReplayWindow(4);
    for (const ctr of [10n, 11n, 12n, 13n]) window.accept(ctr);
    expect([9n, 10n, 13n, 14n].map((c) => window.mayAccept(c))).toEqual([false, false, false, true]);
    window.accept(20n);
    expect([16n, 17n, 19n, 20n].map((c) => window.mayAccept(c))).toEqual([false, true, true, false]);
  });
});
