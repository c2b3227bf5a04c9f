// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { fitInto, gridOf } from './composed-recorder';

describe('composed call layout', () => {
  it('puts n people in the squarest grid', () => {
    expect([1, 2, 3, 4, 5, 9, 10].map(gridOf)).toEqual([
      { columns: 1, rows: 1 }, { columns: 2, rows: 1 }, { columns: 2, rows: 2 }, { columns: 2, rows: 2 },
      { columns: 3, rows: 2 }, { columns: 3, rows: 3 }, { columns: 4, rows: 3 },
    ]);
  });

  it('letterboxes a video into its cell without distortion', () => {
    expect(fitInto(640, 480, { x: 0, y: 0, width: 480, height: 270 })).toEqual({ x: 60, y: 0, width: 360, height: 270 });
    expect(fitInto(1280, 720, { x: 480, y: 270, width: 480, height: 270 })).toEqual({ x: 480, y: 270, width: 480, height: 270 });
  });
});
