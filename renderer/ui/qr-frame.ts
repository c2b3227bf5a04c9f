// A QR code rendered into RGBA pixels the way a camera frame arrives: what tests (and the e2e
// camera feed) show the scanner. `scale` pixels per module, a 4-module quiet zone.
import { qrMatrix } from './qr';
import type { Frame } from './qr-decode';

export function qrFrame(content: string | Uint8Array, scale = 4, inverted = false): Frame {
  const matrix = qrMatrix(content);
  const quiet = 4;
  const size = (matrix.size + 2 * quiet) * scale;
  const data = new Uint8ClampedArray(size * size * 4);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const row = Math.floor(y / scale) - quiet;
      const col = Math.floor(x / scale) - quiet;
      const inside = row >= 0 && col >= 0 && row < matrix.size && col < matrix.size;
      const dark = inside && matrix.isDark(row, col);
      const value = dark !== inverted ? 0 : 255;
      data.set([value, value, value, 255], (y * size + x) * 4);
    }
  }
  return { data, width: size, height: size };
}
