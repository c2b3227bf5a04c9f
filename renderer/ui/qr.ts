// QR codes as one SVG path (no inline styles, so the CSP's style-src 'self' is enough).
import qrcode from 'qrcode-generator';

export interface QrMatrix {
  size: number;
  isDark(row: number, col: number): boolean;
}

/**
 * Digits-only text uses numeric mode (denser: 60 digits fit a 25x25 code). Bytes (a safety
 * number's scannable payload) go in byte mode as they are: qrcode-generator's default byte
 * conversion keeps the low 8 bits of each character, so one character per byte is exact.
 */
export function qrMatrix(content: string | Uint8Array): QrMatrix {
  const code = qrcode(0, 'M');
  if (typeof content === 'string') code.addData(content, /^\d+$/.test(content) ? 'Numeric' : 'Byte');
  else code.addData(String.fromCharCode(...content), 'Byte');
  code.make();
  return { size: code.getModuleCount(), isDark: (row, col) => code.isDark(row, col) };
}

/** One "M x y h1 v1 h-1 z" square per dark module, in module units. */
export function qrPath(matrix: QrMatrix): string {
  const parts: string[] = [];
  for (let row = 0; row < matrix.size; row++) {
    for (let col = 0; col < matrix.size; col++) {
      if (matrix.isDark(row, col)) parts.push(`M${col} ${row}h1v1h-1z`);
    }
  }
  return parts.join('');
}
