// The initial message of a session (PROTOCOL.md §7.3; X3DH §3.3 / PQXDH §3.3 "initial message"):
// everything the responder needs to redo the initiator's key agreement, then the first Double
// Ratchet message (which already carries the call offer, so joining costs one round trip).
//
//   IK_A [32] || EK_A [32] || spkId u32 || kemId u32 || hasOpk u8 (0|1) || [opkId u32]
//   || kemCiphertext [1088] || first ratchet message (rest)
import { ByteReader, ByteWriter } from '../bytes';
import { ProtocolError } from '../errors';
import { ML_KEM_768_CIPHERTEXT_LENGTH } from '../keys/encoding';
import { decodeRatchetMessage, type RatchetMessage } from './ratchet-message';

export interface HandshakeInit {
  /** Initiator's Ed25519 identity key. */
  identityKey: Uint8Array;
  /** Initiator's ephemeral X25519 key EK_A. */
  ephemeralKey: Uint8Array;
  signedPrekeyId: number;
  kemPrekeyId: number;
  /** Absent when the initiator had no one-time prekey for the responder. */
  oneTimePrekeyId?: number;
  kemCiphertext: Uint8Array;
  message: RatchetMessage;
}

export function encodeHandshakeInit(init: Omit<HandshakeInit, 'message'>, ratchetMessage: Uint8Array): Uint8Array {
  const w = new ByteWriter()
    .fixed(init.identityKey, 32, 'identity key')
    .fixed(init.ephemeralKey, 32, 'ephemeral key')
    .u32(init.signedPrekeyId)
    .u32(init.kemPrekeyId);
  if (init.oneTimePrekeyId === undefined) w.u8(0);
  else w.u8(1).u32(init.oneTimePrekeyId);
  return w.fixed(init.kemCiphertext, ML_KEM_768_CIPHERTEXT_LENGTH, 'KEM ciphertext').rest(ratchetMessage).finish();
}

export function decodeHandshakeInit(bytes: Uint8Array): HandshakeInit {
  const r = new ByteReader(bytes, 'handshake init');
  const identityKey = r.fixed(32, 'identity key');
  const ephemeralKey = r.fixed(32, 'ephemeral key');
  const signedPrekeyId = r.u32('signed prekey id');
  const kemPrekeyId = r.u32('KEM prekey id');
  const hasOpk = r.u8('one-time prekey flag');
  if (hasOpk > 1) throw new ProtocolError('malformed', `handshake init: one-time prekey flag ${hasOpk} is not 0 or 1`);
  const oneTimePrekeyId = hasOpk === 1 ? r.u32('one-time prekey id') : undefined;
  const kemCiphertext = r.fixed(ML_KEM_768_CIPHERTEXT_LENGTH, 'KEM ciphertext');
  const message = decodeRatchetMessage(r.rest());
  const init: HandshakeInit = { identityKey, ephemeralKey, signedPrekeyId, kemPrekeyId, kemCiphertext, message };
  if (oneTimePrekeyId !== undefined) init.oneTimePrekeyId = oneTimePrekeyId;
  return init;
}
