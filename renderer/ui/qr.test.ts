// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { qrMatrix, qrPath } from './qr';

/** The 7x7 finder pattern: dark ring, light ring, 3x3 dark core (ISO/IEC 18004 §6.3.3). */
function hasFinder(m: ReturnType<typeof qrMatrix>, top: number, left: number): boolean {
  for (let r = 0; r < 7; r++) {
    for (let c = 0; c < 7; c++) {
      const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
      const shouldBeDark = ring !== 2;
      if (m.isDark(top + r, left + c) !== shouldBeDark) return false;
    }
  }
  return true;
}

describe('qrMatrix', () => {
  it('fits a 60-digit safety number in a version-2 code (25x25) using numeric mode', () => {
    const m = qrMatrix('1234567890'.repeat(6));
    expect(m.size).toBe(25);
  });

  it('has the three finder patterns where scanners look for them', () => {
    const m = qrMatrix('parley://join#abc.def');
    expect(hasFinder(m, 0, 0)).toBe(true);
    expect(hasFinder(m, 0, m.size - 7)).toBe(true);
    expect(hasFinder(m, m.size - 7, 0)).toBe(true);
    expect(hasFinder(m, m.size - 7, m.size - 7)).toBe(false);
  });

  it('changes when the text changes', () => {
    expect(qrPath(qrMatrix('1'.repeat(60)))).not.toBe(qrPath(qrMatrix('2'.repeat(60))));
  });
});

describe('qrPath', () => {
  it('draws exactly one unit square per dark module', () => {
    const m = { size: 3, isDark: (r: number, c: number) => r === c };
    expect(qrPath(m)).toBe('M0 0h1v1h-1zM1 1h1v1h-1zM2 2h1v1h-1z');
  });
});
