// Which bytes of an encoded frame stay in clear (DESIGN.md "Media encryption"): the RTP
// packetizer and depacketizer must read the codec's payload header, so those bytes are not
// encrypted but bound to the ciphertext as SFrame metadata (RFC 9605 §4.4.3: AAD = header || metadata).
// Only VP8 is negotiated for video (see peer-link.ts) and Opus for audio.

export type MediaKind = 'audio' | 'video';

/** VP8 key frame: 3-byte frame tag + 7-byte key frame header; delta frame: the 3-byte tag; Opus: the TOC byte. */
export const CLEAR_BYTES = { vp8KeyFrame: 10, vp8DeltaFrame: 3, opus: 1 } as const;

export function clearByteCount(kind: MediaKind, isKeyFrame: boolean): number {
  if (kind === 'audio') return CLEAR_BYTES.opus;
  return isKeyFrame ? CLEAR_BYTES.vp8KeyFrame : CLEAR_BYTES.vp8DeltaFrame;
}

export interface SplitFrame {
  clear: Uint8Array;
  rest: Uint8Array;
}

/** Splits a frame into its clear prefix and the bytes to protect (a short frame is all clear prefix). */
export function splitFrame(frame: Uint8Array, clearBytes: number): SplitFrame {
  const n = Math.min(clearBytes, frame.length);
  return { clear: frame.subarray(0, n), rest: frame.subarray(n) };
}

export function joinFrame(clear: Uint8Array, protectedPart: Uint8Array): Uint8Array {
  const out = new Uint8Array(clear.length + protectedPart.length);
  out.set(clear, 0);
  out.set(protectedPart, clear.length);
  return out;
}
