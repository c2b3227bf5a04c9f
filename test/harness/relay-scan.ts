// What the relay could read: every frame it sent, scanned for plaintext markers (SDP, ICE
// candidates, addresses, names, chat) and for identity public keys, raw or in hex. Used by the
// e2e tests and the demo; the relay's own capture hook (RelayOptions.onForward) feeds it.
import { bytesToHex } from '@noble/hashes/utils.js';
import { FrameType } from '../../protocol/relay-wire/codec';

/**
 * How every SDP starts (RFC 8866 §5: the v= line, then o=). Markers are matched in raw bytes, so
 * they must be long enough not to turn up in ciphertext by chance: "v=0" alone (3 bytes) is in
 * about one MB of random bytes in sixteen, and a call's relay traffic is hundreds of kB.
 */
export const SDP_START = 'v=0\r\no=';

/** The markers and keys found in `frames`; empty when the relay saw only opaque bytes. Markers of 6 bytes or more. */
export function relayLeaks(frames: readonly Uint8Array[], markers: readonly string[], identityKeys: readonly Uint8Array[]): string[] {
  const short = markers.filter((marker) => marker.length < 6);
  if (short.length > 0) throw new Error(`markers this short match random bytes: ${short.join(', ')}`);
  const bytes = Buffer.concat(frames);
  const text = bytes.toString('latin1');
  return [
    ...markers.filter((marker) => text.includes(marker)),
    ...identityKeys.filter((key) => bytes.includes(Buffer.from(key)) || text.includes(bytesToHex(key))).map((key) => `identity key ${bytesToHex(key).slice(0, 8)}…`),
  ];
}

/** Only the envelopes the relay forwarded between peers (not its own frames, e.g. TURN URLs in `joined`). */
export function envelopeFrames(frames: readonly Uint8Array[]): Uint8Array[] {
  return frames.filter((frame) => frame[1] === FrameType.message);
}
