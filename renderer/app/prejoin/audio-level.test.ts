// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { meterLevel, rmsLevel } from './audio-level';

describe('rmsLevel', () => {
  it('is 0 for silence and for no samples', () => {
    expect(rmsLevel(new Uint8Array(256).fill(128))).toBe(0);
    expect(rmsLevel(new Uint8Array(0))).toBe(0);
  });

  it('is 1 for a full-scale square wave and ~0.707 for a full-scale sine', () => {
    const square = Uint8Array.from({ length: 256 }, (_, i) => (i % 2 ? 0 : 256 - 1e-9));
    expect(rmsLevel(square)).toBeCloseTo(1, 1);
    const sine = Uint8Array.from({ length: 1024 }, (_, i) => Math.round(128 + 127 * Math.sin((2 * Math.PI * i) / 64)));
    expect(rmsLevel(sine)).toBeCloseTo(Math.SQRT1_2 * (127 / 128), 2);
  });
});

describe('meterLevel', () => {
  it('is monotonic and capped at 1', () => {
    expect(meterLevel(0)).toBe(0);
    expect(meterLevel(0.01)).toBeLessThan(meterLevel(0.05));
    expect(meterLevel(0.25)).toBe(1);
    expect(meterLevel(0.9)).toBe(1);
  });
});
