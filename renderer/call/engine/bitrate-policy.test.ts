import { describe, expect, it } from 'vitest';
import { STEP_DOWN_AFTER, STEP_UP_AFTER, meshResolutionScale, nextQualityStep, videoBitrateCapKbps } from './bitrate-policy';
import type { PressureSample } from './bitrate-policy';

const samples = (n: number, limitation: PressureSample['limitation']): PressureSample[] => Array.from({ length: n }, () => ({ limitation }));

describe('bitrate policy', () => {
  it('caps the per-peer bitrate lower as the mesh grows', () => {
    expect(videoBitrateCapKbps(2)).toBe(2500);
    expect(videoBitrateCapKbps(3)).toBe(1500);
    expect(videoBitrateCapKbps(4)).toBe(1000);
    expect(videoBitrateCapKbps(6)).toBe(500);
    expect(videoBitrateCapKbps(8)).toBe(500);
    for (let n = 2; n < 8; n++) expect(videoBitrateCapKbps(n + 1)).toBeLessThanOrEqual(videoBitrateCapKbps(n));
  });

  it('halves the resolution from four people on', () => {
    expect([2, 3, 4, 8].map(meshResolutionScale)).toEqual([1, 1, 2, 2]);
  });

  it('leaves CPU limitation to the encoder, which already adapts', () => {
    expect(nextQualityStep(0, samples(STEP_UP_AFTER, 'cpu'))).toBe(0);
  });

  it('steps down only after sustained bandwidth pressure, down to audio only, and back up after quiet', () => {
    expect(nextQualityStep(0, samples(STEP_DOWN_AFTER - 1, 'bandwidth'))).toBe(0);
    expect(nextQualityStep(0, samples(STEP_DOWN_AFTER, 'bandwidth'))).toBe(1);
    expect(nextQualityStep(2, samples(STEP_DOWN_AFTER, 'bandwidth'))).toBe(3);
    expect(nextQualityStep(3, samples(STEP_DOWN_AFTER, 'bandwidth'))).toBe(3);
    expect(nextQualityStep(0, [...samples(3, 'bandwidth'), { limitation: 'none' }])).toBe(0);
    expect(nextQualityStep(3, samples(STEP_UP_AFTER - 1, 'none'))).toBe(3);
    expect(nextQualityStep(3, samples(STEP_UP_AFTER, 'none'))).toBe(2);
  });
});
