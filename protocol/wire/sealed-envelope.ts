// The outer seal of every envelope that passes the relay (PROTOCOL.md §7.6). The handshake-init
// carries the initiator's identity key in clear (X3DH §3.3), and ratchet headers carry ratchet
// keys and counters; the relay must learn none of them (DESIGN.md: no public keys), so each
// envelope is sealed under a key only room members can derive from the room secret.
//
//   sealed = version u8 (1) || nonce [24] || XChaCha20-Poly1305(envelopeKey, nonce, envelope, AD)
//   envelopeKey = HKDF-SHA-256(room secret, salt = "", info = "Parley v1 envelope key", 32)
//   AD = "Parley v1 sealed envelope" || roomId
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { ByteReader, ByteWriter, concatBytes } from '../bytes';
import type { CryptoProvider } from '../crypto/provider';
import { ProtocolError } from '../errors';
import type { RoomKeys } from '../room/room';
import { MAX_ENVELOPE_LENGTH } from './limits';

export const SEALED_ENVELOPE_VERSION = 1;
export const ENVELOPE_KEY_LABEL = utf8ToBytes('Parley v1 envelope key');
export const SEALED_ENVELOPE_LABEL = utf8ToBytes('Parley v1 sealed envelope');
const NONCE_LENGTH = 24;
const TAG_LENGTH = 16;
/** What sealing adds to an envelope. */
export const SEALED_ENVELOPE_OVERHEAD = 1 + NONCE_LENGTH + TAG_LENGTH;

export function deriveEnvelopeKey(provider: CryptoProvider, room: RoomKeys): Promise<Uint8Array> {
  return provider.hkdf('SHA-256', room.secret, new Uint8Array(0), ENVELOPE_KEY_LABEL, 32);
}

export async function sealEnvelope(provider: CryptoProvider, envelopeKey: Uint8Array, room: RoomKeys, envelope: Uint8Array): Promise<Uint8Array> {
  const nonce = provider.randomBytes(NONCE_LENGTH);
  const ciphertext = await provider.xchachaEncrypt(envelopeKey, nonce, envelope, concatBytes(SEALED_ENVELOPE_LABEL, room.roomId));
  return new ByteWriter().u8(SEALED_ENVELOPE_VERSION).fixed(nonce, NONCE_LENGTH, 'nonce').rest(ciphertext).finish();
}

/** Throws ProtocolError: 'malformed', 'unsupported-version', or 'authentication-failed' (wrong room, tampered). */
export async function openEnvelope(provider: CryptoProvider, envelopeKey: Uint8Array, room: RoomKeys, sealed: Uint8Array): Promise<Uint8Array> {
  if (!(sealed instanceof Uint8Array) || sealed.length > MAX_ENVELOPE_LENGTH + SEALED_ENVELOPE_OVERHEAD) {
    throw new ProtocolError('malformed', 'Sealed envelope is too long');
  }
  const r = new ByteReader(sealed, 'sealed envelope');
  const version = r.u8('version');
  if (version !== SEALED_ENVELOPE_VERSION) throw new ProtocolError('unsupported-version', `Sealed envelope version ${version} is not supported`);
  const nonce = r.fixed(NONCE_LENGTH, 'nonce');
  const ciphertext = r.rest();
  if (ciphertext.length < TAG_LENGTH) throw new ProtocolError('malformed', 'sealed envelope: shorter than its tag');
  return provider.xchachaDecrypt(envelopeKey, nonce, ciphertext, concatBytes(SEALED_ENVELOPE_LABEL, room.roomId));
}
