// Reading a QR code from a camera frame, locally (jsQR, pure JS): its text and its raw bytes, so
// one scanner serves contact cards (a link) and safety numbers (Signal's binary payload).
import jsQR from 'jsqr';

/** RGBA pixels, as ImageData has them (a plain object in tests). */
export interface Frame {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

export interface QrContent {
  text: string;
  bytes: Uint8Array;
}

export function decodeQr(frame: Frame): QrContent | null {
  // attemptBoth: a code shown on a screen in a dark theme may be light-on-dark.
  const code = jsQR(frame.data, frame.width, frame.height, { inversionAttempts: 'attemptBoth' });
  return code ? { text: code.data, bytes: Uint8Array.from(code.binaryData) } : null;
}
