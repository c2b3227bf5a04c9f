// Double Ratchet message and header (PROTOCOL.md §6.4, §7.2). The header is versioned and travels
// in clear (its integrity comes from being the AEAD's associated data, Double Ratchet §3.4):
//
//   header  = version u8 (1) || dh [32] || pn u32 || n u32          (41 bytes)
//   message = header || ciphertext || tag [16]
import { ByteReader, ByteWriter } from '../bytes';
import { ProtocolError } from '../errors';
import { AEAD_TAG_LENGTH, MAX_ENVELOPE_LENGTH } from './limits';

export const HEADER_VERSION = 1;
export const HEADER_LENGTH = 1 + 32 + 4 + 4;

export interface RatchetHeader {
  /** The sender's current ratchet public key (X25519). */
  dh: Uint8Array;
  /** Number of messages in the sender's previous sending chain. */
  pn: number;
  /** Message number in the current sending chain. */
  n: number;
}

export interface RatchetMessage {
  header: RatchetHeader;
  /** The encoded header exactly as received: the AEAD associated data is computed over these bytes. */
  headerBytes: Uint8Array;
  ciphertext: Uint8Array;
}

export function encodeHeader(header: RatchetHeader): Uint8Array {
  return new ByteWriter().u8(HEADER_VERSION).fixed(header.dh, 32, 'ratchet key').u32(header.pn).u32(header.n).finish();
}

export function decodeHeader(bytes: Uint8Array): RatchetHeader {
  const r = new ByteReader(bytes, 'ratchet header');
  const version = r.u8('version');
  if (version !== HEADER_VERSION) throw new ProtocolError('unsupported-version', `Ratchet header version ${version} is not supported`);
  const header = { dh: r.fixed(32, 'ratchet key'), pn: r.u32('pn'), n: r.u32('n') };
  r.end();
  return header;
}

export function encodeRatchetMessage(headerBytes: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  return new ByteWriter().fixed(headerBytes, HEADER_LENGTH, 'ratchet header').rest(ciphertext).finish();
}

export function decodeRatchetMessage(bytes: Uint8Array): RatchetMessage {
  if (!(bytes instanceof Uint8Array)) throw new ProtocolError('malformed', 'ratchet message: input is not a byte array');
  if (bytes.length > MAX_ENVELOPE_LENGTH) throw new ProtocolError('malformed', `Ratchet message is longer than ${MAX_ENVELOPE_LENGTH} bytes`);
  const r = new ByteReader(bytes, 'ratchet message');
  const headerBytes = r.fixed(HEADER_LENGTH, 'header');
  const header = decodeHeader(headerBytes);
  const ciphertext = r.rest();
  if (ciphertext.length < AEAD_TAG_LENGTH) throw new ProtocolError('malformed', 'ratchet message: ciphertext shorter than its tag');
  return { header, headerBytes, ciphertext };
}
