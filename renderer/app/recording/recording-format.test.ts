// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { daysUntil, formatMegabytes } from './recording-format';

const DAY = 86_400_000;

describe('daysUntil', () => {
  it('rounds up partial days and never goes negative', () => {
    expect(daysUntil(10 * DAY, 0)).toBe(10);
    expect(daysUntil(10 * DAY, 1)).toBe(10);
    expect(daysUntil(DAY / 2, 0)).toBe(1);
    expect(daysUntil(0, DAY)).toBe(0);
  });
});

describe('formatMegabytes', () => {
  it('uses the language’s decimal separator', () => {
    expect(formatMegabytes(12_345_678, 'en')).toBe('12.3');
    expect(formatMegabytes(12_345_678, 'de')).toBe('12,3');
  });
});
