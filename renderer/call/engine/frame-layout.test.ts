import { describe, expect, it } from 'vitest';
import { clearByteCount, joinFrame, splitFrame } from './frame-layout';

describe('frame layout', () => {
  it('keeps the codec header bytes in clear', () => {
    expect(clearByteCount('video', true)).toBe(10);
    expect(clearByteCount('video', false)).toBe(3);
    expect(clearByteCount('audio', false)).toBe(1);
  });

  it('splits and joins without losing bytes, also for frames shorter than the clear prefix', () => {
    const frame = Uint8Array.from({ length: 20 }, (_, i) => i);
    const { clear, rest } = splitFrame(frame, 10);
    expect([...clear]).toEqual([...frame.subarray(0, 10)]);
    expect(joinFrame(clear, rest)).toEqual(frame);
    const tiny = new Uint8Array([7, 8]);
    expect(splitFrame(tiny, 3)).toEqual({ clear: tiny, rest: new Uint8Array() });
  });
});
