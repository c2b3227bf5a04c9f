// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { safetyNumberGroups } from './safety-number';

describe('safetyNumberGroups', () => {
  it('splits 60 digits into 12 groups of 5, in order', () => {
    const digits = Array.from({ length: 60 }, (_, i) => String(i % 10)).join('');
    const groups = safetyNumberGroups(digits);
    expect(groups).toHaveLength(12);
    expect(groups[0]).toBe('01234');
    expect(groups[11]).toBe('56789');
    expect(groups.join('')).toBe(digits);
  });

  it.each(['', '1'.repeat(59), '1'.repeat(61), `${'1'.repeat(59)}x`])('refuses %j', (bad) => {
    expect(() => safetyNumberGroups(bad)).toThrow(/60 digits/);
  });
});
