import { describe, expect, it } from 'vitest';
import { STEP_DOWN_AFTER, STEP_UP_AFTER, meshMaxFramerate, meshResolutionScale, nextQualityStep, videoBitrateCapKbps } from './bitrate-policy';
import type { PressureSample } from './bitrate-policy';

const samples = (n: number, availableKbps: number | null): PressureSample[] => Array.from({ length: n }, () => ({ availableKbps }));

describe('bitrate policy', () => {
  it('caps the per-peer bitrate lower as the mesh grows', () => {
    expect(videoBitrateCapKbps(2)).toBe(2500);
    expect(videoBitrateCapKbps(3)).toBe(1500);
    expect(videoBitrateCapKbps(4)).toBe(1000);
    expect(videoBitrateCapKbps(6)).toBe(500);
    expect(videoBitrateCapKbps(8)).toBe(500);
    for (let n = 2; n < 8; n++) expect(videoBitrateCapKbps(n + 1)).toBeLessThanOrEqual(videoBitrateCapKbps(n));
  });

  it('halves the resolution and caps the frame rate at 15 from four people on', () => {
    expect([2, 3, 4, 8].map(meshResolutionScale)).toEqual([1, 1, 2, 2]);
    expect([2, 3, 4, 8].map(meshMaxFramerate)).toEqual([undefined, undefined, 15, 15]);
  });

  it('stays at full quality while the estimate ramps up from where Chromium starts it', () => {
    expect(nextQualityStep(0, [...samples(5, 300), ...samples(5, 600), ...samples(5, 2000)])).toBe(0);
    expect(nextQualityStep(0, samples(STEP_UP_AFTER, null))).toBe(0);
  });

  it('steps down only after a sustained low estimate, down to audio only', () => {
    expect(nextQualityStep(0, samples(STEP_DOWN_AFTER - 1, 200))).toBe(0);
    expect(nextQualityStep(0, samples(STEP_DOWN_AFTER, 200))).toBe(1);
    expect(nextQualityStep(1, samples(STEP_DOWN_AFTER, 200))).toBe(1);
    expect(nextQualityStep(1, samples(STEP_DOWN_AFTER, 100))).toBe(2);
    expect(nextQualityStep(2, samples(STEP_DOWN_AFTER, 50))).toBe(3);
    expect(nextQualityStep(3, samples(STEP_DOWN_AFTER, 10))).toBe(3);
    expect(nextQualityStep(0, [...samples(3, 200), { availableKbps: 400 }])).toBe(0);
    expect(nextQualityStep(0, [...samples(3, 200), { availableKbps: null }])).toBe(0);
  });

  it('probes one step up after a quiet period, and not while the estimate is unknown', () => {
    expect(nextQualityStep(3, samples(STEP_UP_AFTER - 1, 40))).toBe(3);
    expect(nextQualityStep(3, samples(STEP_UP_AFTER, 40))).toBe(2);
    expect(nextQualityStep(1, samples(STEP_UP_AFTER, 160))).toBe(0);
    expect(nextQualityStep(1, [...samples(STEP_UP_AFTER - 1, 160), { availableKbps: 140 }])).toBe(1);
    expect(nextQualityStep(1, samples(STEP_UP_AFTER, null))).toBe(1);
  });
});
