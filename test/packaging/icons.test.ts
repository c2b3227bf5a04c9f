// The committed icons (rendered from build/icon.svg by build/render-icons.mjs) are well-formed
// containers whose images have the sizes their headers claim: the macOS and Windows builds read
// them without any tool to repair them.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BUILD = path.resolve(import.meta.dirname, '../../build');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Width and height from a PNG's IHDR chunk (PNG spec 11.2.2), after checking the signature. */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  expect(png.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

// Apple's ICNS element types that hold PNG data, and their pixel sizes.
const ICNS_SIZES: Record<string, number> = {
  icp4: 16, icp5: 32, icp6: 64, ic07: 128, ic08: 256, ic09: 512, ic10: 1024, ic11: 32, ic12: 64, ic13: 256, ic14: 512,
};

describe('icons', () => {
  it('icon.icns: every element is a PNG of the size its type stands for, up to 1024 px', () => {
    const icns = readFileSync(path.join(BUILD, 'icon.icns'));
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let offset = 8; offset < icns.length; ) {
      const type = icns.toString('ascii', offset, offset + 4);
      const length = icns.readUInt32BE(offset + 4);
      const size = ICNS_SIZES[type];
      expect(size, type).toBeDefined();
      expect(pngSize(icns.subarray(offset + 8, offset + length))).toEqual({ width: size, height: size });
      types.push(type);
      offset += length;
    }
    expect(types).toContain('ic10');
  });

  it('icon.ico: every directory entry points at a PNG of the size it declares, including 256 px', () => {
    const ico = readFileSync(path.join(BUILD, 'icon.ico'));
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const entry = 6 + 16 * i;
      const declared = ico.readUInt8(entry) || 256;
      const length = ico.readUInt32LE(entry + 8);
      const offset = ico.readUInt32LE(entry + 12);
      expect(pngSize(ico.subarray(offset, offset + length))).toEqual({ width: declared, height: declared });
      sizes.push(declared);
    }
    expect(sizes).toContain(256);
  });

  it('icon.png and the Linux icon set have the sizes their names say', () => {
    expect(pngSize(readFileSync(path.join(BUILD, 'icon.png')))).toEqual({ width: 1024, height: 1024 });
    const linux = readdirSync(path.join(BUILD, 'icons'));
    expect(linux.length).toBeGreaterThan(0);
    for (const file of linux) {
      const [, w, h] = /^(\d+)x(\d+)\.png$/.exec(file) ?? [];
      expect(pngSize(readFileSync(path.join(BUILD, 'icons', file)))).toEqual({ width: Number(w), height: Number(h) });
    }
  });
});
