// Renders build/icon.svg into every icon file electron-builder reads, and commits nothing itself:
//   build/icon.png (1024 px), build/icons/<n>x<n>.png (Linux), build/icon.icns (macOS),
//   build/icon.ico (Windows).
// Rasterising needs `rsvg-convert` (Debian: apt-get install librsvg2-bin); the ICNS and ICO
// containers are written here, since both simply wrap PNG images (Apple ICNS format: 'icns' +
// big-endian length, then typed entries; Microsoft ICO: ICONDIR + ICONDIRENTRY per image, PNG
// payloads allowed since Windows Vista). The generated files are committed, so builds need no tools.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isEntryPoint } from '../scripts/entry-point.mjs';

const buildDir = import.meta.dirname;
const source = path.join(buildDir, 'icon.svg');

function render(size) {
  return execFileSync('rsvg-convert', ['--width', String(size), '--height', String(size), source]);
}

/** ICNS entry types holding PNG data, by pixel size (several types share a size: @1x and @2x). */
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['ic11', 32], // 16@2x
  ['icp6', 64],
  ['ic12', 64], // 32@2x
  ['ic07', 128],
  ['ic08', 256],
  ['ic13', 256], // 128@2x
  ['ic09', 512],
  ['ic14', 512], // 256@2x
  ['ic10', 1024], // 512@2x
];

export function icns(pngBySize) {
  const entries = ICNS_TYPES.map(([type, size]) => {
    const png = pngBySize.get(size);
    const header = Buffer.alloc(8);
    header.write(type, 0, 'ascii');
    header.writeUInt32BE(8 + png.length, 4);
    return Buffer.concat([header, png]);
  });
  const body = Buffer.concat(entries);
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'ascii');
  header.writeUInt32BE(8 + body.length, 4);
  return Buffer.concat([header, body]);
}

const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

export function ico(pngBySize) {
  const dir = Buffer.alloc(6);
  dir.writeUInt16LE(0, 0); // reserved
  dir.writeUInt16LE(1, 2); // type 1 = icon
  dir.writeUInt16LE(ICO_SIZES.length, 4);
  let offset = 6 + 16 * ICO_SIZES.length;
  const entries = [];
  for (const size of ICO_SIZES) {
    const png = pngBySize.get(size);
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size === 256 ? 0 : size, 0); // width; 0 means 256
    entry.writeUInt8(size === 256 ? 0 : size, 1); // height
    entry.writeUInt8(0, 2); // no palette
    entry.writeUInt8(0, 3); // reserved
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(entry);
  }
  return Buffer.concat([dir, ...entries, ...ICO_SIZES.map((s) => pngBySize.get(s))]);
}

const LINUX_SIZES = [16, 32, 48, 64, 128, 256, 512];

if (isEntryPoint(import.meta.url)) {
  const sizes = new Set([...ICNS_TYPES.map(([, s]) => s), ...ICO_SIZES, ...LINUX_SIZES]);
  const pngBySize = new Map([...sizes].map((size) => [size, render(size)]));
  writeFileSync(path.join(buildDir, 'icon.png'), pngBySize.get(1024));
  writeFileSync(path.join(buildDir, 'icon.icns'), icns(pngBySize));
  writeFileSync(path.join(buildDir, 'icon.ico'), ico(pngBySize));
  mkdirSync(path.join(buildDir, 'icons'), { recursive: true });
  for (const size of LINUX_SIZES) {
    writeFileSync(path.join(buildDir, 'icons', `${size}x${size}.png`), pngBySize.get(size));
  }
  console.log('icons written to', buildDir);
}
