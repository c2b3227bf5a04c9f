// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { DEFAULT_COMPOSE, composeOptionsFor, fitInto, gridOf } from './composed-recorder';

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

  it('takes the size and video bitrate from the settings, keeping frame rate, audio and chunk size', () => {
    expect(composeOptionsFor({ resolution: '540p', bitrateKbps: 1000 })).toEqual(DEFAULT_COMPOSE);
    expect(composeOptionsFor({ resolution: '720p', bitrateKbps: 2500 })).toEqual({ ...DEFAULT_COMPOSE, width: 1280, height: 720, videoBitsPerSecond: 2_500_000 });
    expect(composeOptionsFor({ resolution: '1080p', bitrateKbps: 8000 })).toMatchObject({ width: 1920, height: 1080, videoBitsPerSecond: 8_000_000, frameRate: 15, audioBitsPerSecond: 64_000 });
  });
});
